"""Word lists of the temporal grammar: the data half of the engine (the rules are in rules/, one module per kind)."""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Month names that are also common English words; bare, they need a date-like neighbour to count.
AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "jun", "jul", "aug", "sep", "oct", "dec"})

WEEKDAYS: dict[str, int] = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
}

# Three- and four-letter weekdays. "sun", "sat", "wed", "mon" are also words, so they are read only where
# nothing else can be meant (a phrase alone: a calendar cell, a caption, a query).
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5, "sat": 6, "sun": 7,
}


def weekday_number(word: str) -> int:
    """1 (Monday) to 7 of a weekday's name or its abbreviation ("Wed.")."""
    word = word.lower().rstrip(".")
    return WEEKDAYS.get(word) or WEEKDAY_ABBREVIATIONS[word]


# days from publication ("the" before the two-day forms is optional)
RELATIVE_DAYS: dict[str, int] = {
    "day before yesterday": -2, "day after tomorrow": 2, "yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0,
}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

ORDINAL_PERIODS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}

# ordinal words of the days of a month ("the first of March", "March twenty-first")
_UNITS_ORDINAL = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
ORDINAL_WORDS: dict[str, int] = {
    **{word: n for n, word in enumerate(_UNITS_ORDINAL, 1)},
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    **{f"twenty-{word}": 20 + n for n, word in enumerate(_UNITS_ORDINAL, 1)}, "thirty-first": 31,
    "last": -1, "final": -1,
}

# The written convention for the parts of a period, used by every rule that narrows one ("early 2017",
# "the end of the month", "mid-week", "EOQ"): for each period, the first and last of its sub-periods, counted
# from 1, that "early" ("beginning of", "start of"), "mid" ("middle of") and "late" ("end of") name. The
# sub-periods are days of a week or month, months of a quarter, half, season or year, years of a decade or
# century. A month's late part runs to its last day, whatever its length; the week is ISO (Monday first).
PERIOD_PARTS: dict[str, dict[str, tuple[int, int]]] = {
    "week": {"early": (1, 2), "mid": (3, 4), "late": (5, 7)},          # Mon-Tue, Wed-Thu, Fri-Sun
    "month": {"early": (1, 10), "mid": (11, 20), "late": (21, 31)},   # the three "dekads" of a month
    "quarter": {"early": (1, 1), "mid": (2, 2), "late": (3, 3)},      # one month each
    "half": {"early": (1, 2), "mid": (3, 4), "late": (5, 6)},
    "season": {"early": (1, 1), "mid": (2, 2), "late": (3, 3)},       # "late summer" is August
    "year": {"early": (1, 4), "mid": (5, 8), "late": (9, 12)},        # Jan-Apr, May-Aug, Sep-Dec
    "decade": {"early": (1, 3), "mid": (4, 7), "late": (8, 10)},      # "the early 1990s" 1990-1992
    "century": {"early": (1, 33), "mid": (34, 67), "late": (68, 100)},
}

# abbreviations of the parts of periods that business and chat text use: (unit, part)
PERIOD_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "eod": ("day", "late"), "cob": ("day", "late"), "eow": ("week", "late"), "eom": ("month", "late"),
    "eoq": ("quarter", "late"), "eoy": ("year", "late"), "bom": ("month", "early"), "boy": ("year", "early"),
}

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "a dozen": 12, "a hundred": 100, "a couple of": 2, "a couple": 2, "couple of": 2, "half a": 0.5, "half an": 0.5,
    "one and a half": 1.5, "a half": 0.5, "a single": 1, "another": 1,
}
# Quantities that name no number: "several weeks" is a duration of unknown length (PXW).
VAGUE_QUANTITIES = frozenset({"several", "a few", "few", "many", "some", "numerous", "a number of", "the"})

# unit word -> (TIMEX3 duration letter, is a time unit (PT..), granularity name)
# number words that start a counted noun phrase ("four flights a week")
COUNT_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|hundred|thousand"

