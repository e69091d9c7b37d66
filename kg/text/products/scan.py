"""One text of a record with the product, tissue, donor, route and modification words in it.

Also the sentence and snippet helpers every decision uses on those texts.
"""

from __future__ import annotations

import re
from functools import cached_property

from kg.text.products.tables import (
    DONOR_TABLE,
    KIND_TABLE,
    MOD_TABLE,
    ROUTE_TABLE,
    TISSUE_TABLE,
    Hit,
)

#: Participants giving their own tissue for the product ("All subjects will undergo bone
#: marrow aspiration", "Patients undergo leukapheresis"): the group is the tissue harvested.
_HARVEST_WORDS = (r"(?:(bone[- ]marrow (?:aspiration|harvest\w*|collection|puncture))|(liposuction"
                  r"|lipoaspiration|fat harvest\w*|adipose tissue harvest\w*)"
                  r"|((?:leuk[oa]?c?y?t?)?apheresis))")
_SELF_HARVEST = re.compile(
    r"\b(?:patients?|subjects?|participants?|individuals?)\b(?:[\s,]+[\w-]+){0,8}?[\s,]+"
    r"(?:will\s+)?(?:undergo|underwent|undergoes|undergoing)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?"
    + _HARVEST_WORDS, re.IGNORECASE)
#: The same harvests said in the passive: "Liposuction is carried out in general anesthesia.
#: Isolation of stem cells will be done simultaneously and the stem cells injected".
_PASSIVE_HARVEST = re.compile(
    r"\b" + _HARVEST_WORDS
    + r"\s+(?:is|are|was|will be)\s+(?:then\s+)?(?:carried out|performed|done|undertaken)\b",
    re.IGNORECASE)
#: Each harvest pattern with the words a text must hold for it to be tried.
_HARVEST_CUES = ((_SELF_HARVEST, ("undergo", "underwent")),
                 (_PASSIVE_HARVEST, ("marrow", "liposuction", "lipoaspiration", "harvest",
                                     "apheresis")))
#: Words that make a harvest a test ("bone marrow aspiration to assess response").
_HARVEST_IS_TEST = re.compile(r"\b(?:assess\w*|evaluat\w*|examin\w*|biops\w*|respon\w*"
                              r"|morpholog\w*|chimerism|diagnos\w*|minimal residual|MRD)\b",
                              re.IGNORECASE)
ATTACH_WINDOW = 60  # characters between a tissue/donor word and the product word it describes
#: A stop inside parentheses ("(Total volume: 30 - 50 ml)") does not end the sentence.
_SENTENCE_BREAK = re.compile(r"[.;:!?]\s(?![^()\n]{0,80}\))|\n")


