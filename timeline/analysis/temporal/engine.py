"""Finding and resolving every temporal expression of a text against its publication date."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.calendar import (
    OutsideCalendar,
    add_years,
    day_value,
    interval_of,
    month_value,
    part_of,
    quarter_of,
)
from timeline.analysis.temporal.rules.anchoring import value_at
from timeline.analysis.temporal.rules.base import Composition, Context, Production, Reference, Resolution, Rule
from timeline.analysis.temporal.rules.pieces import FUNCTION_WORDS, FUTURE_AUXILIARY
from timeline.analysis.temporal.rules.ranges import with_open_sides
from timeline.analysis.temporal.rules.registry import PRODUCTIONS, RULES, TAGS
from timeline.analysis.temporal.tense import Tense, tense_around
from timeline.models import Granularity, TemporalMention, TimexType

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
# Words are looked up in a set (lexicon.KEYWORDS), ten times faster than one alternation of them all.
_WORD = re.compile(r"[A-Za-z]+")
# keywords that are not words: years, clock times, 9/11, the '80s, Q3, H1, FY2025, the 14th
TEMPORAL_FIGURE = re.compile(
    # the lookahead skips, at C speed, every position no alternative can start at
    r"(?=[\d'QqHhTt])(?:"
    r"\b(?:1[6-9]|20)\d\d|\d\s*(?:a\.?m\b|p\.?m\b)|\b(?:[01]?\d|2[0-3]):[0-5]\d\b|\d\s*(?-i:GMT|UTC|CES?T|BST|EES?T|MSK)\b|\d/\d|'\d0s|"
    r"\bQ[1-4]\b|\b\d\dq[1-4]\b|\b[1-4]q\d\d\b|\d[-.][0-3]?\d[-.]\d\d|\bH[12]\s|\d(?:st|nd|rd|th)\b|"
    # "on the first": a day of the month in words, where a clause ends
    r"\bthe\s+(?:first|second|third|[a-z]+(?:th|st))(?=\s*(?:$|[.,;:!?])))",
    re.IGNORECASE,
)
# Phrases that are temporal only when said alone: "3-21", "3 / 21" (dates.accept_month_slash_day), "tue",
# "next wed." (weekdays: abbreviated_weekday), "at this time" (vague)
_VAGUE_ALONE = "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in sorted(lx.VAGUE_REFERENCES_ALONE))
WHOLE_PHRASE_FIGURE = re.compile(
    r"\s*(?:[01]?\d(?:\s?-\s?|\s/\s)[0-3]?\d|(?:(?:on|last|this|next)\s+)?(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?|"
    rf"{_VAGUE_ALONE})\s*",
    re.IGNORECASE,
)


def keyword_spans(text: str) -> list[tuple[int, int, str]]:
    """Where the keywords are, each with what it is: the word in lower case, lx.FIGURE or lx.WHOLE_PHRASE."""
    words = [(m.start(), m.end(), word) for m in _WORD.finditer(text) if (word := m.group().lower()) in lx.KEYWORDS]
    figures = [(m.start(), m.end(), lx.FIGURE) for m in TEMPORAL_FIGURE.finditer(text)]
    alone = [(0, len(text), lx.WHOLE_PHRASE)] if len(text) < 20 and WHOLE_PHRASE_FIGURE.fullmatch(text) else []
    return sorted(words + figures + alone)


# wider than the longest expression any rule matches, so a match is never cut by its window
WINDOW_MARGIN = 50


@dataclass(frozen=True)
class Window:
    """[start, end) of the text around keywords, and the keywords in it."""

    start: int
    end: int
    words: frozenset[str]


def keyword_windows(text: str, hits: list[tuple[int, int, str]] | None = None) -> list[Window]:
    """Merged windows around temporal keywords (or the `hits` given), widened to whitespace."""
    windows: list[tuple[int, int, set[str]]] = []
    for hit_start, hit_end, word in keyword_spans(text) if hits is None else hits:
        start = max(0, hit_start - WINDOW_MARGIN)
        end = min(len(text), hit_end + WINDOW_MARGIN)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end, windows[-1][2] | {word})
        else:
            windows.append((start, end, {word}))
    widened: list[tuple[int, int, set[str]]] = []
    for start, end, words in windows:
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        if widened and start <= widened[-1][1]:
            widened[-1] = (widened[-1][0], max(end, widened[-1][1]), widened[-1][2] | words)
        else:
            widened.append((start, end, words))
    return [Window(start, end, frozenset(words)) for start, end, words in widened]


def find_candidates(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    hits = keyword_spans(text)
    windows = keyword_windows(text, hits)
    # a rule gated on words runs only around those words (every match holds one, and is shorter than the
    # margin), not over the whole stretch other keywords join; many rules share a gate: look each up once
    worded: dict[frozenset[str] | None, list[Window]] = {None: windows}
    gated_windows: dict[tuple[frozenset[str] | None, str | None], list[Window]] = {}
    for priority, rule in enumerate(RULES):
        gate = (rule.words, rule.requires.pattern if rule.requires else None)
        if (gated := gated_windows.get(gate)) is None:
            if (around := worded.get(rule.words)) is None:
                words = rule.words or frozenset()
                around = worded[rule.words] = keyword_windows(text, [hit for hit in hits if hit[2] in words])
            gated = gated_windows[gate] = [
                window for window in around
                if rule.requires is None or rule.requires.search(text, window.start, window.end)]
        for match in (m for window in gated for m in rule.pattern.finditer(text, window.start, window.end)):
            if match.end() == match.start():
                continue
            if rule.accept is not None and not rule.accept(match, text):
                continue
            found.append(Candidate(match.start(), match.end(), priority, rule, match))
    return found


class SpanIndex:
    """Non-overlapping [start, end) spans: sorted by start, their ends are sorted too, so a new span
    overlaps one of them only if it overlaps its neighbours (log n a look-up, not n)."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans or []):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start)
        return (i > 0 and self._ends[i - 1] > start) or (i < len(self._starts) and self._starts[i] < end)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def select_longest(candidates: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: the longest first, then the earlier rule in RULES."""
    chosen: list[Candidate] = []
    taken = SpanIndex()
    for candidate in sorted(candidates, key=lambda c: (-(c.end - c.start), c.priority, c.start)):
        if taken.overlaps(candidate.start, candidate.end):
            continue
        chosen.append(candidate)
        taken.add(candidate.start, candidate.end)
    return sorted(chosen, key=lambda c: c.start)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " \t\n,.;:":
        # keep the full stop of an abbreviation such as "Sept." or "a.m."
        if text[end - 1] == "." and end - 2 >= start and text[end - 2].isalpha() and \
                (end - start <= 5 or text[end - 3:end] in ("m.", ".m.") or text[end - 4:end - 1].isalpha()):
            break
        end -= 1
    # "Wednesday's ruling": the possessive belongs to the noun phrase, not to the date (TimeML extents)
    if end - start > 2 and text[end - 2:end] in ("'s", "’s"):
        end -= 2
    return start, end


# A modifier keeps the value (TimeML writes it as MOD) but narrows the interval a reader places it on:
# "late June" is 21-30 June, "earlier this month" the days of the month before publication.
_PART_MODIFIER = re.compile(r"(?:the\s+)?(?:(?P<earlier>earlier)|(?P<later>later)|"
                            r"(?P<early>early|(?:beginning|start)\s+of)|(?P<mid>mid|middle\s+of)|"
                            r"(?P<late>late|end(?:\s+of)?))(?=[\s-]|(?<=mid)week)", re.IGNORECASE)
# TimeML leaves "early in", "later in" outside the expression ("later in [the year]"); they narrow it still
_PART_MODIFIER_BEFORE = re.compile(r"\b(?:(?P<earlier>earlier)|(?P<later>later)|(?P<early>early)|(?P<mid>mid)|"
                                   r"(?P<late>late))\s+in\s+$", re.IGNORECASE)
_NARROWED = frozenset({Granularity.WEEK, Granularity.MONTH, Granularity.QUARTER, Granularity.HALF,
                       Granularity.SEASON, Granularity.YEAR, Granularity.DECADE, Granularity.CENTURY})


def _narrowed(text: str, before: str, interval: tuple[date, date, Granularity] | None,
              published: date) -> tuple[date, date, Granularity] | None:
    modifier = _PART_MODIFIER.match(text) or _PART_MODIFIER_BEFORE.search(before)
    if interval is None or modifier is None or interval[2] not in _NARROWED:
        return interval
    start, end, granularity = interval
    if modifier.group("earlier") or modifier.group("later"):
        if not start < published < end:
            return interval
        return (start, published - timedelta(days=1), granularity) if modifier.group("earlier") else \
            (published + timedelta(days=1), end, granularity)
    part = next(name for name in ("early", "mid", "late") if modifier.group(name))
    return (*part_of(start, end, granularity, part), granularity)


def _mention(text: str, start: int, end: int, rule: str, resolution: Resolution, published: date,
             narrow: bool = True) -> TemporalMention:
    """`narrow`: apply a modifier the text opens with ("late June"); a production built on mentions does not,
    its parts were ("between late November and early December")."""
    start, end = _trimmed(text, start, end)
    interval = resolution.interval
    if interval is None and resolution.type in (TimexType.DATE, TimexType.TIME):
        interval = interval_of(resolution.value.split("T")[0])
    if narrow:
        interval = _narrowed(text[start:end], text[max(0, start - 12):start], interval, published)
    return TemporalMention(
        start=start, end=end, text=text[start:end], type=resolution.type, value=resolution.value,
        date_start=interval[0] if interval else None, date_end=interval[1] if interval else None,
        granularity=interval[2] if interval else None, confidence=resolution.confidence,
        anchor=resolution.anchor, anchor_mention=resolution.anchor_mention, rule=rule,
    )


def tags_of(mention: TemporalMention) -> frozenset[str]:
    """The tags of the rule or production that found the mention."""
    return TAGS.get(mention.rule, frozenset())


def kinds_of(mention: TemporalMention) -> frozenset[str]:
    """What a production may build on: the mention's granularity and its tags."""
    tags = tags_of(mention)
    return tags | {mention.granularity.value} if mention.granularity else tags


def _replaced(mentions: list[TemporalMention], start: int, end: int, new: TemporalMention) -> list[TemporalMention]:
    """The mentions with those inside [start, end) replaced by `new`; anchors pointing at a replaced mention
    point at the new one."""
    kept = [i for i, m in enumerate(mentions) if m.end <= start or m.start >= end]
    position = sum(1 for i in kept if mentions[i].end <= start)
    order = [*kept[:position], -1, *kept[position:]]
    new_index = {old: k for k, old in enumerate(order) if old >= 0}
    result = []
    for old in order:
        mention = new if old < 0 else mentions[old]
        if mention.anchor_mention is not None:
            mention = mention.model_copy(update={"anchor_mention": new_index.get(mention.anchor_mention, position)})
        result.append(mention)
    return result


def _composition(text: str, published: date, production: Production, mentions: list[TemporalMention],
                 i: int) -> Composition | None:
    mention = mentions[i]
    start, end, before, after, second = mention.start, mention.end, None, None, None
    if production.before is not None:
        before = production.before.search(text, max(0, mention.start - WINDOW_MARGIN), mention.start)
        if before is None or any(m.start < before.start() < m.end for m in mentions[:i]):
            return None
        start = before.start()
    if production.after is not None:
        after = production.after.match(text, mention.end)
        if after is None:
            return None
        end = after.end()
        if production.joins:
            second = next((m for m in mentions[i + 1:i + 2] if m.start == after.end()), None)
            if second is None or not production.builds_on & kinds_of(second):
                return None
            end = second.end
    return Composition(text, published, mention, start, end, before, after, second)


def _with_range_end(mentions: list[TemporalMention], second: TemporalMention,
                    first: TemporalMention) -> list[TemporalMention]:
    """The end of a range moved with its start ("Aug 8 - Aug 12" said alone is this August's, both halves)."""
    if first.date_end is None or second.date_end is None or first.date_end == second.date_end or \
            second.granularity is None:
        return mentions
    value = value_at(first.date_end, second.granularity.value)
    interval = interval_of(value)
    if interval is None:
        return mentions
    moved = second.model_copy(update={"value": value, "date_start": interval[0], "date_end": interval[1]})
    return [moved if m is second else m for m in mentions]


def composed(text: str, mentions: list[TemporalMention], published: date, timeml: bool = False
             ) -> list[TemporalMention]:
    """Apply the productions, in order, to the mentions the rules found (`timeml`: as TimeML segments them)."""
    for production in PRODUCTIONS:
        if timeml and not production.timeml:
            continue
        i = 0
        while i < len(mentions):
            composition = None
            if production.builds_on & kinds_of(mentions[i]):
                composition = _composition(text, published, production, mentions, i)
            resolution = production.build(composition) if composition is not None else None
            if composition is None or resolution is None:
                i += 1
                continue
            # a range written as two dates is one expression ("Sep 3 - Sep 9"), valued by its start; TimeML
            # writes it as two (its beginPoint and endPoint, each with its own value), the first carrying the
            # interval of the whole
            start, end = (composition.mention.start, composition.mention.end) if production.joins and timeml \
                else (composition.start, composition.end)
            new = _mention(text, start, end, production.name, resolution, published, narrow=False)
            mentions = _replaced(mentions, start, end, new)
            if production.joins and timeml and composition.second is not None:
                mentions = _with_range_end(mentions, composition.second, new)
            i = mentions.index(new) + 1
    return mentions


# "from Monday to Friday", "between June and August": a range's end never comes before its start
_RANGE_START = re.compile(r"\b(?:from|between)\s+$", re.IGNORECASE)
_RANGE_LINK = re.compile(r"\s*(?:to|until|till|through|and|-|–)\s*", re.IGNORECASE)


# what names a day or month without its year or week: either end of a range may move by a cycle
_CYCLIC = frozenset({"weekday_name", "month_name", "month_first_day", "day_first_day"})


def _shift_cycle(mention: TemporalMention, direction: int) -> TemporalMention:
    """The same weekday a week, or the same month or day of a month a year, earlier (-1) or later (+1)."""
    assert mention.date_start is not None
    if "weekday_name" in tags_of(mention):
        day = mention.date_start + timedelta(weeks=direction)
        value = day_value(day) + mention.value[10:]
    elif mention.granularity is Granularity.DAY:
        value = day_value(add_years(mention.date_start, direction))
    else:
        moved = add_years(mention.date_start, direction)
        value = month_value(moved.year, moved.month)
    interval = interval_of(value.split("T")[0])
    assert interval is not None
    return mention.model_copy(update={"value": value, "date_start": interval[0], "date_end": interval[1]})


_SINCE = re.compile(r"\bsince\s+(?:on\s+|in\s+)?$", re.IGNORECASE)


def _since_looks_back(text: str, mention: TemporalMention, published: date) -> TemporalMention:
    """"since March" written in February is last March: what something has lasted since lies behind."""
    if mention.open_side != "end" or mention.date_start is None or mention.date_start <= published or \
            mention.anchor != "publication" or not _CYCLIC & tags_of(mention) or \
            not _SINCE.search(text, max(0, mention.start - 10), mention.start):
        return mention
    back = _shift_cycle(mention, -1)
    return back.model_copy(update={"date_end": None})


def ordered_ranges(text: str, mentions: list[TemporalMention], published: date) -> list[TemporalMention]:
    """Put a range's ends in order: a past range moves its start back, a future one its end forward."""
    ordered = list(mentions)
    for i in range(len(ordered) - 1):
        first, second = ordered[i], ordered[i + 1]
        link = _RANGE_LINK.fullmatch(text, first.end, second.start)
        if first.rule != second.rule or not _CYCLIC & tags_of(first) or \
                first.date_start is None or second.date_start is None or second.date_end is None or \
                link is None or not (link.group(0).strip() in ("-", "–") or
                                     _RANGE_START.search(text, max(0, first.start - 10), first.start)):
            continue
        if second.date_start < first.date_start:
            if second.date_end <= published and not (first.date_start > published and
                                                      tense_around(text, first.start, first.end) is Tense.FUTURE):
                # a range told in the past starts a cycle earlier; one ahead ("will be open Sep 3 - Sep 9")
                # ends a cycle later
                ordered[i] = _shift_cycle(first, -1)
            else:
                ordered[i + 1] = _shift_cycle(second, +1)
        elif "weekday_name" in tags_of(first) and first.date_start > published and \
                first.date_start - timedelta(days=7) <= published <= second.date_end - timedelta(days=7) and \
                not FUTURE_AUXILIARY.search(text, max(0, first.start - 40), first.start):
            # "the holiday period, which runs from Tuesday to Monday", written on the Thursday, is under way
            # ("talks will run from Monday to Friday" start next week)
            ordered[i], ordered[i + 1] = _shift_cycle(first, -1), _shift_cycle(second, -1)
    return ordered


# "April 24 and 25", "July 9, 10 and 11", "24 and 25 June": each day is a date of its own (TimeML), in the
# month and year of the day written in full
_LINK = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)"
_NEXT_DAY = re.compile(rf"{_LINK}(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b")
_PREVIOUS_DAY = re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?{_LINK}$")
_DAY_ENDS = re.compile(rf"\s*(?:$|[.;:)!?\n]|,(?!\s?\d)|\s+(?:{'|'.join(sorted(FUNCTION_WORDS))})\b)", re.IGNORECASE)
COORDINATED_DAY = "coordinated_day"