UNITS: dict[str, tuple[str, bool, str]] = {
    "second": ("S", True, "day"), "minute": ("M", True, "day"), "hour": ("H", True, "day"),
    "day": ("D", False, "day"), "night": ("D", False, "day"), "week": ("W", False, "week"),
    "weekend": ("WE", False, "week"), "fortnight": ("W", False, "week"), "month": ("M", False, "month"),
    "quarter": ("Q", False, "quarter"), "year": ("Y", False, "year"), "decade": ("DE", False, "decade"),
    "century": ("CE", False, "century"),
}
# every way a unit is written in full: singular, plural ("centuries")
UNIT_WORDS: frozenset[str] = frozenset({*UNITS, *(unit + "s" for unit in UNITS), "centuries"})

# vague references that are as often a manner as a time in running text ("no judgment is needed at this
# time"): read only as a phrase alone
VAGUE_REFERENCES_ALONE = frozenset({"at this time"})

# how many units a vague count spans on the calendar ("the next few days" the three days after publication);
# the TIMEX3 value stays unspecified (PXD)
VAGUE_COUNT_SPANS: dict[str, int] = {"a few": 3, "few": 3, "several": 5}

# short forms of units that notes, captions and headlines write ("last yr", "this qtr", "5 wks ago")
UNIT_ABBREVIATIONS: dict[str, str] = {"yr": "year", "yrs": "year", "qtr": "quarter", "qtrs": "quarter", "wk": "week",
                                      "wks": "week"}

SET_ADVERBS: dict[str, str] = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M",
    "quarterly": "P1Q", "annually": "P1Y", "yearly": "P1Y",
}

# nouns "overnight" qualifies as an adjective of manner or kind, not as last night
NOT_A_NIGHT_AFTER_OVERNIGHT = frozenset({
    "success", "successes", "sensation", "star", "stay", "stays", "bag", "bags", "rate", "rates", "lending",
    "delivery", "shipping", "camp", "guests", "parking", "train", "flight", "flights", "bus", "ferry",
    "index", "repo", "market", "markets", "funding", "loans", "deposits", "shift", "shifts", "oats",
})

# (value, days back, days forward) for vague references, measured from the publication date; None where the
# reference sets no bound on that side ("in the future" is any time after publication, not ten years of it).
# The preposition before them ("in recent weeks", "in the coming days") is a signal, not part of the span.
VAGUE_REFERENCES: dict[str, tuple[str, int | None, int | None]] = {
    "now": ("PRESENT_REF", 0, 0), "right now": ("PRESENT_REF", 0, 0), "currently": ("PRESENT_REF", 0, 0),
    "current": ("PRESENT_REF", 0, 0), "at present": ("PRESENT_REF", 0, 0), "presently": ("PRESENT_REF", 0, 0),
    "at the moment": ("PRESENT_REF", 0, 0), "at this time": ("PRESENT_REF", 0, 0), "these days": ("PRESENT_REF", 14, 0),
    "nowadays": ("PRESENT_REF", 30, 0),
    "the other day": ("PAST_REF", 7, -1),
    "recently": ("PAST_REF", 30, 0), "recent": ("PAST_REF", 30, 0), "lately": ("PAST_REF", 30, 0),
    "the past": ("PAST_REF", None, 0), "formerly": ("PAST_REF", None, 0),
    "recent days": ("PAST_REF", 7, 0), "recent weeks": ("PAST_REF", 42, 0),
    "recent months": ("PAST_REF", 183, 0), "recent quarters": ("PAST_REF", 365, 0),
    "recent years": ("PAST_REF", 1826, 0), "past years": ("PAST_REF", 1826, 0),
    "then current": ("PAST_REF", None, 0), "then-current": ("PAST_REF", None, 0),
    "the future": ("FUTURE_REF", 0, None), "a later date": ("FUTURE_REF", 0, 365),
    "a future date": ("FUTURE_REF", 0, 365), "as soon as possible": ("FUTURE_REF", 0, 30),
    "the near future": ("FUTURE_REF", 0, 90), "the foreseeable future": ("FUTURE_REF", 0, 365),
    "soon": ("FUTURE_REF", 0, 30), "imminently": ("FUTURE_REF", 0, 7),
    "within days": ("FUTURE_REF", 0, 14), "within weeks": ("FUTURE_REF", 0, 56),
    "within months": ("FUTURE_REF", 0, 183), "the coming days": ("FUTURE_REF", 0, 14),
    "the coming weeks": ("FUTURE_REF", 0, 56), "the coming months": ("FUTURE_REF", 0, 183),
    "the coming years": ("FUTURE_REF", 0, 1826), "the coming days or weeks": ("FUTURE_REF", 0, 42),
    "the coming weeks or months": ("FUTURE_REF", 0, 183), "the days ahead": ("FUTURE_REF", 0, 14),
    "the weeks ahead": ("FUTURE_REF", 0, 56), "the months ahead": ("FUTURE_REF", 0, 183),
    "the years ahead": ("FUTURE_REF", 0, 1826), "the near term": ("FUTURE_REF", 0, 183),
    "the short term": ("FUTURE_REF", 0, 183), "the long term": ("FUTURE_REF", 0, None),
    "coming days": ("FUTURE_REF", 0, 14), "coming weeks": ("FUTURE_REF", 0, 56),
    "coming months": ("FUTURE_REF", 0, 183), "coming years": ("FUTURE_REF", 0, 1826),
    "coming quarters": ("FUTURE_REF", 0, 365), "the coming quarters": ("FUTURE_REF", 0, 365),
    "future quarters": ("FUTURE_REF", 0, 365), "future years": ("FUTURE_REF", 0, 1826),
}

