"""General product rules found on the fourth development sample (index 5 mod 22).

Each case is a short real sentence (quoted from registry records) for one rule; each rule
was also checked by diffing the products of every corpus record before and after.
"""

from __future__ import annotations

from test_products import only, study

from kg.text.products import extract_products


def test_cord_blood_mscs_are_mscs_from_cord_blood() -> None:
    fact = only(study("UCB Mesenchymal Stem Cells treatment",
                      title="Umbilical Cord Blood-derived Mesenchymal Stem Cells in Skin Injury"))
    assert (fact.kind, fact.tissue_source) == ("MSC", "UBERON:0012168")
    # a cord-blood graft on its own stays a transplant
    assert only(study("UCB", "Cord blood transplantation performed on day 0.")).kind == "HSC"


def test_cytokines_and_viruses_named_with_cell_words_are_not_products() -> None:
    assert extract_products(study(
        "GM-CSF", "Sargramostim is a recombinant human granulocyte-macrophage colony "
        "stimulating factor (rhu GM-CSF); a key cytokine in the differentiation of dendritic "
        "cells.", itype="DRUG")) == []
    assert extract_products(study(
        "Reolysin", "Reovirus is a naturally occurring virus that is able to replicate "
        "specifically in transformed cells possessing an activated Ras signalling pathway.",
        itype="DRUG")) == []
    # macrophages given as cells stay a product
    assert only(study("Autologous macrophages", "Infusion of autologous macrophages")).kind \
        == "OTHER_CELL"


def test_mesenchymal_trophic_factors_are_a_secretome() -> None:
    fact = only(study("Trophic factors from umbilical cord mesenchymal stem cells",
                      arm="Allogeneic mesenchymal trophic factors (MTF) from human umbilical "
                          "cord tissue-derived mesenchymal stem cells (UC-MSC) administered "
                          "intra-nasally"))
    assert (fact.kind, fact.tissue_source, fact.routes) == \
        ("SECRETOME", "UBERON:0002331", ("INTRANASAL",))


def test_a_named_artery_is_a_route_only_as_the_way_in() -> None:
    fact = only(study("bone marrow-derived mesenchymal stem cells",
                      arm="Allogeneic BM-MSCs (10^6/kg) from third party donors is "
                          "intravenously given at day 0 (after renal artery reperfusion), "
                          "day 7, day 14 and day 21."))
    assert fact.routes == ("INTRAVENOUS",)
    fact = only(study("Human umbilical cord mesenchymal stem cells",
                      "human umbilical cord mesenchymal stem cells by intravenous infusion or "
                      "Hepatic artery intervention"))
    assert set(fact.routes) == {"INTRAVENOUS", "INTRA_ARTERIAL"}
    fact = only(study("Allogenic bone marrow stem cells transplantation",
                      "30ml allogenic bone marrow stem cells were infused to patients using "
                      "interventional method via portal vein or hepatic artery",
                      itype="PROCEDURE"))
    assert set(fact.routes) == {"OTHER", "INTRA_ARTERIAL"}  # portal vein: see general5
    fact = only(study("Mesenchymal stem cells", "The mesenchymal stem cells will be infused "
                      "through tubes inserted into medial femoral circumflex artery"))
    assert fact.routes == ("INTRA_ARTERIAL",)


def test_intracoronary_by_abbreviation_or_by_the_infarct_related_artery() -> None:
    fact = only(study("Allogeneic umbilical cord mesenchymal stem cells",
                      "UMSC01 cells will be one single IC infusion followed by one single IV "
                      "infusion with 12 months of follow up after treatment"))
    assert set(fact.routes) == {"INTRACORONARY", "INTRAVENOUS"}
    fact = only(study("Wharton's jelly mesenchymal stem cells",
                      "The WJMSCs administration will be performed by dedicated catheter into "
                      "infarct related artery"))
    assert fact.routes == ("INTRACORONARY",)


