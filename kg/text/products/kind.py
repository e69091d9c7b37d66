"""Whether an intervention gives a cell (or cell-derived) product, and of which kind.

The decisions read the intervention's own texts first, then its arms, then the trial's titles
and summary; the kind's parent cells ("exosomes from MSCs") and cell type come from here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from kg.text.products.patterns import (
    ADMINISTER,
    CODE_NAME,
    CODE_REACH,
    CONJUNCTION,
    DERIVED_KINDS,
    MADE_FROM,
    PARENT_REACH,
    PLURIPOTENT_KINDS,
)
from kg.text.products.scan import Scan, sentence
from kg.text.products.tables import Hit, term_of
from kg.text.products.terms import (
    ADIPOSE,
    BM,
    MSC,
    MSC_BY_TISSUE,
    NOT_PRODUCT_STRONG,
    NOT_PRODUCT_WEAK,
    RELATIONAL,
    KindTerm,
)

#: A number right after a word makes the word part of a code name ("TBI-1501").
_CODE_AFTER = re.compile(r"-?\d")
#: Words before a product word that make it the patient's own cells acted upon, not a product
#: given: "stimulate fibroblasts", "by recruiting bone marrow mesenchymal stromal cells".
# (an abbreviation in parentheses counts with its words: "endogenous mesenchymal stem cells (MSCs)")
_ENDOGENOUS = re.compile(r"\b(?:stimulat\w*(?! factor)|recruit\w*|releas\w*|attract\w*|endogenous"
                         r"|resident|native)[\s,]+(?:[\w-]+[\s,(]+){0,5}$", re.IGNORECASE)
_ENDOGENOUS_CUES = ("stimulat", "recruit", "releas", "attract", "endogenous", "resident",
                     "native")
#: Interventions of these registry types are products only when their own name says so.
NAME_ONLY_TYPES: frozenset[str] = frozenset(
    {"DEVICE", "BEHAVIORAL", "RADIATION", "DIETARY_SUPPLEMENT"})
#: Interventions of these types may take their kind from the trial when their name is a code.
CONTEXT_TYPES: frozenset[str] = frozenset({"BIOLOGICAL", "GENETIC", "COMBINATION_PRODUCT"})
#: Kinds that are not stem cells: they do not make a generic "stem cell transplant" theirs.
_NOT_STEM_KINDS = frozenset({"OTHER_CELL", "NK", "CAR_T"})
_STEM_PARENT_KINDS = frozenset({"MSC", *PLURIPOTENT_KINDS})
# "drived": the spelling of a record this rule was written for
_DIFFERENTIATED_FROM = re.compile(r"\b(?:de?rived|differentiated|induced|generated|produced"
                                  r"|made) (?:in vitro )?from\b", re.IGNORECASE)
#: Words that join cells given together ("BM-MNCs and UC-MSCs", "chondrons plus MSCs"), and
#: words that set them apart ("BM-MNC or MSC", "BM-MNCs. MSCs ...").
_TOGETHER = re.compile(r"\b(?:and|plus|together with|combined with|with)\b|\+|&",
                       re.IGNORECASE)
_APART = re.compile(r"\b(?:or|versus|vs|compared|than|from|into|then|after|before)\b|[.;:]\s",
                    re.IGNORECASE)
_COMPANION_REACH = 80  # characters between the other cells and the MSCs given with them
_PARENT_WINDOW = 30  # characters between a vesicle word and the cell word it comes from
#: A number of cells: "30 000 000 cells", "2 x 10^6 cells/kg", "5 million cells".
_CELL_COUNT = re.compile(r"\d[\d\s.,]*(?:(?:x|×|\*)\s*10\s*\^?\s*\d+\s*)?(?:million |billion )?"
                         r"cells\b", re.IGNORECASE)
#: Words before a product word in a drug's description that name it as one of several
#: treatments, not as the drug: "other novel treatments including MSC therapy".
_MENTION_BEFORE = re.compile(r"\b(?:including|such as|other|e\.g\.|like|versus|vs\.?"
                             r"|compared (?:to|with)|than)\b[^.;:]{0,40}$", re.IGNORECASE)
#: Words before "cells" that make them the host a protein drug is made in: "produced in
#: Chinese hamster ovary (CHO) K1 cells", "an inactivated HbsAg produced in yeast cells".
_HOST_CELLS = re.compile(r"\b(?:produced|expressed|manufactured|made|grown|synthesi[sz]ed)"
                         r" (?:in|by|from|using)\b|\b(?:CHO|yeast|hamster|E\. ?coli|bacterial"
                         r"|insect|Vero|HEK[- ]?293|Saccharomyces|cerevisiae|Pichia|Hansenula)\b"
                         # the body's own cells a drug acts on: "insulin secretion from β-cells"
                         r"|(?:β|beta|α|alpha)[- ]?$"
                         # cells a virus or drug acts on: "replicate specifically in
                         # transformed cells", "infects tumour cells"
                         r"|\b(?:replicat\w*|infect(?:s|ed|ing)?|kill(?:s|ing)?|lys(?:es|ing))\b"
                         # "activates Ca-sensing receptors on target cells"
                         r"|\breceptors? on\b|\btarget\s+$",
                         re.IGNORECASE)
_WITH_BEFORE = re.compile(r"\bwith\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
#: An upper-case abbreviation in a name ("BFPSC+FDBA+PRF"), which the summary may define.
_ABBREVIATION = re.compile(r"(?-i:\b[A-Z][A-Z0-9]{2,}(?=s?\b))")
_EXPANDED = re.compile(r"expan[ds]|cultur|passag", re.IGNORECASE)
#: "without expanded", "non-cultured", "unexpanded": the word before denies the expansion.
_NOT_BEFORE = re.compile(r"(?:\bwithout|\bnot|\bno|\bnon|\bun)[\s-]*(?:culture[ds]?[\s-]*)?$",
                         re.IGNORECASE)
#: Words that make a title's stem cells mesenchymal in so many words.
_SAYS_MESENCHYMAL = re.compile(r"mesenchym|(?-i:\bMSCs?\b)|stromal cell", re.IGNORECASE)
BMSC = re.compile(r"(?-i:BMSCs?)$")
MARROW_CELLS = KindTerm("OTHER_CELL", "CL:0002092", BM)


def _usable_kind_hits(scan: Scan) -> list[Hit]:
    """Kind mentions that are about this intervention, not about another one beside it.

    Kept on the scan: every intervention of a study asks again about the same texts.
    """
    found = scan.usable
    if found is None:
        if scan.field in ("intervention.name", "intervention.otherNames"):
            found = list(scan.kinds)
        else:
            found = [h for h in scan.kinds
                     if not RELATIONAL.search(scan.text[max(0, h.start - 60):h.start])
                     and not _endogenous(scan, h)]
        scan.usable = found
    return list(found)


def _endogenous(scan: Scan, hit: Hit) -> bool:
    """Whether a product word names the patient's own cells acted upon ("recruiting MSCs")."""
    before = scan.lower[max(0, hit.start - 60):hit.start]
    return any(cue in before for cue in _ENDOGENOUS_CUES) and bool(_ENDOGENOUS.search(before))


