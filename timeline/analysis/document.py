"""One analysed document per article, built once and read by every later step.

A Document holds the cleaned text (offsets index the text as published: cleaning blanks, never cuts), its
publication day, its sentences, its temporal mentions, and the spaCy parse (tokens with offsets, part of
speech, lemmas, dependencies, named entities) of the sentences that need one: those holding an event
candidate. Parsing every sentence would cost four times as much (measured on TimeBank: a candidate sentence
is about one in four words) for sentences nothing reads.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from timeline.analysis.actors import joined_names
from timeline.analysis.nlp import assign_parts_of_speech, pipeline
from timeline.analysis.sentences import Sentence, split_sentences, without_dateline
from timeline.analysis.temporal import extract_mentions
from timeline.models import TemporalMention, TimexType

# A sentence of more characters than this is a list or a page fragment, not a sentence: it is not parsed.
LONGEST_PARSED_SENTENCE_CHARS = 2_000
PARSE_BATCH = 64
# names are recognised later (recognise_names); lemmas come from predicates.lemma; parts of speech from the
# model's own rules as look-ups (nlp.assign_parts_of_speech: identical on TimeBank, 13% faster parsing)
UNUSED_COMPONENTS = ("ner", "lemmatizer", "attribute_ruler")


@dataclass
class Document:
    text: str
    published: date
    sentences: list[Sentence]
    mentions: list[TemporalMention]
    parses: dict[int, Doc] = field(default_factory=dict)  # sentence index -> the parse of that sentence
    _starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    def sentence_index_at(self, offset: int) -> int | None:
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0 or offset >= self.sentences[index].end:
            return None
        return index

    def recognise_names(self, sentence_indices: Sequence[int]) -> None:
        """Named entities of these parsed sentences (once each), in one batch. A name is written capitalised,
        so the recogniser reads only the stretch of a sentence from its first capitalised word after the
        first to its last, with NAME_CONTEXT tokens of context either side (the width its encoder sees);
        a sentence without one has no names."""
        pending = [self.parses[i] for i in sentence_indices if not self.parses[i].user_data.get("names_recognised")]
        stretches = []
        for doc in pending:
            doc.user_data["names_recognised"] = True
            stretch = _capitalised_stretch(doc)
            if stretch is not None:
                stretches.append((doc, stretch))
        pieces = (doc[start:end].as_doc() for doc, (start, end) in stretches)
        for (doc, (start, _)), piece in zip(stretches, pipeline().get_pipe("ner").pipe(pieces, batch_size=PARSE_BATCH),
                                            strict=True):
            doc.set_ents(joined_names([Span(doc, e.start + start, e.end + start, label=e.label_) for e in piece.ents]))

    def token_at(self, start: int, end: int) -> Token | None:
        """The parsed token a character span [start, end) falls in (its first token), if its sentence is parsed."""
        index = self.sentence_index_at(start)
        if index is None or index not in self.parses:
            return None
        sentence = self.sentences[index]
        span = self.parses[index].char_span(start - sentence.start, end - sentence.start, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    @staticmethod
    def offset(token: Token) -> int:
        """The article offset of a token of one of this document's parses."""
        return int(token.doc.user_data["sentence_start"]) + token.idx

    def mention_spans(self, sentence_index: int) -> list[tuple[TemporalMention, Span]]:
        """The temporal mentions of a parsed sentence, each with its span of tokens (computed once)."""
        doc = self.parses[sentence_index]
        cached = doc.user_data.get("mention_spans")
        if cached is None:
            cached = self._mention_spans(sentence_index)
            doc.user_data["mention_spans"] = cached
        return cached

    def _mention_spans(self, sentence_index: int) -> list[tuple[TemporalMention, Span]]:
        sentence, doc = self.sentences[sentence_index], self.parses[sentence_index]
        found = []
        for mention in self.mentions:
            if sentence.start <= mention.start < sentence.end:
                span = doc.char_span(mention.start - sentence.start, min(mention.end, sentence.end) - sentence.start,
                                     alignment_mode="expand")
                if span is not None and len(span):
                    found.append((mention, span))
        return found


# tokens of context either side of the capitalised stretch a name is looked for in: the recogniser's
# encoder sees four tokens either side of each word
NAME_CONTEXT = 4


def dates_an_event(mention: TemporalMention) -> bool:
    """What can date an event: a date or a time with a calendar interval (not "now", not a duration)."""
    return mention.date_start is not None and mention.type in (TimexType.DATE, TimexType.TIME)


def says_when(token: Token) -> bool:
    """Whether a token belongs to one of the document's temporal expressions ("on Monday", "two years ago")."""
    return token.i in token.doc.user_data.get("date_tokens", ())


def _capitalised_stretch(doc: Doc) -> tuple[int, int] | None:
    capitalised = [t.i for t in doc if t.text[:1].isupper() and (t.i > 0 or t.pos_ == "PROPN")]
    if not capitalised:
        return None
    return max(0, capitalised[0] - NAME_CONTEXT), min(len(doc), capitalised[-1] + NAME_CONTEXT + 1)


# needs_parse(sentence_text, offsets of its date expressions within it): whether to parse it
ParseSelector = Callable[[str, list[int]], bool]


def build_document(text: str, published: date, needs_parse: ParseSelector | None = None,
                   mentions: list[TemporalMention] | None = None) -> Document:
    """Sentences, mentions and the parse of the sentences `needs_parse(sentence_text, date_offsets)` selects
    (every sentence when it is None)."""
    return build_documents([(text, published, mentions)], needs_parse)[0]


def build_documents(items: Sequence[tuple[str, date, list[TemporalMention] | None]],
                    needs_parse: ParseSelector | None = None) -> list[Document]:
    """Many documents at once: their selected sentences are parsed in one `nlp.pipe` stream."""
    documents = []
    wanted: list[tuple[int, int, str]] = []
    for text, published, mentions in items:
        if mentions is None:
            mentions = extract_mentions(text, published)
        sentences = [without_dateline(sentence) for sentence in split_sentences(text)]
        document = Document(text, published, sentences, mentions)
        mention_starts = sorted(m.start for m in mentions if dates_an_event(m))
        for index, sentence in enumerate(sentences):
            if len(sentence.text) > LONGEST_PARSED_SENTENCE_CHARS:
                continue
            low = bisect.bisect_left(mention_starts, sentence.start)
            high = bisect.bisect_left(mention_starts, sentence.end)
            dates = [start - sentence.start for start in mention_starts[low:high]]
            if needs_parse is None or needs_parse(sentence.text, dates):
                wanted.append((len(documents), index, sentence.text))
        documents.append(document)
    # names are recognised later, only in sentences that hold an event (recognise_names): the recogniser
    # costs as much as the tagger and parser together
    parsed = pipeline().pipe((sentence_text for _, _, sentence_text in wanted), batch_size=PARSE_BATCH,
                             disable=list(UNUSED_COMPONENTS))
    for (document_index, sentence_index, _), doc in zip(wanted, parsed, strict=True):
        document = documents[document_index]
        assign_parts_of_speech(doc)
        doc.user_data["sentence_start"] = document.sentences[sentence_index].start
        document.parses[sentence_index] = doc
        doc.user_data["date_tokens"] = frozenset(
            t.i for _, span in document.mention_spans(sentence_index) for t in span)
    return documents
