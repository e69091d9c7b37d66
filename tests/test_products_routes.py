"""Route rules for texts that state a route without naming the product beside it.

Each case is a short real sentence (quoted from registry records) for one rule, with a near
miss the rule must leave alone; each rule was also checked by diffing the products of every
corpus record before and after, and scored on every labelled sample (no sample lost).
"""

from __future__ import annotations

from typing import Any

from test_products import only, study

from kg.text.products import extract_products


def _two_arms(first: str, second: str) -> dict[str, Any]:
    """A trial of a WJ-MSC arm and a placebo arm, with these arm descriptions."""
    record = study("Allogeneic Wharton's jelly-MSCs (WJ-MSC)",
                   "The cells are frozen in cryobags at a concentration of 2 x 10^7 cells/ml",
                   arm=first)
    module = record["protocolSection"]["armsInterventionsModule"]
    module["interventions"].append({"type": "OTHER", "name": "Placebo",
                                    "description": "Sodium chloride buffer",
                                    "armGroupLabels": ["P"]})
    module["armGroups"].append({"label": "P", "type": "PLACEBO_COMPARATOR",
                                "description": second})
    return record


def test_an_arm_giving_only_the_product_states_its_route() -> None:
    record = _two_arms("Intravenous administration, 1 dose, for 20 minutes",
                       "Intravenous administration, 1 dose, for 20 minutes")
    assert extract_products(record)[0].routes == ("INTRAVENOUS",)
    # an arm that also gives another drug: its route word may be that drug's
    record = study("UC-MSC", "1x10^6 cells/kg", arm="Intravenous administration of "
                   "methotrexate and the cells on day 1",
                   extra=[{"type": "DRUG", "name": "Methotrexate", "armGroupLabels": ["A"]}])
    assert extract_products(record)[0].routes == ()


def test_lower_case_iv_between_commas() -> None:
    fact = only(study("UC-MSC", "UC-MSC, iv, 1x10^6 cells/kg, once a week, for 4 weeks."))
    assert fact.routes == ("INTRAVENOUS",)
    # not inside a word or a list of grades
    assert only(study("UC-MSC", "for grade iii-iv acute GvHD, 1x10^6 cells/kg")).routes == ()


def test_a_detailed_description_sentence_with_an_msc_abbreviation_is_read() -> None:
    record = study("Low dose UCMSCs", "a single injection: 0.5x10^6 cells/kg")
    record["protocolSection"]["descriptionModule"]["detailedDescription"] = (
        "Background. " * 300 + "At the end of the study we will know the safety of "
        "intravenous infusion of UCMSCs in the treatment of allergic rhinitis.")
    assert only(record).routes == ("INTRAVENOUS",)


def test_the_design_description_states_a_route() -> None:
    record = study("Dental pulp mesenchymal stem cells",
                   "the injection of dental mesenchymal stem cells was increased on day 1, 3 "
                   "and 7")
    record["protocolSection"]["designModule"]["designInfo"] = {
        "interventionModelDescription": "Dental pulp mesenchymal stem cells were injected "
                                        "intravenously"}
    assert only(record).routes == ("INTRAVENOUS",)


def test_the_only_product_is_the_product_or_treatment_of_the_description() -> None:
    record = study("Autologous mesenchymal stromal cells (MSCs)",
                   "Infusion of MSCs delivered to each patient will depend on their weight")
    record["protocolSection"]["descriptionModule"]["detailedDescription"] = (
        "This is a single group study of EPIC MSC2014-002. The product will be infused "
        "intravenously and will be administered at one of three dose levels.")
    assert only(record).routes == ("INTRAVENOUS",)
    # a second product: "the product" could be either
    record["protocolSection"]["armsInterventionsModule"]["interventions"].append(
        {"type": "BIOLOGICAL", "name": "NK cells", "armGroupLabels": ["A"],
         "description": "autologous NK cells"})
    assert all(fact.routes == () for fact in extract_products(record))


def test_injections_around_or_into_a_structure_are_local() -> None:
    for name, description in (
            ("hMSCs", "Peri-fistula injections"),
            ("UC-MSC", "injected by peribulbar"),
            ("ASC", "Injection of ASC(Autologous Adipose-derived Mesenchymal Stem Cells) to "
                    "Crohn's Fistula."),
            ("ASCs", "transconjunctival injection of ASCs into the lacrimal gland"),
            ("UCMSCs-HA", "Multipoint of Transdermal injection into the wrinkles.")):
        assert only(study(name, description)).routes == ("LOCAL_INJECTION",), description
    # "perianal" names the disease; an arteriovenous fistula is a vascular access
    assert only(study("ASC", "autologous adipose stem cells for perianal Crohn's disease"
                      )).routes == ()
    fact = only(study("AMSC", "A single topical application of mesenchymal stem cells to the "
                              "surface of the outflow vein (right next to the fistula)"))
    assert fact.routes == ("TOPICAL",)


def test_applying_to_a_wound_is_topical() -> None:
    for name, description in (
            ("Human placental mesenchymal stem cells gel",
             "paint the placental mesenchymal stem cells gel on the wound"),
            ("ALLO-ASC-DFU", "Application of ALLO-ASC-DFU sheet to diabetic foot ulcer"),
            ("ADSC", "ADSC suspended in the fibrin solution applied directly onto prepared "
                     "wound bed")):
        assert only(study(name, description)).routes == ("TOPICAL",), description
    # applied in surgery to a defect is an implantation
    fact = only(study("MSCs", "MSCs in fibrin gel applied onto the cartilage defect"))
    assert fact.routes == ("IMPLANTATION",)
