"""Product rules for the main product of mixed trials (from development and read samples).

Each case is a short real sentence (quoted from registry records) for one rule; each rule
was also checked by diffing the products of every corpus record before and after.
"""

from __future__ import annotations

from typing import Any

from test_products import only, study

from kg.text.products import extract_products, main_product


def _arms(*arms: tuple[str, str, str]) -> dict[str, Any]:
    """A study of experimental arms, each ``(label, arm description, intervention name)``."""
    return {"protocolSection": {
        "identificationModule": {"nctId": "NCT00000000"},
        "designModule": {"studyType": "INTERVENTIONAL"},
        "armsInterventionsModule": {
            "armGroups": [{"label": label, "type": "EXPERIMENTAL", "description": text}
                          for label, text, _ in arms],
            "interventions": [{"type": "BIOLOGICAL", "name": name, "armGroupLabels": [label]}
                              for label, _, name in arms]}}}


def _main_kind(record: dict[str, Any]) -> str | None:
    fact = main_product(record, extract_products(record))
    return fact.kind if fact is not None else None


def test_paracrine_factors_of_mscs_are_a_secretome() -> None:
    fact = only(study("Paracrine factors",
                      "The factors obtained from cultured human mesenchymal stem cells were "
                      "concentrated 50 times",
                      other=("paracrine factor of human mesenchymal stem cells",)))
    assert fact.kind == "SECRETOME"
    # the MSCs' own paracrine action keeps them cells
    assert only(study("UC-MSC", "MSCs act through paracrine factors that reduce "
                                "inflammation")).kind == "MSC"


def test_haematopoietic_and_mesenchymal_stem_cells_of_a_gene_therapy_are_hsc() -> None:
    fact = only(study("TYF-ADA gene-modified autologous stem cells",
                      "Autologous hematopoietic and/or mesenchymal stem cells transduced with "
                      "lentiviral vector carrying the ADA gene"))
    assert (fact.kind, fact.cell_type) == ("HSC", "CL:0000037")
    # misspelt, and with "stem cells" after each
    fact = only(study("Gene-modified autologous stem cells",
                      "Autologous hematopoeitic stem cells and mesenchymal stem cells "
                      "transduced with lentiviral vector carrying the FANCA gene"))
    assert fact.kind == "HSC"


def test_mscs_given_together_with_other_cells_name_the_product() -> None:
    fact = only(study("BM-MNC and UC-MSC",
                      "Autologous bone marrow mononuclear cells (BM-MNCs) and allogeneic "
                      "umbilical cord tissue-derived mesenchymal stem cells (UC-MSCs)"))
    assert (fact.kind, fact.tissue_source, fact.donor) == ("MSC", "UBERON:0002331",
                                                           "ALLOGENEIC")
    assert only(study("cotransplantation of islet and mesenchymal stem cell")).kind == "MSC"


def test_other_cells_compared_with_mscs_keep_their_kind() -> None:
    # "or" compares them: the first-named cells stay the product of this intervention
    fact = only(study("BM-MNC or MSC", "Autologous bone marrow mononuclear cells or "
                                       "mesenchymal stem cells, by randomisation"))
    assert fact.kind == "OTHER_CELL"


def test_equal_arms_of_mscs_and_other_cells_make_the_mscs_main() -> None:
    record = _arms(
        ("A", "autologous adipose derived Stromal Vascular Fraction (SVF) intravenously",
         "Autologous Stromal Vascular Fraction"),
        ("B", "adipose tissue derived Ex-vivo expanded MSC intravenously",
         "Autologous Adipose Derived MSCs"))
    assert _main_kind(record) == "MSC"


def test_other_cells_given_in_every_arm_stay_main_beside_added_mscs() -> None:
    # both arms give cord blood mononuclear cells; one arm adds the MSCs
    record = _arms(
        ("Rehabilitation plus hCB-MNCs treatment",
         "Participants will be given rehabilitation therapy plus human cord blood mononuclear "
         "cells transplantation.", "human cord blood mononuclear cells"),
        ("Rehabilitation plus hCB-MNCs and hUC-MSCs therapy",
         "Participants will be given rehabilitation therapy plus combination of hCB-MNCs "
         "together with hUC-MSCs transplantation.",
         "human cord blood mononuclear cells and human umbilical cord mesenchymal stem cells"))
    assert [fact.kind for fact in extract_products(record)] == ["OTHER_CELL", "MSC"]
    assert _main_kind(record) == "OTHER_CELL"
