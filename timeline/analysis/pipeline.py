"""The whole per-article analysis: clean, build the parsed document, detect and date events, story terms."""

from __future__ import annotations

from collections.abc import Sequence

from timeline.analysis.actors import name_vocabulary
from timeline.analysis.document import Document, build_documents
from timeline.analysis.events import detect_events, needs_parse
from timeline.models import AnalysedArticle, Article
from timeline.sources.cleaning import clean_text
from timeline.sources.web_pages import html_to_text, looks_like_html
from timeline.stories.grouping import story_profile


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


def document_of(article: Article) -> Document:
    """The article's parsed document (the text as cleaned: offsets index the text as published)."""
    return documents_of([article])[0]


def documents_of(articles: Sequence[Article]) -> list[Document]:
    return build_documents([(clean_text(a.text).text, a.publication_date, None) for a in articles], needs_parse)


def analyse_article(article: Article) -> AnalysedArticle:
    return analyse_articles([article])[0]


def analyse_articles(articles: Sequence[Article]) -> list[AnalysedArticle]:
    """Several articles at once: their sentences are parsed in one stream (faster than one at a time)."""
    content_hashes = [article.content_hash() for article in articles]  # of what was published: redeliveries
    plain = [as_plain_text(article) for article in articles]
    results = []
    for article, content_hash, document in zip(plain, content_hashes, documents_of(plain), strict=True):
        texts = [sentence.text for sentence in document.sentences]
        names = name_vocabulary(texts)  # the evidence that a capitalised word is a name, for story terms
        events = detect_events(document, article.id, article.source)
        profile = story_profile(article.title, texts, article.source, names)
        results.append(AnalysedArticle(article=article, content_hash=content_hash, mentions=document.mentions,
                                       events=events, story_terms=profile.terms, story_weights=profile.weights))
    return results
