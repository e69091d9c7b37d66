"""Eligibility criteria facts -> triples: criteria, concept mentions, numeric thresholds.

Node IRIs derive from the trial and the criterion's place (``{trial}/criterion/exclusion/4``,
``.../mention/2``, ``.../threshold/1``), so a rebuild gives the same graph. Besides the
detailed mention nodes, each criterion carries shortcuts for fast canned queries:
``ctkg:mentions``, ``ctkg:excludesConcept`` and ``ctkg:requiresConcept``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from kg.mapping.trial import eligibility_iri
from kg.rdf import GraphBuilder
from kg.text.eligibility import CriterionFact, analyse_eligibility
from kg.text.lexicon import Lexicon
from kg.text.qualifiers import QualifiedMention
from kg.text.quantities import Threshold
from kg.vocab import CTKG, XSD

ELIGIBILITY_CRITERION = CTKG + "EligibilityCriterion"
INCLUSION_CRITERION = CTKG + "InclusionCriterion"
EXCLUSION_CRITERION = CTKG + "ExclusionCriterion"
CONCEPT_MENTION = CTKG + "ConceptMention"
NUMERIC_THRESHOLD = CTKG + "NumericThreshold"

CRITERION = CTKG + "criterion"
HAS_CRITERION = CTKG + "hasCriterion"
POSITION = CTKG + "position"
CRITERION_TEXT = CTKG + "criterionText"
TEXT_START = CTKG + "textStart"
TEXT_END = CTKG + "textEnd"
HEADING = CTKG + "heading"
SUBHEADING = CTKG + "subheading"
LISTED_AS = CTKG + "listedAs"
MENTIONS = CTKG + "mentions"
EXCLUDES_CONCEPT = CTKG + "excludesConcept"
REQUIRES_CONCEPT = CTKG + "requiresConcept"
HAS_MENTION = CTKG + "hasMention"
CONCEPT = CTKG + "concept"
MENTION_TEXT = CTKG + "mentionText"
EFFECT = CTKG + "effect"
NEGATED = CTKG + "negated"
TEMPORALITY = CTKG + "temporality"
TIME_WINDOW = CTKG + "timeWindow"
EXCEPT_CONCEPT = CTKG + "exceptConcept"
EXCEPT_TEXT = CTKG + "exceptText"
EXCEPTION_TO = CTKG + "exceptionTo"
CONDITION_TEXT = CTKG + "conditionText"
HAS_THRESHOLD = CTKG + "hasThreshold"
MEASURED_THING = CTKG + "measuredThing"
MEASURED_CONCEPT = CTKG + "measuredConcept"
COMPARATOR = CTKG + "comparator"
VALUE = CTKG + "value"
UPPER_VALUE = CTKG + "upperValue"
UNIT = CTKG + "unit"
MULTIPLE_OF = CTKG + "multipleOf"

KIND_CLASS: Mapping[str, str] = MappingProxyType({
    "inclusion": INCLUSION_CRITERION,
    "exclusion": EXCLUSION_CRITERION,
})
EFFECT_IRI: Mapping[str, str] = MappingProxyType({
    "excludes": CTKG + "Excludes",
    "requires": CTKG + "Requires",
    "allows": CTKG + "Allows",
    "exception": CTKG + "ExceptionTo",
})
TEMPORALITY_IRI: Mapping[str, str] = MappingProxyType({
    "current": CTKG + "Current",
    "history": CTKG + "History",
    "history_or_current": CTKG + "HistoryOrCurrent",
})
COMPARATOR_IRI: Mapping[str, str] = MappingProxyType({
    "<": CTKG + "LessThan",
    "<=": CTKG + "LessOrEqual",
    ">": CTKG + "GreaterThan",
    ">=": CTKG + "GreaterOrEqual",
    "=": CTKG + "Equal",
    "between": CTKG + "Between",
})
REFERENCE_IRI: Mapping[str, str] = MappingProxyType({"ULN": CTKG + "ULN", "LLN": CTKG + "LLN"})


def criteria_text(study: Mapping[str, Any]) -> str | None:
    """The criteria text of a v2-shaped study record, or None."""
    module = (study.get("protocolSection") or {}).get("eligibilityModule") or {}
    text = module.get("eligibilityCriteria")
    return text if isinstance(text, str) and text.strip() else None


def criterion_iri(trial: str, kind: str, position: int) -> str:
    """IRI of a criterion: ``{trial}/criterion/{inclusion|exclusion}/{n}``."""
    return f"{trial}/criterion/{kind}/{position}"


def map_eligibility(g: GraphBuilder, trial: str, study: dict[str, Any], lexicon: Lexicon) -> None:
    """Add the trial's criteria, their qualified concept mentions and thresholds to ``g``."""
    text = criteria_text(study)
    if text is None:
        return
    add_criteria(g, trial, analyse_eligibility(text, lexicon))


