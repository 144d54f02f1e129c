"""Guards shared by several dimensions: titles and headlines that only look like dates."""

from __future__ import annotations

import re

SENTENCE_START = re.compile(r"(?:^|[.!?][\"”’')]*\s+|\n\s*|--\s*|:\s+)$")

_QUOTE_START = re.compile(r"[\"“‘(`]+$")

_HEADLINE_WORD = re.compile(r"\b[A-Z][a-z][\w'’-]*\s+$")


def is_title(match: re.Match[str], text: str) -> bool:
    """Capitalised in mid-sentence, it is a name: "the Daily Mail", ABC's "This Week", "VOA Today", "the
    Arab Spring". In a headline, a line in title case ("Talks Resume Next Week"), it is not."""
    words = match.group(0).split()
    if not words[0][0].isupper():
        return False
    before = text[max(0, match.start() - 30):match.start()]
    if SENTENCE_START.search(before) or (_HEADLINE_WORD.search(before) and in_title_case_line(text, match.start())):
        return False
    return (len(words) > 1 and all(w[0].isupper() for w in words)) or not _QUOTE_START.search(before)


def in_title_case_line(text: str, position: int) -> bool:
    """Whether the line around a position is a headline in title case: most of its longer words capitalised,
    and no full stop at its end (a sentence full of names has one)."""
    window_start, window_end = max(0, position - 300), min(len(text), position + 300)  # headlines are short
    line_start = text.rfind("\n", window_start, position) + 1 or window_start
    line_end = text.find("\n", position, window_end)
    line = text[line_start:line_end if line_end >= 0 else window_end].strip()
    if re.search(r"[.!?][\"”’')]*$", line):
        return False
    words = re.findall(r"[A-Za-z][A-Za-z'’-]{3,}", line)
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def accept_unless_title(match: re.Match[str], text: str) -> bool:
    return not is_title(match, text)