def _sibling_day(mention: TemporalMention, day_number: int, start: int, end: int, text: str) -> TemporalMention | None:
    assert mention.date_start is not None
    try:
        day = mention.date_start.replace(day=day_number)
    except ValueError:
        return None
    return mention.model_copy(update={
        "start": start, "end": end, "text": text[start:end], "value": day_value(day), "date_start": day,
        "date_end": day, "rule": COORDINATED_DAY, "anchor_mention": None,
    })


def _coordinated_days(text: str, mention: TemporalMention, taken: SpanIndex) -> list[TemporalMention]:
    if mention.granularity is not Granularity.DAY or mention.date_start is None or len(mention.value) != 10:
        return []
    found: list[TemporalMention] = []
    tags = tags_of(mention)
    if "month_first_day" in tags:
        position, last = mention.end, mention.date_start.day
        while (hit := _NEXT_DAY.match(text, position)) and int(hit.group("day")) > last and \
                _DAY_ENDS.match(text, hit.end()) and not taken.overlaps(hit.start("day"), hit.end()):
            sibling = _sibling_day(mention, int(hit.group("day")), hit.start("day"), hit.end(), text)
            if sibling is None:
                break
            found.append(sibling)
            position, last = hit.end(), int(hit.group("day"))
    elif "day_first_day" in tags:
        end, first = mention.start, mention.date_start.day
        while (hit := _PREVIOUS_DAY.search(text, max(0, end - 12), end)) and int(hit.group("day")) < first and \
                not taken.overlaps(hit.start(), hit.end("day")) and \
                not re.match(r"[\d$£€.,:/-]", text[max(0, hit.start() - 1):hit.start()]):
            sibling = _sibling_day(mention, int(hit.group("day")), hit.start(), hit.end("day"), text)
            if sibling is None:
                break
            found.insert(0, sibling)
            end, first = hit.start(), int(hit.group("day"))
    return found


