"""Whole-process speed of the analysis against `dateparser.search_dates` alone, on the same documents.

Each side runs in a process of its own (model loading and imports included, as a user's run pays them): the
analysis of N documents (TimeBank cycled to N, in batches as the consumer takes them) and
`search_dates(text, languages=['en'])` on the same N texts. Both figures come from one run of this command on
one machine, so their ratio is what to read; the absolute times move with the machine's load.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from itertools import cycle, islice
from pathlib import Path

from cli.pipeline_bench import Table

ANALYSIS_BATCH = 16


def _documents(corpus: Path, count: int) -> list[dict[str, str]]:
    documents = [json.loads(line) for line in corpus.open(encoding="utf-8") if line.strip()]
    return list(islice(cycle(documents), count))


def _analyse(corpus: Path, count: int) -> None:
    from timeline.analysis.pipeline import analyse_articles
    from timeline.models import Article

    articles = [Article(id=f"{d['doc_id']}-{n}", source="TimeBank", title=d["doc_id"], published=d["dct"],
                        text=d["text"]) for n, d in enumerate(_documents(corpus, count))]
    for start in range(0, len(articles), ANALYSIS_BATCH):
        analyse_articles(articles[start:start + ANALYSIS_BATCH])


def _search_dates(corpus: Path, count: int) -> None:
    from dateparser.search import search_dates

    for document in _documents(corpus, count):
        search_dates(document["text"], languages=["en"])


def _run_side(side: str, corpus: Path, count: int) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one side in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli.analysis_bench", side, str(corpus), str(count)], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def run_analysis_benchmark(corpus: Path, count: int) -> int:
    if not corpus.is_file():
        print(f"no corpus at {corpus}")
        return 2
    words = sum(len(d["text"].split()) for d in _documents(corpus, count))
    print(f"Whole-process analysis against search_dates, {count:,} documents of {corpus.name} ({words:,} words), "
          "one run")
    table = Table()
    analysis = _run_side("analyse", corpus, count)
    baseline = _run_side("search_dates", corpus, count)
    for name, (wall, cpu, _) in (("full analysis (parse included)", analysis),
                                   ("dateparser.search_dates alone", baseline)):
        table.add(f"{name}: wall s / CPU s / words per CPU s", f"{wall:.1f} / {cpu:.1f} / {words / cpu:,.0f}")
    table.add("analysis speed / search_dates speed (CPU)", f"{baseline[1] / analysis[1]:.2f}x", "target >= 1x")
    table.add("analysis peak RSS, MB", f"{analysis[2]:.0f}", "target <= 600")
    return 0


if __name__ == "__main__":
    {"analyse": _analyse, "search_dates": _search_dates}[sys.argv[1]](Path(sys.argv[2]), int(sys.argv[3]))
