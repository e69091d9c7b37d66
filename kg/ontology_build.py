"""Generate the committed ontology slices in ``ontology/`` (``kg ontology build``).

Source: the pinned PyPI package ``cellxgene-ontology-guide`` (a build-time extra, never a
runtime dependency), which bundles full MONDO, CL, UBERON and EFO releases as zstandard
JSON: per term a label, exact synonyms, a deprecation flag and every ancestor with its
distance. Plus MONDO's SSSOM exact matches to MeSH and NCIt.

A slice is the seeds of ``ontology/seeds.tsv`` plus all their ancestors. Output is written
by hand-rolled, sorted Turtle so that two runs are byte-identical.

UBERON's ancestor map mixes ``is_a`` with ``part_of``. The package keeps no edge types, so
each direct UBERON edge is classified by :func:`uberon_relation`: a reviewed table of
part-of edges first, then rules on the UBERON naming pattern ("X of Y" and "Y X" name a
part of Y) and on the kinds of class that are only ever wholes (systems, the organism,
embryos). Part-of edges are written with ``BFO:0000050`` and never as ``rdfs:subClassOf``.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.ontology import mesh_key, unpad_mesh
from kg.resources import resource_dir
from kg.text.lexicon import Lexicon, usable_synonym
from kg.vocab import CTKG, DCTERMS, EFO, MESH, OBO, OBOINOWL, OWL, RDFS, SKOS

PACKAGE = "cellxgene-ontology-guide"
PACKAGE_VERSION = "1.11.1"
GENERATION_COMMAND = "kg ontology build"
PART_OF = OBO + "BFO_0000050"
CORPUS_WHY = "corpus:"
# A MONDO class named in the eligibility texts of this many corpus trials becomes a seed:
# frequent enough to matter for eligibility queries, rare ones stay out to keep slices small.
MIN_CRITERIA_TRIALS = 3


@dataclass(frozen=True)
class SourceOntology:
    """One ontology of the package and how its slice is written."""

    name: str  # the package's name, e.g. "MONDO"
    slice_name: str  # file stem in ontology/slices
    iri_base: str
    license: str
    title: str


SOURCES: tuple[SourceOntology, ...] = (
    SourceOntology("MONDO", "mondo", OBO + "MONDO_", "https://creativecommons.org/licenses/by/4.0/",
                   "Mondo Disease Ontology"),
    SourceOntology("CL", "cl", OBO + "CL_", "https://creativecommons.org/licenses/by/4.0/",
                   "Cell Ontology"),
    SourceOntology("UBERON", "uberon", OBO + "UBERON_",
                   "https://creativecommons.org/licenses/by/3.0/", "Uberon anatomy ontology"),
    SourceOntology("EFO", "efo", EFO + "EFO_", "https://www.apache.org/licenses/LICENSE-2.0",
                   "Experimental Factor Ontology"),
)
_BY_NAME = {source.name: source for source in SOURCES}

# Direct UBERON edges whose relation the naming rules below get wrong, reviewed by hand
# against the UBERON release for every edge of the slice ("child part_of parent").
UBERON_PART_OF: frozenset[tuple[str, str]] = frozenset({
    ("UBERON:0000006", "UBERON:0000016"),  # islet of Langerhans / endocrine pancreas
    ("UBERON:0000016", "UBERON:0001264"),  # endocrine pancreas / pancreas
    ("UBERON:0000079", "UBERON:0003101"),  # male reproductive system / male organism
    ("UBERON:0000474", "UBERON:0003100"),  # female reproductive system / female organism
    ("UBERON:0000467", "UBERON:0000468"),  # anatomical system / multicellular organism
    ("UBERON:0000170", "UBERON:0001558"),  # pair of lungs / lower respiratory tract
    ("UBERON:0000948", "UBERON:0015410"),  # heart / heart plus pericardium
    ("UBERON:0000964", "UBERON:0001801"),  # cornea / anterior segment of eyeball
    ("UBERON:0000964", "UBERON:0012430"),  # cornea / tunica fibrosa of eyeball
    ("UBERON:0000966", "UBERON:0001802"),  # retina / posterior segment of eyeball
    ("UBERON:0001134", "UBERON:0014892"),  # skeletal muscle tissue / skeletal muscle organ
    ("UBERON:0001630", "UBERON:0001015"),  # muscle organ / musculature
    ("UBERON:0001754", "UBERON:0001091"),  # dental pulp / calcareous tooth
    ("UBERON:0001987", "UBERON:0016887"),  # placenta / entire extraembryonic component
    ("UBERON:0002048", "UBERON:0000170"),  # lung / pair of lungs
    ("UBERON:0002075", "UBERON:0002100"),  # viscus / trunk
    ("UBERON:0002097", "UBERON:0002199"),  # skin of body / integument
    ("UBERON:0002107", "UBERON:0000916"),  # liver / abdomen
    ("UBERON:0002113", "UBERON:0000916"),  # kidney / abdomen
    ("UBERON:0002113", "UBERON:0011143"),  # kidney / upper urinary tract
    ("UBERON:0002190", "UBERON:0002072"),  # subcutaneous adipose tissue / hypodermis
    ("UBERON:0002240", "UBERON:0001137"),  # spinal cord / dorsum
    ("UBERON:0002371", "UBERON:0001474"),  # bone marrow / bone element
    ("UBERON:0002385", "UBERON:0001015"),  # muscle tissue / musculature
    ("UBERON:0002450", "UBERON:0001987"),  # decidua / placenta
    ("UBERON:0002515", "UBERON:0001474"),  # periosteum / bone element
    ("UBERON:0004088", "UBERON:0001456"),  # orbital region / face
    ("UBERON:0005173", "UBERON:0002417"),  # abdominal segment element / abdominal segment
    ("UBERON:0005174", "UBERON:0001137"),  # dorsal region element / dorsum
    ("UBERON:0005178", "UBERON:0000915"),  # thoracic cavity element / thoracic segment
    ("UBERON:0005181", "UBERON:0000915"),  # thoracic segment organ / thoracic segment
    ("UBERON:0005388", "UBERON:0000970"),  # photoreceptor array / eye
    ("UBERON:0007115", "UBERON:0007116"),  # deciduous tooth / primary dentition
    ("UBERON:0010409", "UBERON:0000019"),  # ocular surface region / camera-type eye
    ("UBERON:0012168", "UBERON:0000323"),  # umbilical cord blood / late embryo
    ("UBERON:0012430", "UBERON:0010230"),  # tunica fibrosa of eyeball / eyeball
    ("UBERON:0019207", "UBERON:0010230"),  # chorioretinal region / eyeball
})
UBERON_IS_A: frozenset[tuple[str, str]] = frozenset({
    ("UBERON:0000075", "UBERON:0011216"),  # subdivision of skeletal system / organ system sub.
})
# Classes that are only ever wholes in UBERON: an edge to them is part_of.
_UBERON_WHOLES = re.compile(r"(system|organism|embryo|body|integument|region|component)$")


@dataclass(frozen=True)
class Term:
    """One class as the package describes it."""

    curie: str
    label: str
    synonyms: tuple[str, ...]
    deprecated: bool
    ancestors: Mapping[str, int]


@dataclass
class BuildReport:
    """What a build wrote."""

    files: list[Path] = field(default_factory=list)
    classes: dict[str, int] = field(default_factory=dict)  # slice name -> class count
    sizes: dict[str, int] = field(default_factory=dict)  # file name -> bytes
    seeds: int = 0
    missing_seeds: list[str] = field(default_factory=list)
    deprecated_seeds: list[str] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        """Total size of the written slices and mappings."""
        return sum(self.sizes.values())


# --- the package's data -------------------------------------------------------------------

def package_data_dir() -> Path:
    """Return the ``data`` folder of the installed package (clear error when absent)."""
    try:
        root = resources.files("cellxgene_ontology_guide")
    except ModuleNotFoundError as exc:
        raise KGError(f"{PACKAGE} is not installed: pip install "
                      f"'cell-trials-kg[ontology]' ({PACKAGE}=={PACKAGE_VERSION})") from exc
    return Path(str(root)) / "data"


def ontology_versions(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Version and release URL of each ontology the package marks as current."""
    info = json.loads((data_dir / "latest_ontology_info.json").read_text())["ontologies"]
    return {name: dict(info[name]) for name in _BY_NAME}


