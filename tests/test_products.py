"""Cell product facts from intervention texts: real registry sentences, field by field."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kg.text.products import ProductFact, extract_products, main_product
from kg.text.products.tables import TABLES, Table, exhaustive_hits
from kg.text.quantities_dose import count_doses, find_doses, find_frequency

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def study(name: str, description: str = "", *, itype: str = "BIOLOGICAL",
          arm: str = "", title: str = "", summary: str = "", other: tuple[str, ...] = (),
          study_type: str = "INTERVENTIONAL", extra: list[dict[str, Any]] | None = None
          ) -> dict[str, Any]:
    """A v2 study with one intervention in one experimental arm (the sentences are real)."""
    intervention = {"type": itype, "name": name, "description": description,
                    "otherNames": list(other), "armGroupLabels": ["A"]}
    return {"protocolSection": {
        "identificationModule": {"nctId": "NCT00000000", "briefTitle": title},
        "descriptionModule": {"briefSummary": summary},
        "designModule": {"studyType": study_type},
        "armsInterventionsModule": {
            "armGroups": [{"label": "A", "type": "EXPERIMENTAL", "description": arm}],
            "interventions": [intervention, *(extra or [])],
        },
    }}


def only(record: dict[str, Any]) -> ProductFact:
    facts = extract_products(record)
    assert len(facts) == 1, facts
    return facts[0]


# --- product kinds --------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "description", "kind"), [
    ("UC-MSCs", "1*10E6 UC-MSCs /kg body weight suspended in 100mL saline", "MSC"),
    ("MSC-exosomes delivered intravenously every other day (8:8:8)",
     "Dosed 8 X 10^9, 8 X 10^9, 8 X 10^9 mL", "EXTRACELLULAR_VESICLES"),
    ("AGLE 102", "Exosomes from MSCs", "EXTRACELLULAR_VESICLES"),
    ("Injection of Secretome-MSCs", "Injection of Hypoxic Secretome-MSCs intramuscular",
     "SECRETOME"),
    ("MB-CART2019.1", "Chimeric antigen receptor (CAR) T cell therapy", "CAR_T"),
    ("Anti-GD2-CAR engineered T cells", "Administer anti-GD2 CAR T cells", "CAR_T"),
    ("HB-adMSCs", "Autologous adipose derived mesenchymal stem cells", "MSC"),
    ("Autologous Stromal Vascular Fraction (SVF)",
     "Study arm A subjects will receive single dose of autologous adipose derived Stromal "
     "Vascular Fraction (SVF) intravenously.", "OTHER_CELL"),
    ("Mononuclear cells", "Intramuscular administration into the ischemic limb", "OTHER_CELL"),
    ("Cord Blood Infusion", "Cord blood transplantation performed on day 0.", "HSC"),
    ("Prochymal®", "Prochymal® IV infusion", "MSC"),
    ("CAP-1002", "The active pharmaceutical ingredient in CAP-1002 is Cardiosphere-Derived "
     "Cells (CDCs). CDCs are known to secrete numerous bioactive elements (growth factors, "
     "exosomes)", "OTHER_CELL"),
])
def test_kind(name: str, description: str, kind: str) -> None:
    assert only(study(name, description)).kind == kind


@pytest.mark.parametrize(("name", "description", "itype"), [
    ("Placebo", "Placebo delivered via peripheral intravenous infusion", "OTHER"),
    ("Control group", "Normal saline will be IV infusion followed by sham-IT infusion",
     "BIOLOGICAL"),
    ("Treatment as Usual", "participants will follow the usual institutional intervention",
     "OTHER"),
    ("Cyclophosphamide", "Lymphodepletion prior to CAR-T cell infusion", "DRUG"),
    ("Ruxolitinib", "Given PO", "DRUG"),
    ("No hMSC-derived exosomes", "basic treatment and 7 times aerosol inhalation of normal "
     "saline", "BIOLOGICAL"),
    ("Hyaluronan", "", "DRUG"),
])
def test_not_a_product(name: str, description: str, itype: str) -> None:
    assert extract_products(study(name, description, itype=itype,
                                  title="Mesenchymal Stem Cells in Knee Osteoarthritis")) == []


def test_observational_studies_give_no_products() -> None:
    record = study("MSCs", "Autologous bone-marrow derived mesenchymal stem cells",
                   study_type="OBSERVATIONAL")
    assert extract_products(record) == []


def test_code_name_takes_kind_from_the_trial() -> None:
    fact = only(study("XYZ-101", title="Allogeneic Umbilical Cord Mesenchymal Stem Cells in MS"))
    assert (fact.kind, fact.tissue_source, fact.donor) == ("MSC", "UBERON:0002331", "ALLOGENEIC")
    assert fact.evidence_for("tissueSource")[0].field == "briefTitle"


# --- cell type and tissue ------------------------------------------------------------------

@pytest.mark.parametrize(("name", "description", "cell", "tissue"), [
    ("Human Umbilical Cord Blood Derived-Mesenchymal Stem Cells", "", "CL:0000134",
     "UBERON:0012168"),
    ("ProTrans: Allogeneic transplantation with WJMSCs", "The drug is a cell suspension with "
     "allogeneic mesenchymal stromal cells derived from umbilical cord tissue.", "CL:0002568",
     "UBERON:0003422"),
    ("expanded autologous bone marrow derived MSC", "", "CL:0002540", "UBERON:0002371"),
    ("Adipose tissue-derived mesenchymal stem cells", "", "CL:0002570", "UBERON:0001013"),
    ("Human Amniotic Mesenchymal Stem Cells (hAMSCs)", "", "CL:0002537", "UBERON:0000305"),
    ("Chorionic membrane MSC", "", "CL:0002541", "UBERON:0003124"),
    ("Placenta-derived MSC", "", "CL:0000134", "UBERON:0001987"),
    ("Dental pulp stem cells", "", "CL:0000134", "UBERON:0001754"),
    ("Menstrual blood-derived stem cells", "", "CL:0000134", "UBERON:8480042"),
    ("MSCs", "Autologous bone-marrow derived mesenchymal stem cells", "CL:0002540",
     "UBERON:0002371"),
    ("NK cells", "Allogeneic natural killer cells", "CL:0000623", None),
    ("Regulatory T cells", "Polyclonal Tregs expanded ex vivo", "CL:0000815", None),
    ("iPSC-derived dopaminergic progenitors", "", "EFO:0004905", None),
    ("Human embryonic stem cell derived RPE", "", "CL:0002322", None),
    ("Neural stem cells", "", "CL:0000047", None),
    ("Peripheral blood mononuclear cells", "", "CL:2000001", "UBERON:0000178"),
    ("Hematopoietic stem cell transplantation", "", "CL:0000037", None),
])
def test_cell_type_and_tissue(name: str, description: str, cell: str, tissue: str | None
                              ) -> None:
    fact = only(study(name, description))
    assert (fact.cell_type, fact.tissue_source) == (cell, tissue)


def test_msc_after_bone_marrow_transplant_is_not_from_bone_marrow() -> None:
    fact = only(study("Mesenchymal stromal cells", "MSCs will be given for steroid-refractory "
                      "GVHD after allogeneic bone marrow transplantation"))
    assert fact.tissue_source is None
    assert fact.donor == "UNSPECIFIED"  # "allogeneic" belongs to the transplant


def test_exosomes_keep_their_parent_cells() -> None:
    fact = only(study("MSCs-Exo", "exosomes derived from allogenic adipose mesenchymal stem "
                      "cells (MSCs-Exo) by aerosol inhalation"))
    assert fact.kind == "EXTRACELLULAR_VESICLES"
    assert (fact.cell_type, fact.tissue_source, fact.donor) == (
        "CL:0002570", "UBERON:0001013", "ALLOGENEIC")
    assert fact.routes == ("INHALATION",)


# --- donor ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("description", "donor", "inferred"), [
    ("Autologous bone-marrow derived mesenchymal stem cells", "AUTOLOGOUS", False),
    ("50 million cultured adipose derived stem cells derived from their own adipose (fat) "
     "tissue", "AUTOLOGOUS", False),
    ("Allogeneic adult mesenchymal bone marrow stem cells", "ALLOGENEIC", False),
    ("allogenic mesenchymal stem cells", "ALLOGENEIC", False),
    ("third-party mesenchymal stem cells", "ALLOGENEIC", False),
    ("off-the-shelf mesenchymal stromal cells", "ALLOGENEIC", False),
    ("universal UC-MSCs", "ALLOGENEIC", False),
    ("human umbilical cord mesenchymal stem cells", "ALLOGENEIC", True),
    ("mesenchymal stem cells", "UNSPECIFIED", False),
])
def test_donor(description: str, donor: str, inferred: bool) -> None:
    fact = only(study("Stem cell therapy", description))
    assert fact.donor == donor
    if donor != "UNSPECIFIED":
        assert fact.evidence_for("donor")[0].inferred is inferred


# --- routes --------------------------------------------------------------------------------

@pytest.mark.parametrize(("description", "routes"), [
    ("Participants will receive a single IV infusion of Mesenchymal Stem Cells (MSCs)",
     ("INTRAVENOUS",)),
    ("UMSC01 cells will be IV infusion followed by IT infusion with 12 months of follow up",
     ("INTRAVENOUS", "INTRATHECAL")),
    ("MSC-NTF cells will be transplanted under mild anesthesia intrathecally(via a standard "
     "lumbar puncture)", ("INTRATHECAL",)),
    ("autologous, ex-vivo expanded bone-marrow derived MSC injected into the knee joint",
     ("INTRA_ARTICULAR",)),
    ("Single intraarticular dose of ex-vivo cultured adult allogeneic MSCs",
     ("INTRA_ARTICULAR",)),
    ("Intramuscular injection of Autologous Adipose Derived Mesenchymal Stem Cells",
     ("INTRAMUSCULAR",)),
    ("Autologous mononuclear bone marrow cells will be administered by intracoronary infusion",
     ("INTRACORONARY",)),
    ("MSCs will be tested via transendocardial injection", ("INTRAMYOCARDIAL",)),
    ("mesenchymal stem cells injected subcutaneously around the wound", ("SUBCUTANEOUS",)),
    ("intradermal injection of autologous fibroblasts", ("INTRADERMAL",)),
    ("Intra-arterial stent placement after Mesenchymal stem cell infusion",
     ("INTRA_ARTERIAL",)),
    ("MSCs administered via intraperitoneal infusion", ("INTRAPERITONEAL",)),
    ("intranasal administration of MSC-derived exosomes", ("INTRANASAL",)),
    ("exosomes aerosolized in normal saline for inhalation", ("INHALATION",)),
    ("Wharton Jelly Mesenchymal stem cells intracavernous injections", ("LOCAL_INJECTION",)),
    ("fistula plug coated with autologous mesenchymal stromal cells implanted in the fistula",
     ("IMPLANTATION",)),
    ("MSC gel applied to the wound surface topically", ("TOPICAL",)),
    ("UC-MSCs by intraventricular administrations via an Ommaya Reservoir", ("OTHER",)),
    ("infuse expanded MSC", ()),
])
def test_routes(description: str, routes: tuple[str, ...]) -> None:
    assert set(only(study("MSC", description)).routes) == set(routes)


def test_route_from_the_summary_when_the_intervention_says_none() -> None:
    fact = only(study("UMSC01", summary="This study is to identify the safety and efficacy of "
                      "repeat IV(Intravenous) and IT(Intrathecal) administrations of UMSC01 "
                      "mesenchymal stem cells in patients with MS."))
    assert set(fact.routes) == {"INTRAVENOUS", "INTRATHECAL"}
    assert fact.evidence_for("route")[0].field == "briefSummary"


# --- CAR and modifications -----------------------------------------------------------------

@pytest.mark.parametrize(("name", "description", "antigens"), [
    ("Dose Level 3", "CD19-CAR-T [1/3 x 10^7 cells/kg x 1 day] Intravenous (IV)", ("CD19",)),
    ("Anti-GD2-CAR engineered T cells", "", ("GD2",)),
    ("BCMA CAR-T", "autologous anti-BCMA CAR T cells", ("BCMA",)),
    ("CD19/CD22 CAR-T cells", "", ("CD19", "CD22")),
])
def test_car_target(name: str, description: str, antigens: tuple[str, ...]) -> None:
    fact = only(study(name, description, itype="GENETIC"))
    assert (fact.kind, fact.modification, fact.target_antigens) == ("CAR_T", "CAR", antigens)


def test_car_nk_is_an_nk_product() -> None:
    fact = only(study("CAR-NK cells", "anti-CD19 CAR-NK cells from cord blood"))
    assert (fact.kind, fact.cell_type, fact.modification) == ("NK", "CL:0000623", "CAR")


def test_engineered_exosomes_carry_a_transgene() -> None:
    fact = only(study("EXO-CD24", "exosomes that were engineered to overexpress CD24, "
                      "aerosolized in normal saline for inhalation", itype="DRUG"))
    assert (fact.kind, fact.modification) == ("EXTRACELLULAR_VESICLES", "TRANSGENE")


# --- doses ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "upper", "unit"), [
    ("135 patients are infused with 1×10⁸ stem cells per session", 1e8, None, "cells"),
    ("AC607 single administration at a target dose of 2 x 10E6 hMSC/kg body weight", 2e6,
     None, "cells/kg"),
    ("Dose : 1x10e8 cells/3mL", 1e8, None, "cells"),
    ("two administrations at a dose of 1 million cells/kg patient body weight", 1e6, None,
     "cells/kg"),
    ("2 million cells per kilogram", 2e6, None, "cells/kg"),
    ("1.0 × 10^6 cells/kg body weight", 1e6, None, "cells/kg"),
    ("a single dose of 300 million cultured adipose derived stem cells", 3e8, None, "cells"),
    ("0.5-1.5 million cells per kg of allogeneic adult mesenchymal bone marrow stem cells",
     5e5, 1.5e6, "cells/kg"),
    ("1x1,000,000 hMSC/kg, IV after unrelated HSCT", 1e6, None, "cells/kg"),
    ("2·0×106 cells/kg i.v.", 2e6, None, "cells/kg"),
    ("Exosomes 3-5x10e11 particles/dose", 3e11, 5e11, "particles"),
    ("10^6/kg", 1e6, None, "cells/kg"),
])
def test_dose_forms(text: str, value: float, upper: float | None, unit: str) -> None:
    dose = find_doses(text)[0]
    assert dose.value == pytest.approx(value)
    assert (dose.upper is None and upper is None) or dose.upper == pytest.approx(upper)
    assert dose.unit == unit
    assert dose.per_kg is unit.endswith("/kg")


def test_bare_count_takes_the_product_unit() -> None:
    fact = only(study("UC-MSC", "UC-MSC 5x10^7 intravenously"))
    assert [(d.value, d.unit) for d in fact.doses] == [(5e7, "cells")]


def test_lab_thresholds_are_not_doses() -> None:
    assert find_doses("absolute neutrophil count (ANC) is > 2.5 x 109/L") == []


@pytest.mark.parametrize(("text", "count"), [
    ("three doses of 1 million cells", 3),
    ("twice, 4 weeks apart", 2),
    ("2 Infusions of 2 million cells/kg per week for 4 weeks", 2),
    ("Single intramuscular administration of low dose of stem cells", 1),
    ("Subjects will receive 3 infusions of MSCs (baseline, 3 months and 6 months).", 3),
])
def test_number_of_doses(text: str, count: int) -> None:
    assert count_doses(text) == count


def test_frequency() -> None:
    assert find_frequency("twice, 4 weeks apart") == "4 weeks apart"
    assert find_frequency("three times at 3-week intervals") == "3-week intervals"


# --- the seed trials -----------------------------------------------------------------------

def _example(nct_id: str) -> dict[str, Any]:
    path = EXAMPLES / f"{nct_id}.json"
    if not path.exists():
        pytest.skip(f"example record {path} missing")
    return json.loads(path.read_text(encoding="utf-8"))


def test_sepsis_seed_trial() -> None:
    facts = extract_products(_example("NCT06882811"))
    assert [(f.index, f.name) for f in facts] == [(0, "regulatory MSC"), (1, "CD83-positive MSC")]
    for fact in facts:
        assert (fact.kind, fact.cell_type, fact.tissue_source, fact.donor) == (
            "MSC", "CL:0002569", "UBERON:0002331", "ALLOGENEIC")
        assert fact.routes == ("INTRAVENOUS",)
        assert [(d.value, d.unit, d.per_kg) for d in fact.doses] == [(1e8, "cells", False)]
        assert fact.doses[0].field == "armGroup.description"
        assert fact.evidence_for("tissueSource")[0].field == "briefTitle"


def test_multiple_sclerosis_seed_trial() -> None:
    record = _example("NCT05532943")
    facts = extract_products(record)
    assert len(facts) == 1
    fact = facts[0]
    assert (fact.kind, fact.cell_type, fact.tissue_source, fact.donor) == (
        "MSC", "CL:0002569", "UBERON:0002331", "ALLOGENEIC")
    assert set(fact.routes) == {"INTRAVENOUS", "INTRATHECAL"}
    assert main_product(record, facts) == fact


# --- the matcher and speed on the real corpus ----------------------------------------------

def _corpus_texts(classic_zip: Path, limit: int) -> list[str]:
    texts: list[str] = []
    with zipfile.ZipFile(classic_zip) as archive:
        for name in sorted(archive.namelist())[:limit]:
            protocol = json.loads(archive.read(name))["ProtocolSection"]
            texts.append(protocol.get("DescriptionModule", {}).get("BriefSummary", ""))
            module = protocol.get("ArmsInterventionsModule", {})
            for item in module.get("InterventionList", {}).get("Intervention", []):
                texts.append(item.get("InterventionDescription", ""))
    return texts


@pytest.mark.corpus
@pytest.mark.parametrize("table", TABLES)
def test_prefilter_changes_no_match(classic_zip: Path, table: Table) -> None:
    """Hyperscan only skips work: the hits equal those of trying every entry on every text."""
    for text in _corpus_texts(classic_zip, 400):
        assert table.hits(text) == exhaustive_hits(table, text), text
        if len(text) > 200:  # a window, as kinds_around asks
            windows = [(50, 180)]
            assert table.hits(text, windows) == exhaustive_hits(table, text, windows), text


@pytest.mark.parametrize("table", TABLES)
def test_every_entry_is_prefiltered(table: Table) -> None:
    """An entry Hyperscan cannot take is run on every text: keep the tables fast."""
    assert not table.prefilter.always, sorted(table.prefilter.always)


@pytest.mark.corpus
def test_runs_on_the_whole_corpus(classic_zip: Path) -> None:
    from kg.sources.ctgov_classic import to_v2

    with zipfile.ZipFile(classic_zip) as archive:
        studies = [to_v2(json.loads(archive.read(n))) for n in archive.namelist()]
    products = sum(len(extract_products(s)) for s in studies)  # speed: eval_products.py
    assert products > 1000


# --- generalisation rules (sentences from unseen corpus records) ---------------------------

@pytest.mark.parametrize(("description", "routes"), [
    ("Allogenous mesenchymal stromal cells will be injected directly underneath the mucosal "
     "lesions", ("LOCAL_INJECTION",)),
    ("stem cells prepared according to GMP rules injected into rete testis",
     ("LOCAL_INJECTION",)),
    ("human bone marrow MSC subconjunctival injection once time", ("LOCAL_INJECTION",)),
    ("MSCs given by stereotactic injection into the brain", ("LOCAL_INJECTION",)),
    ("MSCs injected into the anal sphincter", ("LOCAL_INJECTION",)),
    ("intra spinal injection of 1 ×10(8) mesenchymal stem cells", ("LOCAL_INJECTION",)),
    ("MSCs will be injected into the myocardium during CABG", ("INTRAMYOCARDIAL",)),
    ("MSCs injected during CABG into the infarct border zone", ("INTRAMYOCARDIAL",)),
    ("MSCs by epicardial injection", ("INTRAMYOCARDIAL",)),
    ("MSCs given by intracoronary infusion", ("INTRACORONARY",)),
    ("a single i.v infusion of donor ex-vivo expanded MSC", ("INTRAVENOUS",)),
    ("MSC will be infused, by a central venous catheter", ("INTRAVENOUS",)),
    ("the cartilage defect is filled with the fibrin glue carrier containing MSCs",
     ("IMPLANTATION",)),
    ("MSCs delivered through the cardiopulmonary bypass circuit", ("OTHER",)),
    ("MSCs injected into the knee joint", ("INTRA_ARTICULAR",)),  # the route word wins
    ("MSCs injected into the patient", ()),
])
def test_more_routes(description: str, routes: tuple[str, ...]) -> None:
    assert set(only(study("MSC", description)).routes) == set(routes)


def test_bare_placement_yields_to_a_route_word_of_the_summary() -> None:
    fact = only(study("UC-MSCs", "cells injected into the affected area",
                      summary="UC-MSCs given by intravenous infusion"))
    assert fact.routes == ("INTRAVENOUS",)


def test_implantation_into_a_lesion_stays_implantation() -> None:
    fact = only(study("BM-MNC", "autologous bone marrow stem cell implantation into the "
                      "necrotic lesion area"))
    assert fact.routes == ("IMPLANTATION",)


@pytest.mark.parametrize(("itype", "name", "description", "arm", "kind", "tissue", "donor"), [
    ("DRUG", "XCEL-M-ALPHA", "Intraarticular infusion of autologous bone marrow derived ex "
     "vivo expanded mesenchymal stromal cells", "", "MSC", "UBERON:0002371", "AUTOLOGOUS"),
    ("DRUG", "XXX-OSTEO", "", "ex-vivo expanded mesenchymal stromal cells from allogeneic bone "
     "marrow to combine with fibrin glue", "MSC", "UBERON:0002371", "ALLOGENEIC"),
    ("PROCEDURE", "BFPSCs+ DFDBA+ PRF", "", "buccal fat pad derived stem cells", "MSC",
     "UBERON:0001013", "UNSPECIFIED"),
    ("PROCEDURE", "intravitreal injection of MSV", "", "Allogenic mesenchymal stem cells from "
     "bone marrow", "MSC", "UBERON:0002371", "ALLOGENEIC"),
    ("PROCEDURE", "Bone marrow aspiration", "Single intra-articular injection of autologous "
     "bone marrow-derived mesenchymal stem cells by arthroscopy", "", "MSC", "UBERON:0002371",
     "AUTOLOGOUS"),
])
def test_opaque_names_take_the_product_from_description_or_arm(
        itype: str, name: str, description: str, arm: str, kind: str, tissue: str,
        donor: str) -> None:
    fact = only(study(name, description, itype=itype, arm=arm))
    assert (fact.kind, fact.tissue_source, fact.donor) == (kind, tissue, donor)


def test_arm_product_is_not_given_to_a_drug_beside_a_named_product() -> None:
    record = study("UC-MSC", "UC-MSC infusion", arm="Umbilical cord MSC infusion combined with "
                   "liraglutide", extra=[{"type": "DRUG", "name": "Liraglutide",
                                          "armGroupLabels": ["A"]}])
    assert [f.name for f in extract_products(record)] == ["UC-MSC"]


@pytest.mark.parametrize(("name", "description", "itype", "arm"), [
    ("Platelet Rich Plasma", "PRP has been used topically or as an injection to enhance "
     "cosmetic procedures such as fat transfer", "OTHER", ""),
    ("Electrocardiogram", "", "OTHER", "Blood test with generated hiPSC-cardiomyocytes"),
    ("Filgrastim", "given to mobilize haematopoietic stem cells that are injected", "DRUG", ""),
])
def test_fallback_readings_keep_non_products_out(name: str, description: str, itype: str,
                                                 arm: str) -> None:
    assert extract_products(study(name, description, itype=itype, arm=arm)) == []


@pytest.mark.parametrize(("name", "other", "product"), [
    ("mesenchymal stem cell transplantation or placebo infusion via peripheral vein", (), True),
    ("AstroStem and Donepezil Placebo", (), True),
    ("UC-MSCs", ("placebo",), True),
    ("Placebo MSC", (), False),
    ("No hMSC-derived exosomes", (), False),
])
def test_placebo_joined_to_a_product(name: str, other: tuple[str, ...], product: bool) -> None:
    assert bool(extract_products(study(name, other=other))) is product


def test_a_code_name_is_not_the_word_it_starts_with() -> None:
    fact = only(study("TBI-1501", "TBI1501, that is CD19-CAR-T cells", itype="BIOLOGICAL"))
    assert fact.kind == "CAR_T"


@pytest.mark.parametrize(("description", "tissue", "donor"), [
    ("MSCs expanded from the patient's own bone marrow aspirate", "UBERON:0002371",
     "AUTOLOGOUS"),
    ("adipose stem cells from the participants' own liposuction", "UBERON:0001013",
     "AUTOLOGOUS"),
    ("mesenchymal stem cells derived from healthy adult volunteer donors", None, "ALLOGENEIC"),
    ("MSCs from menstrual blood", "UBERON:8480042", "UNSPECIFIED"),
])
def test_more_sources_and_donors(description: str, tissue: str | None, donor: str) -> None:
    fact = only(study("Stem cell therapy", description))
    assert (fact.tissue_source, fact.donor) == (tissue, donor)


def test_wharton_jelly_at_a_farther_level_refines_the_cord() -> None:
    fact = only(study("Umbilical cord MSC", summary="MSCs isolated from Wharton's jelly of "
                      "the umbilical cord"))
    assert fact.tissue_source == "UBERON:0003422"


def test_long_detailed_description_is_read_around_product_words() -> None:
    record = study("XYZ-7", title="Mesenchymal Stem Cells in Multiple Sclerosis")
    record["protocolSection"]["descriptionModule"]["detailedDescription"] = (
        "Background. " * 400 + "The mesenchymal stem cells will be injected intrathecally.")
    fact = only(record)
    assert (fact.kind, fact.routes) == ("MSC", ("INTRATHECAL",))


def test_a_comparator_preparation_is_not_the_source() -> None:
    fact = only(study("Mesenchymal stem cell", title="The Effects of Stromal Vascular Fraction "
                      "and Mesenchymal Stem Cells as a Treatment for Knee Osteoarthritis"))
    assert fact.tissue_source is None


# --- routes registered as interventions of their own -----------------------------------------

def _two_route_arms(procedures: tuple[str, str]) -> dict[str, Any]:
    """Two arms, each with a route procedure, both with the same cell product (a real layout)."""
    record = study("umbilical cord mesenchymal stem cell",
                   "Treat patients with umbilical cord mesenchymal stem cell, the dosage based "
                   "on different procedure")
    module = record["protocolSection"]["armsInterventionsModule"]
    module["armGroups"] = [{"label": f"{p} group", "type": "EXPERIMENTAL"} for p in procedures]
    module["interventions"][0]["armGroupLabels"] = [f"{p} group" for p in procedures]
    module["interventions"] += [{"type": "PROCEDURE", "name": p, "armGroupLabels": [f"{p} group"]}
                                for p in procedures]
    return record


def test_a_route_procedure_of_the_arms_gives_the_product_its_route() -> None:
    record = _two_route_arms(("Intravenous infusion", "Intrathecal injection"))
    [fact] = extract_products(record)
    assert fact.routes == ("INTRAVENOUS", "INTRATHECAL")
    assert [e.text for e in fact.evidence_for("route")] == ["Intravenous infusion",
                                                            "Intrathecal injection"]


@pytest.mark.parametrize("procedures", [
    ("Bone marrow aspiration", "Intravenous infusion of tocilizumab"),  # not route-only names
    ("Lipoaspiration", "Leukapheresis"),
])
def test_other_procedures_of_the_arms_give_no_route(procedures: tuple[str, str]) -> None:
    [fact] = extract_products(_two_route_arms(procedures))
    assert fact.routes == ()
