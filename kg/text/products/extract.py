"""One :class:`~kg.text.products.facts.ProductFact` per intervention that gives a product.

Ties the decisions together: kind, cell type, source, donor, modification, routes, doses.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from kg.text.products.facts import Dose, Evidence, LexiconLike, ProductFact
from kg.text.products.kind import (
    BMSC,
    MARROW_CELLS,
    cell_type_of,
    choose_kind,
    given_as_svf,
    pluripotent_parent,
    trial_parent,
    unexpanded_marrow,
)
from kg.text.products.patterns import (
    APHERESIS_KINDS,
    DERIVED_KINDS,
    PARENT_REACH,
    PLURIPOTENT_KINDS,
)
from kg.text.products.routes import find_routes, only_product_routes, with_arm_procedure_routes
from kg.text.products.scan import Scan, snippet
from kg.text.products.source import (
    apheresis_evidence,
    donor_antibodies,
    find_donor,
    find_tissue,
    self_harvest,
    tissue_taken,
)
from kg.text.products.tables import term_of
from kg.text.products.terms import (
    ADIPOSE,
    ALLOGENEIC_BY_NATURE,
    ANTIGEN_PATTERN,
    BLOOD,
    BM,
    CAR_T_CELLS,
    CAR_T_TERM,
    MODIFICATION_TERMS,
    TISSUE_REFINES,
    KindTerm,
)
from kg.text.products.texts import (
    Texts,
    arm_key,
    arm_members,
    arm_scans,
    own_scans,
    sole_arm_texts,
    v2_type,
)
from kg.text.quantities_dose import count_doses, find_doses, find_frequency

#: Study types whose interventions are exposures observed, not products the study gives.
NOT_ADMINISTERING_STUDY_TYPES: frozenset[str] = frozenset({"OBSERVATIONAL"})
#: Interventions of these types are never products: a diagnostic test measures cells ("progenitor
#: potential of gingival mesenchymal cells", "urinary extracellular vesicle concentration").
NEVER_PRODUCT_TYPES: frozenset[str] = frozenset({"DIAGNOSTIC_TEST"})
#: Intervention names that are laboratory work on cells, not cells given: "A-T iPS cell line",
#: "in vitro study", "flow cytometry", "Whole Blood Donation".
_LAB_NAME = re.compile(r"\bcell[- ]lines?\b|\bin[- ]vitro (?:stud|experiment|test|assay|analys"
                       r"|model)|flow cytometr\w*|\bassays?\b|\bblood donation|characteri[sz]ation"
                       # correlative studies listed as interventions: "polymerase chain
                       # reaction", "gene rearrangement analysis", "laboratory biomarker analysis"
                       r"|\banalys[ie]s\b|polymerase chain reaction|\bsequencing\b"
                       # a sample taken to develop a method: "sampling mesenchymal stem cells"
                       r"|^\s*sampling\b"
                       r"|immunohistochemi\w*|immunosorbent|\bmicroarray", re.IGNORECASE)
#: A follow-up study of an earlier trial's participants gives nothing itself: "Follow-up Study of
#: Safety and Efficacy in Subjects Who Completed NEUROSTEM Phase-I/IIa Clinical Trial",
#: "Follow-up Study for Participants of Jointstem Phase 3 Clinical Trial". A title saying
#: "follow-up" and a word for the earlier trial's participants are both needed ("Long Term
#: Follow up Mesenchymal Stem Cell Therapy" that harvests and infuses is a trial of its own).
_FOLLOW_UP_TITLE = re.compile(r"follow[- ]?up (?:study|trial|evaluation|of)|\bLTFU\b",
                              re.IGNORECASE)
_EARLIER_TRIAL = re.compile(
    r"\b(?:who|that) (?:have |had )?(?:completed|participated|took part|were (?:enrolled"
    r"|treated|randomi[sz]ed|included))\b|\bparticipants? (?:of|in|from|for) (?:the |a |an )?"
    r"(?:[\w®-]+ ){0,3}(?:clinical )?(?:trials?|stud(?:y|ies))\b"
    r"|\bparticipants (?:[\w®-]+ ){0,2}(?:clinical )?trial\b"
    r"|\b(?:previous|prior|parent|original|earlier|preceding) (?:[\w-]+ ){0,3}"
    r"(?:trials?|stud(?:y|ies)|protocols?)\b", re.IGNORECASE)
_ANTIGEN_RE = re.compile(ANTIGEN_PATTERN, re.IGNORECASE)
_ANTIGEN_NAMES = {"claudin 18.2": "CLDN18.2", "msln": "mesothelin", "her-2": "HER2",
                  "b7h3": "B7-H3", "ley": "Lewis Y", "lewis y": "Lewis Y", "lewis-y": "Lewis Y"}


def _find_modification(levels: list[list[Scan]], term: KindTerm
                       ) -> tuple[str | None, tuple[str, ...], tuple[Evidence, ...]]:
    """The genetic modification (and CAR target antigens) from the nearest level stating one.

    Within a level the table order decides: "genetically engineered ... T cells expressing
    a CD19-specific CAR" is a CAR, not merely a transgene.
    """
    code = term.modification
    evidence: list[Evidence] = []
    for scans in levels:
        hits = [(hit.entry, scan, hit) for scan in scans for hit in scan.mods
                if code is None or MODIFICATION_TERMS[hit.entry][1] == code]
        if hits:
            entry, scan, hit = min(hits, key=lambda found: found[0])
            code = MODIFICATION_TERMS[entry][1]
            evidence.append(Evidence("geneticModification", scan.field,
                                     snippet(scan.text, hit.start, hit.end)))
            break
    antigens: list[str] = []
    if code == "CAR":
        for scans in levels:
            for scan in scans:
                for match in _ANTIGEN_RE.finditer(scan.text):
                    name = _ANTIGEN_NAMES.get(match.group().casefold(), match.group())
                    name = name if name in _ANTIGEN_NAMES.values() else name.upper() \
                        if len(name) <= 8 else name
                    if name not in antigens:
                        antigens.append(name)
                        evidence.append(Evidence("targetAntigen", scan.field,
                                                 snippet(scan.text, match.start(), match.end())))
            if antigens:
                break
    return code, tuple(antigens), tuple(evidence)


def _find_doses(levels: list[list[Scan]], kind: str) -> tuple[Dose, ...]:
    default_unit = "particles" if kind == "EXTRACELLULAR_VESICLES" else \
        "mL" if kind in DERIVED_KINDS else "cells"
    for scans in levels:
        doses: list[Dose] = []
        seen: set[tuple[float, float | None, str]] = set()
        for scan in scans:
            mentions = find_doses(scan.text)
            if not mentions:
                continue
            count = count_doses(scan.text)
            frequency = find_frequency(scan.text)
            for mention in mentions:
                unit = mention.unit or (f"{default_unit}/kg" if mention.per_kg else default_unit)
                if kind not in DERIVED_KINDS and unit.split("/")[0] in ("mL", "µg", "mg"):
                    continue  # a volume or mass beside a cell product is the vehicle, not a dose
                key = (mention.value, mention.upper, unit)
                if key in seen:
                    continue
                seen.add(key)
                doses.append(Dose(mention.value, mention.upper, unit, mention.per_kg, count,
                                  frequency, mention.text, scan.field))
        if doses:
            return tuple(doses)
    return ()


def extract_products(study: dict[str, Any], lexicon: LexiconLike | None = None
                     ) -> list[ProductFact]:
    """The cell and cell-derived products among a v2 study's interventions, in record order.

    Observational studies give nothing: their "interventions" are exposures, so they have no
    products here.

    ``lexicon`` (a ``kg.text.lexicon.Lexicon``) is consulted only for what the tables here do
    not know: the cell class of an "other" cell product named in the intervention's own
    texts. Tissues are not taken from it: an organ in the text is more often the target
    ("injected into the knee") than the source.
    """
    protocol = study.get("protocolSection", {})
    if protocol.get("designModule", {}).get("studyType") in NOT_ADMINISTERING_STUDY_TYPES:
        return []
    if _follow_up_only(protocol):
        return []
    interventions = protocol.get("armsInterventionsModule", {}).get("interventions") or []
    texts = Texts(study)
    facts: list[ProductFact] = []
    for index, intervention in enumerate(interventions):
        fact = _product(texts, study, index, intervention, lexicon)
        if fact is not None:
            facts.append(fact)
    # Second reading: an intervention of arms where nothing is a product yet may be one by its
    # description or its arms ("Drug: XCEL-M" in an arm of "expanded mesenchymal stromal cells").
    taken = {arm_key(arm) for fact in facts
             for arm in arm_members(study, fact.index, interventions[fact.index])}
    more: list[ProductFact] = []
    for index, intervention in enumerate(interventions):
        if any(fact.index == index for fact in facts):
            continue
        arms = {arm_key(arm) for arm in arm_members(study, index, intervention)}
        if arms & taken or (not arms and facts):
            continue
        fact = _product(texts, study, index, intervention, lexicon, fallback=True,
                        titled=not facts)
        if fact is not None:
            more.append(fact)
    facts = sorted([*facts, *more], key=lambda fact: fact.index)
    facts = [with_arm_procedure_routes(fact, study, interventions) for fact in facts]
    if len(facts) == 1 and not facts[0].routes:
        # The trial's only product is "the product" or "the treatment" of its descriptions.
        routes, route_evidence = only_product_routes(
            [*texts.trial(), *texts.details(), *texts.design()])
        if routes:
            facts[0] = replace(facts[0], routes=routes,
                               evidence=(*facts[0].evidence, *route_evidence))
    if len(facts) == 1 and not facts[0].doses:
        # The summary's dose is this product's when the trial has only one product.
        doses = _find_doses([texts.trial()], facts[0].kind)
        if doses:
            facts[0] = replace(facts[0], doses=doses)
    return facts


def _follow_up_only(protocol: dict[str, Any]) -> bool:
    """Whether the study only follows up participants of an earlier trial (see _FOLLOW_UP_TITLE)."""
    ident = protocol.get("identificationModule", {})
    titles = f"{ident.get('briefTitle') or ''}\n{ident.get('officialTitle') or ''}"
    if not _FOLLOW_UP_TITLE.search(titles):
        return False
    summary = protocol.get("descriptionModule", {}).get("briefSummary") or ""
    return _EARLIER_TRIAL.search(f"{titles}\n{summary}") is not None


def _product(texts: Texts, study: dict[str, Any], index: int, intervention: dict[str, Any],
             lexicon: LexiconLike | None, fallback: bool = False, titled: bool = False
             ) -> ProductFact | None:
    itype = v2_type(intervention.get("type"))
    if itype in NEVER_PRODUCT_TYPES or _LAB_NAME.search(intervention.get("name") or ""):
        return None
    own = own_scans(texts, intervention)
    members = arm_members(study, index, intervention)
    arms = arm_scans(texts, members)
    trial = texts.trial()
    choice = choose_kind(own, arms, trial, itype, fallback, titled)
    if choice is None:
        return None
    term = term_of(choice.hit)
    parent = term_of(choice.parent) if choice.parent is not None else None
    named_as: str | None = None  # another kind whose words name this product
    if BMSC.match(choice.hit.text) and not texts.mesenchymal_said:
        term = MARROW_CELLS  # "bone marrow stem cells (BMSCs)", never said to be MSCs
    elif term.kind == "MSC" and term.tissue in (None, BM) and unexpanded_marrow(
            [*own, *arms, *trial, *texts.details()]):
        # "a fresh non-culture expanded ... mesenchymal mononuclear stem cells": the record's
        # MSC words still name these cells, so they may carry their source and donor
        term, named_as = MARROW_CELLS, "MSC"
    elif term.kind == "OTHER_CELL" and term.tissue == ADIPOSE and any(
            term_of(h).kind == "MSC" and term_of(h).tissue == ADIPOSE
            for s in own for h in s.kinds):
        named_as = "MSC"  # "SVF Containg Autologous Non Expanded ADSC": the ADSC are the SVF
    elif term.kind == "MSC" and term.tissue is None and (
            pluripotent := pluripotent_parent(trial)) is not None:
        # "Cell therapy" with "MSC-like cells" in the arms, in a trial titled "Human Embryonic
        # Stem Cell Derived Mesenchymal Stem Cell (MSC)-Like Cells": named after the parent
        term = KindTerm(pluripotent.kind, term.cell, donor=pluripotent.donor)
    elif term.kind == "MSC" and term.tissue == ADIPOSE:
        term = given_as_svf(own, arms, [t for t in trial if t.field.endswith("Title")]) or term
    elif term.kind in PLURIPOTENT_KINDS and any(
            term_of(h).kind == "NK" and 0 <= choice.hit.start - h.end <= PARENT_REACH
            for h in choice.scan.kinds):
        named_as = "NK"  # "off-the-shelf ... NK cell product derived from an iPSC"
    kind = term.kind
    if kind == "CAR_T" and parent is None:
        # CAR-NK written as "CAR ... NK cells": the cells decide the kind.
        nk = [h for s in own for h in s.kinds if term_of(h).kind == "NK"]
        if nk:
            term, kind = KindTerm("NK", "CL:0000623", modification="CAR"), "NK"
    if kind in DERIVED_KINDS and parent is None:
        # "ExoFlo" alone in the intervention, "bone marrow mesenchymal stem cell derived
        # extracellular vesicles" in the summary: the trial names the parent cells
        parent = trial_parent(trial, kind)
    parent_kind = parent.kind if parent is not None else named_as
    levels = [own, arms, trial]
    evidence: list[Evidence] = [Evidence("productKind", choice.scan.field, snippet(
        choice.scan.text, choice.hit.start, choice.hit.end), inferred=term.generic)]
    # A modification is read beyond the intervention's own texts only for products defined
    # by one (CAR-T): the arm of a CAR-T trial says nothing about its transplant product.
    modification, antigens, mod_evidence = _find_modification(
        [*levels[:2], trial[:2]] if term.modification else [own], term)
    if modification == "CAR" and kind == "OTHER_CELL" and term.cell in CAR_T_CELLS:
        term, kind = CAR_T_TERM, "CAR_T"  # "T cells expressing a CD19-specific CAR"
    elif kind == "OTHER_CELL" and term.cell in _T_CELLS and modification in (None, "TRANSGENE") \
            and (modification or any(_ANTIGEN_SPECIFIC.search(s.text) for s in [*own, *arms])):
        # Registry entries often name engineered T cells plainly ("genetically engineered
        # lymphocyte therapy", "autologous CD20 specific T-cells") and say what the construct
        # is only in the summary ("a CD20-specific ... chimeric immunoreceptor").
        car = _find_modification([*levels[1:], texts.details()], CAR_T_TERM)
        if any(found.prop == "geneticModification" for found in car[2]):  # a CAR is said
            term, kind = CAR_T_TERM, "CAR_T"
            modification, antigens, mod_evidence = car

    tissue = term.tissue or (parent.tissue if parent is not None else None)
    tissue_found = find_tissue([*levels, texts.details()], kind, parent_kind)
    if tissue_found is None and tissue is None:
        tissue_found = find_tissue([texts.eligibility()], kind, parent_kind)
    if tissue_found is not None and (tissue is None or TISSUE_REFINES.get(tissue)
                                     == tissue_found[0]):
        tissue = tissue_found[0]
        evidence.append(tissue_found[1])
    elif tissue is not None:
        evidence.append(Evidence("tissueSource", choice.scan.field, choice.hit.text))
    harvest = None
    if kind not in DERIVED_KINDS:
        harvest = self_harvest([*own, *arms, *trial, *texts.details()], kind)
    if tissue is None and harvest is not None and harvest[0] is not None:
        tissue = harvest[0]
        evidence.append(Evidence("tissueSource", harvest[1].field, harvest[1].text,
                                 inferred=True))
    if tissue is None and kind not in DERIVED_KINDS:
        taken = tissue_taken([*own, *arms, *texts.details(), *texts.criteria], kind)
        if taken is not None:
            tissue = taken[0]
            evidence.append(taken[1])
    if tissue is None and kind in APHERESIS_KINDS and not any(
            _FROM_TUMOUR.search(scan.text) for scan in own):
        apheresis = apheresis_evidence([*own, *arms, *trial, *texts.details(), *texts.criteria])
        if apheresis is not None:
            tissue = BLOOD
            evidence.append(apheresis)
    cell_type = cell_type_of(term, parent, kind, tissue)
    if cell_type is None and kind == "OTHER_CELL" and lexicon is not None:
        cell_type = _lexicon_term(lexicon, own, "CL_", evidence, "cellType")
    if cell_type is not None:
        evidence.append(Evidence("cellType", choice.scan.field, choice.hit.text,
                                 inferred=tissue is not None and cell_type != term.cell))

    donor_found = find_donor([*levels, texts.details()], kind, parent_kind)
    if donor_found is not None:
        donor = donor_found[0]
        evidence.append(donor_found[1])
    elif term.donor is not None:
        donor = term.donor
        evidence.append(Evidence("donor", choice.scan.field, choice.hit.text, inferred=True))
    elif tissue in ALLOGENEIC_BY_NATURE:
        donor = "ALLOGENEIC"
        evidence.append(Evidence("donor", "tissueSource", tissue, inferred=True))
    elif harvest is not None:
        donor = "AUTOLOGOUS"
        evidence.append(harvest[1])
    elif (sensitised := donor_antibodies(texts.criteria)) is not None:
        donor = "ALLOGENEIC"
        evidence.append(sensitised)
    else:
        donor = "UNSPECIFIED"

    evidence.extend(mod_evidence)
    others = tuple(other for other in (
        (item.get("name") or "").strip().casefold() for item in (
            study.get("protocolSection", {}).get("armsInterventionsModule", {})
            .get("interventions") or []) if item is not intervention) if len(other) >= 4)
    sole = sole_arm_texts(study, members)
    routes, route_evidence = find_routes([*levels, [*texts.details(), *texts.design()]],
                                         kind, parent_kind,
                                         intervention.get("name") or "", others, sole)
    evidence.extend(route_evidence)
    doses = _find_doses(levels[:2], kind)
    evidence.extend(Evidence("dose", d.field, d.text) for d in doses)
    return ProductFact(index, intervention.get("name") or "", kind, cell_type, tissue, donor,
                       modification, antigens, routes, doses, tuple(evidence))


#: T-cell classes a plainly named engineered product may be (CAR_T_CELLS without "any cell").
_T_CELLS = CAR_T_CELLS - {None}
#: "CD20-specific T-cells", "CD19 specific": cells made to recognise an antigen.
_ANTIGEN_SPECIFIC = re.compile(rf"{ANTIGEN_PATTERN}[- ]?(?:specific|directed|redirected)",
                               re.IGNORECASE)
_FROM_TUMOUR = re.compile(r"(?-i:\bTILs?\b)|tumou?r[- ]infiltrating|tumou?r[- ]derived",
                          re.IGNORECASE)


def _lexicon_term(lexicon: LexiconLike, scans: list[Scan], iri_part: str,
                  evidence: list[Evidence], prop: str) -> str | None:
    """The first ontology term of one kind (by IRI part) the lexicon finds in ``scans``.

    Only a cell class more specific than "cell" counts.
    """
    for scan in scans:
        for mention in lexicon.find(scan.text):
            if iri_part in mention.iri and not mention.iri.endswith(("CL_0000000", "CL_0000003")):
                evidence.append(Evidence(prop, scan.field, mention.text))
                prefix, _, local = mention.iri.rpartition("/")[2].partition("_")
                return f"{prefix}:{local}"
    return None
