"""Scoring the temporal engine TempEval-3 style on gold TIMEX3 corpora, next to dateparser's search_dates.

Gold: JSONL with doc_id, dct, text and timexes [start, end, text, type, value] (the format of
../shared/data/timebank). Matching follows TempEval-3: strict = identical span; relaxed = any overlap,
one-to-one, exact matches first and then the largest overlaps; value F1 = relaxed matches with the
identical value over the system and gold counts.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from timeline.analysis.temporal.engine import extract_mentions

TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    value: str
    type: str | None


@dataclass(frozen=True)
class Document:
    doc_id: str
    published: date
    text: str
    gold: tuple[Timex, ...]


def load_corpus(path: Path) -> list[Document]:
    documents = []
    for line in path.open(encoding="utf-8"):
        if line.strip():
            raw = json.loads(line)
            gold = tuple(Timex(t["start"], t["end"], str(t["value"]).strip(), t.get("type"))
                         for t in raw["timexes"])
            documents.append(Document(raw["doc_id"], date.fromisoformat(raw["dct"][:10]), raw["text"], gold))
    return documents


def match(gold: Sequence[Timex], system: Sequence[Timex]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(strict pairs, relaxed pairs) of (gold index, system index), both one-to-one."""
    strict = [(g, s) for g, gt in enumerate(gold) for s, st in enumerate(system)
              if (gt.start, gt.end) == (st.start, st.end)]
    used_gold = {g for g, _ in strict}
    used_system = {s for _, s in strict}
    overlaps = sorted(
        ((min(gt.end, st.end) - max(gt.start, st.start), g, s)
         for g, gt in enumerate(gold) for s, st in enumerate(system)
         if g not in used_gold and s not in used_system and gt.start < st.end and st.start < gt.end),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    relaxed = list(strict)
    for _, g, s in overlaps:
        if g not in used_gold and s not in used_system:
            relaxed.append((g, s))
            used_gold.add(g)
            used_system.add(s)
    return strict, relaxed


def _f1(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    precision = correct / system if system else 0.0
    recall = correct / gold if gold else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


@dataclass
class Score:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    by_type: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, gold: Sequence[Timex], system: Sequence[Timex]) -> None:
        strict, relaxed = match(gold, system)
        self.gold += len(gold)
        self.system += len(system)
        self.strict += len(strict)
        self.relaxed += len(relaxed)
        matched = dict(relaxed)
        for g, timex in enumerate(gold):
            counts = self.by_type.setdefault(timex.type or "?", Counter())
            counts["gold"] += 1
            if g in matched:
                counts["matched"] += 1
                counts["value"] += system[matched[g]].value == timex.value
        self.value += sum(system[s].value == gold[g].value for g, s in relaxed)

    def row(self) -> dict[str, float]:
        return {
            "strict_f1": _f1(self.strict, self.system, self.gold)[2],
            "relaxed_p": _f1(self.relaxed, self.system, self.gold)[0],
            "relaxed_r": _f1(self.relaxed, self.system, self.gold)[1],
            "relaxed_f1": _f1(self.relaxed, self.system, self.gold)[2],
            "value_f1": _f1(self.value, self.system, self.gold)[2],
        }


System = Callable[[str, date], list[Timex]]


def engine_system(text: str, published: date) -> list[Timex]:
    return [Timex(m.start, m.end, m.value, m.type.value) for m in extract_mentions(text, published, timeml=True)]


def search_dates_system(text: str, published: date) -> list[Timex]:
    """dateparser's search_dates used naively: every hit a DATE, the value its calendar day."""
    from dateparser.search import search_dates

    base = datetime(published.year, published.month, published.day)
    found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    timexes, cursor = [], 0
    for phrase, moment in found:
        start = text.find(phrase, cursor)
        if start < 0:
            continue
        cursor = start + len(phrase)
        timexes.append(Timex(start, cursor, moment.date().isoformat(), "DATE"))
    return timexes


@dataclass
class Run:
    score: Score
    seconds: float
    words: int
    documents: int

    @property
    def articles_per_second_700(self) -> float:
        """Throughput in 700-word-article equivalents, so corpora of different lengths compare."""
        return self.words / 700 / self.seconds if self.seconds else 0.0


def evaluate(documents: Sequence[Document], system: System, passes: int = 3) -> Run:
    """Score one pass and time the fastest of `passes`: the first pass also pays for warming caches and
    compiling patterns, and a shared machine adds noise that only ever slows a pass down."""
    score = Score()
    seconds = float("inf")
    for _ in range(passes):
        started = time.perf_counter()
        outputs = [system(d.text, d.published) for d in documents]
        seconds = min(seconds, time.perf_counter() - started)
    for document, output in zip(documents, outputs, strict=True):
        score.add(document.gold, output)
    return Run(score, seconds, sum(len(d.text.split()) for d in documents), len(documents))


def format_report(name: str, runs: dict[str, Run]) -> str:
    lines = [f"corpus {name}", f"  {'system':<14} {'strict F1':>9} {'relax P':>8} {'relax R':>8} {'relax F1':>8} "
                                f"{'value F1':>8} {'art/s*':>8}"]
    for system, run in runs.items():
        row = run.score.row()
        lines.append(f"  {system:<14} {row['strict_f1']:>9.3f} {row['relaxed_p']:>8.3f} {row['relaxed_r']:>8.3f} "
                     f"{row['relaxed_f1']:>8.3f} {row['value_f1']:>8.3f} {run.articles_per_second_700:>8.1f}")
    engine = runs.get("timeline")
    if engine:
        lines.append("  per gold type (timeline): gold / relaxed recall / value accuracy on matched")
        for kind in TYPES:
            counts = engine.score.by_type.get(kind, Counter())
            if counts["gold"]:
                lines.append(f"    {kind:<9} {counts['gold']:>5} {counts['matched'] / counts['gold']:>8.3f} "
                             f"{(counts['value'] / counts['matched']) if counts['matched'] else 0:>8.3f}")
    baseline = runs.get("search_dates")
    if engine and baseline and baseline.seconds:
        ratio = engine.articles_per_second_700 / baseline.articles_per_second_700
        lines.append(f"  speed ratio timeline / search_dates: {ratio:.1f}x")
    lines.append("  * 700-word articles per second on one core, fastest of 3 passes in this run")
    return "\n".join(lines)


def default_corpora(shared_data: Path, project: Path) -> list[Path]:
    """TimeBank and AQUAINT from ../shared/data, and the project's own hand-annotated modern news set."""
    return sorted((shared_data / "timebank").glob("*.jsonl")) + \
        sorted((project / "tests" / "data").glob("modern_news.jsonl"))


def run_benchmark(paths: Sequence[Path], baseline: bool = True) -> int:
    if not paths:
        print("no corpus given and ../shared/data/timebank not found: pass --corpus FILE.jsonl …")
        return 2
    for path in paths:
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            documents = load_corpus(file)
            runs = {"timeline": evaluate(documents, engine_system)}
            if baseline:
                runs["search_dates"] = evaluate(documents, search_dates_system)
            print(format_report(f"{file.stem} ({len(documents)} documents)", runs), flush=True)
    return 0
