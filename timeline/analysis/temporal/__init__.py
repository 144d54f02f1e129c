"""The temporal engine: find temporal expressions and resolve them to TIMEX3 values and calendar intervals."""

from timeline.analysis.temporal.engine import extract_mentions

__all__ = ["extract_mentions"]