def add_criteria(g: GraphBuilder, trial: str, facts: list[CriterionFact]) -> None:
    """Triples of already analysed criteria."""
    eligibility = eligibility_iri(trial)
    for fact in facts:
        c = fact.criterion
        node = criterion_iri(trial, c.kind, c.position)
        g.type(node, KIND_CLASS[c.kind])
        g.link(trial, CRITERION, node)
        g.link(eligibility, HAS_CRITERION, node)
        g.integer(node, POSITION, c.position)
        g.text(node, CRITERION_TEXT, c.text)
        g.integer(node, TEXT_START, c.start)
        g.integer(node, TEXT_END, c.end)
        g.text(node, HEADING, c.heading)
        g.text(node, SUBHEADING, c.subheading)
        if c.section_kind is not None and c.section_kind != c.kind:
            # Only when the effective kind differs from the heading's: 30k triples saved.
            g.link(node, LISTED_AS, KIND_CLASS[c.section_kind])
        for iri in dict.fromkeys(qm.mention.iri for qm in fact.mentions):
            g.link(node, MENTIONS, iri)
        for iri in fact.concepts("excludes"):
            g.link(node, EXCLUDES_CONCEPT, iri)
        for iri in fact.concepts("requires"):
            g.link(node, REQUIRES_CONCEPT, iri)
        for k, qm in enumerate(fact.mentions, start=1):
            _mention(g, node, k, qm)
        for k, threshold in enumerate(fact.thresholds, start=1):
            _threshold(g, node, k, threshold)


def _mention(g: GraphBuilder, criterion: str, k: int, qm: QualifiedMention) -> None:
    node = f"{criterion}/mention/{k}"
    g.type(node, CONCEPT_MENTION)
    g.link(criterion, HAS_MENTION, node)
    g.link(node, CONCEPT, qm.mention.iri)
    g.text(node, MENTION_TEXT, qm.mention.text)
    g.link(node, EFFECT, EFFECT_IRI[qm.effect] if qm.effect else None)
    g.boolean(node, NEGATED, qm.negated)
    g.link(node, TEMPORALITY, TEMPORALITY_IRI[qm.temporality] if qm.temporality else None)
    g.typed(node, TIME_WINDOW, qm.time_window, XSD + "duration")
    for iri in qm.except_concepts:
        g.link(node, EXCEPT_CONCEPT, iri)
    g.text(node, EXCEPT_TEXT, qm.except_text)
    g.text(node, CONDITION_TEXT, qm.condition)
    if qm.exception_to is not None:
        g.link(node, EXCEPTION_TO, f"{criterion}/mention/{qm.exception_to + 1}")


def _threshold(g: GraphBuilder, criterion: str, k: int, t: Threshold) -> None:
    node = f"{criterion}/threshold/{k}"
    g.type(node, NUMERIC_THRESHOLD)
    g.link(criterion, HAS_THRESHOLD, node)
    g.text(node, MEASURED_THING, t.measured)
    g.link(node, MEASURED_CONCEPT, t.concept)
    g.link(node, COMPARATOR, COMPARATOR_IRI[t.comparator])
    g.decimal(node, VALUE, t.value)
    g.decimal(node, UPPER_VALUE, t.upper)
    g.text(node, UNIT, t.unit)
    g.link(node, MULTIPLE_OF, REFERENCE_IRI[t.multiple_of] if t.multiple_of else None)
