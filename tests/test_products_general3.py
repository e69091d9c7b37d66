"""General product rules found on the third development sample and a corpus audit.

Each case is a short real sentence (quoted from registry records) for one rule.
"""

from __future__ import annotations

from typing import Any

from test_products import only, study

from kg.text.products import extract_products, main_product


def test_a_follow_up_of_an_earlier_trials_participants_gives_no_product() -> None:
    record = study("human umbilical cord blood derived mesenchymal stem cells",
                   title="Follow-up Study of Safety and Efficacy in Subjects Who Completed "
                         "NEUROSTEM® Phase-I/IIa Clinical Trial.")
    assert extract_products(record) == []
    record = study("Jointstem", "autologous adipose-derived mesenchymal stem cells",
                   title="Follow-up Study for Participants Jointstem Clinical Trial")
    assert extract_products(record) == []
    # a follow-up in the title of a trial that gives cells itself stays a product
    record = study("Autologous BM MSC", "This will be processed for autologous MSC infusion.",
                   title="Long Term Follow up Mesenchymal Stem Cell Therapy for Patients "
                         "Virus-related Liver Cirrhosis")
    assert only(record).kind == "MSC"
    # an extension study that gives more doses is not a follow-up
    record = study("Cellavita-HD", "The participants will receive a total of 12 intravenous "
                   "administrations", other=("cellular therapy, mesenchymal stem cells",),
                   title="Clinical Extension Study for Safety and Efficacy Evaluation of "
                         "Cellavita-HD Administration in Huntington's Patients.")
    assert only(record).kind == "MSC"


def test_diagnostic_tests_and_laboratory_work_are_not_products() -> None:
    assert extract_products(study("progenitor potential of Gingival Mesenchymal cells",
                                  itype="DIAGNOSTIC_TEST")) == []
    assert extract_products(study("A-T iPS cell line", itype="OTHER")) == []
    assert extract_products(study("flow cytometry", "cells from gingival tissue",
                                  itype="OTHER")) == []


def test_bmsc_never_said_to_be_mesenchymal_is_marrow_cells() -> None:
    record = study("Allogenic bone marrow stem cells transplantation",
                   "30ml allogenic bone marrow stem cells were infused to patients using "
                   "interventional method via portal vein or hepatic artery",
                   itype="PROCEDURE", summary="The purpose of this study is to evaluate the "
                   "therapeutic efficacy of allogenic bone marrow stem cells (BMSCs) "
                   "transplantation in patients with liver failure")
    fact = only(record)
    assert (fact.kind, fact.tissue_source) == ("OTHER_CELL", "UBERON:0002371")
    # ... but "BMSC" in a record that says mesenchymal stays MSC
    record = study("BMSC", "Bone Mesenchymal Stem Cell (BMSC) Transplantation via portal vein")
    assert only(record).kind == "MSC"


def test_tcr_engineered_pbsc_and_pbmc_are_t_cell_products() -> None:
    fact = only(study("Cellular Therapy", "LV-NYESO TCR /sr39TK PBSC and RV-NYESO TCR PBMC "
                      "given IV"))
    assert (fact.kind, fact.modification) == ("OTHER_CELL", "TCR")
    fact = only(study("Individual Patient TCR-Transduced PBL", "Cells will be infused IV"))
    assert fact.tissue_source == "UBERON:0000178"


def test_misspelt_mesenchymal() -> None:
    fact = only(study("Mesenchymal Stem Cells (MSCs)",
                      title="Treatment of Rotator Cuff Tears Using Autologous Bone Marrow "
                            "Mensenchymal Stem Cell Transplantation."))
    assert fact.tissue_source == "UBERON:0002371"


def test_cells_carried_on_a_membrane_or_matrix_are_implanted() -> None:
    assert only(study("Mesenchymal Stem Cells (MSCs)", "20.000.000 autologous MSCs included "
                      "in the OrthADAPT membrane. Single dosage.")).routes == ("IMPLANTATION",)
    assert only(study("Medical Collagen Membrane with MSC", itype="DEVICE")).routes == (
        "IMPLANTATION",)
    assert only(study("PeriCord", "A matrix-cell construct (PeriCord) will be placed on the "
                      "ischemic area", other=("Wharton's jelly-derived mesenchymal stem cells",))
                ).routes == ("IMPLANTATION",)


def test_renal_replacement_circuit_is_other() -> None:
    fact = only(study("SBI-101", "SBI-101 is a biologic/device combination product that "
                      "combines two components: allogeneic human mesenchymal stromal cells "
                      "(MSCs) and an FDA-approved plasmapheresis device. SBI-101 is "
                      "administered via integration into a Continuous Renal Replacement "
                      "Therapy circuit"))
    assert fact.routes == ("OTHER",)


def test_cells_from_a_donor_are_allogeneic() -> None:
    fact = only(study("Mesenchymal Stromal Cells", arm="Mesenchymal stromal cells from a "
                      "suitable donor will be expanded"))
    assert fact.donor == "ALLOGENEIC"


