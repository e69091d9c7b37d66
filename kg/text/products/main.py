"""Which of a trial's products is its main one (the one its experimental arms are about)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kg.text.products.facts import ProductFact
from kg.text.products.tables import KIND_TABLE, term_of
from kg.text.products.texts import arm_key, arm_members, v2_type


def _cells_named(intervention: dict[str, Any], arms: list[dict[str, Any]]) -> set[str]:
    """The cell types named in an intervention's name and its arms' descriptions."""
    texts = [intervention.get("name") or "", *(arm.get("description") or "" for arm in arms)]
    return {cell for text in texts for hit in KIND_TABLE.hits(text)
            if (cell := term_of(hit).cell) is not None}


def _msc_or_backbone(study: dict[str, Any], interventions: list[dict[str, Any]],
                     candidates: list[ProductFact]) -> list[ProductFact]:
    """Among equal arms of MSCs and other cells, the MSCs, or the other cells every arm gets.

    "Autologous SVF" in one arm and "Ex-vivo expanded MSC" in the other: the MSCs are the
    product the trial is about, the other cells its comparator. "hCB-MNCs" in one arm and
    "hCB-MNCs and hUC-MSCs" in another: the cord-blood cells are in every arm, the MSCs added.
    """
    members = {fact.index: arm_members(study, fact.index, interventions[fact.index])
               for fact in candidates}
    arms = {index: {arm_key(arm) for arm in found} for index, found in members.items()}
    msc = [fact for fact in candidates if fact.kind == "MSC"]
    backbone = [other for other in candidates if other.kind == "OTHER_CELL" and any(
        not arms[fact.index] & arms[other.index]
        and other.cell_type in _cells_named(interventions[fact.index], members[fact.index])
        for fact in msc)]
    return backbone or msc


def main_product(study: dict[str, Any], facts: Sequence[ProductFact]) -> ProductFact | None:
    """The trial's main product: the first product of most experimental arms, else the first.

    Among several products of experimental arms a registered procedure ("Autologous
    haematopoietic stem cell transplantation" before the CAR-T cells of the same arm) is the
    backbone of the protocol, so a product of another intervention type comes first.
    """
    module = study.get("protocolSection", {}).get("armsInterventionsModule", {})
    interventions = module.get("interventions") or []
    arms = {fact.index: sum(v2_type(arm.get("type")) == "EXPERIMENTAL" for arm in arm_members(
        study, fact.index, interventions[fact.index])) for fact in facts}
    experimental = [fact for fact in facts if arms[fact.index]]
    # The product of most experimental arms: "MSCs" in both arms, "PBSC" added in one.
    most = max(arms.values(), default=0)
    candidates = [fact for fact in experimental if arms[fact.index] == most] or list(facts)
    if {fact.kind for fact in candidates} == {"MSC", "OTHER_CELL"}:
        candidates = _msc_or_backbone(study, interventions, candidates)
    for fact in candidates:
        if v2_type(interventions[fact.index].get("type")) != "PROCEDURE":
            return fact
    return candidates[0] if candidates else None
