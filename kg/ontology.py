"""The ontology the build links to: loading ``ontology/`` fast, and checking it.

``load_ontology`` parses the Turtle files with pyoxigraph (several times faster than rdflib)
and returns labels, direct is_a parents, MeSH cross-references and a :class:`Lexicon`
over labels, exact synonyms and the curated synonym table. ``check_ontology`` loads the
same files into owlready2, runs HermiT where Java is installed, and always runs the
pure-Python checks (declared classes, no cycles, labels present).
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kg import vocab
from kg.resources import resource_dir
from kg.text.lexicon import Lexicon, usable_synonym
from kg.vocab import CTKG, EFO, MESH, OBO, OBOINOWL, OWL, RDF, RDFS, SKOS, XSD, curie_to_iri

SUBCLASS_OF = RDFS + "subClassOf"
PART_OF = OBO + "BFO_0000050"
LABEL = RDFS + "label"
EXACT_SYNONYM = OBOINOWL + "hasExactSynonym"
EXACT_MATCH = SKOS + "exactMatch"
SYNONYM_TABLE = "synonyms.tsv"
FIX_SYNONYMS = "sort ontology/synonyms.tsv by term (see tests/test_ontology.py) and run " \
               "`kg ontology build` then `kg ontology check`"

# Which ontology wins when a label is shared: diseases first (conditions and eligibility
# are the main users), then phenotypes, project concepts, cells, EFO, anatomy.
_RANK = ("MONDO_", "HP_", CTKG, "CL_", "EFO_", "UBERON_", "GO_", "MAXO_")
# Namespaces whose classes the project ships; a used class there must be declared.
_SHIPPED = (*(OBO + p for p in ("MONDO_", "CL_", "UBERON_", "HP_", "GO_", "MAXO_")), EFO,
            CTKG)


def mesh_key(mesh_id: str) -> tuple[str, int] | None:
    """Return a comparable key of a MeSH id in any padding: ``D000009103`` and ``D009103`` agree."""
    match = re.fullmatch(r"(?:mesh:)?([A-Z])(\d+)", mesh_id.strip())
    return (match.group(1), int(match.group(2))) if match else None


def unpad_mesh(mesh_id: str) -> str:
    """Return the MeSH id as NLM writes it (classic records pad old ids to 9 digits).

    New descriptors (from 2018: numbers above 67000 for D, 590000 for C) have 9 digits.

    >>> unpad_mesh("D000009103"), unpad_mesh("D000086382"), unpad_mesh("D009103")
    ('D009103', 'D000086382', 'D009103')
    """
    key = mesh_key(mesh_id)
    if key is None:
        return mesh_id.strip()
    letter, number = key
    limit = 590000 if letter == "C" else 67000
    return f"{letter}{number:06d}" if number < limit else f"{letter}{number:09d}"


def _rank(iri: str) -> int:
    for i, marker in enumerate(_RANK):
        if marker in iri:
            return i
    return len(_RANK)


@dataclass(frozen=True)
class Ontology:
    """Labels, is_a parents, MeSH bridges and a lexicon over the project's ontology files."""

    lexicon: Lexicon
    labels: Mapping[str, str]  # IRI -> preferred label
    parents: Mapping[str, frozenset[str]]  # IRI -> direct is_a parents
    mesh_to_mondo: Mapping[str, tuple[str, ...]]  # "D009103" -> MONDO (or HP/EFO) IRIs
    closure: Mapping[str, frozenset[str]] = field(default_factory=dict)  # precomputed

    def ancestors(self, iri: str) -> frozenset[str]:
        """All is_a ancestors of ``iri``, excluding itself."""
        known = self.closure.get(iri)
        return known if known is not None else _ancestors(iri, self.parents)

    def is_a(self, iri: str, ancestor: str) -> bool:
        """Whether ``iri`` is ``ancestor`` or one of its subclasses (reflexive)."""
        return iri == ancestor or ancestor in self.ancestors(iri)

    def label(self, iri: str) -> str | None:
        """Return the preferred label of a class, or None when it is not in the ontology."""
        return self.labels.get(iri)


