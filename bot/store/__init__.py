"""Storage: the question log, unanswered-question groups, votes and the edit audit log.

Pure core: aiosqlite and the standard library, nothing from discord. See `database.Store`.
"""

from bot.store.database import Store
from bot.store.errors import GroupNotFoundError, StoreError
from bot.store.grouping import DEFAULT_GROUPING_THRESHOLD, default_analyzer, grouping_quality
from bot.store.models import (
    AuditEntry,
    Band,
    GroupStatus,
    QuestionEvent,
    QuestionRecord,
    Source,
    Stats,
    StoreHealth,
    UnansweredGroup,
)

__all__ = [
    "DEFAULT_GROUPING_THRESHOLD",
    "AuditEntry",
    "Band",
    "GroupNotFoundError",
    "GroupStatus",
    "QuestionEvent",
    "QuestionRecord",
    "Source",
    "Stats",
    "Store",
    "StoreError",
    "StoreHealth",
    "UnansweredGroup",
    "default_analyzer",
    "grouping_quality",
]