def with_coordinated_days(text: str, mentions: list[TemporalMention]) -> list[TemporalMention]:
    """Add the bare days coordinated with a full date, keeping mention indices (anchor_mention) consistent."""
    taken = SpanIndex([(m.start, m.end) for m in mentions])
    extras = {i: _coordinated_days(text, m, taken) for i, m in enumerate(mentions)}
    if not any(extras.values()):
        return mentions
    result: list[TemporalMention] = []
    new_index: dict[int, int] = {}
    for i, mention in enumerate(mentions):
        before = [m for m in extras[i] if m.start < mention.start]
        result.extend(before)
        new_index[i] = len(result)
        result.append(mention)
        result.extend(m for m in extras[i] if m.start > mention.start)
    return [m.model_copy(update={"anchor_mention": new_index[m.anchor_mention]})
            if m.anchor_mention is not None and m.rule != COORDINATED_DAY else m for m in result]


_QUARTER_CLOSE = re.compile(r"\b(?:three|3)\s+months\s+(?:ended|ending|to|through)\s+(?:on\s+)?$|"
                            r"\b13\s+weeks\s+(?:ended|ending|to)\s+(?:on\s+)?$", re.IGNORECASE)


def _quarter_closed_by(day: date, index: int, offset: int) -> Reference:
    value = f"{day.year}-Q{quarter_of(day)}"
    start, end, granularity = interval_of(value)  # type: ignore[misc]
    return Reference(index, value, start, end, granularity, offset)