def _ancestors(iri: str, parents: Mapping[str, frozenset[str]]) -> frozenset[str]:
    seen: set[str] = set()
    todo = list(parents.get(iri, ()))
    while todo:
        current = todo.pop()
        if current in seen or current == iri:
            continue
        seen.add(current)
        todo.extend(parents.get(current, ()))
    return frozenset(seen)


def ontology_files(directory: Path | None = None) -> list[Path]:
    """List every Turtle file of the ontology graph, sorted.

    Top-level ``*.ttl`` (ctkg.ttl, curated.ttl, ctkg-conditions.ttl, ...) and
    ``slices/*.ttl``.
    """
    root = directory or resource_dir("ontology")
    return sorted([*root.glob("*.ttl"), *(root / "slices").glob("*.ttl")])


@dataclass
class _Collected:
    classes: set[str] = field(default_factory=set)
    deprecated: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)
    synonyms: dict[str, set[str]] = field(default_factory=dict)
    parents: dict[str, set[str]] = field(default_factory=dict)
    part_of: dict[str, set[str]] = field(default_factory=dict)
    mesh: dict[str, set[str]] = field(default_factory=dict)


def _collect(files: Iterable[Path]) -> _Collected:
    out = _Collected()
    for path in files:
        for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            s, p, o = quad.subject, quad.predicate.value, quad.object
            if not isinstance(s, pyoxigraph.NamedNode):
                continue
            subject = s.value
            if p == RDF + "type" and isinstance(o, pyoxigraph.NamedNode):
                if o.value == OWL + "Class":
                    out.classes.add(subject)
            elif p == LABEL and isinstance(o, pyoxigraph.Literal):
                out.labels.setdefault(subject, o.value)
            elif p == EXACT_SYNONYM and isinstance(o, pyoxigraph.Literal):
                out.synonyms.setdefault(subject, set()).add(o.value)
            elif p == SUBCLASS_OF and isinstance(o, pyoxigraph.NamedNode):
                out.parents.setdefault(subject, set()).add(o.value)
            elif p == PART_OF and isinstance(o, pyoxigraph.NamedNode):
                out.part_of.setdefault(subject, set()).add(o.value)
            elif p == EXACT_MATCH and isinstance(o, pyoxigraph.NamedNode):
                if o.value.startswith(MESH):
                    out.mesh.setdefault(o.value[len(MESH):], set()).add(subject)
            elif p == OWL + "deprecated" and isinstance(o, pyoxigraph.Literal):
                if o.value == "true":
                    out.deprecated.add(subject)
    return out


@dataclass(frozen=True)
class SynonymRow:
    """One row of ``ontology/synonyms.tsv``."""

    term: str
    iri: str
    note: str
    line: int


def read_synonyms(path: Path) -> list[SynonymRow]:
    """Read the curated synonym table; IRIs may be CURIEs (``MONDO:0005301``)."""
    if not path.is_file():
        return []
    rows: list[SynonymRow] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for n, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            iri = curie_to_iri(row.get("iri") or "") or ""
            rows.append(SynonymRow((row.get("term") or "").strip(), iri,
                                   (row.get("note") or "").strip(), n))
    return rows


def synonym_sort_key(row: SynonymRow) -> tuple[str, str, str]:
    """Sort key of ``synonyms.tsv``: term case-folded, then term, then IRI."""
    return (row.term.casefold(), row.term, row.iri)


# Classes whose labels are too general to mean anything as a mention ("disease", "cell",
# "organ", "blood" as in "blood pressure") or are common words (MONDO's qualifier "complete").
_TOO_GENERAL = frozenset(vocab.obo(c) for c in (
    "MONDO:0000001", "MONDO:0700096", "MONDO:0700063", "UBERON:0000062", "UBERON:0001062",
    "UBERON:0000061", "UBERON:0000465", "UBERON:0000178", "CL:0000000",
))


