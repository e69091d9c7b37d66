"""Where a product's cells come from (tissue) and whose they are (donor).

At the arm and trial levels a tissue or donor word counts only when it is attached to a
mention of the same product; harvests the participants undergo and apheresis name the tissue
and make the product autologous.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.text.products.facts import Evidence
from kg.text.products.patterns import APHERESIS_KINDS, MADE_FROM
from kg.text.products.scan import ATTACH_WINDOW, Scan, harvest_is_test, same_sentence, snippet
from kg.text.products.tables import Hit, term_of
from kg.text.products.terms import (
    ADIPOSE,
    BLOOD,
    BM,
    CAR_T_CELLS,
    DONOR_TERMS,
    NEEDS_PRODUCT_WORD,
    TISSUE_REFINES,
    TISSUE_REFINES_TOGETHER,
    TISSUE_TERMS,
    KindTerm,
)

#: The tissue itself taken, in the passive: "20 - 30 ml of bone marrow will be aspirated and
#: layered on density gradient medium". It gives the source, not the donor: the sentence does
#: not say whose marrow ("The eligible donor's bone marrow was aspirated").
_TISSUE_TAKEN = re.compile(
    r"\b(?:bone[- ]marrow|fat|adipose tissue|lipoaspirate|peripheral blood)"
    r"\s+(?:\([^()]{0,40}\)\s+)?(?:is|are|was|will be)\s+(?:then\s+)?(?:aspirated|harvested"
    r"|collected)\b"
    # "Harvest of bone marrow from iliac crest. Mesenchymal autologous stem cells preparation"
    r"|\b(?:harvest(?:ing)?|aspiration|collection) of (?:the )?(?:autologous )?"
    r"(?:bone[- ]marrow|adipose tissue|fat)\b"
    # a criterion about "the bone marrow harvest site"
    r"|\b(?:bone[- ]marrow|fat|adipose tissue) (?:harvest|aspiration|collection) sites?\b",
    re.IGNORECASE)
_TAKEN_CUES = ("aspirat", "harvest", "collect")
#: A criterion that the participant can bear the harvest ("Able to safely undergo a bone marrow
#: aspiration", "Contraindications for both bone marrow harvesting and bone grafts"): for the
#: kinds made from marrow or fat only, since cancer trials ask the same of marrow tests.
_HARVEST_BORNE = re.compile(
    r"\b(?:(?:undergo|tolerate)\s+(?:an?\s+)?|contraindications?\s+(?:to|for)\s+(?:both\s+)?"
    r"(?:an?\s+)?)(?:(bone[- ]marrow)|fat|adipose tissue)\s+(?:aspiration|harvest\w*|collection)\b",
    re.IGNORECASE)
_HARVEST_BORNE_KINDS = frozenset({"MSC", "OTHER_CELL"})
#: Words that make a tissue an example of where cells can come from, not the product's source.
_EXAMPLE_BEFORE = re.compile(r"(?:\b(?:such as|e\.g\.,?|for example,?|for instance,?|including)"
                             r"\s+(?:the\s+)?(?:[\w-]+\s+){0,2}"
                             # "exosomes associated with the amniotic membrane, long used in
                             # the treatment of burns"
                             r"|\bassociated with\s+(?:the\s+)?)$", re.IGNORECASE)
#: A list of the sources cells can have: "MSC from variable sources [bone marrow (BM), fat, and
#: umbilical cord (UC)]" (every item of it, up to the list's end).
_SOURCES_LISTED = re.compile(r"\b(?:variable|various|different|several|multiple|many) sources?"
                             r"\b[^.;\]]{0,80}$", re.IGNORECASE)
#: Words before a tissue word that make it a destination or another product, not the source:
#: "injection is into muscle and not adipose tissue", "MSCs combined with cord blood".
_NOT_SOURCE_BEFORE = re.compile(
    r"(?:\bnot|\binto|\brather than|\binstead of|\b(?:combined|together|along"
    r"|co-?infused|co-?transplanted|co-?administered) with)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE)
_TRANSPLANT_AFTER = re.compile(r"^\W{0,3}(?:\w+\s+){0,3}?(?:ha?ematopoietic|stem[- ]cell|HSCT|BMT"
                               r"|bone marrow|cord blood|kidney|renal|liver|organ|islet)?\s*"
                               r"transplant", re.IGNORECASE)


def _attached(scan: Scan, start: int, end: int, kind: str | None = None,
              parent_kind: str | None = None) -> Hit | None:
    """The product word a tissue/donor word at ``start:end`` describes, if one is near.

    With ``kind``, a source preparation of another kind ("MSCs from the patient's own bone
    marrow aspirate") is not the product word the tissue or donor word describes.
    """
    near = [h for h in scan.kinds_around(start, end)
            if kind is None or not (term_of(h).source_material
                                    and not compatible(h, kind, parent_kind))]
    after = [h for h in near if h.start >= start and h.start - end <= ATTACH_WINDOW
             and same_sentence(scan.text, end, h.start)]
    if after:
        return after[0]
    before = [h for h in near if h.end <= start and start - h.end <= ATTACH_WINDOW
              and same_sentence(scan.text, h.end, start)]
    return before[-1] if before else None


def _source_owner(scan: Scan, hit: Hit, kind: str, parent_kind: str | None) -> Hit | None:
    """The product word a donor word describes.

    "MSCs expanded from the patient's own bone marrow aspirate": the donor word is attached
    to the source preparation, which is what the MSCs were made from, so it is the MSCs'.
    """
    owner = _attached(scan, hit.start, hit.end)
    if owner is None or not term_of(owner).source_material or compatible(owner, kind,
                                                                         parent_kind):
        return owner
    made = _attached(scan, hit.start, hit.end, kind, parent_kind)
    if made is not None and made.end <= hit.start and MADE_FROM.search(
            scan.text, made.end, owner.start):
        return made
    return owner


def compatible(hit: Hit | None, kind: str, parent_kind: str | None) -> bool:
    """Whether a product word may be the one a tissue/donor/route word describes."""
    if hit is None:
        return False
    term = term_of(hit)
    return term.generic or term.kind in (kind, parent_kind) or _car_t_cells(term, kind)


def _car_t_cells(term: KindTerm, kind: str) -> bool:
    """Whether a T-cell word describes a CAR-T product ("autologous CD8+ T cells")."""
    return kind == "CAR_T" and term.kind == "OTHER_CELL" and term.cell in CAR_T_CELLS


def _specific_compatible(hit: Hit | None, kind: str, parent_kind: str | None) -> bool:
    """Like :func:`compatible`, but "stem cells" alone does not do.

    In a trial's summary "stem cells move from the bone marrow" is not about a CAR-T
    product's source.
    """
    if hit is None or term_of(hit).generic:
        return False
    return term_of(hit).kind in (kind, parent_kind) or _car_t_cells(term_of(hit), kind)


def _inside_other_product(scan: Scan, start: int, end: int, kind: str,
                          parent_kind: str | None) -> bool:
    """Whether a word lies inside the mention of another kind of product.

    "bone marrow transplantation" in an MSC record is not the MSCs' source.
    """
    near = scan.kinds_around(start, end)
    return any(h.start <= start and end <= h.end and not compatible(h, kind, parent_kind)
               and not (term_of(h).source_material and _made_from(scan, near, h, kind,
                                                                  parent_kind))
               for h in near)


def _made_from(scan: Scan, near: Sequence[Hit], source: Hit, kind: str,
               parent_kind: str | None) -> bool:
    """Whether a product of this kind is said to be made from a source preparation.

    "MSCs expanded from the patient's own bone marrow aspirate": yes; "Stromal Vascular
    Fraction and Mesenchymal Stem Cells": no, the SVF is another product.
    """
    return any(h.end <= source.start and compatible(h, kind, parent_kind)
               and same_sentence(scan.text, h.end, source.start)
               and MADE_FROM.search(scan.text, h.end, source.start) is not None
               for h in near)


def find_tissue(levels: list[list[Scan]], kind: str, parent_kind: str | None
                ) -> tuple[str, Evidence] | None:
    """The tissue from the nearest level that states one.

    A more specific tissue named at any level refines it: "umbilical cord MSCs" in the
    intervention and "Wharton's jelly" in the summary are Wharton's jelly MSCs.
    """
    per_level = (_tissues_at(scans, kind, parent_kind) for scans in levels)
    for found in per_level:
        if not found:
            continue
        curies = {c for c, _ in found}
        for broad, narrow in TISSUE_REFINES_TOGETHER.items():
            if broad in curies and narrow in curies:
                return next(f for f in found if f[0] == narrow)
        for broad, narrow in TISSUE_REFINES.items():
            if curies == {broad}:
                for later in per_level:
                    refined = [f for f in later if f[0] == narrow]
                    if refined:
                        return refined[0]
        return found[0]
    return None


def _tissues_at(scans: list[Scan], kind: str, parent_kind: str | None
                ) -> list[tuple[str, Evidence]]:
    found: list[tuple[str, Evidence]] = []
    for scan in scans:
        for hit in scan.tissues:
            curie = TISSUE_TERMS[hit.entry][1]
            if _inside_other_product(scan, hit.start, hit.end, kind, parent_kind):
                continue
            if (_NOT_SOURCE_BEFORE.search(scan.text, max(0, hit.start - 45), hit.start)
                    and not scan.kinds_around(hit.start, hit.end + 25, pad=0)):
                # "injection is into muscle and not adipose tissue", "MSCs combined with cord
                # blood will be given" (but "combined with HUC-MSCs" names the MSCs' source)
                continue
            if scan.level >= 2 and (
                    _EXAMPLE_BEFORE.search(scan.text[max(0, hit.start - 40):hit.start])
                    or _SOURCES_LISTED.search(scan.text[max(0, hit.start - 100):hit.start])):
                continue  # background: "MSCs ... from adult tissues, such as the bone marrow"
            owner = _attached(scan, hit.start, hit.end, kind, parent_kind)
            if owner is None and (scan.level > 0 or curie in NEEDS_PRODUCT_WORD):
                continue
            if owner is not None and not (compatible(owner, kind, parent_kind)
                                          if scan.level <= 1 else
                                          _specific_compatible(owner, kind, parent_kind)
                                          or _cells_made_from(scan, owner, hit)):
                continue
            found.append((curie, Evidence("tissueSource", scan.field,
                                          snippet(scan.text, hit.start, hit.end))))
    return found


def find_donor(levels: list[list[Scan]], kind: str, parent_kind: str | None
               ) -> tuple[str, Evidence] | None:
    """The donor of a product, from the nearest level that states one, with its evidence."""
    for scans in levels:
        for scan in scans:
            for hit in scan.donors:
                if kind != "HSC" and _transplant_donor(scan, hit, kind, parent_kind):
                    continue  # "allogeneic HSCT": the transplant's donor, not this product's
                owner = _source_owner(scan, hit, kind, parent_kind)
                if owner is None and scan.level > 0:
                    continue
                if owner is not None and not (compatible(owner, kind, parent_kind)
                                              if scan.level <= 1 else
                                              _specific_compatible(owner, kind, parent_kind)
                                              or _titled_stem_cells(scan, hit, owner, kind)):
                    continue
                return DONOR_TERMS[hit.entry][1], Evidence(
                    "donor", scan.field, snippet(scan.text, hit.start, hit.end))
    return None


def _titled_stem_cells(scan: Scan, donor: Hit, owner: Hit, kind: str) -> bool:
    """Whether a donor word before a title's plain "stem cells" is said of an MSC product.

    "Autologous Bone Marrow Derived Stem Cell Transplantation in T2DM" says whose the
    trial's MSCs are. Only titles, only for MSCs (a summary's "autologous stem cell
    transplantation" in a CAR-T trial is the patients' earlier transplant), and only a word
    before the cells ("... Derived Cells and Autogenous Bone" is said of the bone).
    """
    return (kind == "MSC" and scan.field.endswith("Title") and term_of(owner).generic
            and donor.end <= owner.start)


def _transplant_donor(scan: Scan, hit: Hit, kind: str, parent_kind: str | None) -> bool:
    """Whether a donor word is about a transplant rather than this product.

    "allogeneic HSCT" in an MSC trial is; "allogeneic mesenchymal stem cell transplantation"
    is not: the product's own word stands between the donor word and "transplant".
    """
    found = _TRANSPLANT_AFTER.match(scan.text[hit.end:hit.end + 60])
    if found is None:
        return False
    return not any(hit.end <= h.start < hit.end + found.end() and not term_of(h).generic
                   and compatible(h, kind, parent_kind)
                   for h in scan.kinds_around(hit.end, hit.end + found.end(), pad=0))


#: "antibody specificities to donor HLA antigens", "anti-HLA antibodies against the MPC donor"
_DONOR_HLA = re.compile(r"\b(?:antibod\w*|specificit\w*)\s+(?:[\w-]+\s+){0,3}(?:to|against)"
                        r"\s+(?:the\s+)?(?:[\w-]+\s+)?donor(?:'s)?\s+HLA\b", re.IGNORECASE)
#: Between plain "cells" and a tissue: "Cells will be isolated from adipose tissue".
_CELLS_MADE_FROM = re.compile(r"\s+(?:will be|are|were|was|is)\s+(?:isolated|derived|harvested"
                             r"|obtained|expanded|cultured|prepared)\s+from\s+(?:the\s+)?"
                             r"(?:(?:patient|participant|subject)(?:'s|s'|s)?\s+)?(?:own\s+)?",
                             re.IGNORECASE)
_APHERESIS = re.compile(r"\b(?:leu[ck][oa]?c?y?t?)?apheres[ie]s\b|\bleu[ck]a?pheres\w*",
                        re.IGNORECASE)


def _cells_made_from(scan: Scan, owner: Hit, tissue: Hit) -> bool:
    """Whether plain "cells" are said to be made from the tissue, as a step of this trial.

    "Cells will be isolated from adipose tissue, expanded ex vivo and then ... delivery of
    MSCs will be performed" states the source; "stem cells can be isolated from many
    tissues" (a modal, background) does not.
    """
    return term_of(owner).generic and owner.end <= tissue.start and bool(
        _CELLS_MADE_FROM.fullmatch(scan.text, owner.end, tissue.start))


def donor_antibodies(scans: list[Scan]) -> Evidence | None:
    """An exclusion of patients with antibodies to the cell donor's HLA: cells of a donor."""
    for scan in scans:
        match = _DONOR_HLA.search(scan.text) if "hla" in scan.lower else None
        if match is not None:
            return Evidence("donor", scan.field, snippet(scan.text, match.start(), match.end()),
                            inferred=True)
    return None


def apheresis_evidence(scans: list[Scan]) -> Evidence | None:
    """Where the record names a leukapheresis (never "plasmapheresis"), as evidence."""
    for scan in scans:
        if "pheres" not in scan.lower:
            continue
        match = _APHERESIS.search(scan.text)
        if match is not None:
            return Evidence("tissueSource", scan.field,
                            snippet(scan.text, match.start(), match.end()), inferred=True)
    return None


#: Tissue harvested by each group of _SELF_HARVEST, and the kinds it may be the source of.
_HARVESTED = ((BM, None), (ADIPOSE, None),
              (BLOOD, frozenset({"CAR_T", "NK", "OTHER_CELL", "HSC"})))


def self_harvest(scans: list[Scan], kind: str) -> tuple[str | None, Evidence] | None:
    """A harvest the participants undergo for their own product, and the tissue harvested.

    "All subjects will undergo bone marrow aspiration. Mesenchymal Stem Cells will be
    isolated from bone marrow": the MSCs are the participants' own, from bone marrow. A
    harvest to assess the disease ("bone marrow aspiration to evaluate response") is not one.
    """
    for scan in scans:
        for group, start, end in scan.harvests:
            tissue, kinds = _HARVESTED[group]
            if kinds is not None and kind not in kinds:
                continue
            return tissue, Evidence("donor", scan.field, snippet(scan.text, start, end),
                                    inferred=True)
    return None


def tissue_taken(scans: list[Scan], kind: str) -> tuple[str, Evidence] | None:
    """The tissue a sentence says is taken to make the product (not to assess the disease).

    Blood counts only for the kinds made from blood cells: a blood draw is otherwise a sample.
    """
    for scan in scans:
        if not any(word in scan.lower for word in _TAKEN_CUES):
            continue
        for match in _TISSUE_TAKEN.finditer(scan.text):
            if harvest_is_test(scan.text, match.start(), match.end()):
                continue
            words = match.group().lower()
            tissue = BM if "marrow" in words else BLOOD if "blood" in words else ADIPOSE
            if tissue == BLOOD and kind not in APHERESIS_KINDS:
                continue
            return tissue, Evidence("tissueSource", scan.field,
                                    snippet(scan.text, match.start(), match.end()), inferred=True)
    if kind not in _HARVEST_BORNE_KINDS:
        return None
    for scan in scans:
        if not any(word in scan.lower for word in _TAKEN_CUES):
            continue
        for match in _HARVEST_BORNE.finditer(scan.text):
            if not harvest_is_test(scan.text, match.start(), match.end()):
                return BM if match.group(1) else ADIPOSE, Evidence(
                    "tissueSource", scan.field, snippet(scan.text, match.start(), match.end()),
                    inferred=True)
    return None
