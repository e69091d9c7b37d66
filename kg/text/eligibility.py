"""Eligibility criteria text -> typed facts: criteria, qualified concept mentions, thresholds.

This is the entry point of the eligibility text layer; it knows nothing of RDF (the mapping
to triples is :mod:`kg.mapping.eligibility`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.text.criteria import Criterion, split_criteria
from kg.text.lexicon import Lexicon, Mention
from kg.text.qualifiers import QualifiedMention, qualify
from kg.text.quantities import Threshold, find_thresholds

#: A term ending in a one-letter or numeral variant ("hepatitis B", "HIV-1", "type 1").
_VARIANT_END = re.compile(r"^(?P<stem>.*?[\s-])(?P<variant>[A-Z]|[IVX]{1,3}|\d)$")
#: Further variants of the same stem written elliptically: "hepatitis B or C", "A, B and C".
_ELLIPSIS = re.compile(r"\s*(?:,|/|&|\band/or\b|\band\b|\bor\b)\s*(?:,\s*)?"
                       r"(?P<variant>[A-Z]|[IVX]{1,3}|\d)(?![\w-])")


@dataclass(frozen=True)
class CriterionFact:
    """One criterion with its qualified concept mentions and numeric thresholds."""

    criterion: Criterion
    mentions: tuple[QualifiedMention, ...]
    thresholds: tuple[Threshold, ...]

    def concepts(self, effect: str) -> tuple[str, ...]:
        """IRIs of the concepts with that effect ("excludes", "requires", ...), in order."""
        seen: dict[str, None] = {}
        for qm in self.mentions:
            if qm.effect == effect:
                seen.setdefault(qm.mention.iri, None)
        return tuple(seen)


def analyse_eligibility(text: str, lexicon: Lexicon) -> list[CriterionFact]:
    r"""Split criteria text and qualify every concept mention and threshold in it.

    >>> lex = Lexicon.from_entries([("malignancy", "http://purl.obolibrary.org/obo/"
    ...                              "MONDO_0004992", "cancer")])
    >>> facts = analyse_eligibility("Exclusion Criteria:\n* History of malignancy", lex)
    >>> facts[0].concepts("excludes")
    ('http://purl.obolibrary.org/obo/MONDO_0004992',)
    """
    facts: list[CriterionFact] = []
    for criterion in split_criteria(text):
        mentions = with_elliptic_variants(criterion.text, lexicon.find(criterion.text), lexicon)
        qualified = qualify(criterion.text, mentions, criterion.section_kind)
        thresholds = find_thresholds(criterion.text, mentions, criterion.subheading)
        facts.append(CriterionFact(criterion, tuple(qualified), tuple(thresholds)))
    return facts


def with_elliptic_variants(text: str, mentions: list[Mention],
                           lexicon: Lexicon) -> list[Mention]:
    """Add the concepts of elliptic coordinations ("hepatitis B or C").

    The lone "C" means "hepatitis C"; the rebuilt phrase must be a lexicon term of its own.

    >>> lex = Lexicon.from_entries([("hepatitis B", "B", "hepatitis B"),
    ...                             ("hepatitis C", "C", "hepatitis C")])
    >>> [m.iri for m in with_elliptic_variants("HBV: hepatitis B or C",
    ...  lex.find("HBV: hepatitis B or C"), lex)]
    ['B', 'C']
    """
    out: list[Mention] = []
    for i, mention in enumerate(mentions):
        out.append(mention)
        head = _VARIANT_END.match(mention.text)
        if head is None:
            continue
        limit = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        pos = mention.end
        while (m := _ELLIPSIS.match(text, pos, limit)) is not None:
            phrase = head.group("stem") + m.group("variant")
            found = lexicon.find(phrase)
            if len(found) == 1 and found[0].start == 0 and found[0].end == len(phrase):
                out.append(Mention(m.start("variant"), m.end("variant"), m.group("variant"),
                                   found[0].iri, found[0].label))
            pos = m.end()
    return out


def excluded_concepts(facts: Iterable[CriterionFact]) -> set[str]:
    """Every concept IRI some criterion excludes."""
    return {iri for fact in facts for iri in fact.concepts("excludes")}


def excludes_any(facts: Iterable[CriterionFact], is_target: Callable[[str], bool]) -> bool:
    """Whether some criterion excludes a concept for which ``is_target`` holds.

    ``is_target`` is typically "is a subclass of malignancy".
    """
    return any(is_target(iri) for iri in excluded_concepts(facts))
