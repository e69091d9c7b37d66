"""General product rules written after the held-out samples 6 and 7 were read (not credited).

Each case is a short real sentence (quoted from registry records) for one rule; each rule
was also checked by diffing the products of every corpus record before and after.
"""

from __future__ import annotations

from test_products import only, study
from test_products_general5 import with_text

from kg.text.products import extract_products

CD20_SUMMARY = ("PRIMARY OBJECTIVES: I. To assess the safety of cellular immunotherapy utilizing "
                "ex vivo expanded autologous central memory T cells genetically modified to "
                "express a \"second generation\" CD20-specific scFvFc:CD28:CD137:zeda chimeric "
                "immunoreceptor in patients with recurrent or refractory CD20+ mantle cell or "
                "indolent lymphoma.")


#: Long criteria (real lines, repeated): the apheresis line comes after the opening part.
LAB_CRITERIA = ("Creatinine < 2.5 mg/dl\nALT(alanine aminotransferase)/AST (aspartate "
                "aminotransferase) < 3x normal\nBilirubin < 2.0 mg/dl\nAny relapse after prior "
                "autologous SCT will make patient eligible regardless of other prior therapy\n"
                ) * 12


def test_a_chimeric_immunoreceptor_is_a_car() -> None:
    fact = only(study("autologous T cells",
                      "T cells lentivirally transduced to express a CD19-specific chimeric "
                      "immunoreceptor"))
    assert (fact.kind, fact.modification, fact.target_antigens) == ("CAR_T", "CAR", ("CD19",))


def test_engineered_t_cells_named_plainly_are_car_t_when_the_summary_says_car() -> None:
    # the intervention says only "genetically engineered"; the summary names the construct
    fact = only(study("genetically engineered lymphocyte therapy",
                      "Receive genetically modified T cells", summary=CD20_SUMMARY))
    assert (fact.kind, fact.modification, fact.target_antigens) == ("CAR_T", "CAR", ("CD20",))
    # "Genetically-modified", hyphenated, with the CAR in the detailed description
    record = with_text(study("Production of Genetically-modified T cells",
                             "Patients undergo leukapheresis."),
                       details="It is expected to take approximately 4-6 weeks to prepare the "
                               "autologous CAR+ T cells.")
    assert only(record).kind == "CAR_T"


def test_antigen_specific_t_cells_are_car_t_when_the_summary_says_car() -> None:
    fact = only(study("therapeutic autologous lymphocytes", "Given IV",
                      arm="Patients receive autologous CD20-specific T-cells IV over 30 minutes.",
                      other=("Autologous Lymphocytes", "autologous T cells"),
                      summary=CD20_SUMMARY))
    assert (fact.kind, fact.target_antigens) == ("CAR_T", ("CD20",))


def test_t_cells_stay_plain_without_a_car_or_an_engineering() -> None:
    # a CAR said of another product does not make plain donor lymphocytes CAR-T cells
    fact = only(study("Donor lymphocyte infusion", "Unmanipulated donor T cells",
                      summary="Patients relapsing after CD19 CAR T cells may receive donor "
                              "lymphocytes."))
    assert fact.kind == "OTHER_CELL"
    # engineered T cells with a T-cell receptor, not a CAR, stay as they were
    facts = extract_products(study(
        "Genetically Engineered NY-ESO-1-specific T Lymphocytes",
        "Autologous T cells transduced with a NY-ESO-1 specific T-cell receptor",
        summary="To evaluate the safety of NY-ESO-1 TCR engineered T cells."))
    assert [f.kind for f in facts] == ["OTHER_CELL"]


# --- rules from the sixth development sample (index 4 mod 22) --------------------------------

def test_a_whole_cell_cancer_vaccine_is_a_cell_product() -> None:
    fact = only(study("allogeneic GM-CSF-secreting breast cancer vaccine",
                      "Given intradermally"))
    assert (fact.kind, fact.donor, fact.routes) == ("OTHER_CELL", "ALLOGENEIC", ("INTRADERMAL",))
    # a vaccine of peptides or of a virus is not one
    assert extract_products(study("HER2 peptide vaccine", "Given intradermally")) == []


def test_cells_differentiated_from_mscs_are_named_after_them() -> None:
    fact = only(study("injection of progenitor of hepatocyte drived from Mesenchymal stem cell",
                      title="Autograft Mesenchymal Stem Cells Differentiated Into Progenitor of "
                            "Hepatocytes"))
    assert fact.kind == "MSC"
    # hepatocytes alone stay hepatocytes
    assert only(study("Hepatocyte transplantation", "Infusion of donor hepatocytes")).kind \
        == "OTHER_CELL"


