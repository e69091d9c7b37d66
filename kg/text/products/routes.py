"""Routes of administration of a product.

Read from words said of it, of the trial's only product, or of a route-only procedure in its
arms.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from kg.text.products.facts import Evidence, ProductFact
from kg.text.products.patterns import CODE_NAME, CODE_REACH, CONJUNCTION
from kg.text.products.scan import Mentions, Scan, sentence, snippet
from kg.text.products.source import compatible
from kg.text.products.tables import PLACEMENT, ROUTE_RANK, Hit
from kg.text.products.terms import (
    ROUTE_TERMS,
)
from kg.text.products.texts import arm_key, arm_members, v2_type

#: The words between a route word and the intervention it is said of ("topical application of").
_OF_NAME = re.compile(r"\s+(?:(?:application|injection|administration|infusion)\s+)?"
                      r"(?:of|with)\s+(?:the\s+)?")
#: A route word said of a drug of another class: "an intramuscular injection of pain
#: medications", "weekly intravesical Bacillus Calmette-Guerin (BCG)", "intravenous immune
#: globulins 100 mg/kg".
_OTHER_DRUG_AFTER = re.compile(
    r"(?:\s+(?:injections?|infusions?|administrations?|doses?|applications?)\s+(?:of|with)\s+"
    r"|\s+)(?:[\w-]+\s+){0,2}?(?:pain (?:medication|relie)|analges|sedat|an(?:a)?esthe"
    r"|antibiot|opioid|contrast|(?:cortico)?steroid|heparin|chemotherap|BCG\b"
    r"|bacillus calmette|immun[eo][- ]?globulin|IVIG\b)", re.IGNORECASE)
#: "with": what follows is given with the intervention, or by it ("obturation with stem cells").
_WITH = re.compile(r"\bwith\b", re.IGNORECASE)
#: Words a route-only procedure name may hold besides its route words.
_ROUTE_FILLER = frozenset({"infusion", "infusions", "injection", "injections", "administration",
                           "delivery", "route", "via", "by", "the", "of", "and", "or", "group",
                           "single", "repeated"})
#: Fields that name a product, where "implantation" is a loose word for giving cells ("BM-MSC
#: implantation"); it yields to a route word of the same level.
_NAME_FIELDS = frozenset({"intervention.name", "intervention.otherNames", "armGroup.label"})
_LOOSE_IMPLANT = re.compile(r"implant\w*", re.IGNORECASE)


def find_routes(levels: list[list[Scan]], kind: str, parent_kind: str | None, name: str,
                others: tuple[str, ...] = (), sole: frozenset[str] = frozenset()
                ) -> tuple[tuple[str, ...], tuple[Evidence, ...]]:
    """Routes from the nearest level that states one.

    Beyond the intervention's own texts (and the descriptions of arms that give nothing else,
    ``sole``) a route word counts only in a sentence that names this product (a product word
    of its kind, "cells", or the intervention's name): "rituximab IV" in the arm of a CAR-T
    trial is not the CAR-T route. Implantation ("cells will be implanted by intravenous
    infusion") yields to a specific route in its sentence, and a bare placement ("injected
    into the ...") yields to both, in its sentence and to a route word of any farther level.
    """
    key = name.strip().casefold()
    # A code in the name ("OTI-010") stands for the product in a sentence as well:
    # "Patients receive OTI-010 IV".
    codes_in_name = [c.casefold() for c in CODE_NAME.findall(name) if c.casefold() != key]
    placements: tuple[tuple[str, ...], tuple[Evidence, ...]] = ((), ())
    for scans in levels:
        found: list[tuple[str, Evidence, tuple[str, int], int]] = []
        loose: set[tuple[str, int]] = set()  # names whose only route word is "implantation"
        for scan in scans:
            for hit in scan.routes:
                lo, hi = sentence(scan.text, hit.start, hit.end)
                if _OTHER_DRUG_AFTER.match(scan.text, hit.end):
                    continue  # "an intramuscular injection of pain medications"
                if scan.level > 0 and _names_other(scan, hit, others):
                    continue  # "... and topical application of fitostimoline": the drug's
                if scan.level > 0 and not (
                        (scan.field == "armGroup.description" and scan.text in sole)
                        or any(lo <= h.start < hi and compatible(h, kind, parent_kind)
                            for h in scan.kinds_around(lo, hi, pad=0))
                        or (key and key in scan.lower[lo:hi])
                        or _code_beside(scan, hit, codes_in_name)):
                    continue
                where = (scan.field + scan.text[:20], lo)
                found.append((ROUTE_TERMS[hit.entry][1], Evidence(
                    "route", scan.field, snippet(scan.text, hit.start, hit.end)),
                    where, ROUTE_RANK.get(hit.entry, 0)))
                if scan.field in _NAME_FIELDS and _LOOSE_IMPLANT.fullmatch(hit.text):
                    loose.add(where)
        best: dict[tuple[str, int], int] = {}
        for _, _, where, rank in found:
            best[where] = min(rank, best.get(where, rank))
        codes: list[str] = []
        evidence: list[Evidence] = []
        level_best = min(best.values(), default=PLACEMENT)
        for code, proof, where, rank in found:
            if rank > best[where] or code in codes:
                continue
            if rank > level_best and where in loose:
                continue  # "BM-MSCs implantation" named, "Intracoronary implantation" described
            codes.append(code)
            evidence.append(proof)
        top = min(best.values(), default=PLACEMENT)
        # A placement of a nearer level ("injected in the tendon") yields to a route word,
        # not to "implanted" in a farther text ("their implanted environment").
        if codes and (top == 0 or (top < PLACEMENT and not placements[0])):
            return tuple(codes), tuple(evidence)
        if codes and not placements[0]:
            # only "injected into the ...": a route word at a farther level is more telling
            placements = tuple(codes), tuple(evidence)
    return placements


def only_product_routes(scans: list[Scan]) -> tuple[tuple[str, ...], tuple[Evidence, ...]]:
    """Route words of a sentence that gives "the product" or "the treatment" (first found).

    "The product will be infused intravenously", "Treatment will be administered
    intravenously during 10 minutes": asked only when the trial has one product.
    """
    for scan in scans:
        for hit in scan.routes:
            lo, hi = sentence(scan.text, hit.start, hit.end)
            if _PRODUCT_GIVEN.search(scan.text, lo, hi) is None \
                    or _OTHER_DRUG_AFTER.match(scan.text, hit.end):
                continue
            codes = []
            evidence = []
            for other in scan.routes:
                code = ROUTE_TERMS[other.entry][1]
                if lo <= other.start < hi and code not in codes \
                        and ROUTE_RANK.get(other.entry, 0) < PLACEMENT:
                    codes.append(code)
                    evidence.append(Evidence("route", scan.field,
                                             snippet(scan.text, other.start, other.end)))
            if codes:
                return tuple(codes), tuple(evidence)
    return (), ()


#: A sentence's subject that stands for the trial's only product, given: "The product will be
#: infused", "Treatment will be administered", "the investigational product is injected".
_PRODUCT_GIVEN = re.compile(
    r"\b(?:the |this )?(?:investigational |study |cell(?:ular)? |trial |experimental )?"
    r"(?:product|treatment|therapy|medicinal product|IMP)\s+(?:will\s+be|is|was|are|were|being)"
    r"\s+(?:\w+\s+)?(?:administered|infused|injected|given|delivered|applied)\b",
    re.IGNORECASE)


def _names_other(scan: Scan, hit: Hit, others: tuple[str, ...]) -> bool:
    """Whether a route word is said of another intervention named right after it."""
    if not others:
        return False
    after = _OF_NAME.match(scan.lower, hit.end)
    return after is not None and scan.lower.startswith(others, after.end())


def _code_beside(scan: Scan, hit: Hit, codes: list[str]) -> bool:
    """Whether a code of the product's name stands right by a route word, in one clause.

    "Patients receive OTI-010 IV": yes; "FT516 and Interleukin-2 (IL-2) With Intravenous
    Enoblituzumab": no, the route is the other drug's.
    """
    for code in codes:
        for found in re.finditer(re.escape(code), scan.lower):
            lo, hi = sorted((found.end(), hit.start)) if found.start() < hit.start else \
                sorted((hit.end, found.start()))
            if hi - lo <= CODE_REACH and not CONJUNCTION.search(scan.text, lo, hi) \
                    and not _WITH.search(scan.text, lo, hi):
                return True
    return False


def with_arm_procedure_routes(fact: ProductFact, study: dict[str, Any],
                              interventions: list[dict[str, Any]]) -> ProductFact:
    """A product with no route takes the route of a route-only procedure of its arms.

    Registrations often list the route as an intervention of its own: "Procedure:
    Intravenous infusion" and "Procedure: Intrathecal injection", each in its arm, beside
    "Biological: umbilical cord mesenchymal stem cell" in both arms.
    """
    if fact.routes:
        return fact
    arms = {arm_key(arm) for arm in arm_members(study, fact.index, interventions[fact.index])}
    codes: list[str] = []
    evidence: list[Evidence] = []
    for index, other in enumerate(interventions):
        if index == fact.index or v2_type(other.get("type")) != "PROCEDURE":
            continue
        if not arms & {arm_key(arm) for arm in arm_members(study, index, other)}:
            continue
        name = other.get("name") or ""
        for code in _route_only_name(name):
            if code not in codes:
                codes.append(code)
                evidence.append(Evidence("route", "armGroup.interventionNames", name))
    if not codes:
        return fact
    return replace(fact, routes=tuple(codes), evidence=(*fact.evidence, *evidence))


def _route_only_name(name: str) -> tuple[str, ...]:
    """The routes of a name that says nothing but routes ("Intravenous infusion"), else ()."""
    mentions = Mentions(name)
    hits = [hit for hit in mentions.routes if ROUTE_RANK.get(hit.entry, 0) < PLACEMENT]
    if not hits:
        return ()
    rest = mentions.lower
    for hit in reversed(hits):
        rest = rest[:hit.start] + " " + rest[hit.end:]
    if any(word not in _ROUTE_FILLER for word in re.findall(r"[a-z0-9]+", rest)):
        return ()
    return tuple(dict.fromkeys(ROUTE_TERMS[hit.entry][1] for hit in hits))