def _best_kind(hits: list[Hit], scan: Scan) -> Hit | None:
    """The product word that decides the kind among several in one text.

    A specific word wins over a generic one, and otherwise the first. A cell-derived product
    wins over cells named before it when it is named with the cells it comes from
    ("MSC-derived exosomes") or in a name; "cells that secrete exosomes" stays cells.
    """
    specific = [h for h in hits if not term_of(h).generic]
    derived = [h for h in specific if term_of(h).kind in DERIVED_KINDS]
    for hit in derived:
        cells = [h for h in specific if term_of(h).kind not in DERIVED_KINDS]
        if (scan.field != "intervention.description" or not cells or hit.start < cells[0].start
                or any(abs(h.start - hit.start) <= _PARENT_WINDOW for h in cells)):
            return hit
    if specific:
        return _parent_stem_cell(specific, scan) or _given_with_mscs(specific, scan) \
            or specific[0]
    return hits[0] if hits else None


def _given_with_mscs(specific: list[Hit], scan: Scan) -> Hit | None:
    """MSCs named as given together with other cells named first, if any.

    "Autologous bone marrow mononuclear cells (BM-MNCs) and allogeneic umbilical cord
    tissue-derived mesenchymal stem cells", "Cotransplantation of Islet and Mesenchymal Stem
    Cell": the MSCs are the product the trial adds; "BM-MNC or MSC" compares them instead.
    """
    first = specific[0]
    if term_of(first).kind != "OTHER_CELL" or term_of(first).modification is not None:
        return None
    for hit in specific[1:]:
        if term_of(hit).kind == "MSC" and hit.start - first.end <= _COMPANION_REACH:
            between = scan.text[first.end:hit.start]
            if _TOGETHER.search(between) and not _APART.search(between):
                return hit
    return None