def test_cardiopoietic_cells_are_mscs() -> None:
    fact = only(study("C-Cure", "Intraventricular injection",
                      summary="The purpose of this clinical trial is to evaluate the feasibility "
                              "of left ventricular endocardial injection of guided bone "
                              "marrow-derived cardiopoietic cells (C-Cure)."))
    assert (fact.kind, fact.tissue_source) == ("MSC", "UBERON:0002371")


def test_a_code_the_official_title_defines_is_the_product_it_names() -> None:
    fact = only(study(
        "HC-SVT-1001(initial protocol); HC-SVT-1002 (protocol amendment)",
        "A single application in the context of a single surgical intervention.",
        itype="OTHER", arm="HC-SVT-1001. Intraosseous use. 3x10(6) cells/cm3.",
        title="A Phase II Clinical Trial to Assess the Effect of HC-SVT-1001 (Autologous Fat "
              "Stem Adult Mesenchymal Cells Expanded and Combined With a Tricalcium Phosphate "
              "Biomaterial) in the Surgical Treatment of Atrophic Pseudarthrosis of Long Bones"))
    assert (fact.kind, fact.tissue_source, fact.donor) == ("MSC", "UBERON:0001013", "AUTOLOGOUS")
    # a code defined as a drug number is no product ("NSC" is not neural stem cells there)
    assert extract_products(study("M032", "Given IV", itype="OTHER",
                                  title="Study of Pembrolizumab and M032 (NSC 733972)")) == []


def test_an_apheresis_criterion_gives_blood_to_t_cells() -> None:
    record = with_text(study("anti-CD19-CAR vector-transduced T cells",
                             "genetically engineered lymphocyte therapy"),
                       eligibility="Inclusion Criteria:\n" + LAB_CRITERIA
                       + "Adequate venous access for apheresis, and no other contraindications "
                         "for leukapheresis\n")
    assert only(record).tissue_source == "UBERON:0000178"


def test_antibodies_to_the_donors_hla_make_the_cells_a_donors() -> None:
    record = with_text(study("Mesenchymal Precursor cells (RevascorTM)",
                             "intramyocardial injections"),
                       eligibility="Exclusion Criteria:\nPresence of >= 20% anti-HLA antibody "
                                   "titers and/or having antibody specificities to donor HLA "
                                   "antigens.\n")
    assert only(record).donor == "ALLOGENEIC"
    # a patient's own transplant donor is not the product's
    record = with_text(study("Mesenchymal Precursor cells", "intramyocardial injections"),
                       eligibility="Exclusion Criteria:\nPrior allogeneic transplant from an "
                                   "HLA-identical donor.\n")
    assert only(record).donor == "UNSPECIFIED"


def test_bmp_and_bmi_are_not_bone_marrow() -> None:
    fact = only(study("Mesenchymal stem cell, HA-CaSO4, BMP-2, and Implant",
                      "Patients with BMI under 30"))
    assert fact.tissue_source is None
    assert only(study("BM-MSCs", "Intravenous infusion")).tissue_source == "UBERON:0002371"


def test_a_tissue_given_as_an_example_is_not_the_source() -> None:
    summary = ("Mesenchymal stromal cells (MSCs) from adult and fetal tissues, such as the bone "
               "marrow have the capacity to form bone.")
    assert only(study("Mesenchymal stromal cells", summary=summary)).tissue_source is None
    assert only(study("Mesenchymal stromal cells",
                      summary="MSCs from the bone marrow of healthy donors.")).tissue_source \
        == "UBERON:0002371"


def test_marrow_cells_said_not_to_be_expanded_are_not_mscs() -> None:
    record = with_text(study("Transplantation of Bone Marrow Stem Cells Activated in Knee "
                             "Arthrosis", other=("mesenchymal stem cells",), itype="PROCEDURE",
                             title="A One-Step Procedure for the Use of Autologous Bone Marrow "
                                   "Mesenchymal Stem Cells"),
                       details="The investigators use a fresh non-culture expanded autologous "
                               "bone marrow derived mesenchymal mononuclear stem cells.")
    fact = only(record)
    assert (fact.kind, fact.tissue_source, fact.donor) == (
        "OTHER_CELL", "UBERON:0002371", "AUTOLOGOUS")
    # the same cells said to be culture expanded stay MSCs
    record = with_text(study("Bone marrow mesenchymal stem cells"),
                       details="Marrow cells are culture expanded for three weeks.")
    assert only(record).kind == "MSC"


