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
