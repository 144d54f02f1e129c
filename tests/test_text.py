"""Boilerplate removal and sentence splitting."""

from __future__ import annotations

import pytest

from timeline.analysis.sentences import Sentence, split_sentences, without_dateline
from timeline.sources.cleaning import clean_text
from timeline.sources.web_pages import looks_like_html

BODY = ("President Smith met Chancellor Jones in Berlin on Tuesday to discuss the aid package for the region. "
        "The two leaders agreed to meet again next month, officials said after the talks ended.\n")


def test_teasers_after_an_end_marker_are_blanked_without_moving_offsets() -> None:
    text = BODY + "Hashtags\n\nRelated Articles\nCBC\nan hour ago\nCelebrity trial opens in Scotland\nLong teaser."
    cleaned = clean_text(text)
    assert len(cleaned.text) == len(text)
    assert cleaned.text.startswith(BODY)
    assert "Scotland" not in cleaned.text and "Hashtags" not in cleaned.text
    assert cleaned.text.count("\n") == text.count("\n")


def test_furniture_lines_anywhere_are_removed() -> None:
    text = "Try Our AI Features\n" + BODY + "Sign up for our newsletter today\nMore body text follows here.\n"
    cleaned = clean_text(text)
    assert "Try Our AI" not in cleaned.text and "Sign up" not in cleaned.text
    assert "More body text follows here." in cleaned.text


def test_promotional_tail_sentence_is_removed() -> None:
    text = BODY + "The end of the story. Please bookmark and sign up for our daily newsletter, Posted, here ."
    cleaned = clean_text(text)
    assert "The end of the story." in cleaned.text and "newsletter" not in cleaned.text


def test_a_short_text_is_not_cut_at_a_marker_like_first_line() -> None:
    cleaned = clean_text("Comments\nThe minister's comments were welcomed.")
    assert "welcomed" in cleaned.text


def test_seed_teasers_never_reach_the_analysis(seed_articles) -> None:  # type: ignore[no-untyped-def]
    for article in seed_articles:
        cleaned = clean_text(article.text).text
        for word in ("Maxwell", "Epstein", "Scotland", "Related Articles", "Dybvad"):
            assert word not in cleaned, (article.id, word)


def test_sentences_survive_abbreviations_quotes_and_bullets() -> None:
    text = ('The U.S. Gen. Smith met Mr. Jones on Jan. 5 in Washington. He said: "We are ready." Then the list:\n'
            "- first item\n- second item\nDonald J. Trump left at 5 p.m. on Friday. Done!")
    sentences = [s.text for s in split_sentences(text)]
    assert sentences == [
        "The U.S. Gen. Smith met Mr. Jones on Jan. 5 in Washington.",
        'He said: "We are ready."',
        "Then the list:",
        "- first item",
        "- second item",
        "Donald J. Trump left at 5 p.m. on Friday.",
        "Done!",
    ]
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text


def test_html_is_recognised_as_html_and_plain_text_is_not() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("Leaders met.<br>They agreed.") and looks_like_html("<p>Leaders met.</p>")
    assert not looks_like_html("Prices rose 3% (<5% forecast) as x < y and a->b.")


@pytest.mark.parametrize(("sentence", "kept"), [
    ("SEOUL, Jun 5 (Yonhap) -- President Lee signed the bill.", "President Lee signed the bill."),
    ("WASHINGTON (AP) _ President Clinton met Netanyahu.", "President Clinton met Netanyahu."),
    ("CAGUAS, Puerto Rico (AP)_ Kidnappers kept their promise.", "Kidnappers kept their promise."),
    ("KABUL, Afghanistan, March 3 -- Officials said it.", "Officials said it."),
    ("BEIJING -- China said it.", "China said it."),
    # a name and a hyphen open a sentence, no dateline
    ("NATO - the alliance - agreed.", "NATO - the alliance - agreed."),
    ("U.S. - China talks began.", "U.S. - China talks began."),
    ("US in talks with Europe.", "US in talks with Europe."),
])
def test_a_dateline_is_left_out_of_the_sentence(sentence: str, kept: str) -> None:
    found = without_dateline(Sentence(10, 10 + len(sentence), sentence))
    assert found.text == kept and found.start == 10 + len(sentence) - len(kept)
