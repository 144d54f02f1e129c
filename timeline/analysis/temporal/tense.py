"""The tense of the clause around a temporal expression, from cue words (no POS tagger is available)."""

from __future__ import annotations

import re
from enum import StrEnum


class Tense(StrEnum):
    PAST = "past"
    FUTURE = "future"
    PRESENT = "present"
    UNKNOWN = "unknown"


FUTURE_CUES = frozenset({
    "will", "'ll", "shall", "wo", "gonna", "scheduled", "upcoming", "coming", "considered", "considering",
    "slated", "would", "next", "tentatively", "planned", "expected", "may", "might", "should", "must", "can",
    "expect", "expects", "forecast", "forecasts", "predict", "predicts", "anticipate", "anticipates", "see", "sees",
})
# future only when an infinitive follows: "plans to meet" (but "the plan on Monday" is no cue)
FUTURE_BEFORE_TO = frozenset({
    "going", "plans", "plan", "planning", "expected", "expects", "expect", "due", "set", "intends",
    "intend", "aims", "hopes", "hope", "proposes", "wants", "seeks", "is", "are",
})
PAST_CUES = frozenset({
    "said", "was", "were", "had", "did", "told", "announced", "ago", "last", "earlier", "met", "made", "took",
    "came", "went", "began", "ended", "held", "gave", "saw", "left", "signed", "agreed", "spoke", "reported",
    "called", "confirmed", "stated", "since", "paused", "halted", "suspended", "unveiled", "visited",
    "wrote", "sent", "decided", "declined", "fell", "rose", "closed", "won", "lost", "got", "became",
})
# irregular past forms (the "-ed" test finds the regular ones)
IRREGULAR_PAST = frozenset({
    "struck", "shot", "led", "fought", "ran", "broke", "brought", "bought", "sold", "paid", "spent", "flew", "drove",
    "threw", "sank", "stood", "caught", "taught", "sought", "thought", "felt", "kept", "built", "meant", "heard",
    "laid", "sat", "woke", "rode", "chose", "froze", "stole", "tore", "drew", "grew", "knew", "blew", "fled", "bled",
    "forgot", "forgave", "overtook", "undertook", "withdrew", "swept", "slept", "wept", "fell", "hung", "swung",
})
# past forms that are also present, infinitive or noun: past unless a modal, "to", "did", a determiner or a
# passive's "get" comes before ("will hit on Friday", "getting beat up")
AMBIGUOUS_PAST = frozenset({"hit", "beat"})
PRESENT_PLANS = frozenset({"due", "set", "scheduled", "expected", "slated", "poised", "to", "about"})
# the present simple of a timetable: "the offer expires Nov. 9", "the summit opens on Tuesday"
SCHEDULED_PRESENT = frozenset({
    "starts", "begins", "opens", "ends", "expires", "resumes", "arrives", "leaves", "lasts", "runs", "closes",
    "kicks", "returns", "travels", "visits", "meets", "hosts", "convenes", "concludes", "departs", "takes",
    "goes", "comes", "falls", "applies",
})
# the same timetable in the plural ("voters go to the polls on Sunday", "the sides meet Monday"), unless an
# auxiliary makes it an infinitive or a negated past ("did not meet on Monday") or a determiner a noun
# ("a return to the protests of early December"); capitalised, it is a name ("the French Open")
SCHEDULED_PRESENT_PLURAL = frozenset({
    "start", "begin", "open", "end", "expire", "resume", "arrive", "leave", "travel", "visit", "meet", "host",
    "convene", "conclude", "depart", "go", "vote", "head", "face", "play", "return", "gather", "announce",
    "publish", "unveil", "take", "come", "kick",
})
NOT_FINITE_AFTER = frozenset({
    "to", "have", "has", "had", "'ve", "did", "didn't", "do", "don't", "does", "doesn't", "will", "would",
    "could", "can", "may", "might", "should", "must", "not", "never", "shall", "cannot", "won't", "wouldn't",
    "couldn't",
    "a", "an", "the", "this", "that", "its", "his", "her", "their", "our", "my", "your", "whose", "of",
})
NOT_PAST_AFTER = NOT_FINITE_AFTER | {"get", "gets", "getting", "got", "be", "been", "being"}
SUBORDINATORS = frozenset({"after", "before", "when", "while", "since", "because", "although", "though", "until"})
ATTRIBUTION = frozenset({"said", "says", "say", "told", "tells", "reported", "reports", "added", "adds", "noted"})
PRESENT_CUES = frozenset({"is", "are", "am", "says", "say", "remains", "continues"})
# "is to meet", "are set to" read as plans; "has been" as past
# Prepositions that put what follows ahead of the moment of speaking: "as early as Tuesday", "effective
# Feb. 1", "ahead of Friday's vote". "until" too, when the clause speaks of a deadline being set or moved
# ("postponed until Tuesday"), not of a state that lasted ("stayed until Tuesday").
_AHEAD = re.compile(r"\b(?:as\s+(?:soon|early)\s+as|no\s+(?:later|earlier|sooner)\s+than|effective|ahead\s+of|"
                    r"in\s+time\s+for)"
                    r"\s+(?:on\s+|at\s+)?$", re.IGNORECASE)
