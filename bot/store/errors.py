"""The one error type the store raises to its callers."""

from __future__ import annotations


class StoreError(Exception):
    """A store operation a moderator asked for could not be done; the message says why.

    Recording questions and votes never raises it: those writes are queued and retried.
    """


class GroupNotFoundError(StoreError):
    """No unanswered group has the id asked for."""

    def __init__(self, group_id: int) -> None:
        super().__init__(f"no unanswered group #{group_id}")
        self.group_id = group_id