class Mentions:
    """The product, tissue, donor, route and modification words of one text, found on first use.

    Shared by every field of a study that holds the same text (an arm label repeated as the
    intervention's name, a description copied into the arm): a text is searched once.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        lower = text.lower()
        if len(lower) != len(text):  # a few characters change length when lower-cased
            lower = "".join(ch.lower()[:1] for ch in text)
        self.lower = lower
        self._around: dict[tuple[int, int], tuple[Hit, ...]] = {}

    @cached_property
    def kinds(self) -> tuple[Hit, ...]:
        """The product words of the text."""
        return KIND_TABLE.hits(self.text)

    def kinds_around(self, start: int, end: int, pad: int, whole: bool) -> tuple[Hit, ...]:
        """Product words within ``pad`` of ``start:end``; ``whole`` searches the whole text."""
        lo = max(0, start - pad)
        hi = min(len(self.text), end + pad)
        if whole or "kinds" in self.__dict__:
            return tuple(h for h in self.kinds if h.end > lo and h.start < hi)
        found = self._around.get((lo, hi))
        if found is None:
            found = self._around[(lo, hi)] = KIND_TABLE.hits(self.text, [(lo, hi)])
        return found

    @cached_property
    def tissues(self) -> tuple[Hit, ...]:
        """The tissue words of the text."""
        return TISSUE_TABLE.hits(self.text)

    @cached_property
    def donors(self) -> tuple[Hit, ...]:
        """The donor words of the text (autologous, allogeneic, ...)."""
        return DONOR_TABLE.hits(self.text)

    @cached_property
    def routes(self) -> tuple[Hit, ...]:
        """The route words of the text."""
        return ROUTE_TABLE.hits(self.text)

    @cached_property
    def harvests(self) -> tuple[tuple[int, int, int], ...]:
        """(tissue group, start, end) of the harvests participants undergo here.

        The groups are those of _SELF_HARVEST and _PASSIVE_HARVEST: marrow, fat, apheresis.
        """
        patterns = [pattern for pattern, cues in _HARVEST_CUES
                    if any(cue in self.lower for cue in cues)]
        found = []
        for match in (m for pattern in patterns for m in pattern.finditer(self.text)):
            if not harvest_is_test(self.text, match.start(), match.end()):
                group = next(i for i in range(3) if match.group(i + 1))
                found.append((group, match.start(), match.end()))
        return tuple(found)

    @cached_property
    def mods(self) -> tuple[Hit, ...]:
        """The genetic modification words of the text (CAR, TCR, ...)."""
        return MOD_TABLE.hits(self.text)


class Scan:
    """One text of the record in one field, with its mentions.

    They are kept for the other interventions of the same study; each call of
    extract_products makes its own scans.
    """

    def __init__(self, field_name: str, level: int, mentions: Mentions) -> None:
        self.field = field_name
        self.level = level
        self.mentions = mentions
        self.text = mentions.text
        self.lower = mentions.lower
        self.usable: list[Hit] | None = None  # see _usable_kind_hits

    @property
    def kinds(self) -> tuple[Hit, ...]:
        """The product words of the text."""
        return self.mentions.kinds

    def kinds_around(self, start: int, end: int, pad: int = ATTACH_WINDOW + 40
                     ) -> tuple[Hit, ...]:
        """Product words within reach of ``start:end`` (a tissue, donor or route word).

        Long trial texts are not searched whole for product words: only around the words
        that need one beside them, which are few.
        """
        return self.mentions.kinds_around(start, end, pad, whole=self.level == 0)

    @property
    def tissues(self) -> tuple[Hit, ...]:
        """The tissue words of the text."""
        return self.mentions.tissues

    @property
    def donors(self) -> tuple[Hit, ...]:
        """The donor words of the text."""
        return self.mentions.donors

    @property
    def routes(self) -> tuple[Hit, ...]:
        """The route words of the text."""
        return self.mentions.routes

    @property
    def harvests(self) -> tuple[tuple[int, int, int], ...]:
        """The harvests participants undergo in the text (see :meth:`Mentions.harvests`)."""
        return self.mentions.harvests

    @property
    def mods(self) -> tuple[Hit, ...]:
        """The genetic modification words of the text."""
        return self.mentions.mods


def snippet(text: str, start: int, end: int, pad: int = 40) -> str:
    """The sentence part around a match, trimmed to whole words, for evidence."""
    lo = max(0, start - pad)
    hi = min(len(text), end + pad)
    head = text[lo:start]
    cut = max(head.rfind(". "), head.rfind("\n"))
    if cut >= 0:
        lo += cut + 1
    elif lo > 0 and " " in head:
        lo += head.index(" ") + 1
    tail = text[end:hi]
    stop = min((i for i in (tail.find(". "), tail.find("\n")) if i >= 0), default=-1)
    if stop >= 0:
        hi = end + stop + 1
    elif hi < len(text) and " " in tail:
        hi = end + tail.rindex(" ")
    return " ".join(text[lo:hi].split())


def same_sentence(text: str, a: int, b: int) -> bool:
    """Whether nothing ends a sentence between ``a`` and ``b`` of ``text``."""
    lo, hi = (a, b) if a <= b else (b, a)
    return _SENTENCE_BREAK.search(text, lo, hi) is None


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around ``start:end``."""
    # The last break before ``start`` is nearly always in the 400 characters before it: look
    # there first, and through the whole text before only when there is none.
    lo = max((m.end() for m in _SENTENCE_BREAK.finditer(text, max(0, start - 400), start)),
             default=-1)
    if lo < 0:
        lo = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    found = _SENTENCE_BREAK.search(text, end)
    return lo, found.start() if found else len(text)


def harvest_is_test(text: str, start: int, end: int) -> bool:
    """Whether a harvest at ``start:end`` assesses the disease rather than makes the product."""
    lo, hi = sentence(text, start, end)
    return _HARVEST_IS_TEST.search(text, max(lo, start - 60), min(hi, end + 100)) is not None