def _lexicon_entries(data: _Collected, synonyms: list[SynonymRow],
                     model_classes: frozenset[str]) -> list[tuple[str, str, str]]:
    # The project's model classes (Condition, Dose, Trial...) describe the graph, not the
    # world: their labels are ordinary words of criteria texts.
    live = sorted((c for c in data.classes if c in data.labels and c not in data.deprecated
                   and c not in model_classes and c not in _TOO_GENERAL),
                  key=lambda iri: (_rank(iri), iri))
    entries = [(row.term, row.iri, data.labels.get(row.iri, row.term)) for row in synonyms
               if row.term and row.iri]
    entries += [(data.labels[iri], iri, data.labels[iri]) for iri in live]
    entries += [(syn, iri, data.labels[iri]) for iri in live
                for syn in sorted(data.synonyms.get(iri, ())) if usable_synonym(syn)]
    return entries


def load_ontology(directory: Path | None = None) -> Ontology:
    """Load ``ontology/`` (default: this installation's) into an :class:`Ontology`."""
    root = directory or resource_dir("ontology")
    files = ontology_files(root)
    data = _collect(files)
    model_classes = frozenset(_collect([f for f in files if f.name.startswith("ctkg")]).classes)
    synonyms = read_synonyms(root / SYNONYM_TABLE)
    parents = {iri: frozenset(ps) for iri, ps in data.parents.items()}
    closure = {iri: _ancestors(iri, parents) for iri in parents}
    mesh = {mesh_id: tuple(sorted(iris, key=lambda i: (_rank(i), i)))
            for mesh_id, iris in data.mesh.items()}
    labels = {iri: label for iri, label in data.labels.items() if iri in data.classes}
    return Ontology(Lexicon.from_entries(_lexicon_entries(data, synonyms, model_classes)),
                    labels, parents,
                    mesh, closure)


# --- checks -------------------------------------------------------------------------------

@dataclass
class CheckReport:
    """The outcome of ``kg ontology check``."""

    ok: bool = True
    reasoner_used: bool = False
    problems: list[str] = field(default_factory=list)
    unsatisfiable: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def vocab_ontology_terms() -> dict[str, str]:
    """Constants of :mod:`kg.vocab` that name OBO or EFO classes: name -> IRI."""
    out: dict[str, str] = {}
    for name, value in vars(vocab).items():
        if name.isupper() and isinstance(value, str) and value.startswith((OBO, EFO)) \
                and not value.endswith(("_", "/", "#")):
            out[name] = value
    return out