def extract_mentions(text: str, published: date, day_first: bool = False, timeml: bool = False
                     ) -> list[TemporalMention]:
    """Every temporal expression of `text`, resolved against `published` (never against today's date).
    `day_first`: the source writes numeric dates day first ("3/4/2025" is 3 April). `timeml`: segment as
    TimeML does, for its scorers: a range written as two dates ("Sep 3 - Sep 9") is two expressions, the
    first carrying the range's interval (otherwise it is one)."""
    mentions: list[TemporalMention] = []
    reference: Reference | None = None
    reporting_period: Reference | None = None
    month_reference: Reference | None = None
    day_reference: Reference | None = None
    for candidate in select_longest(find_candidates(text)):
        context = Context(text, published, candidate.start, candidate.end, reference, reporting_period,
                          month_reference, day_reference, day_first)
        try:
            resolution = candidate.rule.resolve(candidate.match, context)  # type: ignore[arg-type]
        except (OutsideCalendar, OverflowError):  # a rule that cannot place it: the expression alone is lost
            continue
        if resolution is None:
            continue
        mention = _mention(text, candidate.start, candidate.end, candidate.rule.name, resolution, published)
        if mention.end <= mention.start:
            continue
        mentions.append(mention)
        # anaphoric expressions do not become references: "a year earlier ... a year earlier" must not chain;
        # but a story told day by day does ("The next day ... Two days later ...")
        if mention.granularity in REFERENCE_GRANULARITIES and mention.date_start and mention.date_end \
                and mention.type is not TimexType.DURATION \
                and (mention.anchor != "mention" or mention.granularity is Granularity.DAY):
            reference = Reference(len(mentions) - 1, mention.value, mention.date_start, mention.date_end,
                                  mention.granularity, mention.start, mention.end)
            if mention.granularity is Granularity.QUARTER:
                reporting_period = reference
            if mention.granularity is Granularity.DAY:
                day_reference = reference
            if mention.granularity is Granularity.MONTH:
                month_reference = reference
        if mention.granularity is Granularity.DAY and mention.date_start and \
                _QUARTER_CLOSE.search(text, max(0, mention.start - 40), mention.start):
            # "for the three months ended March 29": the article reports on the quarter that day closes, and
            # "a year earlier" compares with that quarter
            reporting_period = _quarter_closed_by(mention.date_start, len(mentions) - 1, mention.start)
    ordered = composed(text, ordered_ranges(text, mentions, published), published, timeml)
    opened = with_open_sides(text, with_coordinated_days(text, ordered), lambda m: "range" in tags_of(m))
    return [_since_looks_back(text, mention, published) for mention in opened]
