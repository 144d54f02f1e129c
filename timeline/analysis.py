"""The whole per-article analysis: clean, find dates, split sentences, detect and date events."""

from __future__ import annotations

from timeline.actors import name_vocabulary
from timeline.cleaning import clean_text
from timeline.events import detect_events
from timeline.models import AnalysedArticle, Article
from timeline.sentences import split_sentences
from timeline.stories import story_terms
from timeline.temporal import extract_mentions
from timeline.web_pages import html_to_text, looks_like_html


class NoArticleText(ValueError):
    """An article sent as HTML whose markup holds no readable text."""


def as_plain_text(article: Article) -> Article:
    """An article sent as HTML (a feed's content, a page pasted whole) becomes its readable text, which is what
    is stored and what every offset indexes."""
    if not looks_like_html(article.text):
        return article
    text = html_to_text(article.text)
    if not text.strip():
        raise NoArticleText(f"article {article.id}: its HTML holds no readable text")
    return article.model_copy(update={"text": text})


def analyse_article(article: Article) -> AnalysedArticle:
    content_hash = article.content_hash()  # of what was published: redeliveries are recognised by it
    article = as_plain_text(article)
    cleaned = clean_text(article.text)
    published = article.publication_date
    mentions = extract_mentions(cleaned.text, published)
    sentences = split_sentences(cleaned.text)
    texts = [sentence.text for sentence in sentences]
    names = name_vocabulary(texts)  # the evidence that a capitalised word is a name, for events and stories
    events = detect_events(article.id, cleaned.text, sentences, mentions, published, article.source, names)
    terms = story_terms(article.title, texts, article.source, names)
    return AnalysedArticle(article=article, content_hash=content_hash, mentions=mentions, events=events,
                           story_terms=terms)
