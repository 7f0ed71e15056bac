"""The `ask --json` line format: the contract other tools rely on (one JSON object a line)."""

from __future__ import annotations

from typing import Any

from bot.matching.verdict import Band, MatchResult


def result_to_json(result: MatchResult) -> dict[str, Any]:
    """A MatchResult as the documented JSON object.

    `band` is one of answer/suggest/decline; a crisis message reports band "decline" (it is not
    an FAQ answer) with `"safety": true` and the resources text in `"message"`.
    """
    entry = result.entry if result.band is Band.ANSWER else None
    payload: dict[str, Any] = {
        "question": result.question,
        "answered": entry is not None,
        "band": Band.DECLINE.value if result.band is Band.SAFETY else result.band.value,
        "id": entry.id if entry else None,
        "score": round(result.score, 4),
        "answer": entry.answer if entry else None,
        "links": [{"label": link.label, "url": link.url} for link in entry.links] if entry else [],
        "suggestions": [
            {"id": c.entry.id, "question": c.entry.question, "score": round(c.score, 4)}
            for c in result.suggestions
        ],
    }
    if result.band is Band.SAFETY:
        payload["safety"] = True
    return payload