# a date that is the predicate of "is"/"are" names a time set ahead: "the vote is on Thursday", "talks
# are at 3pm on Friday" ("was"/"were" stay past)
_COPULA_DATE = re.compile(r"\b(?:is|are)\s+(?:(?:at|on|in|for|from|until|around)\s+|(?:\d{1,2}(?:[:.]\d\d)?\s*"
                          r"(?:[ap]\.?m\.?|GMT|UTC|local\s+time)?|noon|midday|midnight)\s+)*$", re.IGNORECASE)
# "Starting Monday, fees rise": a sentence that opens on its start date announces it
_OPENING_START = re.compile(r"(?:^|[.!?][\"”’')]*\s+|\n\s*)(?:Starting|Beginning)\s+(?:on\s+|from\s+)?$")
_UNTIL = re.compile(r"\b(?:until|till|through|by)\s+(?:on\s+|at\s+least\s+)?$", re.IGNORECASE)
# "postponed to Monday", "moved to Friday": a deadline moved lies ahead (but "went to Paris on Monday")
_MOVED_TO = re.compile(r"\b(?:postponed|delayed|moved|pushed(?:\s+back)?|deferred|brought\s+forward|put\s+off|"
                       r"rescheduled|extended)\s+(?:\w+\s+){0,2}?(?:to|for)\s+(?:on\s+)?$", re.IGNORECASE)
DEADLINE_VERBS = frozenset({
    "extended", "postponed", "delayed", "adjourned", "deferred", "gave", "given", "set", "moved", "pushed",
    "suspended", "put", "recessed", "granted", "expected", "scheduled",
})
# a subordinate clause with its own subject ("as he was about to leave", "after they had met") has its own tense
# a full stop after these ends no clause: "on sale on Sept. 19, with pre-orders starting Friday"
ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mr", "Mrs", "Ms", "Dr",
                 "Gov", "Sen", "Rep", "Gen", "St", "Jr", "No", "Inc", "Corp", "Co", "vs", "U.S", "U.N", "a.m", "p.m")
_NOT_AN_ABBREVIATION = "".join(rf"(?<!\b{re.escape(word)}\.)" for word in ABBREVIATIONS) + \
    r"(?<![\s(][A-Z]\.)"  # an initial: "will succeed Daniel P. Davison Feb. 1"
_CLAUSE_BREAK = re.compile(rf"\.{_NOT_AN_ABBREVIATION}(?!\d)|:(?!\d)|[;!?\"“”()]|''|``|\s[-–—]\s|"
                           r",\s(?:but|while|and|which|who)\b|"
                           r"\s(?:that|because)\s|"
                           r"\s(?:as|when|while|after|before|once|although|though|if)\s"
                           r"(?=(?:he|she|they|we|I|you|it)\s)")
_WORD = re.compile(r"[A-Za-z']+|\d[\d,.]*")
_PLURAL_SUBJECT = re.compile(r"they|we|you|[a-z]{3,}s", re.IGNORECASE)
_RELATIVE_OPENING = re.compile(r",\s(?:which|who)")


PROMISES = frozenset({"warned", "warns", "threatened", "threatens", "vowed", "vows", "pledged", "pledges",
                      "promised", "promises"})
LASTING_AFTER = frozenset({"until", "till", "through", "into", "beyond", "at", "for", "longer"})
REPORTED_FIGURES = frozenset({"results", "earnings", "figures", "sales", "profits", "numbers", "revenue"})
# a timetable verb after a count or a determiner is a noun: "45 runs on Sunday", "the ends of the week"
NOUN_AFTER = frozenset({"a", "an", "the", "its", "his", "her", "their", "our", "my", "your", "whose", "of", "this",
                        "that", "these", "those"})
# words in "-ed" that are no past forms
NOT_PAST_ED = frozenset({"succeed", "proceed", "exceed", "speed", "bleed", "breed", "indeed", "embed", "hundred",
                         "kindred", "sacred", "naked", "wicked", "rugged", "ragged"})
