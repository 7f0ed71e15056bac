"""Hot reload: notice edited knowledge files and reload them through the engine's safe path.

Polling, not inotify: a knowledge folder is a handful of files, so comparing each file's
(mtime, size, inode) once a second costs microseconds, needs no new dependency, and behaves the
same on Linux, macOS, Windows and Docker bind mounts (where file events often do not arrive).

Debounced: an editor or `git pull` writes several files, sometimes a file in several steps.
A reload starts only once the folder has looked the same for `debounce` seconds, so it loads
the finished edit once instead of a half-saved file several times. The reload itself is the
engine's (validate everything, then swap whole), so a broken save logs file:line problems and
the bot keeps answering from the last good knowledge base; the next save is tried again.

Tests drive it without timers: `clock` is injectable and `check_now()` is one poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

from bot.knowledge.model import KnowledgeError

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
DEBOUNCE_SECONDS = 1.0

# file name -> (mtime in ns, size, inode): an atomic replace (new inode) with the same size
# and a coarse mtime is still a change.
Snapshot = dict[str, tuple[int, int, int]]


class Summarised(Protocol):
    """What a reload returns (the engine's ReloadReport)."""

    def summary(self) -> str:
        """One line saying what changed."""
        ...


Reload = Callable[[], Awaitable[Summarised]]
OnFailure = Callable[[KnowledgeError], Awaitable[None]]


def snapshot(path: Path) -> Snapshot:
    """The knowledge files as the loader sees them (*.yaml and *.yml, or the one file)."""
    files = [path] if path.is_file() else [*path.glob("*.yaml"), *path.glob("*.yml")]
    state: Snapshot = {}
    for file in files:
        try:
            info = os.stat(file)
        except OSError:
            continue  # deleted between listing and stat: it is simply not there
        state[str(file)] = (info.st_mtime_ns, info.st_size, info.st_ino)
    return state


class KnowledgeWatcher:
    """Polls a knowledge folder and reloads once changes have settled."""

    def __init__(
        self,
        path: Path,
        reload: Reload,
        *,
        interval: float = POLL_SECONDS,
        debounce: float = DEBOUNCE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        on_failure: OnFailure | None = None,
    ) -> None:
        self.path = path
        self.interval = interval
        self.debounce = debounce
        self._reload = reload
        self._clock = clock
        self._on_failure = on_failure
        self._loaded = snapshot(path)  # what the served KB was loaded from (or last tried)
        self._seen = self._loaded  # what the last poll saw
        self._changed_at: float | None = None  # when the last unsettled change was seen
        self._task: asyncio.Task[None] | None = None
        self.reloads = 0
        self.failures = 0

    def mark_current(self) -> None:
        """The files as they are now are what is served: call after reloading by other means
        (/faqadmin reload, an alternate added), so the watcher does not reload them again."""
        self._loaded = self._seen = snapshot(self.path)
        self._changed_at = None

    @property
    def pending(self) -> bool:
        """A change was seen and is waiting to settle."""
        return self._changed_at is not None

    async def check_now(self) -> bool:
        """One poll: note changes, and reload if they have settled. True if it reloaded."""
        current = snapshot(self.path)
        now = self._clock()
        if current != self._seen:
            self._seen = current
            self._changed_at = now  # every further change restarts the quiet period
            return False
        if self._changed_at is None or now - self._changed_at < self.debounce:
            return False
        self._changed_at = None
        if current == self._loaded:
            return False  # changed and changed back (an editor's backup dance)
        self._loaded = current  # a broken state is tried once, not every second
        return await self._try_reload()

    async def _try_reload(self) -> bool:
        try:
            report = await self._reload()
        except KnowledgeError as exc:
            self.failures += 1
            log.error("knowledge files in %s changed but do not validate; still serving the "
                      "previous knowledge base:\n%s", self.path,
                      "\n".join(f"  {p}" for p in exc.problems[:50]))
            if self._on_failure is not None:
                try:
                    await self._on_failure(exc)
                except Exception:
                    log.exception("could not report the failed hot reload")
            return False
        except Exception:
            self.failures += 1
            log.exception("hot reload of %s failed; still serving the previous knowledge base",
                          self.path)
            return False
        self.reloads += 1
        log.info("hot reload of %s: %s", self.path, report.summary())
        return True

    async def run(self) -> None:
        """Poll forever (cancel to stop); a failing poll is logged and the next one runs."""
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.check_now()
            except Exception:
                log.exception("checking %s for changes failed", self.path)

    def start(self) -> None:
        """Start polling in a background task (idempotent)."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self.run(), name=f"knowledge watcher {self.path}")

    async def stop(self) -> None:
        """Stop polling and wait for the task to end."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