def _cycles(parents: Mapping[str, set[str]]) -> list[list[str]]:
    """Subclass cycles, each once, found by depth-first search."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for parent in sorted(parents.get(node, ())):
            if state.get(parent) == 1:
                cycles.append([*path[path.index(parent):], parent])
            elif parent not in state:
                visit(parent, path)
        path.pop()
        state[node] = 2

    for start in sorted(parents):
        if start not in state:
            visit(start, [])
    return cycles


def python_checks(directory: Path) -> list[str]:
    """Run the checks that need no reasoner; each problem is one readable line."""
    data = _collect(ontology_files(directory))
    problems: list[str] = []

    def need(iri: str, where: str) -> None:
        if iri.startswith(_SHIPPED) and iri not in data.classes:
            problems.append(f"undeclared class {iri} (used in {where})")

    for child, ps in sorted(data.parents.items()):
        for parent in sorted(ps):
            need(parent, f"rdfs:subClassOf of {child}")
    for child, ps in sorted(data.part_of.items()):
        for parent in sorted(ps):
            need(parent, f"part_of of {child}")
    rows = read_synonyms(directory / SYNONYM_TABLE)
    for row in rows:
        if not row.term or not row.iri:
            problems.append(f"{SYNONYM_TABLE} line {row.line}: empty term or unknown IRI")
        elif row.iri not in data.classes:
            problems.append(f"{SYNONYM_TABLE} line {row.line}: {row.term!r} -> {row.iri} is "
                            "not a class of the slices or curated.ttl")
    if rows != sorted(rows, key=synonym_sort_key):
        problems.append(f"{SYNONYM_TABLE} is not sorted: {FIX_SYNONYMS}")
    for name, iri in sorted(vocab_ontology_terms().items()):
        need(iri, f"kg.vocab.{name}")
    for cycle in _cycles(data.parents):
        problems.append("subclass cycle: " + " -> ".join(cycle))
    for iri in sorted(data.classes - data.labels.keys()):
        problems.append(f"class without rdfs:label: {iri}")
    return problems


# XSD datatypes outside the OWL 2 datatype map, which HermiT refuses (dates are fine for
# the store and SHACL; only the reasoner's copy drops range axioms naming them).
_NON_OWL2_DATATYPES = frozenset(XSD + name for name in (
    "date", "gYearMonth", "gYear", "gMonthDay", "gDay", "gMonth", "time", "duration"))


def _ntriples_file(files: Iterable[Path], target: Path) -> int:
    """Write all files as one N-Triples file (owlready2 reads no Turtle).

    Returns how many range axioms naming non-OWL 2 datatypes were left out.
    """
    dropped = 0
    with target.open("wb") as out:
        for path in files:
            triples = []
            for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
                if quad.predicate.value == RDFS + "range" and \
                        quad.object.value in _NON_OWL2_DATATYPES:
                    dropped += 1
                    continue
                triples.append(quad.triple)
            pyoxigraph.serialize(triples, out, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return dropped


def _owlready_check(files: list[Path], reasoner: bool, report: CheckReport) -> None:
    import owlready2

    with tempfile.TemporaryDirectory() as tmp:
        nt = Path(tmp) / "ontology.nt"
        dropped = _ntriples_file(files, nt)
        if dropped:
            report.notes.append(f"{dropped} rdfs:range axioms naming XSD date/time types "
                                "(outside the OWL 2 datatype map) left out of reasoning")
        world = owlready2.World()
        onto = world.get_ontology(nt.as_uri()).load(format="ntriples")
        report.notes.append(f"owlready2 loaded {len(list(world.classes()))} classes")
        if not reasoner:
            return
        if shutil.which("java") is None:
            report.notes.append("Java not found: HermiT reasoning skipped; pure-Python checks "
                                "only (install a JRE to classify)")
            return
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            report.problems.append("the ontology is inconsistent (HermiT)")
        except owlready2.OwlReadyJavaError as exc:
            # HermiT rejects some inputs outright (e.g. xsd:date, outside the OWL 2
            # datatype map): say so plainly rather than fail the structural checks.
            first = next((line for line in str(exc).splitlines() if "Exception" in line),
                         str(exc).splitlines()[0] if str(exc) else "")
            report.notes.append(f"HermiT could not classify the ontology: {first.strip()}")
        else:
            report.reasoner_used = True
            nothing = OWL + "Nothing"
            report.unsatisfiable = sorted(c.iri for c in world.inconsistent_classes()
                                          if c.iri != nothing)


def check_ontology(directory: Path | None = None, *, reasoner: bool = True) -> CheckReport:
    """Check ``ontology/``: owlready2 load, HermiT if Java is present, pure-Python checks."""
    root = directory or resource_dir("ontology")
    report = CheckReport()
    files = ontology_files(root)
    if not files:
        report.problems.append(f"no Turtle files in {root}: run `kg ontology build`")
    else:
        _owlready_check(files, reasoner, report)
        report.problems += python_checks(root)
    report.problems += [f"unsatisfiable class {iri}" for iri in report.unsatisfiable]
    report.ok = not report.problems
    return report