def _parent_stem_cell(specific: list[Hit], scan: Scan) -> Hit | None:
    """The stem cells a differentiated product named first is made from, if said right after.

    "progenitor of hepatocyte drived from Mesenchymal stem cell" is an MSC product, as
    "dopaminergic neurons derived from iPSCs" are iPSC-derived: the conventions name such products
    after the cells they come from. NK cells are named so only after pluripotent cells ("NK
    cell product derived from an iPSC").
    """
    first = specific[0]
    if term_of(first).kind not in ("OTHER_CELL", "NK"):
        return None
    for hit in specific[1:]:
        if term_of(hit).kind in (_STEM_PARENT_KINDS if term_of(first).kind == "OTHER_CELL"
                               else PLURIPOTENT_KINDS) and hit.start - first.end <= PARENT_REACH \
                and _DIFFERENTIATED_FROM.search(scan.text, first.end, hit.start):
            return hit
    return None


@dataclass(frozen=True)
class _KindChoice:
    hit: Hit
    scan: Scan
    parent: Hit | None  # for cell-derived products: the cell word they come from


def _vetoed(names: list[Scan]) -> bool:
    """Whether the intervention's names make it a placebo, sham or the like.

    "UC-MSCs" with the other name "placebo" (one entry for both arms) and "mesenchymal stem
    cell transplantation or placebo infusion" are products: a placebo joined to a product
    word by "or"/"and"/"/" is the comparator of that product, not the intervention itself.
    """
    name_has_product = any(h for s in names if s.field == "intervention.name" for h in s.kinds)
    # "kidney transplantation without MSC infusion", "Culture medium without MSC.": the name
    # is the comparator of the product it denies
    for scan in names:
        if scan.field == "intervention.name" and scan.kinds and all(
                _DENIED_BEFORE.search(scan.text, max(0, h.start - 20), h.start)
                for h in scan.kinds):
            return True
    for scan in names:
        for match in NOT_PRODUCT_STRONG.finditer(scan.text):
            if scan.field != "intervention.name" and name_has_product:
                continue
            if not any(CONJUNCTION.search(scan.text[min(h.end, match.end()):
                                                     max(h.start, match.start())])
                       for h in scan.kinds if h.end <= match.start() or h.start >= match.end()):
                return True
    return False


#: Words just before a product word that deny it: "without MSC injection", "w/o MSCs".
_DENIED_BEFORE = re.compile(r"\b(?:without|w/o)\s+(?:the\s+|any\s+)?$", re.IGNORECASE)


def _weak_blocked(text: str) -> bool:
    """Whether a name is a comparator or a non-cell drug ("Standard care", "Cyclophosphamide").

    A word followed by a number is a code name ("TBI-1501"), not the word; a comparator word
    added to a code name ("XCEL-M-ALPHA and standard rehabilitation") names what the code is
    given with, and leaves the code to its description.
    """
    return any(not _CODE_AFTER.match(text, m.end())
               and not _CODE_AND_BEFORE.search(text, 0, m.start())
               for m in NOT_PRODUCT_WEAK.finditer(text))


#: A code name and a conjunction just before a comparator word: "XCEL-M-ALPHA and standard",
#: "MSB-CAR001 Combined With Hyaluronan".
#: (a code as CODE_NAME reads one, or an upper-case name without a digit)
_CODE_AND_BEFORE = re.compile(rf"(?:{CODE_NAME.pattern}|(?-i:\b[A-Z][A-Z0-9-]{{3,}}))"
                              r"\s+(?:combined\s+)?(?:and|plus|\+|with)\s+(?:[\w-]+\s+)?$",
                              re.IGNORECASE)


def _plain_sentence(scan: Scan, hit: Hit) -> tuple[int, int] | None:
    """The sentence of a product word, unless it is about something else as well.

    "PRP has been used ... in cosmetic procedures such as fat transfer" and "Blood test with
    generated hiPSC-cardiomyocytes" name the comparator or the test, not a product given.
    """
    lo, hi = sentence(scan.text, hit.start, hit.end)
    if any(_weak_blocked(m.group()) for m in NOT_PRODUCT_WEAK.finditer(scan.text, lo, hi)):
        return None
    return lo, hi


def _administered(scan: Scan) -> Hit | None:
    """A specific product word in a sentence that gives it ("injection of ... MSCs")."""
    for hit in _usable_kind_hits(scan):
        if term_of(hit).generic:
            continue
        bounds = _plain_sentence(scan, hit)
        if bounds is not None and ADMINISTER.search(scan.text, *bounds):
            return hit
    return None


