"""Each kind of expression against its own example corpus (tests/data/temporal/<kind>.tsv, publication
Tuesday 12 February 2013 unless the line gives its own): the value, and the calendar interval where one is
written; in a sentence, the bracketed expressions are all the text holds."""

from __future__ import annotations

import re
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
class Expected:
    value: str
    interval: tuple[str, str] | None  # written dates, "" for an open side


@dataclass(frozen=True)
class Example:
    corpus: str
    text: str
    published: date
    spans: tuple[tuple[int, int], ...]  # the bracketed expressions; none: the whole text is the expression
    expected: tuple[Expected, ...]  # one per span (one for a phrase alone); none: a negative example


def _expected(written: str) -> Expected:
    value, _, interval = written.strip().partition(" ")
    bounds = tuple(interval.split("..")) if interval else None
    return Expected(value, bounds)  # type: ignore[arg-type]


def _example(corpus: str, line: str) -> Example:
    raw, expected, *published = line.split("\t")
    spans = []
    while (start := raw.find("[")) >= 0:
        end = raw.index("]", start)
        spans.append((start, end - 1))
        raw = raw[:start] + raw[start + 1:end] + raw[end + 1:]
    values = () if expected.strip() == "-" else tuple(_expected(v) for v in re.split(r"\s+;\s+", expected.strip()))
    assert not spans or not values or len(spans) == len(values), f"{corpus}: {line!r}: one value per bracket"
    day = date.fromisoformat(published[0].strip()) if published else PUBLISHED
    return Example(corpus, raw, day, tuple(spans), values)


def load_examples() -> list[Example]:
    return [_example(path.stem, line) for path in sorted(CORPORA.glob("*.tsv"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


EXAMPLES = load_examples()


def _resolved_as_written(mention: TemporalMention, expected: Expected) -> None:
    assert mention.value == expected.value, (mention.text, mention.value, mention.rule)
    if expected.interval is not None:
        written = tuple(str(day) if day else "" for day in (mention.date_start, mention.date_end))
        assert written == expected.interval, (mention.text, written, mention.rule)


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.corpus}:{e.text}" for e in EXAMPLES])
def test_the_example_resolves_as_written(example: Example) -> None:
    mentions = extract_mentions(example.text, example.published)
    if not example.expected:
        assert mentions == [], [(m.text, m.value) for m in mentions]
        return
    if not example.spans:
        assert mentions, "nothing found"
        _resolved_as_written(mentions[0], example.expected[0])  # a range written as two dates: its start
        return
    found = [(m.start, m.end) for m in mentions]
    assert found == list(example.spans), [m.text for m in mentions]
    for mention, expected in zip(mentions, example.expected, strict=True):
        _resolved_as_written(mention, expected)


def test_every_kind_of_expression_has_a_corpus() -> None:
    kinds = {module.__name__.rsplit(".", 1)[1] for module in DIMENSIONS}
    assert kinds <= {path.stem for path in CORPORA.glob("*.tsv")}


def test_every_corpus_has_examples_of_its_own() -> None:
    assert all(any(e.corpus == path.stem for e in EXAMPLES) for path in CORPORA.glob("*.tsv"))
