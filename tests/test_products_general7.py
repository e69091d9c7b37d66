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


# --- rules written after held-outs 15 and 16 were scored and read (not credited) ------------

def test_pleiotropic_factors_secreted_from_mscs_are_a_secretome() -> None:
    assert only(study("The pleiotropic factor derived from mesenchymal stem cells",
                      "The pleiotropic factor derived from mesenchymal stem cells was smeared "
                      "on the wound")).kind == "SECRETOME"
    assert only(study("Pleiotropic factors", "pleiotropic factors secreted from mesenchymal "
                                             "stem cells (MSCs-PFs) smeared on the wound")
                ).kind == "SECRETOME"


def test_nk_cells_made_from_ipscs_are_ipsc_derived_and_keep_their_donor() -> None:
    fact = only(study("FT516", "FT516 is an off-the-shelf cryopreserved NK cell product derived "
                               "from an iPSC that was transduced with a high affinity CD16",
                      itype="DRUG", arm="Day 1 - FT516 is given at 9x107 cells/dose (low)"))
    assert (fact.kind, fact.donor) == ("IPSC_DERIVED", "ALLOGENEIC")
    # NK cells from blood stay NK cells
    assert only(study("NK cells", "NK cells derived from peripheral blood of a haploidentical "
                                  "donor")).kind == "NK"


def test_mscs_a_marrow_concentrate_contains_are_marrow_cells() -> None:
    fact = only(study("Autologous Bone Marrow Derived Mesenchymal Stem Cells",
                      "Autologous Bone Marrow Derived Mesenchymal Stem Cells injected into the "
                      "ACL allograft prior to graft implantation.",
                      itype="DEVICE",
                      arm="Patients in this group will receive between 1-4 ml of bone marrow "
                          "aspirate concentrate (BMAC) containing mesenchymal stem cells (MSCs) "
                          "obtained from their iliac crest."))
    assert (fact.kind, fact.tissue_source) == ("OTHER_CELL", "UBERON:0002371")
    # expanded MSCs grown out of a concentrate stay MSCs
    fact = only(study("Autologous BM-MSC", "MSCs expanded in culture from a bone marrow "
                                           "concentrate containing mesenchymal stem cells"))
    assert fact.kind == "MSC"


def test_a_vesicle_product_takes_its_parent_cells_from_the_summary() -> None:
    record = study("ExoFlo", "Normal saline 90 mL and ExoFlo 10 mL, which is 7x1011 EVs",
                   itype="DRUG",
                   summary="This study evaluates intravenous (IV) administration of bone marrow "
                           "mesenchymal stem cell derived extracellular vesicles (ExoFlo).")
    fact = only(record)
    assert (fact.kind, fact.tissue_source) == ("EXTRACELLULAR_VESICLES", "UBERON:0002371")


def test_vesicles_from_serum_come_from_blood() -> None:
    fact = only(study("Autologous extracellular vesicles from serum",
                      "Peri-wound injection of the vesicles will be performed"))
    assert (fact.kind, fact.tissue_source, fact.donor) == ("EXTRACELLULAR_VESICLES",
                                                           "UBERON:0000178", "AUTOLOGOUS")
    # MSCs grown with the patient's serum do not come from blood
    fact = only(study("Autologous MSC", "mesenchymal stem cells expanded with autologous serum"))
    assert fact.tissue_source != "UBERON:0000178"