# before an "-ed" word these make it an adjective
ADJECTIVE_BEFORE = NOUN_AFTER | {"still", "very", "most", "less", "more", "so", "too", "newly", "long", "much"}


# how far after a date its verb is looked for: "On Tuesday, the National Abortion and Reproductive Rights
# Action League plans to hold ..."
AFTER_REACH = 10
# after "could" these keep a past reading: "could not be reached", "could have met"
COULD_NOT_AHEAD = frozenset({"not", "have", "never", "only", "hardly", "barely", "see", "hear", "feel"})
# "were planning to", "was going to": a plan told in the past is still ahead of the reporting
PLAN_PROGRESSIVES = frozenset({"planning", "going", "preparing", "poised", "about"})


def _cue(word: str, following: str = "") -> Tense | None:
    if word == "May":
        return None  # the month ("from May to July"), not the modal
    lower = word.lower()
    if lower == "next" and following.lower() == "to":
        return None  # "next to the embassy": beside it
    if lower in FUTURE_CUES or lower in SCHEDULED_PRESENT or \
            (lower in FUTURE_BEFORE_TO and following.lower() == "to"):
        return Tense.FUTURE
    if lower == "last" and following.lower() in LASTING_AFTER:
        return None  # "will last until the weekend": the verb, not "last week"
    if lower in ("report", "reports") and (following.lower() in REPORTED_FIGURES or
                                           re.fullmatch(r"fiscal|quarterly|annual|its|their|\w+-quarter", following)):
        return Tense.FUTURE  # "Microsoft and Meta report results on Wednesday"
    if lower in PROMISES and following.lower() in ("of", "to"):
        return Tense.FUTURE  # "warned of strikes in the autumn", "threatened to quit by March"
    if lower == "could" and following.lower() not in COULD_NOT_AHEAD:
        return Tense.FUTURE  # "strikes could follow in the autumn" (but "could not be reached on Monday")
    if lower in ("was", "were") and following.lower() in PLAN_PROGRESSIVES:
        return Tense.FUTURE
    if lower in ("is", "are", "am") and following.lower() in PRESENT_PLANS:
        return Tense.FUTURE  # "is due in Washington on Tuesday", "are set to meet", "is to sign"
    # a capitalised "-ed" word is a name ("United States", "Red Cross"), not a past participle
    if lower in PAST_CUES or lower in IRREGULAR_PAST or (len(lower) > 4 and lower.endswith("ed") and word[0].islower()
                              and lower not in FUTURE_CUES and lower not in NOT_PAST_ED):
        return Tense.PAST
    if lower in PRESENT_CUES:
        return Tense.PRESENT
    return None


def _after_future_auxiliary(words: list[str]) -> bool:
    lowered = [w.lower() for w in words]
    return bool(lowered) and lowered[-1] in ("be", "have", "been") and any(
        w in ("will", "'ll", "shall", "to", "would") for w in lowered[:-1])


def _after_past_auxiliary(words: list[str]) -> bool:
    return any(w.lower() in ("was", "were", "had", "previously", "originally", "initially") for w in words)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(0, start - 160)
    right = min(len(text), end + 160)
    breaks_before = list(_CLAUSE_BREAK.finditer(text, left, start))
    after = _CLAUSE_BREAK.search(text, end, right)
    clause_end = after.start() if after else right
    if breaks_before and _RELATIVE_OPENING.fullmatch(breaks_before[-1].group(0)):
        # ", who will meet Trump on Friday, said ...": a relative clause closes at its comma
        comma = text.find(",", end, clause_end)
        clause_end = comma if comma >= 0 else clause_end
    return (breaks_before[-1].end() if breaks_before else left), clause_end


# A phrase that is the whole text ("next friday", "on the 1st of march": a caption, a calendar entry, a
# query) has no clause to take a tense from; like a diary, it names what lies ahead.
# ("since March" alone looks back: "since" is no lead of a phrase that looks ahead)
_PHRASE_LEAD = re.compile(r"\s*(?:(?:on|in|at|by|for|from|between|until|till|during|around|about|before|after)\s+)?",
                          re.IGNORECASE)
_PHRASE_TRAIL = re.compile(r"[\s.!?]*")
WHOLE_PHRASE_MAX_CHARS = 60


def is_whole_phrase(text: str, start: int, end: int) -> bool:
    return len(text) <= WHOLE_PHRASE_MAX_CHARS and bool(_PHRASE_LEAD.fullmatch(text, 0, start)) and \
        bool(_PHRASE_TRAIL.fullmatch(text, end))


