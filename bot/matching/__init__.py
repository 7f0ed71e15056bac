"""Matching questions to knowledge-base entries: normalise, weigh, score, band."""