def test_a_longer_group_phrase_before_the_harvest_participants_undergo() -> None:
    fact = only(study("Microfragmented Adipose Tissue (Lipogems)", itype="DEVICE",
                      arm="Patients who are randomized to the Lipogems treatment group will "
                          "undergo a lipoaspiration from their abdomen"))
    assert (fact.tissue_source, fact.donor) == ("UBERON:0001013", "AUTOLOGOUS")


def test_a_stop_inside_parentheses_does_not_end_the_sentence() -> None:
    fact = only(study("Autologous BM MSC", arm="A single dose of 0.5 to 1 x 10^6/kg autologous "
                      "BM MSCs (Total volume: 30 - 50 ml) will be infused via peripheral venous "
                      "access."))
    assert fact.routes == ("INTRAVENOUS",)


def _with_drug(arm: str) -> dict[str, Any]:
    record = study("dac-MSCs", "Cell-free therapy", itype="OTHER", arm=arm)
    record["protocolSection"]["armsInterventionsModule"]["interventions"].append(
        {"type": "DRUG", "name": "Fitostimoline", "description": "Triticum vulgare",
         "armGroupLabels": ["A"]})
    return record


def test_a_route_said_of_another_intervention_is_not_the_products() -> None:
    record = _with_drug("Intradermic application of dac-MSCs (1 mL ) in four equidistant "
                        "points around the ulcer (twice: day 0 and 7) and topical application "
                        "of fitostimoline every other day")
    fact = main_product(record, extract_products(record))
    assert fact is not None and fact.routes == ("INTRADERMAL",)


def test_an_opaque_name_given_as_a_number_of_cells_takes_the_trials_kind() -> None:
    record = study("CardioCell", "IMP will be administered into femoral artery and "
                   "intramuscularly", itype="DRUG",
                   arm="Patients randomized to the active treatment group will receive "
                       "CardioCell consist 30 000 000 cells (suspended in 20 ml of 0.9% NaCl "
                       "and 5% albumin)",
                   title="Regeneration of Ischemic Damages in Cardiovascular System Using "
                         "Wharton's Jelly as an Unlimited Source of Mesenchymal Stem Cells")
    fact = only(record)
    assert (fact.kind, fact.tissue_source, fact.donor) == ("MSC", "UBERON:0003422",
                                                           "ALLOGENEIC")
    # a count of cells not said of the intervention does not make it a product (made up)
    record = study("Aspirin", itype="DRUG", arm="Patients with platelets above 100000 cells "
                   "will receive aspirin", title="Mesenchymal stem cells in stroke")
    assert extract_products(record) == []


def test_cells_a_protein_drug_is_made_in_or_acts_on_are_not_products() -> None:
    assert extract_products(study(
        "aflibercept", "Aflibercept is produced in Chinese hamster ovary (CHO) K1 cells by "
        "recombinant DNA technology.")) == []
    assert extract_products(study(
        "Engerix-B", "It contains purified HBsAg obtained by culturing genetically engineered "
        "Saccharomyces cerevisiae cells, which carry the surface antigen gene of the hepatitis "
        "B virus")) == []
    assert extract_products(study(
        "Liraglutide", "Victoza ® stimulates glucose-dependent insulin secretion from β-cells "
        "and inhibits glucagon secretion", itype="DRUG")) == []
    assert extract_products(study("Epithelial cell adhesion molecule (EpCAM) ferrofluid",
                                  itype="DEVICE")) == []


def test_mesenchymal_with_a_tissue_word_before_stem_cells() -> None:
    fact = only(study("Allogeneic adult mesenchymal bone marrow stem cells",
                      "Patients will receive intravenously one dose of 0.5-1.5 million cells "
                      "per kg of allogeneic adult mesenchymal bone marrow stem cells"))
    assert (fact.kind, fact.tissue_source) == ("MSC", "UBERON:0002371")


def test_a_stem_cell_transplant_stays_a_transplant_beside_t_cell_words() -> None:
    fact = only(study("Haploidentical stem cell transplantation", itype="PROCEDURE",
                      arm="High-dose MIBG followed by Fludarabine, Thiotepa and Melfalan as "
                          "conditioning Before haploidentical transplantation of T-cell "
                          "depleted graft",
                      summary="(haploSCT) followed by low-dose donor lymphocyte infusions will "
                              "be piloted."))
    assert (fact.kind, fact.donor) == ("HSC", "ALLOGENEIC")
    # "T-cell depletion" is a way of preparing the graft, not a T-cell product
    assert extract_products(study("T-cell depletion", itype="PROCEDURE")) == []


def test_adipose_derived_stem_cells_given_as_svf_are_svf() -> None:
    fact = only(study("Adipose derived stem cells", "Adipose derived stem cells that are "
                      "isolated from adipose tissue are mesenchymal stem cells with high immune "
                      "modulation capacity.",
                      arm="Autologous stromal vascular fraction (SVF) and platelet rich plasma "
                          "(PRP) will be transfused into 20 COPD patients."))
    assert (fact.kind, fact.tissue_source) == ("OTHER_CELL", "UBERON:0001013")
    # ... but cultured ones stay MSCs
    fact = only(study("Adipose derived stem cells", "cultured for three passages",
                      arm="Autologous stromal vascular fraction (SVF) will be harvested"))
    assert fact.kind == "MSC"