def test_marrow_aspirated_to_make_the_product_is_its_source() -> None:
    fact = only(study("mesenchymal stem cell transplantation",
                      "20 - 30 ml of bone marrow will be aspirated and layered on density "
                      "gradient medium and mesenchymal stem cell will be injected into superior "
                      "pancreatic duodenal artery."))
    assert (fact.tissue_source, fact.donor) == ("UBERON:0002371", "UNSPECIFIED")
    # marrow aspirated to assess the disease is not
    fact = only(study("mesenchymal stem cell transplantation",
                      "Bone marrow will be aspirated to assess the response at day 28."))
    assert fact.tissue_source is None


def test_an_organs_arterial_injection_is_intra_arterial() -> None:
    fact = only(study("mesenchymal stem cell",
                      summary="MSC applied via renal arterial or peripheral vein injection, to "
                              "reduce the rejection."))
    assert set(fact.routes) == {"INTRA_ARTERIAL", "INTRAVENOUS"}


# --- written after held-outs 9 and 10 were read (not credited) -------------------------------

def test_engineered_epidermal_sheets_are_a_cell_product() -> None:
    fact = only(study("LZRSE-Col7A1 Engineered Autologous Epidermal Sheets",
                      "This trial will create a graft, which we call \"LEAES\", of the patient's "
                      "own skin that has been genetically engineered in our lab."))
    assert (fact.kind, fact.cell_type, fact.donor) == ("OTHER_CELL", "CL:0000312", "AUTOLOGOUS")
    # a growth factor named after the cells is a protein drug
    assert extract_products(study("Keratinocyte growth factor", "palifermin IV")) == []


def test_a_bone_marrow_concentration_is_a_marrow_cell_product() -> None:
    fact = only(study("Transforaminal lumbar interbody fusion with local bone graft and "
                      "intraoperative bone marrow concentration", itype="OTHER"))
    assert (fact.kind, fact.tissue_source) == ("OTHER_CELL", "UBERON:0002371")


def test_mscs_a_title_derives_from_embryonic_stem_cells_are_esc_derived() -> None:
    fact = only(study("Cell therapy", "Ovary injection with MSC-like cells through "
                      "transvaginal ultrasound", itype="GENETIC",
                      arm="The low dosage will inject 2 million MSC-like cells for each ovary.",
                      title="Human Embryonic Stem Cell Derived Mesenchymal Stem Cell (MSC)-Like "
                            "Cells Transplantation in Women With Primary Ovarian Insufficiency"))
    assert fact.kind == "ESC_DERIVED"
    # a title that names both, without deriving one from the other, leaves MSCs as they are
    fact = only(study("Mesenchymal stem cells", "Intravenous infusion",
                      title="Embryonic Stem Cells Versus Mesenchymal Stem Cells"))
    assert fact.kind == "MSC"


def test_a_harvest_named_as_a_step_or_a_site_gives_the_source() -> None:
    fact = only(study("PCI and Stem Cells or Placebo injections",
                      "Conventional percutaneous coronary intervention after acute myocardial "
                      "infarction. Harvest of bone marrow from iliac crest. Mesenchymal "
                      "autologous stem cells preparation (7-10 days after PCI)."))
    assert fact.tissue_source == "UBERON:0002371"
    record = with_text(study("Autologous Mesenchymal Stem Cells", "stem cell injection"),
                       eligibility="Exclusion Criteria:\nPrevious bony surgery at or in "
                                   "proximity to the bone marrow harvest site\n")
    assert only(record).tissue_source == "UBERON:0002371"


def test_blood_collected_for_t_cells_is_their_source_but_not_for_mscs() -> None:
    details = ("Peripheral blood (up to 600 mL) will be collected from a subject after "
               "obtaining a written informed consent.")
    record = with_text(study("CD19 CAR T cells", "Intravenous (IV)"), details=details)
    assert only(record).tissue_source == "UBERON:0000178"
    record = with_text(study("Mesenchymal stem cells", "Intravenous (IV)"), details=details)
    assert only(record).tissue_source is None


