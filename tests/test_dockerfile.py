"""What can be checked about the Dockerfile without Docker: base, user, command, paths, layers."""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import json
import re
import shlex
from pathlib import Path, PurePosixPath

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    result: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        keyword, _, args = line.partition(" ")
        result.append((keyword.upper(), args.strip()))
    return result


def of(kind: str) -> list[str]:
    return [args for keyword, args in instructions() if keyword == kind]


def env() -> dict[str, str]:
    values: dict[str, str] = {}
    for args in of("ENV"):
        for pair in shlex.split(args):
            key, _, value = pair.partition("=")
            values[key] = value
    return values


def copies() -> list[tuple[list[str], str]]:
    """(sources, destination) of every COPY, flags such as --chown removed."""
    result = []
    for args in of("COPY"):
        parts = [p for p in shlex.split(args) if not p.startswith("--")]
        result.append((parts[:-1], parts[-1]))
    return result


def test_base_image_is_slim_python_311() -> None:
    assert of("FROM") == ["python:3.11-slim"]


def test_runs_as_a_non_root_user() -> None:
    users = of("USER")
    assert users, "no USER: the bot would run as root"
    assert users[-1].split(":")[0] not in ("root", "0")
    keywords = [k for k, _ in instructions()]
    assert keywords.index("USER") < keywords.index("CMD")
    assert any("useradd" in run and users[-1] in run for run in of("RUN"))


def test_command_is_python_m_bot_and_that_module_is_importable() -> None:
    command = json.loads(of("CMD")[-1])  # exec form: signals reach Python directly
    assert command == ["python", "-m", "bot"]
    assert importlib.util.find_spec("bot.__main__") is not None
    assert callable(importlib.import_module("bot.cli").main)
    assert callable(importlib.import_module("bot.client").run_discord)


def test_env_paths_are_the_settings_the_bot_reads() -> None:
    values = env()
    settings = Settings.from_env(values)
    assert settings.db_path == Path(values["BOT_DB_PATH"]) == Path("/data/bot.db")
    assert settings.knowledge_path == Path(values["KNOWLEDGE_PATH"]) == Path("/app/knowledge")
    config_source = (ROOT / "bot" / "config.py").read_text()
    for name in values:
        if not name.startswith(("PYTHON", "PIP_")):
            assert f'"{name}"' in config_source, f"{name} is not a setting in bot/config.py"


def test_database_lives_on_the_data_volume() -> None:
    volumes = [v for args in of("VOLUME") for v in json.loads(args)]
    assert "/data" in volumes
    assert PurePosixPath(env()["BOT_DB_PATH"]).parent == PurePosixPath("/data")
    assert any("chown" in run and "/data" in run for run in of("RUN"))


def test_knowledge_is_baked_in_where_the_setting_points() -> None:
    destinations = {dest.rstrip("/") for sources, dest in copies() if sources == ["knowledge/"]}
    assert destinations == {env()["KNOWLEDGE_PATH"]}


def dockerignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("source", sorted({s for sources, _ in copies() for s in sources}))
def test_copied_paths_exist_and_are_not_ignored(source: str) -> None:
    assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
    name = source.rstrip("/")
    for pattern in dockerignore_patterns():
        assert not fnmatch.fnmatch(name, pattern), f"{source} is excluded by .dockerignore"


def test_dependencies_are_installed_before_the_source_is_copied() -> None:
    steps = instructions()
    install_deps = next(i for i, (k, a) in enumerate(steps)
                        if k == "RUN" and re.search(r"pip install -r", a))
    copy_source = next(i for i, (k, a) in enumerate(steps) if k == "COPY" and "bot/" in a)
    copy_project = next(i for i, (k, a) in enumerate(steps)
                        if k == "COPY" and "pyproject.toml" in a)
    assert copy_project < install_deps < copy_source
    assert "tomllib" in steps[install_deps][1], "dependencies are read from pyproject.toml"