def choose_kind(own: list[Scan], arms: list[Scan], trial: list[Scan], itype: str,
                fallback: bool = False, titled: bool = False) -> _KindChoice | None:
    """The product word that makes this intervention a product, or None when it is not one.

    With ``fallback`` (used only for interventions of arms where no other intervention is a
    product) two more readings are allowed, for any registry type but devices and the like:
    a procedure's name ("Bone marrow aspiration") whose description gives cells ("injection
    of autologous bone marrow-derived mesenchymal stem cells"), and an opaque name ("XCEL-M")
    whose arm says what the product is. With ``titled`` too (no intervention of the study is
    a product by its own texts), an opaque name said to be given may take the product a
    title says is given.
    """
    names = [s for s in own if s.field != "intervention.description"]
    descriptions = [s for s in own if s.field == "intervention.description"]
    if _vetoed(names):
        return None
    name_text = " ".join(s.text for s in names)
    name_hits = [(s, h) for s in names for h in _usable_kind_hits(s)]
    name_specific = [p for p in name_hits if not term_of(p[1]).generic]
    if _weak_blocked(name_text) and not name_specific:
        if not fallback or itype in NAME_ONLY_TYPES or itype == "DRUG":
            return None
        for scan in descriptions:
            hit = _administered(scan)
            if hit is not None:
                return _KindChoice(hit, scan, _parent(scan, hit))
        return None
    levels: list[list[Scan]] = [names]
    if itype not in NAME_ONLY_TYPES:
        levels.append(descriptions)
    generic: tuple[Scan, Hit] | None = None
    for scans in levels:
        for scan in scans:
            best = _best_kind(_usable_kind_hits(scan), scan)
            if best is None:
                continue
            if (scan.field == "intervention.description" and itype == "DRUG"
                    and not name_specific and _MENTION_BEFORE.search(
                        scan.text, sentence(scan.text, best.start, best.end)[0], best.start)):
                continue  # "Remdesivir": "... other novel treatments including MSC therapy"
            if not term_of(best).generic:
                return _KindChoice(best, scan, _parent(scan, best))
            bounds = sentence(scan.text, best.start, best.end)
            if (scan.field == "intervention.description" and itype not in CONTEXT_TYPES
                    and not ADMINISTER.search(scan.text, *bounds)
                    and not MADE_FROM.search(scan.text, *bounds)
                    and not _WITH_BEFORE.search(scan.text[bounds[0]:best.start])):
                continue  # "perforated to allow the passage of cells": not cells given
            if _HOST_CELLS.search(scan.text, max(bounds[0], best.start - 60), best.start):
                continue  # "produced in yeast cells": the cells made a protein drug
            generic = generic or (scan, best)
    # A generic word ("stem cells", "cells") or a code name ("UMSC01"): the trial says which.
    if generic is None and itype not in CONTEXT_TYPES:
        if not fallback or itype in NAME_ONLY_TYPES:
            return None
        for scan in arms:
            hits = [h for h in _usable_kind_hits(scan)
                    if not term_of(h).generic and _plain_sentence(scan, h) is not None]
            best = _best_kind(hits, scan)
            if best is not None:
                return _KindChoice(best, scan, _parent(scan, best))
        if _counted_cells(names, [*descriptions, *arms]):
            # "will receive CardioCell consist 30 000 000 cells": an opaque name given as a
            # number of cells; the trial's titles and summary say which cells.
            for scan in trial:
                best = _best_kind([h for h in _usable_kind_hits(scan) if not term_of(h).generic],
                                  scan)
                if best is not None:
                    return _KindChoice(best, scan, _parent(scan, best))
        choice = _defined_code(names, trial)
        if choice is None and titled:
            choice = _titled_product(descriptions, arms, trial)
        return choice
    # "Haploidentical stem cell transplantation" stays a transplant beside "donor lymphocyte
    # infusions" or T cells in the trial: only another stem cell kind refines it.
    transplant = generic is not None and term_of(generic[1]).kind == "HSC"
    for scan in [*arms, *trial]:
        hits = [h for h in _usable_kind_hits(scan) if not term_of(h).generic
                and not (transplant and term_of(h).kind in _NOT_STEM_KINDS)]
        best = _best_kind(hits, scan)
        if best is not None:
            return _KindChoice(best, scan, _parent(scan, best))
    if generic is None:
        return None
    return _KindChoice(generic[1], generic[0], None)