def test_plasma_derived_exosomes_come_from_blood() -> None:
    fact = only(study("plasma-derived exosomes", "Autologous exosomes are obtained from the "
                      "participants' own plasma and applied to the ulcers daily."))
    assert (fact.kind, fact.tissue_source) == ("EXTRACELLULAR_VESICLES", "UBERON:0000178")
    # platelet-rich plasma given with cells is not their source
    fact = only(study("Mesenchymal stem cells in platelet-rich plasma-derived gel",
                      "Intra-articular injection"))
    assert fact.tissue_source is None


def test_plain_cells_isolated_from_a_tissue_give_the_source() -> None:
    record = with_text(study("autologous mesenchymal stem cells", "intrathecal"),
                       details="Cells will be isolated from adipose tissue, expanded ex vivo "
                               "and then, after ~8 weeks, intrathecal (IT) autologous delivery "
                               "of MSCs will be performed.")
    assert only(record).tissue_source == "UBERON:0001013"
    # background that stem cells can be isolated from a tissue is not
    record = with_text(study("autologous mesenchymal stem cells", "intrathecal"),
                       details="Stem cells can be isolated from adipose tissue.")
    assert only(record).tissue_source is None


# --- rules from the seventh development sample (index 8 mod 22) ------------------------------

def test_intratracheal_delivery_is_other_as_the_conventions_say() -> None:
    fact = only(study("Human umbilical cord blood-derived mesenchymal stem cells",
                      arm="A single intratracheal administration of Pneumostem (1.0 x 10^7 "
                          "cells/kg)"))
    assert fact.routes == ("OTHER",)


def test_a_condition_named_with_an_intra_word_is_not_a_route() -> None:
    fact = only(study("umbilical cord mesenchymal stem cells combined with collagen scaffold",
                      "The scaffold was placed in the uterine cavity after separation if there "
                      "were intrauterine adhesions."))
    assert fact.routes == ("IMPLANTATION",)
    fact = only(study("Mesenchymal stem cells", "Intravenous infusion",
                      summary="Patients with intracerebral hemorrhage."))
    assert fact.routes == ("INTRAVENOUS",)


def test_an_articular_injection_is_intra_articular() -> None:
    fact = only(study("Autologous bone marrow mesenchymal stem cells (MSV)",
                      "Autologous MSV implantation by articular injection."))
    assert fact.routes == ("INTRA_ARTICULAR",)


def test_a_cancer_institute_drug_number_is_not_neural_stem_cells() -> None:
    assert extract_products(study("M032 (NSC 733972)", "Genetically engineered HSV-1")) == []
    assert only(study("Human NSCs", "Intracerebral injection")).kind == "OTHER_CELL"


def test_autogenous_cells_are_the_patients_own() -> None:
    fact = only(study("Bone tissue engineering using mesenchymal stem cells",
                      "mesenchymal stem cell obtained from dental pulp of deciduous teeth "
                      "(autogenous) associated with a biomaterial"))
    assert fact.donor == "AUTOLOGOUS"


def test_tumour_infiltrating_lymphocytes_are_the_patients_own() -> None:
    fact = only(study("IL-12 transduced TIL", "Given by intravenous infusion"))
    assert (fact.kind, fact.donor) == ("OTHER_CELL", "AUTOLOGOUS")


def test_adipose_stem_cells_an_svf_contains_carry_its_donor() -> None:
    fact = only(study("SVF Containg Autologous Non Expanded ADSC",
                      "will be injected intravenously"))
    assert (fact.kind, fact.tissue_source, fact.donor) == (
        "OTHER_CELL", "UBERON:0001013", "AUTOLOGOUS")


# --- written after held-outs 11 and 12 were read (not credited) ------------------------------

def test_an_abbreviation_the_summary_defines_is_the_product() -> None:
    fact = only(study("BFPSC+FDBA+PRF", itype="PROCEDURE",
                      arm="The combination of BFPSC+FDBA+PRF is utilized in cortical tenting",
                      title="The Effect of Buccal Fat Pad Derived Mesenchymal Stem Cells Loaded on "
                            "Allograft and Platelet-rich Plasma in Posterior Mandible Augmentation",
                      summary="In this study the buccal fat pad derived stem cells (BFPSCs) is "
                              "harvested from buccal fat pad tissue of the patients."))
    assert (fact.kind, fact.tissue_source) == ("MSC", "UBERON:0001013")
    # an abbreviation the record does not define as cells stays no product
    assert extract_products(study("FDBA+PRF", itype="PROCEDURE",
                                  summary="freeze dried bone allograft (FDBA)")) == []


