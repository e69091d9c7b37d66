"""Product rules from the errors of held-outs 19 and 20 (read after their first scoring).

Each case is a short real sentence (quoted from registry records) for one rule, with a near
miss the rule must leave alone; each rule was also checked by diffing the products of every
corpus record before and after.
"""

from __future__ import annotations

from test_products import only, study

UCB, BLOOD, AMNION, ADIPOSE = ("UBERON:0012168", "UBERON:0000178", "UBERON:0000305",
                               "UBERON:0001013")


def test_cord_blood_abbreviations_are_cell_words_only() -> None:
    # a company's name ("CBCells") or a blood count ("CBC") is not cord blood
    fact = only(study("Infusion IV of Mesenchymal Stem cells",
                      "The bank mesenchymal cells will be donated by the CBCells Bio "
                      "Technology Laboratory"))
    assert fact.tissue_source is None
    fact = only(study("Umbilical cord blood mesenchymal stem cells",
                      "CB-MSCs 1x10^6 cells/kg infused intravenously"))
    assert fact.tissue_source == UCB
    assert only(study("CB-MSCs", "CB-MSCs infused intravenously")).tissue_source == UCB


def test_an_amniotic_membrane_scaffold_is_not_the_cells_source() -> None:
    title = ("Mesenchymal Stem Cells and Amniotic Membrane Composite for Supraspinatus Tendon "
             "Repair Augmentation")
    summary = ("investigates the efficacy of allogeneic adipose-derived mesenchymal stem cells "
               "and human amniotic membrane (AAdMSC-HAM) composite for supraspinatus tendon "
               "repair augmentation")
    fact = only(study("Tendon repair augmented with AAdMSC-HAM composite",
                      "the composite comprising freeze-dried HAM and AAdMSC (20 million cells) "
                      "is placed on the upper surface of the splice", title=title,
                      summary=summary))
    assert (fact.kind, fact.tissue_source) == ("MSC", ADIPOSE)
    # cells of the membrane itself still come from the amnion
    fact = only(study("hAMSCs", "Human amniotic membrane mesenchymal stem cells infused "
                                "intravenously"))
    assert fact.tissue_source == AMNION


def test_a_mobilised_graft_comes_from_the_blood() -> None:
    fact = only(study("P140K-MGMT", "Ex Vivo Cultured P140K MGMT CD34+ Cells.",
                      arm="Participants will receive stem cell mobilization after 6 weeks of "
                          "standard of care (SOC) radiotherapy."))
    assert (fact.kind, fact.tissue_source) == ("HSC", BLOOD)
    # mobilisation for a transplant given before the product names no source of the product
    fact = only(study("Genetically Engineered Lymphocyte Therapy",
                      "autologous CD19-specific CAR T cells",
                      arm="Patients undergo standard mobilization for stem cell collection "
                          "with G-CSF and/or plerixafor."))
    assert (fact.kind, fact.tissue_source) == ("CAR_T", None)


def test_mesenchymal_carrier_cells_are_mscs() -> None:
    fact = only(study("AloCelyvir",
                      "Delivery of Icovir-5 by mesenchymal carrier cells in uveal melanoma "
                      "patients with hepatic metastases."))
    assert fact.kind == "MSC"


def test_marrow_mscs_the_record_calls_a_concentrate_are_marrow_cells() -> None:
    summary = ("the investigators are attempting to determine if intradiscal injection of "
               "autologous bone marrow-derived mesenchymal stem cells (BMC) will decrease pain")
    description = ("participants will receive a 2 mL intradiscal injection into each affected "
                   "disc of autologous bone marrow-derived mesenchymal stem cells from bone "
                   "marrow aspirate of the posterior ilium.")
    fact = only(study("Autologous stem cells", description, summary=summary))
    assert fact.kind == "OTHER_CELL"
    # the same MSCs without the gloss stay MSCs
    assert only(study("Autologous stem cells", description)).kind == "MSC"