def _titled_product(descriptions: list[Scan], arms: list[Scan], trial: list[Scan]
                   ) -> _KindChoice | None:
    """The product a title says is given, for an opaque intervention said to be given.

    "Safety Evaluation of Intracoronary Infusion of Extracellular Vesicles in Patients With
    AMI", whose one intervention is "PEP", "infused immediately distal to the newly placed
    stent": the title names what the infusion holds.
    """
    if not any(ADMINISTER.search(scan.text) for scan in [*descriptions, *arms]):
        return None
    for scan in trial:
        if not scan.field.endswith("Title"):
            continue
        for hit in _usable_kind_hits(scan):
            if not term_of(hit).generic and _TITLE_GIVES.search(
                    scan.text, max(0, hit.start - 40), hit.start):
                return _KindChoice(hit, scan, _parent(scan, hit))
    return None


#: Words of a title just before the product it gives: "Intracoronary Infusion of
#: Extracellular Vesicles", "Transplantation of Autologous ...".
_TITLE_GIVES = re.compile(r"\b(?:infusions?|injections?|administration|transplantation|delivery"
                          r"|implantation|transfusion)\s+of\s+(?:[\w-]+\s+){0,3}?$",
                          re.IGNORECASE)


def _defined_code(names: list[Scan], trial: list[Scan]) -> _KindChoice | None:
    """A code name the trial's titles or summary define as cells, in parentheses.

    "HC-SVT-1001 (Autologous Fat Stem Adult Mesenchymal Cells Expanded ...)", "guided ...
    cells (CAP-1002)": the intervention names only the code. A definition that says only
    "stem cells" ("buccal fat pad derived stem cells (BFPSCs)", for "BFPSC+FDBA+PRF") takes
    its kind from the titles and summary, as a generic name does.
    """
    # In the order the names give them, so that of two codes of one length the first is tried
    # first whatever the hash seed ("HC-SVT-1001 ...; HC-SVT-1002 ...").
    codes = dict.fromkeys(m.group() for s in names for pattern in (CODE_NAME, _ABBREVIATION)
                          for m in pattern.finditer(s.text))
    generic = False
    for code in sorted(codes, key=len, reverse=True):
        quoted = re.escape(code)
        definition = re.compile(rf"(?<![\w-]){quoted}s?\s*\(([^()]{{3,200}})\)"
                                rf"|([^().;]{{3,150}})\(\s*{quoted}s?\s*\)")
        for scan in trial:
            for match in definition.finditer(scan.text):
                lo, hi = match.span(1) if match.group(1) is not None else match.span(2)
                # words, not an abbreviation: "M032 (NSC 733972)" is a drug number
                hits = [h for h in _usable_kind_hits(scan) if lo <= h.start and h.end <= hi
                        and not h.text.isupper()]
                best = _best_kind([h for h in hits if not term_of(h).generic], scan)
                if best is not None:
                    return _KindChoice(best, scan, _parent(scan, best))
                generic = generic or bool(hits)
    if generic:
        for scan in trial:
            best = _best_kind([h for h in _usable_kind_hits(scan) if not term_of(h).generic], scan)
            if best is not None:
                return _KindChoice(best, scan, _parent(scan, best))
    return None


def _counted_cells(names: list[Scan], scans: list[Scan]) -> bool:
    """Whether a sentence gives the intervention as a number of cells.

    The sentence must name the intervention (or be its own description) and give it:
    "Patients ... will receive CardioCell consist 30 000 000 cells".
    """
    keys = [s.lower.strip() for s in names if len(s.lower.strip()) >= 4]
    for scan in scans:
        for match in _CELL_COUNT.finditer(scan.text):
            lo, hi = sentence(scan.text, match.start(), match.end())
            # the name just before the count: "CardioCell consist 30 000 000 cells"
            near = scan.lower[max(lo, match.start() - CODE_REACH):match.start()]
            if (scan.field == "intervention.description" or any(key in near for key in keys)) \
                    and ADMINISTER.search(scan.text, lo, hi):
                return True
    return False


def _parent(scan: Scan, hit: Hit) -> Hit | None:
    """For a cell-derived product word, the cell word of the same text it is derived from."""
    if term_of(hit).kind not in DERIVED_KINDS:
        return None
    cells = [h for h in scan.kinds
             if term_of(h).kind not in DERIVED_KINDS and not term_of(h).generic]
    return min(cells, key=lambda h: abs(h.start - hit.start)) if cells else None


