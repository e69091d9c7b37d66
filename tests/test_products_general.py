"""General product rules found on the second development sample and a corpus audit.

Each case is a short real sentence (quoted from registry records) for one rule.
"""

from __future__ import annotations

from typing import Any

from test_products import only, study

from kg.text.products import extract_products, main_product


def test_related_donor_is_allogeneic() -> None:
    fact = only(study("bone marrow derived mesenchymal stem cells",
                      "Intravenous bone marrow derived mesenchymal stem cells infusion from "
                      "related donor to patients with relapsed/refractory aplastic anemia."))
    assert fact.donor == "ALLOGENEIC"


def test_donor_word_before_the_products_own_transplant_word() -> None:
    # "allogeneic ... transplantation" is the MSCs' donor when the MSC word stands between.
    fact = only(study("allogeneic mesenchymal stem cell transplantation", itype="GENETIC"))
    assert fact.donor == "ALLOGENEIC"
    # ... but "allogeneic HSCT" beside MSCs stays the transplant's.
    fact = only(study("MSC", "MSCs given after allogeneic HSCT"))
    assert fact.donor == "UNSPECIFIED"


def test_marrow_of_the_patients_is_autologous() -> None:
    fact = only(study("Mesenchymal Stem Cell", "Mesenchymal stem cells will be intravenously "
                      "infused. Mesenchymal stem cells will be cultured and extracted from the "
                      "bone marrow of the patients."))
    assert fact.donor == "AUTOLOGOUS"


def test_participants_harvest_gives_donor_and_tissue() -> None:
    fact = only(study("Mesenchymal stem cell augmentation in rotator cuff repair",
                      arm="Using clinically accepted methods, subjects will undergo bone marrow "
                          "aspiration (from hip, proximal humerus or tibia) through a small "
                          "incision prior to arthroscopy in the group undergoing MSC "
                          "augmentation."))
    assert (fact.tissue_source, fact.donor) == ("UBERON:0002371", "AUTOLOGOUS")
    fact = only(study("huJCAR014", "Given IV", title="huJCAR014 CAR-T Cells",
                      arm="Patients undergo leukapheresis. Beginning 14-16 days after "
                          "leukapheresis, patients undergo lymphodepleting chemotherapy"))
    assert (fact.kind, fact.tissue_source, fact.donor) == ("CAR_T", "UBERON:0000178",
                                                           "AUTOLOGOUS")


def test_a_harvest_to_assess_the_disease_is_not_the_products() -> None:
    fact = only(study("MSC", "MSCs infused", arm="Patients will undergo bone marrow aspiration "
                      "to assess response at day 28."))
    assert (fact.tissue_source, fact.donor) == (None, "UNSPECIFIED")


def test_stage_iv_and_iv_analgesia_are_not_routes() -> None:
    fact = only(study("TIL 1383I TCR transduced T cells", "a single infusion of autologous "
                      "TCR transduced T cells with low dose IL-2 to stage IV melanoma patients"))
    assert fact.routes == ()
    fact = only(study("Allogeneic Mesenchymal Stromal Cell", "cell suspensions will be injected "
                      "intramuscularly by an experienced operator. Injections will be performed "
                      "under IV analgesia (fentanyl) and sedation (midazolam) if necessary."))
    assert fact.routes == ("INTRAMUSCULAR",)


def test_route_words_added() -> None:
    assert only(study("UMSC-exo", "followed by UMSC-exo 10ug/drop, four times a day for 14 "
                      "days")).routes == ("TOPICAL",)
    assert only(study("hUC-MSC", "evaluated by low-temperature plasma ablation and "
                      "intravertebral disc injection of MSCs")).routes == ("INTRA_ARTICULAR",)
    assert only(study("RB (Retrobulbar)", "Retrobulbar injection of Bone Marrow Derived Stem "
                      "Cells (BMSC)")).routes == ("LOCAL_INJECTION",)


def test_a_code_in_the_name_carries_the_route() -> None:
    record = study("autologous expanded mesenchymal stem cells OTI-010")
    record["protocolSection"]["descriptionModule"]["detailedDescription"] = (
        "Arm II: Patients receive OTI-010 IV 4 hours before PBSCT on day 0.")
    assert only(record).routes == ("INTRAVENOUS",)
    # a route of another drug named after the code is not the product's
    record = study("IP FT516", "FT516 is an off-the-shelf NK cell product",
                   title="Intraperitoneal FATE FT516 and Interleukin-2 (IL-2) With "
                         "Intravenous Enoblituzumab")
    assert only(record).routes == ("INTRAPERITONEAL",)


def test_own_placement_beats_implanted_in_the_summary() -> None:
    fact = only(study("Mesenchymal stem cell augmentation",
                      "3 mL will be injected in the tendon at the junction between bone and "
                      "tendon", summary="Mesenchymal stem cells promote tissue regeneration by "
                      "supplying growth factors to their implanted environment."))
    assert fact.routes == ("LOCAL_INJECTION",)


def test_endogenous_cells_acted_upon_are_not_products() -> None:
    assert extract_products(study(
        "rhEGF", "The rhEGF has the ability to stimulate fibroblasts, keratinocytes and "
        "vascular endothelial cells proliferation. The action mechanism is based on the "
        "interaction with specific receptors located on specifics cell membranes.",
        itype="DRUG")) == []
    assert extract_products(study(
        "Microfracture", "a surgical procedure to repair small isolated cartilage defects by "
        "recruiting bone marrow mesenchymal stromal cells", itype="PROCEDURE")) == []


def test_cells_in_a_description_must_be_given() -> None:
    record = study("Modified BioMend Extend", "This membrane will be perforated to allow the "
                   "passage of cells and growth factors", itype="OTHER",
                   summary="The perforation allows mesenchymal stem cells present in the "
                           "gingival tissues to migrate into the osseous defect.")
    assert extract_products(record) == []
    record = study("Regenerative Endodontic Procedure", "irrigation with sodium hypochlorite "
                   "and obturation with stem cells.", itype="PROCEDURE",
                   arm="umbilical cord-derived mesenchymal stem cells encapsulated")
    assert only(record).kind == "MSC"


def test_a_trial_the_participants_are_undergoing_is_not_the_product() -> None:
    record = study("AB-205", "Allogeneic genetically engineered human umbilical vein "
                   "endothelial cells", title="AB-205 in Patients With Lymphoma Undergoing "
                   "Autologous Hematopoietic Cell Transplantation")
    assert only(record).kind == "OTHER_CELL"


def _two_arms() -> dict[str, Any]:
    pbsc = {"type": "BIOLOGICAL", "name": "PBSC", "armGroupLabels": ["MSCs&PBSC"]}
    mscs = {"type": "BIOLOGICAL", "name": "MSCs", "armGroupLabels": ["MSCs", "MSCs&PBSC"]}
    return {"protocolSection": {
        "identificationModule": {"nctId": "NCT00000000"},
        "designModule": {"studyType": "INTERVENTIONAL"},
        "armsInterventionsModule": {
            "armGroups": [{"label": "MSCs&PBSC", "type": "EXPERIMENTAL"},
                          {"label": "MSCs", "type": "EXPERIMENTAL"}],
            "interventions": [pbsc, mscs]}}}


def test_main_product_is_the_one_of_most_experimental_arms() -> None:
    record = _two_arms()
    fact = main_product(record, extract_products(record))
    assert fact is not None and fact.kind == "MSC"


def test_haematopoietic_cell_transplant_and_marrow_infusion_are_hsc() -> None:
    assert only(study("Bone marrow infusion", "Bone marrow infusion on Day 0",
                      itype="PROCEDURE")).kind == "HSC"