def test_inhaling_a_haematoma_is_not_inhalation() -> None:
    fact = only(study("MSCs Transplantation", "Stereotactic intracranial hematoma and insert "
                      "the drainage tube to inhale haematoma, and 10 million MSCs were "
                      "injected into the hematoma cavity"))
    assert "INHALATION" not in fact.routes


def test_cells_mixed_into_a_bone_graft_carrier_are_implanted() -> None:
    fact = only(study("Suspension of human autologous MSC 3P in 1.5 ml",
                      "The autologous mesenchymal stem cell suspension will be mixed with 5 cc "
                      "of beta-tricalcium phosphate foam and inserted between the transverse "
                      "processes of the lumbar spine"))
    assert fact.routes == ("IMPLANTATION",)


def test_a_route_said_of_a_drug_of_another_class_is_not_the_products() -> None:
    fact = only(study("Placental Mesenchymal Stem Cells seeded on a dural graft",
                      "The fetus will be given an intramuscular injection of pain medications "
                      "and paralytic. The PMSC-ECM is cut to the size of the spinal cord and "
                      "applied topically, cell side down."))
    assert "INTRAMUSCULAR" not in fact.routes
    fact = only(study("HS-410", "Vaccine derived from irradiated cancer cells",
                      summary="Patients received 3-6 instillations of weekly intravesical "
                              "Bacillus Calmette-Guerin (BCG) followed by low dose intradermal "
                              "(1*10^6 cells) HS-410 monotherapy."))
    assert fact.routes == ("INTRADERMAL",)


def test_whartons_jelly_with_the_apostrophe_as_typed() -> None:
    for spelling in ("Wharton ́s jelly", "Wharton´s jelly", "Wharton’s jelly", "Wharton jelly"):
        fact = only(study(f"Mesenchymal Stem Cells from {spelling}",
                          f"intravenous infusion of Mesenchymal Stem Cells from {spelling}"))
        assert fact.tissue_source == "UBERON:0003422", spelling


def test_a_drug_whose_description_lists_cells_among_other_treatments_is_not_a_product() -> None:
    record = study("Remdesivir", "Remdesivir may be used together with other novel treatments "
                   "including MSC therapy, Tocilizumab and therapeutic plasma exchange.",
                   itype="DRUG", extra=[{"type": "BIOLOGICAL", "name": "Mesenchymal stem cell "
                                         "therapy", "armGroupLabels": ["A"]}])
    assert [fact.name for fact in extract_products(record)] == ["Mesenchymal stem cell therapy"]


def test_cells_a_drug_acts_on_are_not_a_product() -> None:
    record = study("Cinacalcet", "This drug is an orally active calcimimetic (drug that activates "
                   "Ca-sensing receptors on target cells) that will be given daily orally.",
                   itype="DRUG", summary="PTH binds to the membranes of bone-forming cells or "
                   "osteoblasts (OBs).")
    assert extract_products(record) == []


def test_endogenous_cells_named_with_an_abbreviation_are_not_a_product() -> None:
    record = study("LLP2A-ALENDRONATE", "LLP2A-Alendronate directs endogenous mesenchymal stem "
                   "cells (MSCs), the cells that have the potential to form bone, to the bone "
                   "surface. Given intravenously.", itype="DRUG")
    assert extract_products(record) == []


def test_a_tissue_named_as_destination_or_as_another_product_is_not_the_source() -> None:
    fact = only(study("MSC-NTF cells transplantation (IM)",
                      "MSC-NTF cells will be injected intramuscularly (the injection site is "
                      "checked by ultrasound so that injection is into muscle and not adipose "
                      "tissue)."))
    assert fact.tissue_source is None  # not adipose tissue
    fact = only(study("Mesenchymal stem cells", "Mesenchymal stem cells combined with cord "
                      "blood will be given intravenously."))
    assert fact.tissue_source is None
    # the source inside the product word stays: "combined with HUC-MSCs"
    fact = only(study("Injectable Collagen Scaffold + HUC-MSCs", "Injectable collagen scaffold "
                      "combined with HUC-MSCs will be transplanted"))
    assert fact.tissue_source == "UBERON:0002331"
