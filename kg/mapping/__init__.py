"""Study dict + text facts -> the triples of one trial's named graph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg import __version__
from kg import terms as T
from kg import vocab as V
from kg.errors import FieldError
from kg.mapping.fields import Fields
from kg.mapping.trial import map_trial
from kg.rdf import GraphBuilder

if TYPE_CHECKING:
    from kg.ontology import Ontology

SOFTWARE_IRI = f"{V.CTKG}software/cell-trials-kg/{__version__}"
ANNOTATION_PARTS: tuple[str, ...] = ("conditions", "products", "eligibility")


@dataclass(frozen=True)
class MappingContext:
    """What every trial's mapping shares within one build."""

    build_time: str  # xsd:dateTime of the build, the same for every trial of a build
    ontology: Ontology | None = None  # None maps the record alone (no ontology links)
    #: Which ontology-linked parts to add (benchmarks measure each part's cost).
    parts: frozenset[str] = frozenset(ANNOTATION_PARTS)


@dataclass(frozen=True)
class SourceInfo:
    """Where a record came from, for its provenance."""

    origin: str
    fmt: str
    last_update: str | None = None
    registry_version: str | None = None


def nct_id_of(study: dict[str, Any]) -> str:
    """The NCT id of a v2 study dict, or a FieldError."""
    path = "protocolSection.identificationModule.nctId"
    ident = study.get("protocolSection", {}).get("identificationModule", {})
    value = ident.get("nctId") if isinstance(ident, dict) else None
    if not isinstance(value, str) or not V.NCT_ID.match(value):
        raise FieldError(path, f"missing or malformed NCT id: {value!r}")
    return value


def map_study(study: dict[str, Any], source: SourceInfo, ctx: MappingContext) -> GraphBuilder:
    """Map one v2 study to its named graph (raises FieldError on bad fields)."""
    nct_id = nct_id_of(study)
    trial = V.trial_iri(nct_id)
    g = GraphBuilder(trial)
    f = Fields(nct_id)
    map_trial(g, trial, study, f)
    if ctx.ontology is not None:
        _map_ontology_links(g, trial, study, ctx.ontology, ctx.parts)
    _provenance(g, trial, source, ctx, f)
    return g


def _map_ontology_links(g: GraphBuilder, trial: str, study: dict[str, Any],
                        ontology: Ontology, parts: frozenset[str]) -> None:
    # Imported here so that mapping a record alone does not load the text modules.
    from kg.mapping.conditions import map_conditions
    from kg.mapping.eligibility import map_eligibility
    from kg.mapping.products import map_products
    from kg.text.products import extract_products

    if "conditions" in parts:
        map_conditions(g, trial, study, ontology)
    if "products" in parts:
        map_products(g, trial, study, extract_products(study, ontology.lexicon))
    if "eligibility" in parts:
        map_eligibility(g, trial, study, ontology.lexicon)


def _provenance(g: GraphBuilder, trial: str, source: SourceInfo, ctx: MappingContext,
                f: Fields) -> None:
    record = f"{trial}/source"
    g.link(trial, T.WAS_DERIVED_FROM, record)
    g.type(record, T.SOURCE_RECORD)
    g.type(record, V.PROV + "Entity")
    g.text(record, T.SOURCE_FILE, source.origin)
    g.text(record, T.SOURCE_FORMAT, source.fmt)
    for prop, value, path in (
        (T.RECORD_LAST_UPDATE, source.last_update, "lastUpdatePostDateStruct.date"),
        (T.REGISTRY_VERSION, source.registry_version, "derivedSection.miscInfoModule"),
    ):
        parsed = f.date(value, path) if value else None
        if parsed:
            g.typed(record, prop, parsed[0], parsed[1])
    activity = f"{trial}/build"
    g.link(trial, T.WAS_GENERATED_BY, activity)
    g.type(activity, T.BUILD_ACTIVITY)
    g.type(activity, V.PROV + "Activity")
    g.typed(activity, T.ENDED_AT, ctx.build_time, V.XSD + "dateTime")
    g.link(activity, T.WAS_ASSOCIATED_WITH, SOFTWARE_IRI)
    g.type(SOFTWARE_IRI, T.SOFTWARE)
    g.text(SOFTWARE_IRI, T.SOFTWARE_VERSION, __version__)