def tense_around(text: str, start: int, end: int) -> Tense:
    """The tense cue nearest to the expression in its clause, preferring the words before it."""
    if is_whole_phrase(text, start, end):
        return Tense.FUTURE
    clause_start, clause_end = _clause_bounds(text, start, end)
    preceding = text[max(clause_start, start - 30):start]
    if _AHEAD.search(preceding) or _COPULA_DATE.search(preceding) or _MOVED_TO.search(preceding) or \
            _OPENING_START.search(text, max(0, start - 20), start):
        return Tense.FUTURE
    before = _WORD.findall(text, clause_start, start)
    after = _WORD.findall(text, end, clause_end)
    tense = _cue_tense(before, after)
    if _UNTIL.search(preceding) and (tense is not Tense.PAST or DEADLINE_VERBS & {w.lower() for w in before}):
        return Tense.FUTURE
    if tense is Tense.UNKNOWN and clause_start > 0 and text[clause_start - 1] == "(":
        # a parenthesis restates what its sentence says: "will leave at 4 in the morning (4 a.m. Thursday)"
        return tense_around(text, clause_start - 1, clause_end + 1)
    return tense


def _cue_tense(before: list[str], after: list[str]) -> Tense:
    candidates: list[tuple[int, Tense]] = []
    for distance, index in enumerate(range(len(before) - 1, -1, -1)):
        word = before[index]
        cue = _cue(word, before[index + 1] if index + 1 < len(before) else "")
        if word == "forecast" and index > 0 and before[index - 1][:1].isupper() and \
                not before[index - 1].endswith("s"):
            cue = Tense.PAST  # "Nvidia forecast record revenue on Wednesday": a singular subject's past
        if cue is None and word.lower() in AMBIGUOUS_PAST and \
                (index == 0 or before[index - 1].lower() not in NOT_PAST_AFTER):
            cue = Tense.PAST  # "Sabalenka beat Swiatek earlier in the day" (but "will hit on Friday")
        if cue is Tense.PAST and word.lower() not in PAST_CUES and index > 0 and \
                before[index - 1].lower() in ADJECTIVE_BEFORE:
            cue = None  # "on a still unspecified date", "the long-delayed vote": an adjective, not a past verb
        if cue is Tense.FUTURE and word.lower() in SCHEDULED_PRESENT and index > 0 and \
                (before[index - 1].lower() in NOUN_AFTER or before[index - 1][0].isdigit()):
            cue = None
        if cue is None and word in SCHEDULED_PRESENT_PLURAL and index > 0 and \
                before[index - 1].lower() not in NOT_FINITE_AFTER:
            cue = Tense.FUTURE
        if cue is Tense.PAST and _after_future_auxiliary(before[max(0, index - 3):index]):
            cue = Tense.FUTURE  # "will be held", "is to be signed", "will have met"
        elif cue is Tense.FUTURE and word.lower() not in PLAN_PROGRESSIVES and \
                _after_past_auxiliary(before[max(0, index - 3):index]):
            cue = Tense.PAST  # "had been due to expire", "was scheduled", "as previously planned"
        if cue is not None:
            candidates.append((distance, cue))
            break
    for distance, word in enumerate(after[:AFTER_REACH]):
        if candidates and word.lower() in ATTRIBUTION:
            break  # "... is expected over the weekend, forecasters said": the attribution has its own tense
        if word.lower() in SUBORDINATORS:
            break  # "landfall late Wednesday, two weeks after Helene killed 200": another clause's tense
        cue = _cue(word, after[distance + 1] if distance + 1 < len(after) else "")
        if cue is None and word.lower() in AMBIGUOUS_PAST and \
                (distance == 0 or after[distance - 1].lower() not in NOT_PAST_AFTER):
            cue = Tense.PAST  # "Temperatures at 3 p.m. hit 32C"
        if cue is Tense.PAST and candidates and word.lower() not in PAST_CUES:
            cue = None  # "will double its flights by August in search of markets untouched by": an adjective
        if cue is None and word in SCHEDULED_PRESENT_PLURAL and distance > 0 and \
                _PLURAL_SUBJECT.fullmatch(after[distance - 1]):
            cue = Tense.FUTURE  # "Beginning Friday, flights resume" (but "Alarcon, head of ..." is a noun)
        if cue is not None:
            candidates.append((distance + 2, cue))
            break
    if not candidates:
        return Tense.UNKNOWN
    _, tense = min(candidates, key=lambda c: c[0])
    if tense is Tense.PRESENT:
        # "is to meet on Monday", "are due on Friday": present forms that announce plans
        following = " ".join(after[:3]).lower()
        if re.match(r"(to|due|set|scheduled|expected|going)\b", following):
            return Tense.FUTURE
    return tense