@functools.lru_cache(maxsize=8)
def load_terms(path: Path) -> Mapping[str, Term]:
    """Every class of one zstandard JSON file of the package, by CURIE."""
    import zstandard  # a dependency of the package; imported late, build time only

    with path.open("rb") as handle:
        raw = json.loads(zstandard.ZstdDecompressor().stream_reader(handle).read())
    return {curie: Term(curie, data.get("label", ""), tuple(data.get("synonyms") or ()),
                        bool(data.get("deprecated")), data.get("ancestors") or {})
            for curie, data in raw.items()}


def ontology_file(data_dir: Path, name: str, version: str) -> Path:
    """Path of one ontology's data file."""
    return data_dir / f"{name}-ontology-{version}.json.zst"


# --- identifiers ---------------------------------------------------------------------------

def curie_iri(curie: str) -> str:
    """IRI of a CURIE of the four source ontologies (MONDO, CL, UBERON, EFO) or OBO."""
    prefix, _, local = curie.partition(":")
    if prefix == "EFO":
        return f"{EFO}EFO_{local}"
    return f"{OBO}{prefix}_{local}"


# --- seeds -------------------------------------------------------------------------------------

def read_seeds(path: Path) -> dict[str, str]:
    """``ontology/seeds.tsv``: CURIE -> why."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["id"].strip(): row["why"].strip() for row in rows if row.get("id")}


def write_seeds(path: Path, seeds: Mapping[str, str]) -> None:
    """Write the seed table sorted by id."""
    lines = ["id\twhy"] + [f"{curie}\t{seeds[curie]}" for curie in sorted(seeds)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class SSSOMRow:
    """One mapping row, kept as the raw line for the committed subset."""

    subject: str
    object: str
    line: str


@dataclass(frozen=True)
class SSSOMFile:
    """An SSSOM TSV: its header (comment lines and column row) and rows."""

    header: tuple[str, ...]
    rows: tuple[SSSOMRow, ...]


def read_sssom(path: Path) -> SSSOMFile:
    """Read an SSSOM TSV keeping its header verbatim."""
    header: list[str] = []
    rows: list[SSSOMRow] = []
    columns: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not columns:
            header.append(line)
            if not line.startswith("#"):
                columns = line.split("\t")
            continue
        values = dict(zip(columns, line.split("\t"), strict=False))
        rows.append(SSSOMRow(values["subject_id"], values["object_id"], line))
    return SSSOMFile(tuple(header), tuple(rows))


def sssom_path(sssom_dir: Path, target: str) -> Path:
    """Return the MONDO->MeSH or MONDO->NCIt mapping file of a folder."""
    return sssom_dir / f"mondo_exactmatch_{target}.sssom.tsv"


def _classic_studies(zip_path: Path) -> Iterator[tuple[list[str], list[tuple[str, str]]]]:
    """(conditions, [(mesh id, term)]) of each classic record in the corpus zip."""
    with zipfile.ZipFile(zip_path) as archive:
        for name in sorted(archive.namelist()):
            if not name.endswith(".json"):
                continue
            record = json.loads(archive.read(name))
            study = record.get("FullStudy", {}).get("Study", record)
            protocol = study.get("ProtocolSection", {})
            conditions = protocol.get("ConditionsModule", {}).get("ConditionList", {}).get(
                "Condition", [])
            meshes = study.get("DerivedSection", {}).get("ConditionBrowseModule", {}).get(
                "ConditionMeshList", {}).get("ConditionMesh", [])
            yield conditions, [(m.get("ConditionMeshId", ""), m.get("ConditionMeshTerm", ""))
                               for m in meshes]


def _v2_studies(folder: Path) -> Iterator[tuple[list[str], list[tuple[str, str]]]]:
    for path in sorted(folder.glob("*.json")):
        study = json.loads(path.read_text(encoding="utf-8"))
        conditions = study.get("protocolSection", {}).get("conditionsModule", {}).get(
            "conditions", [])
        meshes = study.get("derivedSection", {}).get("conditionBrowseModule", {}).get(
            "meshes", [])
        yield conditions, [(m.get("id", ""), m.get("term", "")) for m in meshes]


def _xml_studies(folder: Path) -> Iterator[tuple[list[str], list[tuple[str, str]]]]:
    import defusedxml.ElementTree as DET

    for path in sorted(folder.glob("*.xml")):
        root = DET.parse(path).getroot()
        conditions = [el.text or "" for el in root.findall("condition")]
        meshes = [("", el.text or "") for el in root.findall("condition_browse/mesh_term")]
        yield conditions, meshes


def corpus_studies(corpus: Path) -> Iterator[tuple[list[str], list[tuple[str, str]]]]:
    """Conditions and condition MeSH terms of every record of the shared corpus."""
    yield from _classic_studies(corpus / "ctgov-classic-fullstudies-2022-01.zip")
    yield from _v2_studies(corpus / "ctgov-v2")
    yield from _xml_studies(corpus / "ctgov-legacy-xml-2023")


def full_lexicon(terms: Mapping[str, Term]) -> Lexicon:
    """Build a lexicon over a whole ontology (labels, then synonyms): seed discovery."""
    entries: list[tuple[str, str, str]] = []
    live = [t for t in terms.values() if not t.deprecated and t.label]
    entries += [(t.label, t.curie, t.label) for t in live]
    entries += [(s, t.curie, t.label) for t in live for s in t.synonyms if usable_synonym(s)]
    return Lexicon.from_entries(entries)


def collect_corpus_seeds(corpus: Path, mesh_sssom: SSSOMFile,
                         mondo: Mapping[str, Term]) -> dict[str, str]:
    """Collect MONDO seeds from the corpus.

    The classes that condition MeSH ids map to (SSSOM), the classes the condition texts
    and id-less MeSH terms name (full-MONDO lexicon).
    """
    by_mesh: dict[tuple[str, int], list[str]] = {}
    for row in mesh_sssom.rows:
        key = mesh_key(row.object)
        if key is not None:
            by_mesh.setdefault(key, []).append(row.subject)
    lexicon = full_lexicon(mondo)
    seeds: dict[str, str] = {}
    text_hits: Counter[str] = Counter()
    for conditions, meshes in corpus_studies(corpus):
        for mesh_id, term in meshes:
            key = mesh_key(mesh_id) if mesh_id else None
            targets = by_mesh.get(key, []) if key else list(lexicon.lookup(term))
            for curie in targets:
                if curie not in mondo or mondo[curie].deprecated:
                    continue  # SSSOM rows can name obsolete classes
                seeds.setdefault(curie, f"{CORPUS_WHY} MeSH {unpad_mesh(mesh_id) or term}")
        for text in conditions:
            text_hits.update({m.iri for m in lexicon.find(text)})
    for curie in sorted(text_hits):
        seeds.setdefault(curie, f"{CORPUS_WHY} condition text ({text_hits[curie]} mentions)")
    criteria_hits: Counter[str] = Counter()
    for text in classic_criteria(corpus / "ctgov-classic-fullstudies-2022-01.zip"):
        criteria_hits.update({m.iri for m in lexicon.find(text)})
    for curie in sorted(criteria_hits):
        if criteria_hits[curie] >= MIN_CRITERIA_TRIALS:
            seeds.setdefault(curie, f"{CORPUS_WHY} eligibility text ({criteria_hits[curie]} "
                                    "trials)")
    return seeds


def classic_criteria(zip_path: Path) -> Iterator[str]:
    """Yield the eligibility criteria text of each classic record in the corpus zip."""
    with zipfile.ZipFile(zip_path) as archive:
        for name in sorted(archive.namelist()):
            if name.endswith(".json"):
                study = json.loads(archive.read(name))
                study = study.get("FullStudy", {}).get("Study", study)
                yield study.get("ProtocolSection", {}).get("EligibilityModule", {}).get(
                    "EligibilityCriteria", "")


def merge_corpus_seeds(seeds: Mapping[str, str], corpus_seeds: Mapping[str, str]) -> dict[str,
                                                                                           str]:
    """Hand-picked seeds kept; earlier corpus-derived rows replaced by the new ones."""
    merged = {k: v for k, v in seeds.items() if not v.startswith(CORPUS_WHY)}
    for curie, why in corpus_seeds.items():
        merged.setdefault(curie, why)
    return merged


# --- slices --------------------------------------------------------------------------------

def direct_parents(term: Term, terms: Mapping[str, Term]) -> list[str]:
    """Return the direct parents of a term.

    Distance-1 ancestors, or where the package dropped intermediate classes (EFO keeps
    only EFO ancestors), the transitive reduction of what is left.
    """
    nearest = [a for a, d in term.ancestors.items() if d == 1]
    if nearest:
        return sorted(nearest)
    known = [a for a in term.ancestors if a in terms]
    return sorted(a for a in known
                  if not any(a in terms[b].ancestors for b in known if b != a))


def uberon_relation(child: Term, parent: Term) -> str:
    """``"is_a"`` or ``"part_of"`` for a direct UBERON edge (see the module docstring)."""
    edge = (child.curie, parent.curie)
    if edge in UBERON_PART_OF:
        return "part_of"
    if edge in UBERON_IS_A:
        return "is_a"
    c, p = child.label.casefold(), parent.label.casefold()
    if f" of {p}" in c:
        return "part_of"
    if _UBERON_WHOLES.search(p) and not _UBERON_WHOLES.search(c):
        return "part_of"
    return "is_a"


def slice_closure(seeds: Iterable[str], terms: Mapping[str, Term]) -> set[str]:
    """Seeds present in ``terms`` plus all their ancestors of the same ontology."""
    out: set[str] = set()
    for seed in seeds:
        term = terms.get(seed)
        if term is None:
            continue
        out.add(seed)
        out.update(a for a in term.ancestors if a in terms)
    return out


def _literal(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def _iri(iri: str) -> str:
    return f"<{iri}>"


_TURTLE_PREFIXES = (
    ("dcterms", DCTERMS), ("oboInOwl", OBOINOWL), ("owl", OWL), ("rdfs", RDFS), ("skos", SKOS),
)


def _header(source: SourceOntology, version: Mapping[str, Any]) -> list[str]:
    release = str(version["source"]).format(version=version["version"],
                                            filename=version["filename"])
    ontology_iri = f"{CTKG}ontology/slices/{source.slice_name}"
    title = f"{source.title} slice for cell-trials-kg"
    generated = (f"Generated by `{GENERATION_COMMAND}` from the PyPI package {PACKAGE}=="
                 f"{PACKAGE_VERSION} and ontology/seeds.tsv (seeds plus all their ancestors). "
                 "Do not edit by hand.")
    attribution = (f"{source.title} {version['version']}; licence {source.license}; "
                   "attribution: see ontology/NOTICE.")
    lines = [f"@prefix {p}: {_iri(base)} ." for p, base in _TURTLE_PREFIXES]
    lines += [
        "",
        f"{_iri(ontology_iri)} a owl:Ontology ;",
        f"    rdfs:label {_literal(title)} ;",
        f"    owl:versionInfo {_literal(str(version['version']))} ;",
        f"    dcterms:source {_iri(release)} ;",
        f"    dcterms:license {_iri(source.license)} ;",
        f"    rdfs:comment {_literal(generated)}, {_literal(attribution)} .",
        "",
    ]
    if source.name == "UBERON":
        lines += [f"{_iri(PART_OF)} a owl:ObjectProperty ;",
                  f"    rdfs:label {_literal('part of')} .", ""]
    if source.name == "MONDO":
        lines += [f"{_iri(SKOS + 'exactMatch')} a owl:AnnotationProperty .", ""]
    lines += [f"{_iri(OBOINOWL + 'hasExactSynonym')} a owl:AnnotationProperty .", ""]
    return lines


def _class_block(term: Term, source: SourceOntology, terms: Mapping[str, Term],
                 members: set[str], matches: Mapping[str, list[str]]) -> list[str]:
    parents = [p for p in direct_parents(term, terms) if p in members]
    is_a: list[str] = []
    part_of: list[str] = []
    for parent in parents:
        if source.name == "UBERON" and uberon_relation(term, terms[parent]) == "part_of":
            part_of.append(parent)
        else:
            is_a.append(parent)
    props = [("rdfs:label", [_literal(term.label)])]
    synonyms = sorted({s for s in term.synonyms if s != term.label})
    if synonyms:
        props.append(("oboInOwl:hasExactSynonym", [_literal(s) for s in synonyms]))
    if is_a:
        props.append(("rdfs:subClassOf", [_iri(curie_iri(p)) for p in sorted(is_a)]))
    if part_of:
        props.append((_iri(PART_OF), [_iri(curie_iri(p)) for p in sorted(part_of)]))
    if matches.get(term.curie):
        props.append(("skos:exactMatch", [_iri(m) for m in sorted(matches[term.curie])]))
    if term.deprecated:
        props.append(("owl:deprecated", ["true"]))
    lines = [f"{_iri(curie_iri(term.curie))} a owl:Class ;"]
    for i, (prop, values) in enumerate(props):
        end = " ." if i == len(props) - 1 else " ;"
        lines.append(f"    {prop} {', '.join(values)}{end}")
    return [*lines, ""]


def _exact_matches(mesh: SSSOMFile, ncit: SSSOMFile) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in mesh.rows:
        if row.object.startswith("mesh:"):
            out.setdefault(row.subject, []).append(MESH + row.object[5:])
    for row in ncit.rows:
        if row.object.startswith("NCIT:"):
            out.setdefault(row.subject, []).append(OBO + "NCIT_" + row.object[5:])
    return out


def write_slice(path: Path, source: SourceOntology, version: Mapping[str, Any],
                terms: Mapping[str, Term], members: set[str],
                matches: Mapping[str, list[str]]) -> None:
    """Write one slice as sorted Turtle."""
    lines = _header(source, version)
    for curie in sorted(members):
        lines += _class_block(terms[curie], source, terms, members, matches)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def write_mapping_subset(path: Path, sssom: SSSOMFile, members: set[str]) -> None:
    """Write the SSSOM rows whose MONDO class is in the slice, header kept."""
    body = [row.line for row in sssom.rows if row.subject in members]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([*sssom.header, *body]) + "\n", encoding="utf-8")


def _route_seeds(seeds: Iterable[str]) -> dict[str, set[str]]:
    routed: dict[str, set[str]] = {source.name: set() for source in SOURCES}
    for curie in seeds:
        prefix = curie.partition(":")[0]
        if prefix in routed:
            routed[prefix].add(curie)
    return routed


def build_slices(out_dir: Path, sssom_dir: Path, corpus: Path | None,
                 *, seeds_path: Path | None = None) -> BuildReport:
    """Write ``slices/*.ttl`` and ``mappings/*.sssom.tsv`` under ``out_dir``.

    Seeds come from ``seeds_path`` (default ``out_dir/seeds.tsv``, else this checkout's
    ``ontology/seeds.tsv``). With ``corpus``, the
    corpus-derived seeds are recomputed first and the seed table rewritten, so that later
    builds need no corpus.
    """
    seeds_file = seeds_path or out_dir / "seeds.tsv"
    if seeds_path is None and not seeds_file.is_file():
        seeds_file = resource_dir("ontology") / "seeds.tsv"  # building into a fresh folder
    if not seeds_file.is_file():
        raise KGError(f"seed table not found: {seeds_file}")
    data_dir = package_data_dir()
    versions = ontology_versions(data_dir)
    terms = {name: load_terms(ontology_file(data_dir, name, str(versions[name]["version"])))
             for name in _BY_NAME}
    mesh = read_sssom(sssom_path(sssom_dir, "mesh"))
    ncit = read_sssom(sssom_path(sssom_dir, "ncit"))
    seeds = read_seeds(seeds_file)
    if corpus is not None:
        seeds = merge_corpus_seeds(seeds, collect_corpus_seeds(corpus, mesh, terms["MONDO"]))
        out_dir.mkdir(parents=True, exist_ok=True)
        write_seeds(out_dir / "seeds.tsv", seeds)

    report = BuildReport(seeds=len(seeds))
    routed = _route_seeds(seeds)
    report.missing_seeds = sorted(s for s in seeds if s.partition(":")[0] in routed and not any(
        s in terms[name] for name in routed))
    report.deprecated_seeds = sorted(s for name in routed for s in routed[name]
                                     if s in terms[name] and terms[name][s].deprecated)
    matches = _exact_matches(mesh, ncit)
    members_by_source: dict[str, set[str]] = {}
    for source in SOURCES:
        members_by_source[source.name] = slice_closure(routed[source.name], terms[source.name])
    for source in SOURCES:
        members = members_by_source[source.name]
        path = out_dir / "slices" / f"{source.slice_name}.ttl"
        write_slice(path, source, versions[source.name], terms[source.name], members,
                    matches if source.name == "MONDO" else {})
        report.files.append(path)
        report.classes[source.slice_name] = len(members)
    mondo = members_by_source["MONDO"]
    for name, sssom in (("mesh_mondo", mesh), ("ncit_mondo", ncit)):
        path = out_dir / "mappings" / f"{name}.sssom.tsv"
        write_mapping_subset(path, sssom, mondo)
        report.files.append(path)
    report.sizes = {p.name: p.stat().st_size for p in report.files}
    return report


def format_report(report: BuildReport) -> str:
    """Return a short human-readable summary of a build."""
    out = io.StringIO()
    out.write(f"seeds: {report.seeds}\n")
    for name, count in report.classes.items():
        out.write(f"  {name}: {count} classes\n")
    out.write(f"total size: {report.total_bytes / 1e6:.2f} MB\n")
    if report.missing_seeds:
        out.write(f"seeds not in the package: {', '.join(report.missing_seeds)}\n")
    if report.deprecated_seeds:
        out.write(f"deprecated seeds: {', '.join(report.deprecated_seeds)}\n")
    return out.getvalue()