def test_factors_derived_from_mscs_are_a_secretome() -> None:
    fact = only(study("Stem cell-derived derived pleiotropic factor",
                      "the wounds in experimental group apply stem cell-derived lyophilized "
                      "powder", title="Mesenchymal Stem Cell-derived Pleiotropic Factor in "
                                      "Treating Non-healing Wounds"))
    assert fact.kind == "SECRETOME"
    # a growth factor named after platelets is a protein drug
    assert extract_products(study("platelet-derived growth factor", "topical gel")) == []


# --- rules from the eighth development sample (index 12 mod 22) ------------------------------

def test_concentrated_or_grafted_autologous_marrow_is_a_marrow_cell_product() -> None:
    fact = only(study("core decompression with autologous bone marrow implantation",
                      "core biopsy with injection of 40 ml concentrated autologous bone marrow.",
                      itype="PROCEDURE"))
    assert (fact.kind, fact.tissue_source, fact.donor) == (
        "OTHER_CELL", "UBERON:0002371", "AUTOLOGOUS")
    fact = only(study("Osteosynthesis", "Nail or external fixator", itype="PROCEDURE",
                      arm="Intervention 'Osteosynthesis' Percutaneous autologous bone-marrow "
                          "grafting - surgical technique"))
    assert (fact.kind, fact.tissue_source) == ("OTHER_CELL", "UBERON:0002371")


def test_sampling_cells_is_not_giving_them() -> None:
    assert extract_products(study(
        "sampling mesenchymal stem cells", "nasal mesenchymal stem cells are collected in "
        "patients with cleft undergoing general anesthesia", itype="PROCEDURE")) == []


def test_a_condition_named_intraventricular_is_not_a_route() -> None:
    fact = only(study("pneumostem", "human umbilical cord blood derived mesenchymal stem cells",
                      title="PNEUMOSTEM Treatment in Premature Infants With Intraventricular "
                            "Hemorrhage"))
    assert fact.routes == ()
    fact = only(study("Mesenchymal stem cells", "intraventricular injection via an Ommaya "
                      "reservoir"))
    assert fact.routes == ("OTHER",)


def test_transcoronary_administration_is_intracoronary() -> None:
    fact = only(study("Wharton's jelly mesenchymal stem cells",
                      "Transcoronary or trans-bypass graft administration"))
    assert fact.routes == ("INTRACORONARY",)


def test_an_injection_at_the_fracture_site_is_local() -> None:
    fact = only(study("Mesenchymal stem cell injection", arm="Injection of adipose derived "
                      "mesenchymal stem cell in the site of tibia fracture"))
    assert fact.routes == ("LOCAL_INJECTION",)


def test_a_skin_graft_of_cultured_cells_is_implanted() -> None:
    fact = only(study("COL7A1-SIN retroviral vector engineered autologous tissue-engineered "
                      "skin", "genetically corrected autologous skin equivalent grafts"))
    assert fact.routes == ("IMPLANTATION",)


def test_the_anticular_misspelling_is_an_intra_articular_injection() -> None:
    fact = only(study("mesenchymal stem cells from umbilical cord",
                      arm="high dose MSCs (1×10^8cells/3mL) anticular injection"))
    assert fact.routes == ("INTRA_ARTICULAR",)


def test_a_donor_word_before_a_titles_stem_cells_is_the_mscs() -> None:
    fact = only(study("tissue repair cells (TRC)", "expanded bone marrow cells enriched in CD90+ "
                      "mesenchymal stem cells", title="Induced Wound Healing by Application of "
                      "Expanded Autologous Bone Marrow Stem Cells in Diabetic Patients"))
    assert (fact.kind, fact.donor) == ("MSC", "AUTOLOGOUS")
    # a donor word after the cells is said of something else
    fact = only(study("Mesenchymal stem cells", title="Concomitant Use of Buccal Fat Pad "
                      "Derived Cells and Autogenous Bone in Alveolar Cleft Osteoplasty"))
    assert fact.donor == "UNSPECIFIED"
    # and a CAR-T trial's title names the patients' earlier transplant
    fact = only(study("CD19 CAR T cells", "Intravenous", title="CAR T Cells After Autologous "
                      "Stem Cell Transplantation"))
    assert fact.donor == "UNSPECIFIED"
