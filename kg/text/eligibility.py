"""Eligibility criteria text -> typed facts: criteria, qualified concept mentions, thresholds.

This is the entry point of the eligibility text layer; it knows nothing of RDF (the mapping
to triples is :mod:`kg.mapping.eligibility`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kg.text.criteria import Criterion, split_criteria
from kg.text.lexicon import Lexicon, Mention
from kg.text.qualifiers import QualifiedMention, qualify
from kg.text.quantities import Threshold, find_thresholds
from kg.vocab import obo

#: A term ending in a one-letter or numeral variant ("hepatitis B", "HIV-1", "type 1").
_VARIANT_END = re.compile(r"^(?P<stem>.*?[\s-])(?P<variant>[A-Z]|[IVX]{1,3}|\d)$")
#: Further variants of the same stem written elliptically: "hepatitis B or C", "A, B and C".
_ELLIPSIS = re.compile(r"\s*(?:,|/|&|\band/or\b|\band\b|\bor\b)\s*(?:,\s*)?"
                       r"(?P<variant>[A-Z]|[IVX]{1,3}|\d)(?![\w-])")
#: Adjectives that name a neoplastic disease once their noun is supplied ("malignant or
#: autoimmune diseases" = "malignant diseases or autoimmune diseases").
_TUMOUR_ADJECTIVE = re.compile(r"\b(?:malignant|neoplastic|oncologic(?:al)?|cancerous)\b",
                               re.IGNORECASE)
#: A coordinator right after such an adjective: the noun comes later in the list.
_COORDINATOR = re.compile(r"\s*(?:,|/|&)\s*(?:(?:and/or|and|or)\s+)?|\s+(?:and/or|and|or)\s+",
                          re.IGNORECASE)
_COORDINATED_WORD = re.compile(r"[\w'’-]+|\s*(?:,|/|&)\s*|\s+")
_MAX_COORDINATED_WORDS = 8
#: Mentions of a tumour word that modifies a non-disease noun ("tumor necrosis factor",
#: "tumour markers") or an agent against it ("anti-tumor therapy", "anti-cancer drugs").
_TUMOUR_WORD = re.compile(r"(?:tumou?r|cancer|neoplasm|neoplasia|malignanc(?:y|ies)|"
                          r"leuka?emia|lymphoma|sarcoma)s?$", re.IGNORECASE)
_ANTI_BEFORE = re.compile(r"\banti\s*[-‐‑–]?\s*$", re.IGNORECASE)
_NON_DISEASE_AFTER = re.compile(
    r"^[\s-]*(?:necrosis|markers?|biomarkers?|antigens?|suppressors?|associated\s+antigens?|"
    r"virus(?:es)?|research|cent(?:er|re)s?|institutes?|society|hospitals?|foundation|"
    r"registry|network|board)\b",
    re.IGNORECASE)
#: The head noun of a site-limited tumour ("liver tumor", "brain tumours", "eye tumors").
_TUMOUR_HEAD = re.compile(r"(?<![\w-])(?:tumou?rs?|neoplasms?)$", re.IGNORECASE)
#: A mention whose class is a site's neoplasm ("liver neoplasm"), not already a malignancy
#: ("malignant tumor" is cancer) nor a benign tumour.
_SITE_NEOPLASM_LABEL = re.compile(r"\b(?:neoplasm|tumou?r)s?\b", re.IGNORECASE)
_NOT_SITE_NEOPLASM = re.compile(r"benign|malignan|cancer|carcinom|sarcom", re.IGNORECASE)
#: Everyday words an ontology lists as lower-case synonyms of an abbreviation: MONDO's "arms"
#: (alveolar rhabdomyosarcoma) is a limb or a trial arm in criteria. The abbreviation written
#: in capitals ("ARMS") still counts.
_EVERYDAY_WORDS = frozenset({"arm", "arms"})


# Exclusions that imply narrower ones subclass reasoning cannot derive: a criterion that
# excludes every neoplasm ("any tumour", "neoplastic disease") excludes every cancer, though
# cancer is a subclass of neoplasm and not the other way round. One place, so that the graph
# (and every query on it), patient matching and the accuracy measurement agree.
IMPLIED_EXCLUSIONS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    obo("MONDO:0005070"): (obo("MONDO:0004992"),),
})


@dataclass(frozen=True)
class CriterionFact:
    """One criterion with its qualified concept mentions and numeric thresholds."""

    criterion: Criterion
    mentions: tuple[QualifiedMention, ...]
    thresholds: tuple[Threshold, ...]

    def concepts(self, effect: str) -> tuple[str, ...]:
        """IRIs of the concepts with that effect ("excludes", "requires", ...), in order.

        Exclusions include what they imply (:data:`IMPLIED_EXCLUSIONS`).
        """
        seen: dict[str, None] = {}
        for qm in self.mentions:
            if qm.effect == effect:
                seen.setdefault(qm.mention.iri, None)
                if effect == "excludes":
                    for implied in IMPLIED_EXCLUSIONS.get(qm.mention.iri, ()):
                        seen.setdefault(implied, None)
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
        found = without_non_disease_uses(criterion.text, lexicon.find(criterion.text))
        found = with_coordinated_adjectives(criterion.text, found, lexicon)
        found = with_tumour_heads(found, lexicon)
        mentions = with_elliptic_variants(criterion.text, found, lexicon)
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


def without_non_disease_uses(text: str, mentions: list[Mention]) -> list[Mention]:
    """Drop mentions that name no disease: tumour words as modifiers or targets.

    "tumor necrosis factor", "tumour markers", "anti-tumor drugs", "anti-cancer therapy",
    "T-cell leukemia virus", "Cancer Research Center"; also everyday words ("arm") that only
    an abbreviation synonym makes a term.

    >>> lex = Lexicon.from_entries([("tumor", "N", "neoplasm")])
    >>> text = "anti-tumor drugs, Tumor Necrosis Factor inhibitors, tumor markers, a tumor"
    >>> [m.start for m in without_non_disease_uses(text, lex.find(text))]
    [69]
    """
    out = []
    for m in mentions:
        if m.text.lower() in _EVERYDAY_WORDS and not m.text.isupper():
            continue
        if _TUMOUR_WORD.search(m.text) and (
                _ANTI_BEFORE.search(text, max(0, m.start - 8), m.start)
                or _NON_DISEASE_AFTER.match(text[m.end:m.end + 40])):
            continue
        out.append(m)
    return out


def with_coordinated_adjectives(text: str, mentions: list[Mention],
                                lexicon: Lexicon) -> list[Mention]:
    """Add the diseases named by a tumour adjective whose noun comes later in a list.

    "malignant or autoimmune diseases" names "malignant diseases"; "renal, malignant,
    metabolic or other condition" names "malignant condition". The adjective joined to a
    later word of the list must make a lexicon term of its own.

    >>> lex = Lexicon.from_entries([("malignant disease", "C", "cancer"),
    ...                             ("autoimmune disease", "A", "autoimmune disease")])
    >>> text = "History of malignant or autoimmune diseases"
    >>> [(m.text, m.iri) for m in with_coordinated_adjectives(text, lex.find(text), lex)]
    [('malignant', 'C'), ('autoimmune diseases', 'A')]
    """
    if not _TUMOUR_ADJECTIVE.search(text):
        return mentions
    added: list[Mention] = []
    for adj in _TUMOUR_ADJECTIVE.finditer(text):
        if any(m.start <= adj.start() < m.end for m in mentions):
            continue  # already part of a term ("malignant tumor")
        coordinator = _COORDINATOR.match(text, adj.end())
        if coordinator is None:
            continue
        pos, words = coordinator.end(), 0
        while words < _MAX_COORDINATED_WORDS and (m := _COORDINATED_WORD.match(text, pos)):
            pos = m.end()
            word = m.group()
            if not word.strip() or word.strip() in ",/&":
                continue
            words += 1
            phrase = f"{adj.group()} {word}"
            hit = lexicon.find(phrase)
            if len(hit) == 1 and hit[0].start == 0 and hit[0].end == len(phrase):
                added.append(Mention(adj.start(), adj.end(), adj.group(), hit[0].iri,
                                     hit[0].label))
                break
    if not added:
        return mentions
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end))


def with_tumour_heads(mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """Add "tumour" (the neoplasm class) for the head noun of a site-limited tumour.

    "Liver tumor" and "eye tumors" name site classes that include benign tumours; the
    criterion still excludes a tumour, as "tumor of the liver" does. Benign ones are left,
    and so are malignant ones ("malignant tumor" is cancer already).

    >>> lex = Lexicon.from_entries([("tumor", "N", "neoplasm"), ("malignant tumor", "C", "cancer"),
    ...                             ("liver tumor", "L", "liver neoplasm")])
    >>> text = "Liver tumor on CT, malignant tumor"
    >>> [(m.text, m.iri) for m in with_tumour_heads(lex.find(text), lex)]
    [('Liver tumor', 'L'), ('tumor', 'N'), ('malignant tumor', 'C')]
    """
    out: list[Mention] = []
    for m in mentions:
        out.append(m)
        head = _TUMOUR_HEAD.search(m.text)
        if head is None or head.start() == 0 or not _SITE_NEOPLASM_LABEL.search(m.label) or \
                _NOT_SITE_NEOPLASM.search(m.text) or _NOT_SITE_NEOPLASM.search(m.label):
            continue
        found = lexicon.find(head.group())  # the head noun's own concept: "tumor"
        if len(found) == 1 and found[0].end == len(head.group()) and found[0].iri != m.iri:
            out.append(Mention(m.start + head.start(), m.end, head.group(), found[0].iri,
                               found[0].label))
    return out


def excluded_concepts(facts: Iterable[CriterionFact]) -> set[str]:
    """Every concept IRI some criterion excludes."""
    return {iri for fact in facts for iri in fact.concepts("excludes")}


def excludes_any(facts: Iterable[CriterionFact], is_target: Callable[[str], bool]) -> bool:
    """Whether some criterion excludes a concept for which ``is_target`` holds.

    ``is_target`` is typically "is a subclass of malignancy".
    """
    return any(is_target(iri) for iri in excluded_concepts(facts))