# fixed-date holidays: name -> (month, day)
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas": (12, 25), "christmas day": (12, 25),
    "christmas eve": (12, 24), "boxing day": (12, 26), "independence day": (7, 4), "halloween": (10, 31),
    "valentine's day": (2, 14), "veterans day": (11, 11), "bastille day": (7, 14), "may day": (5, 1),
    "xmas": (12, 25), "xmas day": (12, 25), "xmas eve": (12, 24), "new year's": (1, 1), "st patrick's day": (3, 17),
    "st. patrick's day": (3, 17), "groundhog day": (2, 2), "juneteenth": (6, 19), "armistice day": (11, 11),
    "remembrance day": (11, 11), "all saints' day": (11, 1), "earth day": (4, 22), "the ides of march": (3, 15),
    "ides of march": (3, 15), "new year": (1, 1),
}

# days counted from Easter Sunday
EASTER_HOLIDAYS: dict[str, int] = {
    "easter": 0, "easter sunday": 0, "easter monday": 1, "good friday": -2, "maundy thursday": -3,
    "holy thursday": -3, "palm sunday": -7, "ash wednesday": -46, "shrove tuesday": -47, "pentecost": 49,
}
# days counted from Thanksgiving (the fourth Thursday of November, US)
THANKSGIVING_HOLIDAYS: dict[str, int] = {"thanksgiving": 0, "thanksgiving day": 0, "black friday": 1, "cyber monday": 4}
# (month, ISO weekday, nth; -1 the last) for US holidays on a weekday of a month
WEEKDAY_HOLIDAYS: dict[str, tuple[int, int, int]] = {
    "memorial day": (5, 1, -1), "labor day": (9, 1, 1), "labour day": (9, 1, 1), "mother's day": (5, 7, 2),
    "mothers day": (5, 7, 2), "father's day": (6, 7, 3), "fathers day": (6, 7, 3),
    "martin luther king day": (1, 1, 3), "martin luther king jr. day": (1, 1, 3), "mlk day": (1, 1, 3),
    "presidents day": (2, 1, 3), "presidents' day": (2, 1, 3), "columbus day": (10, 1, 2),
    "indigenous peoples' day": (10, 1, 2),
}
# days counted from the US Election Day (the Tuesday after the first Monday of November)
ELECTION_HOLIDAYS: dict[str, int] = {"election day": 0}
# holiday names that are also plain nouns in lower case ("a spring festival", "on election day" of any
# election): only their capitalised form is the holiday
CAPITALISED_ONLY_HOLIDAYS = frozenset({
    "spring festival", "election day", "independence day", "may day", "black friday", "cyber monday",
    "earth day", "new year's", "new year", "passover", "easter", "pentecost",
})

