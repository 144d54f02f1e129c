"""The whole per-article analysis: clean, find dates, split sentences, detect and date events."""

from __future__ import annotations

from timeline.cleaning import clean_text
from timeline.events import detect_events
from timeline.models import AnalysedArticle, Article
from timeline.sentences import split_sentences
from timeline.temporal import extract_mentions


def analyse_article(article: Article) -> AnalysedArticle:
    cleaned = clean_text(article.text)
    published = article.publication_date
    mentions = extract_mentions(cleaned.text, published)
    sentences = split_sentences(cleaned.text)
    events = detect_events(article.id, cleaned.text, sentences, mentions, published, article.source)
    return AnalysedArticle(article=article, content_hash=article.content_hash(), mentions=mentions, events=events)
