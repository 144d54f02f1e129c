"""Each kind of expression against its own example corpus (tests/data/temporal/<kind>.tsv, publication
Tuesday 12 February 2013): the value, and the calendar interval where one is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from timeline.analysis.temporal import extract_mentions
from timeline.analysis.temporal.rules.registry import DIMENSIONS
from timeline.models import TemporalMention

CORPORA = Path(__file__).parent / "data" / "temporal"
PUBLISHED = date(2013, 2, 12)


@dataclass(frozen=True)
class Example:
    corpus: str
    text: str
    span: tuple[int, int] | None  # the bracketed expression, or None: the whole text is the expression
    value: str | None  # None: a negative example, nothing temporal
    interval: tuple[str, str] | None  # written dates, "" for an open side


def _example(corpus: str, line: str) -> Example:
    raw, expected = line.split("\t", 1)
    span = None
    if "[" in raw:
        start = raw.index("[")
        end = raw.index("]") - 1
        raw = raw.replace("[", "").replace("]", "")
        span = (start, end)
    if expected.strip() == "-":
        return Example(corpus, raw, span, None, None)
    value, _, interval = expected.strip().partition(" ")
    bounds = tuple(interval.split("..")) if interval else None
    return Example(corpus, raw, span, value, bounds)  # type: ignore[arg-type]


def load_examples() -> list[Example]:
    return [_example(path.stem, line) for path in sorted(CORPORA.glob("*.tsv"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


EXAMPLES = load_examples()


def _the_mention(example: Example, mentions: list[TemporalMention]) -> TemporalMention:
    if example.span is not None:
        covering = [m for m in mentions if m.start == example.span[0] and m.end == example.span[1]]
        assert covering, f"no mention spans {example.text[slice(*example.span)]!r}: {[m.text for m in mentions]}"
        return covering[0]
    assert mentions, "nothing found"
    return mentions[0]  # a range written as two dates: its start carries the interval


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.corpus}:{e.text}" for e in EXAMPLES])
def test_the_example_resolves_as_written(example: Example) -> None:
    mentions = extract_mentions(example.text, PUBLISHED)
    if example.value is None:
        assert mentions == [], [(m.text, m.value) for m in mentions]
        return
    mention = _the_mention(example, mentions)
    assert mention.value == example.value, (mention.text, mention.value, mention.rule)
    if example.interval is not None:
        written = tuple(str(day) if day else "" for day in (mention.date_start, mention.date_end))
        assert written == example.interval, (mention.text, written, mention.rule)


def test_every_kind_of_expression_has_a_corpus() -> None:
    kinds = {module.__name__.rsplit(".", 1)[1] for module in DIMENSIONS}
    assert kinds <= {path.stem for path in CORPORA.glob("*.tsv")}


def test_every_corpus_has_examples_of_its_own() -> None:
    assert all(any(e.corpus == path.stem for e in EXAMPLES) for path in CORPORA.glob("*.tsv"))