# holidays of lunar and lunisolar calendars: name -> (a country that keeps it, its name in the `holidays`
# package, English); the first day of that name in the year is the date
CALENDAR_HOLIDAYS: dict[str, tuple[str, str]] = {
    "lunar new year": ("CN", "Chinese New Year (Spring Festival)"),
    "chinese new year": ("CN", "Chinese New Year (Spring Festival)"),
    "spring festival": ("CN", "Chinese New Year (Spring Festival)"),
    "mid-autumn festival": ("CN", "Mid-Autumn Festival"), "dragon boat festival": ("CN", "Dragon Boat Festival"),
    "eid al-fitr": ("TR", "Eid al-Fitr"), "eid al-adha": ("TR", "Eid al-Adha"), "diwali": ("IN", "Diwali"),
    "rosh hashanah": ("IL", "Rosh Hashanah"), "yom kippur": ("IL", "Yom Kippur"), "passover": ("IL", "Pesach"),
}

# Words after a number that show it counts things, not years ("2000 troops", "1990 models").
COUNTED_NOUN_HINTS = frozenset({
    "people", "troops", "soldiers", "men", "women", "children", "dollars", "euros", "pounds", "shares",
    "units", "cars", "points", "percent", "votes", "tons", "tonnes", "miles", "kilometers", "km", "feet",
    "meters", "metres", "barrels", "missiles", "systems", "drones", "deaths", "cases", "jobs", "times",
    "years", "months", "weeks", "days", "hours",
})

# What a window of the text holds besides keywords, for the rules' word gates: a temporal figure (a year, a
# clock time, "9/11", "Q3"), or the whole text as a phrase said alone.
FIGURE = "#figure"
WHOLE_PHRASE = "#alone"

# The words near which a rule can match at all (with the figures in engine.TEMPORAL_FIGURE: years, clock
# times, Q3): the engine runs its rules only in windows around them.
KEYWORDS: frozenset[str] = frozenset({
    *MONTHS, *WEEKDAYS, *PARTS_OF_DAY, *SEASONS, *UNIT_WORDS,
    *SET_ADVERBS, "ago", "now", "currently", "current", "present", "presently", "recent", "recently", "lately",
    "late", "later", "past", "future", "soon", "imminently", "moment", "nowadays", "today", "tomorrow",
    "yesterday", "tonight", "half", "period", "noon", "midday", "midnight", "eighteen", "nineteen", "twenty",
    "thousand", "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties",
    "christmas", "easter", "pentecost", "thanksgiving", "independence", "halloween", "valentine", "veterans",
    "bastille", "boxing", "lunar", "chinese", "festival", "eid", "diwali", "rosh", "yom", "passover",
    "formerly", "fiscal", "fy", "within", "coming", "ahead", "term", "then", "someday", "week-end", "midweek", "hence",
    "clock",
    *UNIT_ABBREVIATIONS,
    *PERIOD_ABBREVIATIONS, *(word for name in (*FIXED_HOLIDAYS, *EASTER_HOLIDAYS, *THANKSGIVING_HOLIDAYS,
                                               *WEEKDAY_HOLIDAYS, *ELECTION_HOLIDAYS, *CALENDAR_HOLIDAYS)
                             for word in name.replace("'", " ").replace("-", " ").split() if len(word) > 3
                             and word not in {"day", "days", "eve", "year", "new", "sunday", "monday", "peoples"}),
})
