"""Finding and resolving every temporal expression of a text against its publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.models import Granularity, TemporalMention, TimexType
from timeline.temporal.calendar import add_years, day_value, interval_of, month_value
from timeline.temporal.grammar import RULES, Context, Reference, Resolution, Rule

# Granularities precise enough to count "the next day" or "a year earlier" from.
REFERENCE_GRANULARITIES = frozenset({
    Granularity.DAY, Granularity.WEEK, Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR,
})


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    priority: int
    rule: Rule
    match: object


# Every rule's expression contains one of these; scanning for them once and running the rules only near
# them is what makes the grammar fast (the rules' alternations are tried at every position they see).
TEMPORAL_KEYWORD = re.compile(
    r"\b(?:1[6-9]|20)\d\d|\d\s*(?:a\.?m\b|p\.?m\b)|\d\s*(?-i:GMT|UTC|CES?T|BST|EES?T|MSK)\b|\d/\d|'\d0s|"
    r"\bQ[1-4]\b|\bH[12]\s|\bFY\s?\d|"
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|"
    r"century|centuries|ago|now|currently|current|present|presently|recent|recently|lately|late|later|past|"
    r"future|soon|imminently|moment|nowadays|today|tomorrow|yesterday|tonight|spring|summer|fall|autumn|"
    r"winter|half|period|daily|hourly|nightly|weekly|biweekly|monthly|quarterly|annually|yearly|noon|midday|"
    r"midnight|eighteen|nineteen|twenty|thousand|twenties|thirties|forties|fifties|sixties|seventies|"
    r"eighties|nineties|christmas|easter|pentecost|thanksgiving|new year's|independence|halloween|"
    r"valentine's|veterans|bastille|boxing|formerly|morning|afternoon|evening|fiscal|fy|within|coming|ahead)"
    r"(?:\b|(?=[.']))",
    re.IGNORECASE,
)
# wider than the longest expression any rule matches, so a match is never cut by its window
WINDOW_MARGIN = 50


def keyword_windows(text: str) -> list[tuple[int, int]]:
    """Merged [start, end) windows around temporal keywords, widened to whitespace."""
    windows: list[tuple[int, int]] = []
    for hit in TEMPORAL_KEYWORD.finditer(text):
        start = max(0, hit.start() - WINDOW_MARGIN)
        end = min(len(text), hit.end() + WINDOW_MARGIN)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    widened = []
    for start, end in windows:
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        if widened and start <= widened[-1][1]:
            widened[-1] = (widened[-1][0], max(end, widened[-1][1]))
        else:
            widened.append((start, end))
    return widened


def find_candidates(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    windows = keyword_windows(text)
    for priority, rule in enumerate(RULES):
        gated = windows if rule.requires is None else \
            [(start, end) for start, end in windows if rule.requires.search(text, start, end)]
        for match in (m for start, end in gated for m in rule.pattern.finditer(text, start, end)):
            if match.end() == match.start():
                continue
            if rule.accept is not None and not rule.accept(match, text):
                continue
            found.append(Candidate(match.start(), match.end(), priority, rule, match))
    return found


def select_longest(candidates: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: the longest first, then the earlier rule in RULES."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for candidate in sorted(candidates, key=lambda c: (-(c.end - c.start), c.priority, c.start)):
        if any(candidate.start < end and start < candidate.end for start, end in taken):
            continue
        chosen.append(candidate)
        taken.append((candidate.start, candidate.end))
    return sorted(chosen, key=lambda c: c.start)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " \t\n,.;:":
        # keep the full stop of an abbreviation such as "Sept." or "a.m."
        if text[end - 1] == "." and end - 2 >= start and text[end - 2].isalpha() and \
                (end - start <= 5 or text[end - 3:end] in ("m.", ".m.") or text[end - 4:end - 1].isalpha()):
            break
        end -= 1
    return start, end


def _mention(text: str, candidate: Candidate, resolution: Resolution) -> TemporalMention:
    start, end = _trimmed(text, candidate.start, candidate.end)
    interval = resolution.interval
    if interval is None and resolution.type in (TimexType.DATE, TimexType.TIME):
        interval = interval_of(resolution.value.split("T")[0])
    return TemporalMention(
        start=start, end=end, text=text[start:end], type=resolution.type, value=resolution.value,
        date_start=interval[0] if interval else None, date_end=interval[1] if interval else None,
        granularity=interval[2] if interval else None, confidence=resolution.confidence,
        anchor=resolution.anchor, anchor_mention=resolution.anchor_mention, rule=candidate.rule.name,
    )


# "from Monday to Friday", "between June and August": a range's end never comes before its start
_RANGE_START = re.compile(r"\b(?:from|between)\s+$", re.IGNORECASE)
_RANGE_LINK = re.compile(r"\s*(?:to|until|till|through|and|-|–)\s*", re.IGNORECASE)


def _shift_cycle(mention: TemporalMention, direction: int) -> TemporalMention:
    """The same weekday a week, or the same month a year, earlier (-1) or later (+1)."""
    assert mention.date_start is not None
    if mention.rule == "weekday":
        day = mention.date_start + timedelta(weeks=direction)
        value = day_value(day) + mention.value[10:]
    else:
        moved = add_years(mention.date_start, direction)
        value = month_value(moved.year, moved.month)
    interval = interval_of(value.split("T")[0])
    assert interval is not None
    return mention.model_copy(update={"value": value, "date_start": interval[0], "date_end": interval[1]})


def ordered_ranges(text: str, mentions: list[TemporalMention], published: date) -> list[TemporalMention]:
    """Put a range's ends in order: a past range moves its start back, a future one its end forward."""
    ordered = list(mentions)
    for i in range(len(ordered) - 1):
        first, second = ordered[i], ordered[i + 1]
        if first.rule != second.rule or first.rule not in ("weekday", "month") or \
                first.date_start is None or second.date_start is None or second.date_end is None or \
                second.date_start >= first.date_start or \
                not _RANGE_LINK.fullmatch(text, first.end, second.start) or \
                not _RANGE_START.search(text, max(0, first.start - 10), first.start):
            continue
        if second.date_end <= published:
            ordered[i] = _shift_cycle(first, -1)
        else:
            ordered[i + 1] = _shift_cycle(second, +1)
    return ordered


def extract_mentions(text: str, published: date) -> list[TemporalMention]:
    """Every temporal expression of `text`, resolved against `published` (never against today's date)."""
    mentions: list[TemporalMention] = []
    reference: Reference | None = None
    reporting_period: Reference | None = None
    for candidate in select_longest(find_candidates(text)):
        context = Context(text, published, candidate.start, candidate.end, reference, reporting_period)
        resolution = candidate.rule.resolve(candidate.match, context)  # type: ignore[arg-type]
        if resolution is None:
            continue
        mention = _mention(text, candidate, resolution)
        if mention.end <= mention.start:
            continue
        mentions.append(mention)
        # anaphoric expressions do not become references: "a year earlier ... a year earlier" must not chain
        if mention.granularity in REFERENCE_GRANULARITIES and mention.date_start and mention.date_end \
                and mention.anchor != "mention":
            reference = Reference(len(mentions) - 1, mention.value, mention.date_start, mention.date_end,
                                  mention.granularity, mention.start)
            if mention.granularity is Granularity.QUARTER:
                reporting_period = reference
    return ordered_ranges(text, mentions, published)
