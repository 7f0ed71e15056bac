"""Assemble the parts every front end needs: settings -> store + knowledge -> engine.

One place, so the console, the CLI and the Discord bot answer and log identically.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.config import Settings
from bot.engine import AnswerEngine, build_matcher
from bot.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class App:
    """The engine and the store it logs to."""

    engine: AnswerEngine
    store: Store


@asynccontextmanager
async def open_app(settings: Settings) -> AsyncIterator[App]:
    """Load the knowledge base (failing loudly if it is broken), open the store, and close the
    store (flushing queued writes) on the way out."""
    matcher = build_matcher(settings.knowledge_path, settings.thresholds)
    # Grouping keeps its own analyser: the matcher's terms keep question words ("when") and
    # domain words ("mcmi") that split paraphrases apart (measured: recall 0.94 -> 0.14).
    store = await Store.open(settings.db_path, retention_days=settings.retention_days)
    try:
        engine = AnswerEngine(matcher, log_store=store, knowledge_path=settings.knowledge_path)
        yield App(engine, store)
    finally:
        await store.close()
