"""The knowledge base: the YAML format, its validation (file:line errors) and the in-memory KB."""

from bot.knowledge.loader import load_knowledge, validate_knowledge
from bot.knowledge.model import (
    Entry,
    KnowledgeBase,
    KnowledgeError,
    Link,
    Problem,
    SafetySettings,
    Vocabulary,
)

__all__ = [
    "Entry",
    "KnowledgeBase",
    "KnowledgeError",
    "Link",
    "Problem",
    "SafetySettings",
    "Vocabulary",
    "load_knowledge",
    "validate_knowledge",
]
