"""The story rule's state in the writer's store (timeline.stories.similarity): each article's term weights, the
document frequencies of the terms, and an index of each article's strongest terms that finds a new article's
candidate stories; placing articles one at a time as the in-memory stream does, and rewriting the stories
they change."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

import pyarrow as pa

from timeline.analysis.actors import name_key
from timeline.analysis.sentences import split_sentences
from timeline.models import STORIES, Story
from timeline.sources.cleaning import clean_text
from timeline.store.changes import ChangeLog
from timeline.store.schema import BIGINT, declare
from timeline.stories.grouping import is_name, label_of, story_names, story_profile
from timeline.stories.similarity import DocumentFrequencies, StoryStream, StoryVector
from timeline.stories.similarity import settings as similarity_settings

log = logging.getLogger("timeline.store")

# the writer's own tables, never published
STORY_VECTORS = declare("story_vectors", "article_id published terms weights",
                        {"article_id": str, "published": datetime, "terms": list[str], "weights": list[float]},
                        required="article_id published", published=False)
STORY_DF = declare("story_df", "term df", {"term": str, "df": BIGINT}, required="term df", published=False,
                   primary_key="term")
STORY_INDEX = declare("story_index", "term story_id article_id published",
                      {"term": str, "story_id": str, "article_id": str, "published": datetime},
                      required="term story_id article_id published", published=False)


class StoryPlacement(ChangeLog):
    """Placing articles in stories and keeping the stories table in step."""

    def _place_articles_without_story(self, chunk: int = 2_000) -> int:
        """Stores written before the story rule of timeline.stories.similarity: their stories are dropped and
        their articles placed again, oldest first, with weights from the stored text (the caller then merges
        the timeline again within stories). Done once, when the writer starts; returns how many it placed."""
        pending = self.connection.execute(
            "SELECT count(*) FROM articles ANTI JOIN story_vectors USING (article_id)").fetchone()
        if not pending or not pending[0]:
            return 0
        if not self.connection.execute("SELECT count(*) FROM story_vectors").fetchone()[0]:
            # stories of the earlier rule: every article is placed again
            self._begin()
            try:
                stored = [row[0] for row in self.connection.execute("SELECT story_id FROM stories").fetchall()]
                self._delete_keys("stories", stored)
                self._delete_keys("article_stories", [row[0] for row in self.connection.execute(
                    "SELECT article_id FROM article_stories").fetchall()])
                self._commit()
            except BaseException:
                self._rollback()
                raise
        placed = 0
        while True:
            rows = self.connection.execute(
                "SELECT a.article_id, a.published, a.title, a.text, a.source FROM articles a "
                "ANTI JOIN story_vectors v USING (article_id) ORDER BY a.published, a.article_id LIMIT ?",
                [chunk]).fetchall()
            if not rows:
                break
            profiles = {article_id: story_profile(title or "", [s.text for s in split_sentences(clean_text(text).text)],
                                                  source)
                        for article_id, _, title, text, source in rows}
            self._begin()
            try:
                ids = list(profiles)
                self.connection.execute("INSERT INTO deletions SELECT 'articles', unnest(?), ?", [ids, self._seq])
                self.connection.register("placed_terms", pa.Table.from_pylist(
                    [{"article_id": article_id, "story_terms": profile.terms}
                     for article_id, profile in profiles.items()]))
                self.connection.execute(
                    "UPDATE articles SET story_terms = p.story_terms, _seq = ? FROM placed_terms p "
                    "WHERE articles.article_id = p.article_id", [self._seq])
                self.connection.unregister("placed_terms")
                self._place_in_stories([StoryVector(article_id, published, profiles[article_id].weights)
                                        for article_id, published, *_ in rows], set())
                self._commit()
            except BaseException:
                self._rollback()
                raise
            placed += len(rows)
            log.info("store: placed %d articles in stories by the similarity rule", placed)
        return placed

    def _stories_of(self, article_ids: list[str]) -> set[str]:
        if not article_ids:
            return set()
        return {row[0] for row in self.connection.execute(
            "SELECT DISTINCT story_id FROM article_stories WHERE article_id IN (SELECT unnest(?))",
            [article_ids]).fetchall()}

    def _forget_story_state(self, article_ids: list[str]) -> None:
        """An article replaced by a new version leaves the story rule's state (its story keeps the others)."""
        if not article_ids:
            return
        self.connection.execute(
            "UPDATE story_df SET df = story_df.df - gone.n FROM (SELECT term, count(*) AS n FROM "
            "(SELECT unnest(terms) AS term FROM story_vectors WHERE article_id IN (SELECT unnest(?))) GROUP BY term) "
            "gone WHERE story_df.term = gone.term", [article_ids])
        for table in ("story_vectors", "story_index"):
            self.connection.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [article_ids])
        self._delete_keys("article_stories", article_ids)

    def _place_in_stories(self, new: list[StoryVector], old_stories: set[str]) -> set[str]:
        """Place the new articles in stories by timeline.stories.similarity, one at a time in the order they
        came, with the state of the stories near them in time loaded from the store: what a stream holding
        every article would decide, however the articles were batched. Returns the stories they joined."""
        if not new:
            self._rewrite_stories(old_stories, [])
            return set()
        rule = similarity_settings()
        terms = {t for a in new for t in a.weights}
        frequencies = DocumentFrequencies(self._placed_articles(), Counter(self._frequencies_of(terms)))
        window = timedelta(days=rule.window_days)
        keyed, members = self._stories_near(terms, min(a.published for a in new) - window,
                                            max(a.published for a in new) + window)
        frequencies.include(self._frequencies_of(
            {t for group in members.values() for m in group for t in m.weights} - terms))
        stream = StoryStream(rule, frequencies, members, keyed)
        story_of = {a.article_id: stream.add(a) for a in new}
        self._append_plain("story_vectors", pa.Table.from_pylist(
            [{"article_id": a.article_id, "published": a.published, "terms": list(a.weights),
              "weights": list(a.weights.values())} for a in new], schema=STORY_VECTORS.arrow_schema))
        self.connection.execute(
            "INSERT INTO story_df SELECT term, count(*) FROM (SELECT unnest(terms) AS term FROM story_vectors "
            "WHERE article_id IN (SELECT unnest(?))) GROUP BY term "
            "ON CONFLICT (term) DO UPDATE SET df = story_df.df + excluded.df", [list(story_of)])
        self._append("article_stories", pa.Table.from_pylist(
            [{"article_id": article_id, "story_id": story_id} for article_id, story_id in story_of.items()]))
        self._index(new, story_of, stream)
        joined = set(story_of.values())
        self._rewrite_stories(old_stories, sorted(joined))
        return joined

    def _stories_near(self, terms: set[str], low: datetime, high: datetime
                      ) -> tuple[dict[str, list[tuple[str, datetime]]], dict[str, list[StoryVector]]]:
        """The index rows of these terms published from `low` to `high` (any term may become one of an
        article's keys), and the members within that time of the stories those rows name."""
        keyed: dict[str, list[tuple[str, datetime]]] = {}
        for term, story_id, published in self.connection.execute(
                "SELECT term, story_id, published FROM story_index WHERE term IN (SELECT unnest(?)) "
                "AND published BETWEEN ? AND ?", [sorted(terms), low, high]).fetchall():
            keyed.setdefault(term, []).append((story_id, published))
        candidates = sorted({story_id for entries in keyed.values() for story_id, _ in entries})
        members: dict[str, list[StoryVector]] = {}
        for article_id, published, member_terms, weights, story_id in self.connection.execute(
                "SELECT v.article_id, v.published, v.terms, v.weights, s.story_id FROM story_vectors v "
                "JOIN article_stories s USING (article_id) WHERE s.story_id IN (SELECT unnest(?)) "
                "AND v.published BETWEEN ? AND ?", [candidates, low, high]).fetchall():
            members.setdefault(story_id, []).append(
                StoryVector(article_id, published, dict(zip(member_terms, weights, strict=True))))
        return keyed, members

    def _index(self, articles: list[StoryVector], story_of: dict[str, str], stream: StoryStream) -> None:
        """The story index rows of placed articles: each key the stream gave it, with its story."""
        self._append_plain("story_index", pa.Table.from_pylist(
            [{"term": term, "story_id": story_of[a.article_id], "article_id": a.article_id, "published": a.published}
             for a in articles for term in stream.keys_of[a.article_id]], schema=STORY_INDEX.arrow_schema))

    def _place_recent_again(self) -> tuple[list[str], set[str]]:
        """Place the articles of the newest window (`window_days` back from the newest publication) again, one at a
        time in publication order, with the document frequencies they had in that order and the stories before
        the window as they are: where a stream in publication order would have put them. Returns the articles
        that moved and the stories they left or joined."""
        rule = similarity_settings()
        newest = self.connection.execute("SELECT max(published) FROM story_vectors").fetchall()[0][0]
        if newest is None:
            return [], set()
        window = timedelta(days=rule.window_days)
        low = newest - window
        recent = [StoryVector(article_id, published, dict(zip(terms, weights, strict=True)))
                  for article_id, published, terms, weights in self.connection.execute(
                      "SELECT article_id, published, terms, weights FROM story_vectors WHERE published >= ? "
                      "ORDER BY published, article_id", [low]).fetchall()]
        ids = [a.article_id for a in recent]
        current = dict(self.connection.execute(
            "SELECT article_id, story_id FROM article_stories WHERE article_id IN (SELECT unnest(?))",
            [ids]).fetchall())
        terms = {t for a in recent for t in a.weights}
        # the stories before the window, up to the last microsecond the store's timestamps hold
        keyed, members = self._stories_near(terms, low - window, low - timedelta(microseconds=1))
        # the frequencies before the window's first article: every article outside the window is older
        in_window = Counter(t for a in recent for t in a.weights)
        stored = self._frequencies_of(terms | {t for group in members.values() for m in group for t in m.weights})
        frequencies = DocumentFrequencies(self._placed_articles() - len(recent),
                                          Counter({t: n - in_window[t] for t, n in stored.items()}))
        stream = StoryStream(rule, frequencies, members, keyed)
        placed = {a.article_id: stream.add(a) for a in recent}
        moved = [article_id for article_id in ids if current.get(article_id) != placed[article_id]]
        if not moved:
            return [], set()
        self._delete_keys("article_stories", moved)
        self._append("article_stories", pa.Table.from_pylist(
            [{"article_id": article_id, "story_id": placed[article_id]} for article_id in moved]))
        self.connection.execute("DELETE FROM story_index WHERE article_id IN (SELECT unnest(?))", [ids])
        self._index(recent, placed, stream)
        touched = {current[a] for a in moved if a in current} | {placed[a] for a in moved}
        self._rewrite_stories(touched, [])
        return moved, touched

    def _name_frequencies(self, names: set[str]) -> DocumentFrequencies:
        """The document frequencies of these names' keys (what labels weigh names by)."""
        return DocumentFrequencies(self._placed_articles(),
                                   Counter(self._frequencies_of({name_key(n).lower() for n in names})))

    def _placed_articles(self) -> int:
        # fetched to the end: a result left open would refuse the next register() of Arrow rows
        return int(self.connection.execute("SELECT count(*) FROM story_vectors").fetchall()[0][0])

    def _frequencies_of(self, terms: set[str]) -> dict[str, int]:
        if not terms:
            return {}
        return dict(self.connection.execute(
            "SELECT term, df FROM story_df WHERE term IN (SELECT unnest(?))", [sorted(terms)]).fetchall())

    def _rewrite_stories(self, old: set[str], new: list[str]) -> None:
        """Replace the rows of the stories that changed with their members' label and counts (a story left by
        its last article is gone)."""
        self._delete_keys("stories", sorted(old | set(new)))
        rows = self.connection.execute(
            "SELECT s.story_id, count(*), min(a.published), max(a.published), "
            "list(a.story_terms ORDER BY a.published, a.article_id) FROM article_stories s "
            "JOIN articles a USING (article_id) WHERE s.story_id IN (SELECT unnest(?)) GROUP BY s.story_id",
            [sorted(old | set(new))]).fetchall()
        idf = self._name_frequencies({term for *_, term_lists in rows for terms in term_lists for term in terms or ()
                                      if is_name(term)}).idf
        stories = []
        for story_id, count, first, last, term_lists in rows:
            names = story_names((terms or () for terms in term_lists), idf)
            stories.append(Story(story_id=story_id, label=label_of(names), n_articles=count, first_published=first,
                                 last_published=last, names=names).model_dump())
        self._append("stories", pa.Table.from_pylist(stories, schema=STORIES.arrow_schema))