def cell_type_of(term: KindTerm, parent: KindTerm | None, kind: str, tissue: str | None
                 ) -> str | None:
    """The most specific cell class: an MSC from a known tissue is that tissue's MSC."""
    base = parent if parent is not None else term
    cell = base.cell
    if cell == MSC and tissue in MSC_BY_TISSUE:
        return MSC_BY_TISSUE[tissue]
    if cell is None and kind in DERIVED_KINDS:
        return None
    return cell


def given_as_svf(own: list[Scan], arms: list[Scan], titles: list[Scan]) -> KindTerm | None:
    """The SVF term when "adipose derived stem cells" are given as stromal vascular fraction.

    "Adipose derived stem cells" whose arm says "Autologous stromal vascular fraction (SVF)
    and platelet rich plasma (PRP) will be transfused", never expanded or cultured, are SVF;
    so are those of a trial titled "Can Fat Derived Stem Cells (SVF) be Used ..." when the
    title says nothing mesenchymal ("SVF versus adipose MSC" names two products).
    """
    def svf_hits(scans: list[Scan]) -> list[Hit]:
        return [h for s in scans for h in s.kinds
                if term_of(h).kind == "OTHER_CELL" and term_of(h).tissue == ADIPOSE
                and term_of(h).source_material]

    svf = svf_hits([*own, *arms]) or svf_hits(
        [t for t in titles if not _SAYS_MESENCHYMAL.search(t.text)])
    if not svf or any(_says_expanded(s.text) for s in [*own, *arms]):
        return None
    return term_of(svf[0])


def pluripotent_parent(scans: list[Scan]) -> KindTerm | None:
    """The iPSC or ESC term of a text that names MSCs derived from pluripotent cells."""
    for scan in scans:
        for first, second in pairwise(scan.kinds):
            if term_of(first).kind in PLURIPOTENT_KINDS and term_of(second).kind == "MSC" \
                    and second.start - first.start <= PARENT_REACH \
                    and "deriv" in scan.lower[first.start:second.start]:
                return term_of(first)
    return None


def unexpanded_marrow(scans: list[Scan]) -> bool:
    """Whether the record gives marrow cells it says are not expanded, and never expanded ones.

    The conventions make such "mesenchymal stem cells" marrow cells, not MSCs: an MSC is
    grown in culture. MSCs a marrow concentrate is said to contain are such cells too.
    """
    said = [affirmed for scan in scans for affirmed in _expansions(scan.text)]
    if any(said) or not any("marrow" in scan.lower for scan in scans):
        return False
    # "bone marrow aspirate concentrate (BMAC) containing mesenchymal stem cells (MSCs)"
    return bool(said) or any(_IN_CONCENTRATE.search(scan.text)
                             or _GLOSSED_AS_CONCENTRATE.search(scan.text) for scan in scans)


#: A marrow concentrate or aspirate said to hold MSCs ("BMAC containing MSCs").
_IN_CONCENTRATE = re.compile(r"\b(?:concentrates?|BMAC|aspirates?)\)?\s+(?:containing|contains"
                            r"|rich in|enriched (?:in|with))\s+(?:[\w-]+\s+){0,2}?"
                            r"(?:mesenchymal|MSCs?\b)", re.IGNORECASE)
#: Marrow "MSCs" the record's own short name calls a concentrate or marrow cells:
#: "bone marrow-derived mesenchymal stem cells (BMC)", "BMAC (bone marrow-derived MSCs)".
_GLOSSED_AS_CONCENTRATE = re.compile(
    r"(?:mesenchymal (?:stem|stromal) cells?|MSCs?)\s*\((?-i:BMAC|BMC)s?\)"
    r"|\b(?-i:BMAC|BMC)s?\s*\((?:autologous )?bone[- ]marrow[- ]derived (?:mesenchymal|MSC)",
    re.IGNORECASE)


def _says_expanded(text: str) -> bool:
    """Whether a text says its cells were expanded or cultured (and does not deny it)."""
    return any(_expansions(text))


def _expansions(text: str) -> Iterator[bool]:
    """Each expansion word of a text ("expanded", "cultured"): True unless denied before it."""
    for match in _EXPANDED.finditer(text):
        yield not _NOT_BEFORE.search(text, max(0, match.start() - 20), match.start())


def trial_parent(trial: list[Scan], kind: str) -> KindTerm | None:
    """The cells a titles' or summary's product of this kind is said to come from, if any."""
    for scan in trial:
        for hit in _usable_kind_hits(scan):
            if term_of(hit).kind == kind and (found := _parent(scan, hit)) is not None:
                return term_of(found)
    return None
