"""Moderator shell commands (unanswered, resolve, ignore, stats, export-unanswered)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from bot.config import Settings


def add_moderation_commands(commands: Any, add_paths: Callable[..., None]) -> None:
    """Register the moderator sub-commands on the main parser."""


def run_moderation_command(command: str, args: argparse.Namespace, settings: Settings) -> int:
    """Run one moderator sub-command; returns the exit code."""
    raise SystemExit(f"unknown command {command!r}")
