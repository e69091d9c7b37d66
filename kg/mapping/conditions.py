"""Conditions -> MONDO (or HP/EFO) classes, via the record's MeSH ids and the lexicon.

Each condition string becomes ``{trial}/condition/{n}`` (1-based), keeping the text as
written. The record's MeSH ids are trial-level; each is assigned to the condition whose text
matches its term best (see :func:`mesh_match_score`), a MeSH id matching no condition stays on
the trial only. Classes come from (a) the assigned MeSH ids through MONDO's SSSOM exact
matches and (b) lexicon mentions in the condition text. Every mapping is also a node
``{trial}/condition/{n}/mapping/{k}`` that records its method, since a plain triple cannot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.ontology import Ontology, unpad_mesh
from kg.rdf import RDFS_LABEL, GraphBuilder
from kg.text.lexicon import tokenise
from kg.vocab import CTKG, EFO, MESH, OBO

CONDITION = CTKG + "Condition"
CONDITION_MAPPING = CTKG + "ConditionMapping"
MESH_DESCRIPTOR = CTKG + "MeshDescriptor"
HAS_CONDITION = CTKG + "condition"
MAPPED_TO = CTKG + "mappedTo"
HAS_MAPPING = CTKG + "mapping"
MAPPED_CLASS = CTKG + "mappedClass"
MAPPING_METHOD = CTKG + "mappingMethod"
MATCHED_TEXT = CTKG + "matchedText"
VIA_MESH_TERM = CTKG + "viaMeshTerm"
MESH_TERM = CTKG + "meshTerm"  # trial -> MeSH descriptor (declared in ctkg.ttl)
ASSIGNED_MESH_TERM = CTKG + "assignedMeshTerm"  # condition -> MeSH descriptor
MESH_EXACT_MATCH = CTKG + "MeshExactMatch"
LEXICAL_MATCH = CTKG + "LexicalMatch"

# Classes a condition may be mapped to: diseases (MONDO), phenotypes (HP), EFO's few
# disease-like classes (septic shock). Cells, anatomy and therapies mentioned in a
# condition text ("stem cell transplant") are not what the condition is.
_TARGETS = (OBO + "MONDO_", OBO + "HP_", EFO + "EFO_")
# The root "disease" says nothing about a condition.
_UNINFORMATIVE = frozenset({OBO + "MONDO_0000001", OBO + "MONDO_0700096"})


@dataclass(frozen=True)
class MeshTerm:
    """One condition MeSH term of a record (id empty for legacy XML records)."""

    mesh_id: str
    term: str

    @property
    def iri(self) -> str | None:
        """The MeSH descriptor IRI, or None without an id."""
        return MESH + unpad_mesh(self.mesh_id) if self.mesh_id else None


@dataclass(frozen=True)
class ClassMapping:
    """One class a condition is mapped to, and how."""

    iri: str
    method: str  # MESH_EXACT_MATCH | LEXICAL_MATCH
    matched_text: str | None = None
    mesh_iri: str | None = None


def _get(study: dict[str, Any], *path: str) -> Any:
    node: Any = study
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def study_conditions(study: dict[str, Any]) -> list[str]:
    """Return the condition strings of a v2-shaped study, in order."""
    return [c for c in _get(study, "protocolSection", "conditionsModule", "conditions") or []
            if isinstance(c, str)]


def study_meshes(study: dict[str, Any]) -> list[MeshTerm]:
    """Return the condition MeSH terms of a v2-shaped study."""
    meshes = _get(study, "derivedSection", "conditionBrowseModule", "meshes") or []
    return [MeshTerm(str(m.get("id") or "").strip(), str(m.get("term") or "").strip())
            for m in meshes if isinstance(m, dict) and (m.get("id") or m.get("term"))]


def _keys(text: str) -> frozenset[str]:
    return frozenset(t.key for t in tokenise(text))


def mesh_match_score(condition: str, mesh: MeshTerm, ontology: Ontology) -> int:
    """Score how well a MeSH term fits a condition text.

    3 same words (any order, normalised), 2 one's words contain the other's, 1 a class
    of the MeSH id is (an ancestor of) a class the lexicon finds in the text, 0 no fit.
    """
    return _score(_ConditionText(condition, ontology), mesh, _keys(mesh.term), ontology)


class _ConditionText:
    """A condition text with its word keys, and its lexicon mentions found on first use."""

    def __init__(self, text: str, ontology: Ontology) -> None:
        self.text = text
        self.keys = _keys(text)
        self._ontology = ontology
        self._mentions: list[str] | None = None

    def mentions(self) -> list[str]:
        if self._mentions is None:
            self._mentions = [m.iri for m in self._ontology.lexicon.find(self.text)]
        return self._mentions


def _score(condition: _ConditionText, mesh: MeshTerm, term: frozenset[str],
           ontology: Ontology) -> int:
    cond = condition.keys
    if not cond or not term:
        return 0
    if cond == term:
        return 3
    if term <= cond or cond <= term:
        return 2
    mesh_classes = set(ontology.mesh_to_mondo.get(unpad_mesh(mesh.mesh_id), ())) \
        if mesh.mesh_id else set(ontology.lexicon.lookup(mesh.term))
    if not mesh_classes:
        return 0
    for iri in condition.mentions():
        if any(ontology.is_a(iri, c) or ontology.is_a(c, iri) for c in mesh_classes):
            return 1
    return 0


def assign_meshes(conditions: list[str], meshes: list[MeshTerm],
                  ontology: Ontology) -> dict[int, list[MeshTerm]]:
    """Assign each MeSH term to the condition it fits best (first on a tie).

    Returns condition index (0-based) -> its MeSH terms; terms fitting no condition are left out.
    """
    # Each text is tokenised (and looked up) once, not once per MeSH term x condition.
    texts = [_ConditionText(text, ontology) for text in conditions]
    out: dict[int, list[MeshTerm]] = {}
    for mesh in meshes:
        term = _keys(mesh.term)
        scores = [_score(text, mesh, term, ontology) for text in texts]
        if scores and max(scores) > 0:
            out.setdefault(scores.index(max(scores)), []).append(mesh)
    return out


def condition_classes(text: str, meshes: list[MeshTerm], ontology: Ontology) -> list[
        ClassMapping]:
    """Return the classes one condition maps to: MeSH-derived first, then lexical."""
    found: list[ClassMapping] = []
    seen: set[str] = set()

    def add(mapping: ClassMapping) -> None:
        if mapping.iri.startswith(_TARGETS) and mapping.iri not in _UNINFORMATIVE \
                and mapping.iri not in seen:
            seen.add(mapping.iri)
            found.append(mapping)

    for mesh in meshes:
        if mesh.mesh_id:
            for iri in ontology.mesh_to_mondo.get(unpad_mesh(mesh.mesh_id), ()):
                add(ClassMapping(iri, MESH_EXACT_MATCH, mesh_iri=mesh.iri))
        else:  # legacy XML: a term without an id, matched by name
            for iri in ontology.lexicon.lookup(mesh.term):
                add(ClassMapping(iri, LEXICAL_MATCH, matched_text=mesh.term))
    for mention in ontology.lexicon.find(text):
        add(ClassMapping(mention.iri, LEXICAL_MATCH, matched_text=mention.text))
    return found


def map_conditions(g: GraphBuilder, trial: str, study: dict[str, Any],
                   ontology: Ontology) -> None:
    """Add the trial's condition nodes, their mappings and its MeSH terms to ``g``."""
    conditions = study_conditions(study)
    meshes = study_meshes(study)
    for mesh in meshes:
        if mesh.iri:
            g.link(trial, MESH_TERM, mesh.iri)
            g.type(mesh.iri, MESH_DESCRIPTOR)
            g.text(mesh.iri, RDFS_LABEL, mesh.term)
    assigned = assign_meshes(conditions, meshes, ontology)
    for n, text in enumerate(conditions, start=1):
        node = f"{trial}/condition/{n}"
        g.type(node, CONDITION)
        g.text(node, RDFS_LABEL, text)
        g.link(trial, HAS_CONDITION, node)
        own = assigned.get(n - 1, [])
        for mesh in own:
            g.link(node, ASSIGNED_MESH_TERM, mesh.iri)
        for k, mapping in enumerate(condition_classes(text, own, ontology), start=1):
            m = f"{node}/mapping/{k}"
            g.type(m, CONDITION_MAPPING)
            g.link(node, HAS_MAPPING, m)
            g.link(m, MAPPED_CLASS, mapping.iri)
            g.link(m, MAPPING_METHOD, mapping.method)
            g.text(m, MATCHED_TEXT, mapping.matched_text)
            g.link(m, VIA_MESH_TERM, mapping.mesh_iri)
            g.link(node, MAPPED_TO, mapping.iri)
