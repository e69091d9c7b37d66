"""The query catalogue: headers, binding, every query's exact answer on the examples."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import click
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT

from kg.build import build
from kg.cli import KGGroup
from kg.cli import query as query_cli
from kg.errors import UsageError
from kg.queries import (
    PARAM_TYPES,
    Param,
    bind_params,
    execute,
    get_query,
    list_queries,
    parse_param_options,
    parse_query_text,
    parse_value,
    run_query,
)
from kg.remote import with_values
from kg.results import plain
from kg.store import EmbeddedStore, SelectResult

QUERIES = list_queries()
NAMES = [q.name for q in QUERIES]
#: Free-text columns left out of the exact answers (they are checked through the ids).
TEXT_COLUMNS = {"text", "title", "name", "firstName", "secondName", "label", "criterion_text"}
#: GROUP_CONCAT columns, whose order SPARQL leaves open: compared as sorted tokens.
CONCAT_COLUMNS = {"trials", "phases"}


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    path = tmp_path_factory.mktemp("examples") / "store"
    report = build([EXAMPLES], path)
    assert report.committed and not report.skipped, report.skipped
    store = EmbeddedStore.open(path)
    yield store
    del store


def cell(column: str, term: object) -> str:
    text = plain(term, shorten=True)  # type: ignore[arg-type]
    return " ".join(sorted(text.split(" "))) if column in CONCAT_COLUMNS else text


def answer(result: SelectResult) -> tuple[list[str], list[tuple[str, ...]]]:
    columns = [v for v in result.variables if v not in TEXT_COLUMNS]
    rows = [tuple(cell(c, row[c]) for c in columns) for row in result.dicts()]
    return columns, rows


# --- the catalogue itself ------------------------------------------------------------------


def test_catalogue_has_the_required_questions() -> None:
    assert len(QUERIES) >= 15
    for name in ("cell-products", "trials-by-condition", "msc-trials-excluding-prior-malignancy",
                 "trials-excluding", "trials-requiring", "trials-by-condition-cell-tissue",
                 "dose-ranges", "trials-by-route", "trials-by-donor",
                 "recruiting-trials-by-country", "trials-by-start-year-and-product-kind",
                 "trials-by-phase-and-status", "trials-by-tissue-source", "sponsors",
                 "sponsor-collaborations", "trials-with-threshold", "trials-for-age",
                 "match-candidate-trials", "match-criteria", "trial-criteria",
                 "trial-thresholds"):
        assert name in NAMES, f"queries/{name}.rq is missing"


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_header_is_complete(query: object) -> None:
    from kg.queries import Query

    assert isinstance(query, Query)
    assert query.title and query.description, f"{query.path}: title and description"
    assert query.example.startswith(f"kg query run {query.name}"), query.example
    for param in query.params:
        assert param.type in PARAM_TYPES
        assert param.default is not None, f"{query.name}: {param.name} needs a default"
        assert param.doc
        parse_value(param, param.default)  # every default is a valid value


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_no_values_clause_binds_a_parameter(query: object) -> None:
    """A VALUES clause on a parameter would silently override the bound value."""
    import re

    from kg.queries import Query

    assert isinstance(query, Query)
    body = "\n".join(x for x in query.text.splitlines() if not x.lstrip().startswith("#"))
    for param in query.params:
        assert not re.search(rf"VALUES\s*\(?[^{{]*\?{param.name}\b", body), param.name


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_every_query_runs_with_its_defaults(query: object, examples_store: EmbeddedStore) -> None:
    from kg.queries import Query

    assert isinstance(query, Query)
    result = execute(query, None, examples_store)
    for param in query.params:  # bound values are projected (pyoxigraph substitution rule)
        assert param.name in result.variables
        for row in result.dicts():
            assert row[param.name] == bind_params(query)[param.name]


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_values_rewrite_gives_the_same_answer(query: object,
                                              examples_store: EmbeddedStore) -> None:
    """The remote binding (a VALUES block) means the same as pyoxigraph's substitution."""
    from kg.queries import Query

    assert isinstance(query, Query)
    bound = bind_params(query)
    substituted = examples_store.query(query.text, bound)
    rewritten = examples_store.query(with_values(query.text, bound))
    assert isinstance(substituted, SelectResult) and isinstance(rewritten, SelectResult)
    assert sorted(answer(substituted)[1]) == sorted(answer(rewritten)[1])


# --- exact answers on the example records ----------------------------------------------------

ANSWERS: dict[str, tuple[dict[str, str], list[str], list[tuple[str, ...]]]] = {
    "trials-by-phase-and-status": ({}, ["phase", "status", "trials"], [
        ("ctkg:EarlyPhase1", "ctkg:StatusRecruiting", "1"),
        ("ctkg:Phase1", "ctkg:StatusNotYetRecruiting", "1"),
        ("ctkg:Phase1", "ctkg:StatusRecruiting", "2"),
        ("ctkg:Phase2", "ctkg:StatusCompleted", "1"),
        ("ctkg:Phase2", "ctkg:StatusRecruiting", "2"),
        ("ctkg:Phase3", "ctkg:StatusRecruiting", "1"),
    ]),
    "sponsors": ({}, ["sponsor", "trialCount", "leads", "collaborations", "trials"], [
        ("ctkg:organization/example-university-hospital", "3", "1", "2",
         "NCT99000001 NCT99000002 NCT99000004"),
        ("ctkg:organization/example-cell-therapeutics-inc", "2", "1", "1",
         "NCT99000001 NCT99000004"),
        ("ctkg:organization/army-medical-university-of-people-s-liberation-army", "1", "1", "0",
         "NCT06882811"),
        ("ctkg:organization/ever-supreme-bio-technology-co-ltd", "1", "1", "0", "NCT05532943"),
        ("ctkg:organization/example-regenerative-medicine-co-ltd", "1", "1", "0",
         "NCT99000002"),
        ("ctkg:organization/example-vesicle-biotech", "1", "1", "0", "NCT99000003"),
    ]),
    "sponsor-collaborations": ({}, ["min_shared", "first", "second", "sharedTrials", "trials"], [
        ("1", "ctkg:organization/example-cell-therapeutics-inc",
         "ctkg:organization/example-university-hospital", "2", "NCT99000001 NCT99000004"),
        ("1", "ctkg:organization/example-regenerative-medicine-co-ltd",
         "ctkg:organization/example-university-hospital", "1", "NCT99000002"),
    ]),
    "recruiting-trials-by-country": (
        {}, ["country", "status", "id", "facility", "city", "siteStatus"], [
            ("Taiwan", "ctkg:StatusRecruiting", "NCT05532943", "China Medical University Hospital",
             "Taichung", "ctkg:StatusRecruiting"),
            ("Taiwan", "ctkg:StatusRecruiting", "NCT99000004", "Example Taipei Medical Center",
             "Taipei", "ctkg:StatusRecruiting"),
        ]),
    "trials-for-age": ({}, ["age", "id", "minimumAge", "maximumAge"], [
        ("40", "NCT05532943", "20", "65"),
        ("40", "NCT06882811", "", "65"),
        ("40", "NCT99000002", "40", "75"),
        ("40", "NCT99000003", "18", "70"),
        ("40", "NCT99000004", "12", ""),
    ]),
    "trial-overview": ({}, ["nct", "trial", "status", "phases", "studyType", "enrollment",
                            "startDate", "sponsorName"], [
        ("NCT05532943", "ctkg:trial/NCT05532943", "ctkg:StatusRecruiting",
         "https://w3id.org/cell-trials-kg/Phase1 https://w3id.org/cell-trials-kg/Phase2",
         "ctkg:StudyTypeInterventional", "41", "2022-12-31",
         "Ever Supreme Bio Technology Co., Ltd."),
    ]),
    "concept-ancestors": ({"concept": "MONDO:0005301"}, ["concept", "ancestor"], [
        ("MONDO:0005301", a) for a in (
            "MONDO:0000001", "MONDO:0000568", "MONDO:0002562", "MONDO:0002602",
            "MONDO:0002977", "MONDO:0005046", "MONDO:0005071", "MONDO:0005301",
            "MONDO:0005559", "MONDO:0005560", "MONDO:0006704", "MONDO:0007179",
            "MONDO:0020800", "MONDO:0021147", "MONDO:0700096", "MONDO:7770006",
            "MONDO:7770007")
    ]),
    "match-candidate-trials": ({}, ["condition", "trial", "id", "status", "trialCondition",
                                    "minimumAge", "maximumAge", "sex"], [
        ("MONDO:0005314", "ctkg:trial/NCT05532943", "NCT05532943", "ctkg:StatusRecruiting",
         "MONDO:0005301", "20", "65", "ctkg:SexAll"),
    ]),
    "trials-requiring": ({}, ["concept", "id", "position", "required"], [
        ("MONDO:0005301", "NCT05532943", "3", "MONDO:0000450"),
        ("MONDO:0005301", "NCT05532943", "3", "MONDO:0005301"),
        ("MONDO:0005301", "NCT05532943", "3", "MONDO:0005314"),
        ("MONDO:0005301", "NCT05532943", "4", "MONDO:0005301"),
        ("MONDO:0005301", "NCT05532943", "6", "MONDO:0005301"),
    ]),
    "trials-with-threshold": ({}, ["measured", "id", "kind", "position", "comparator", "value",
                                   "upperValue", "unit"], [
        ("EDSS", "NCT05532943", "inclusion", "3", "ctkg:LessOrEqual", "5", "", ""),
        ("EDSS", "NCT05532943", "inclusion", "3", "ctkg:GreaterOrEqual", "5.5", "", ""),
        ("EDSS", "NCT05532943", "inclusion", "4", "ctkg:Between", "2", "6.5", ""),
    ]),
    "trials-excluding": ({}, ["concept", "nct_id", "kind", "position", "excluded"], [
        ("MONDO:0004992", "NCT05532943", "exclusion", "5", "MONDO:0004992"),
        ("MONDO:0004992", "NCT06882811", "exclusion", "5", "MONDO:0004992"),
        # "Active central nervous system leukemia": leukemia is curated as a cancer.
        ("MONDO:0004992", "NCT99000001", "exclusion", "4", "MONDO:0005059"),
        ("MONDO:0004992", "NCT99000002", "exclusion", "1", "MONDO:0004992"),
        ("MONDO:0004992", "NCT99000003", "exclusion", "1", "MONDO:0004992"),
        ("MONDO:0004992", "NCT99000004", "exclusion", "2", "MONDO:0004992"),
    ]),
    # Only real concepts: "condition" and "disease" are too general to be mentions.
    "match-criteria": ({}, ["concept", "trial", "id", "criterion", "kind", "position",
                            "relation", "target"], [
        ("MONDO:0004992", "ctkg:trial/NCT05532943", "NCT05532943",
         "ctkg:trial/NCT05532943/criterion/exclusion/5", "exclusion", "5", "excludes",
         "MONDO:0004992"),
        ("MONDO:0004992", "ctkg:trial/NCT06882811", "NCT06882811",
         "ctkg:trial/NCT06882811/criterion/exclusion/5", "exclusion", "5", "excludes",
         "MONDO:0004992"),
        ("MONDO:0004992", "ctkg:trial/NCT99000002", "NCT99000002",
         "ctkg:trial/NCT99000002/criterion/exclusion/1", "exclusion", "1", "excludes",
         "MONDO:0004992"),
        ("MONDO:0004992", "ctkg:trial/NCT99000003", "NCT99000003",
         "ctkg:trial/NCT99000003/criterion/exclusion/1", "exclusion", "1", "excludes",
         "MONDO:0004992"),
        ("MONDO:0004992", "ctkg:trial/NCT99000004", "NCT99000004",
         "ctkg:trial/NCT99000004/criterion/exclusion/2", "exclusion", "2", "excludes",
         "MONDO:0004992"),
    ]),
}


def _crit(kind: str, n: int, relation: str = "", target: str = "") -> tuple[str, ...]:
    return ("NCT06882811", f"ctkg:trial/NCT06882811/criterion/{kind}/{n}", kind, str(n),
            relation, target)


ANSWERS["trial-criteria"] = ({"nct": "NCT99000003"}, [
    "nct", "criterion", "kind", "position", "relation", "target"], [
    ("NCT99000003", "ctkg:trial/NCT99000003/criterion/exclusion/1", "exclusion", "1",
     "excludes", "MONDO:0004992"),
    ("NCT99000003", "ctkg:trial/NCT99000003/criterion/exclusion/2", "exclusion", "2",
     "excludes", "EFO:0006834"),
    ("NCT99000003", "ctkg:trial/NCT99000003/criterion/exclusion/3", "exclusion", "3",
     "excludes", "EFO:0002950"),
    ("NCT99000003", "ctkg:trial/NCT99000003/criterion/inclusion/1", "inclusion", "1", "", ""),
    ("NCT99000003", "ctkg:trial/NCT99000003/criterion/inclusion/2", "inclusion", "2",
     "requires", "MONDO:0006502"),
])


def _threshold_row(kind: str, n: int, k: int, measured: str, comparator: str, value: str,
                   upper: str = "", unit: str = "", multiple_of: str = "") -> tuple[str, ...]:
    criterion = f"ctkg:trial/NCT05532943/criterion/{kind}/{n}"
    return ("NCT05532943", criterion, kind, str(n), f"{criterion}/threshold/{k}", measured,
            f"ctkg:{comparator}", value, upper, unit, multiple_of)


# The seed MS trial's criteria, read by hand: glucose > 250 mg/dL; AST and ALT > 5X ULN,
# eGFR < 30 mL/min; age 20-65; "EDSS increase ≥1.0 point (baseline EDSS ≤ 5.0) or ≥ 0.5
# point (baseline EDSS ≥5.5)"; EDSS 2.0-6.5; PT, APTT ≤ 1.5X ULN. ("Within 1 month" of
# exclusion 8 is a time window, no threshold.)
ANSWERS["trial-thresholds"] = ({"nct": "NCT05532943"}, [
    "nct", "criterion", "kind", "position", "threshold", "measured", "comparator", "value",
    "upperValue", "unit", "multipleOf"], [
    _threshold_row("exclusion", 2, 1, "glucose", "GreaterThan", "250", unit="mg/dL"),
    _threshold_row("exclusion", 3, 1, "AST", "GreaterThan", "5", multiple_of="ctkg:ULN"),
    _threshold_row("exclusion", 3, 2, "ALT", "GreaterThan", "5", multiple_of="ctkg:ULN"),
    _threshold_row("exclusion", 3, 3, "eGFR", "LessThan", "30", unit="mL/min"),
    _threshold_row("inclusion", 2, 1, "age", "Between", "20", "65", unit="years"),
    _threshold_row("inclusion", 3, 1, "EDSS increase", "GreaterOrEqual", "1", unit="point"),
    _threshold_row("inclusion", 3, 2, "EDSS", "LessOrEqual", "5"),
    _threshold_row("inclusion", 3, 3, "EDSS", "GreaterOrEqual", "5.5"),
    _threshold_row("inclusion", 4, 1, "EDSS", "Between", "2", "6.5"),
    _threshold_row("inclusion", 5, 1, "PT", "LessOrEqual", "1.5", multiple_of="ctkg:ULN"),
    _threshold_row("inclusion", 5, 2, "APTT", "LessOrEqual", "1.5", multiple_of="ctkg:ULN"),
])


def test_every_query_has_an_exact_answer() -> None:
    missing = sorted(set(NAMES) - set(ANSWERS) - set(PRODUCT_ANSWERS))
    assert not missing, f"add the exact answer of {missing} to tests/test_queries.py"


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_exact_answer(name: str, examples_store: EmbeddedStore) -> None:
    params, columns, rows = ANSWERS[name]
    got_columns, got_rows = answer(execute(get_query(name), params, examples_store))
    assert got_columns == columns
    assert got_rows == rows


# Product questions (kg/mapping/products.py): answers follow the example records' texts.
PRODUCT_ANSWERS: dict[str, tuple[dict[str, str], list[tuple[str, ...]]]] = {
    "cell-products": ({}, [
        ("ctkg:Intervention", "NCT05532943", "ctkg:trial/NCT05532943/intervention/1",
         "Allogeneic umbilical cord mesenchymal stem cells", "ctkg:MSCProduct", "CL:0002569",
         "mesenchymal stem cell of umbilical cord", "UBERON:0002331", "umbilical cord",
         "allogeneic", "intrathecal|intravenous", ""),
        ("ctkg:Intervention", "NCT06882811", "ctkg:trial/NCT06882811/intervention/1",
         "regulatory MSC", "ctkg:MSCProduct", "CL:0002569",
         "mesenchymal stem cell of umbilical cord", "UBERON:0002331", "umbilical cord",
         "allogeneic", "intravenous", "100000000 cells"),
        ("ctkg:Intervention", "NCT06882811", "ctkg:trial/NCT06882811/intervention/2",
         "CD83-positive MSC", "ctkg:MSCProduct", "CL:0002569",
         "mesenchymal stem cell of umbilical cord", "UBERON:0002331", "umbilical cord",
         "allogeneic", "intravenous", "100000000 cells"),
        ("ctkg:Intervention", "NCT99000001", "ctkg:trial/NCT99000001/intervention/1",
         "Autologous anti-CD19 CAR-T cells", "ctkg:CARTProduct", "CL:0000084", "T cell", "",
         "", "autologous", "intravenous", "1000000 cells/kg"),
        ("ctkg:Intervention", "NCT99000002", "ctkg:trial/NCT99000002/intervention/1",
         "Autologous adipose-derived mesenchymal stem cells", "ctkg:MSCProduct", "CL:0002570",
         "mesenchymal stem cell of adipose tissue", "UBERON:0001013", "adipose tissue",
         "autologous", "intra-articular", "50000000 cells"),
        ("ctkg:Intervention", "NCT99000003", "ctkg:trial/NCT99000003/intervention/1",
         "UC-MSC-derived extracellular vesicles", "ctkg:ExtracellularVesicleProduct",
         "CL:0002569", "mesenchymal stem cell of umbilical cord", "UBERON:0002331",
         "umbilical cord", "allogeneic", "inhalation", ""),
        ("ctkg:Intervention", "NCT99000004", "ctkg:trial/NCT99000004/intervention/1",
         "Allogeneic bone marrow mesenchymal stem cells", "ctkg:MSCProduct", "CL:0002540",
         "mesenchymal stem cell of the bone marrow", "UBERON:0002371", "bone marrow",
         "allogeneic", "intravenous", "2000000 cells/kg"),
    ]),
    "trials-by-condition": ({}, [
        ("MONDO:0007179", "NCT05532943", "Multiple Sclerosis", "MONDO:0005301",
         "multiple sclerosis"),
    ]),
    "dose-ranges": ({}, [
        ("ctkg:MSCProduct", "ctkg:RouteIntravenous", "cells", "2", "100000000", "100000000",
         "NCT06882811"),
        ("ctkg:MSCProduct", "ctkg:RouteIntravenous", "cells/kg", "1", "2000000", "2000000",
         "NCT99000004"),
    ]),
    # NCT99000003 gives MSC-derived vesicles, not cells: not an MSC trial.
    "msc-trials-excluding-prior-malignancy": ({}, [
        ("CL:0000134", "MONDO:0004992", "NCT05532943", "exclusion", "5", "MONDO:0004992",
         "CL:0002569"),
        ("CL:0000134", "MONDO:0004992", "NCT06882811", "exclusion", "5", "MONDO:0004992",
         "CL:0002569"),
        ("CL:0000134", "MONDO:0004992", "NCT99000002", "exclusion", "1", "MONDO:0004992",
         "CL:0002570"),
        ("CL:0000134", "MONDO:0004992", "NCT99000004", "exclusion", "2", "MONDO:0004992",
         "CL:0002540"),
    ]),
    "trials-by-condition-cell-tissue": ({}, [
        ("MONDO:0007179", "CL:0000134", "UBERON:0002331", "ctkg:RecruitmentStatus",
         "NCT05532943", "MONDO:0005301", "CL:0002569", "UBERON:0002331",
         "ctkg:StatusRecruiting", "intrathecal|intravenous", ""),
    ]),
    # NCT06882811 (sepsis, an HP class) is no autoimmune trial; its two products make one row
    "trials-by-condition-cell-tissue:sepsis": ({"condition": "HP:0100806",
                                                "status": "ctkg:StatusRecruiting"}, [
        ("HP:0100806", "CL:0000134", "UBERON:0002331", "ctkg:StatusRecruiting",
         "NCT06882811", "HP:0100806", "CL:0002569", "UBERON:0002331",
         "ctkg:StatusRecruiting", "intravenous", "100000000 cells"),
    ]),
    "trials-by-condition-cell-tissue:completed": ({"status": "ctkg:StatusCompleted"}, []),
    "trials-by-donor": ({}, [
        ("ctkg:Allogeneic", "ctkg:MSCProduct", "NCT05532943",
         "ctkg:trial/NCT05532943/intervention/1", "CL:0002569", "UBERON:0002331"),
        ("ctkg:Allogeneic", "ctkg:MSCProduct", "NCT06882811",
         "ctkg:trial/NCT06882811/intervention/1", "CL:0002569", "UBERON:0002331"),
        ("ctkg:Allogeneic", "ctkg:MSCProduct", "NCT06882811",
         "ctkg:trial/NCT06882811/intervention/2", "CL:0002569", "UBERON:0002331"),
        ("ctkg:Allogeneic", "ctkg:MSCProduct", "NCT99000004",
         "ctkg:trial/NCT99000004/intervention/1", "CL:0002540", "UBERON:0002371"),
    ]),
    "trials-by-route": ({}, [
        ("ctkg:RouteIntrathecal", "NCT05532943", "ctkg:trial/NCT05532943/intervention/1",
         "ctkg:MSCProduct", "ctkg:Allogeneic"),
    ]),
    "trials-by-start-year-and-product-kind": ({}, [
        ("2019", "ctkg:MSCProduct", "1"),
        ("2021", "ctkg:MSCProduct", "1"),
        ("2022", "ctkg:MSCProduct", "1"),
        ("2023", "ctkg:CARTProduct", "1"),
        ("2026", "ctkg:ExtracellularVesicleProduct", "1"),
    ]),
    "trials-by-tissue-source": ({}, [
        ("UBERON:0002331", "3", "4"),
        ("UBERON:0001013", "1", "1"),
        ("UBERON:0002371", "1", "1"),
    ]),
    # Other values of the product parameters.
    "trials-by-route:intra-articular": ({"route": "ctkg:RouteIntraArticular"}, [
        ("ctkg:RouteIntraArticular", "NCT99000002", "ctkg:trial/NCT99000002/intervention/1",
         "ctkg:MSCProduct", "ctkg:Autologous"),
    ]),
    "trials-by-donor:autologous-car-t": (
        {"donor": "ctkg:Autologous", "product_kind": "ctkg:CARTProduct"}, [
            ("ctkg:Autologous", "ctkg:CARTProduct", "NCT99000001",
             "ctkg:trial/NCT99000001/intervention/1", "CL:0000084", ""),
        ]),
    "dose-ranges:car-t": ({"product_kind": "ctkg:CARTProduct"}, [
        ("ctkg:CARTProduct", "ctkg:RouteIntravenous", "cells/kg", "1", "1000000", "1000000",
         "NCT99000001"),
    ]),
    "dose-ranges:intra-articular": ({"route": "ctkg:RouteIntraArticular"}, [
        ("ctkg:MSCProduct", "ctkg:RouteIntraArticular", "cells", "1", "50000000", "50000000",
         "NCT99000002"),
    ]),
}


@pytest.mark.parametrize("name", sorted(PRODUCT_ANSWERS))
def test_exact_product_answer(name: str, examples_store: EmbeddedStore) -> None:
    params, rows = PRODUCT_ANSWERS[name]
    query = get_query(name.split(":")[0])
    assert answer(execute(query, params, examples_store))[1] == rows


def test_parameters_change_the_answer(examples_store: EmbeddedStore) -> None:
    rows = run_query("trials-for-age", {"age": "70"}, examples_store)
    assert [r["id"] for r in rows] == ["NCT99000002", "NCT99000003", "NCT99000004"]
    assert rows[0]["age"] == Decimal("70") and rows[0]["maximumAge"] == Decimal("75")
    rows = run_query("recruiting-trials-by-country", {"country": "united states"},
                     examples_store)
    assert sorted({r["id"] for r in rows}) == ["NCT99000001", "NCT99000004"]
    rows = run_query("recruiting-trials-by-country",
                     {"country": "China", "status": "ctkg:StatusNotYetRecruiting"},
                     examples_store)
    assert [r["id"] for r in rows] == ["NCT99000003"]
    rows = run_query("sponsor-collaborations", {"min_shared": "2"}, examples_store)
    assert [(r["firstName"], r["secondName"], r["sharedTrials"]) for r in rows] == [
        ("Example Cell Therapeutics Inc.", "Example University Hospital", 2)]
    assert run_query("sponsor-collaborations", {"min_shared": "3"}, examples_store) == []


def test_run_query_returns_plain_values(examples_store: EmbeddedStore) -> None:
    rows = run_query("trials-by-phase-and-status", store=examples_store)
    assert rows[0] == {"phase": "https://w3id.org/cell-trials-kg/EarlyPhase1",
                       "status": "https://w3id.org/cell-trials-kg/StatusRecruiting",
                       "trials": 1}


# --- headers, files and parameters ----------------------------------------------------------


def test_a_user_query_file_works_by_path(tmp_path: Path, examples_store: EmbeddedStore) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(
        "# title: Trials with at least N participants\n"
        "# description: Enrolment at least the given number.\n"
        "#   Continued description.\n"
        "# param: n integer 100 — minimum enrolment\n"
        "# example: kg query run mine.rq --param n=50\n"
        "SELECT ?n ?id WHERE { ?t dcterms:identifier ?id ; ctkg:enrollment ?e "
        "FILTER(?e >= ?n) } ORDER BY ?id\n", encoding="utf-8")
    query = get_query(str(path))
    assert query.name == "mine" and query.description.endswith("Continued description.")
    assert query.params == (Param("n", "integer", "100", "minimum enrolment"),)
    assert [r["id"] for r in run_query(path, {"n": "100"}, examples_store)] == [
        "NCT06882811", "NCT99000004"]


@pytest.mark.parametrize("header, message", [
    ("# description: no title\nSELECT * WHERE {}", "no '# title:'"),
    ("# title: t\n# param: x float 1 — a float\nSELECT ?x WHERE {}", "unknown parameter type"),
    ("# title: t\n# param: x iri\nSELECT ?x WHERE {}", "param line"),
    ("# title: t\n# param: y string a — unused\nSELECT ?x WHERE {}", r"never uses \?y"),
])
def test_malformed_headers_are_usage_errors(header: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_query_text(header, Path("bad.rq"))


def test_unknown_query_and_parameter() -> None:
    with pytest.raises(UsageError, match="unknown query 'nope'"):
        get_query("nope")
    with pytest.raises(UsageError, match="not a query name"):
        get_query("../etc/passwd")
    with pytest.raises(UsageError, match="no parameter 'colour'"):
        bind_params(get_query("trials-for-age"), {"colour": "red"})
    with pytest.raises(UsageError, match="given twice"):
        parse_param_options(["a=1", "a=2"])
    with pytest.raises(UsageError, match="NAME=VALUE"):
        parse_param_options(["novalue"])


@pytest.mark.parametrize("kind, raw, term", [
    ("iri", "MONDO:0004992", ox.NamedNode("http://purl.obolibrary.org/obo/MONDO_0004992")),
    ("iri", "mondo:0004992", ox.NamedNode("http://purl.obolibrary.org/obo/MONDO_0004992")),
    ("iri", "EFO:0004905", ox.NamedNode("http://www.ebi.ac.uk/efo/EFO_0004905")),
    ("iri", "ctkg:RouteIntrathecal",
     ox.NamedNode("https://w3id.org/cell-trials-kg/RouteIntrathecal")),
    ("iri", "https://example.org/x", ox.NamedNode("https://example.org/x")),
    ("string", "Taiwan", ox.Literal("Taiwan")),
    ("integer", "+42", ox.Literal("42", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))),
    ("decimal", "6.5", ox.Literal("6.5", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#decimal"))),
    ("decimal", "40.0", ox.Literal("40", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#decimal"))),
    ("date", "2024-02-29", ox.Literal("2024-02-29", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#date"))),
])
def test_values_are_typed_terms(kind: str, raw: str, term: object) -> None:
    assert parse_value(Param("p", kind, None, "doc"), raw) == term


@pytest.mark.parametrize("kind, raw", [
    ("iri", "FOO:123"), ("iri", "0004992"), ("iri", "ftp://example.org/x"),
    ("iri", "http://exa mple.org"), ("iri", "<http://example.org/x>"), ("iri", "http://"),
    ("integer", "4.5"), ("integer", "1e3"), ("integer", "9" * 40), ("decimal", "NaN"),
    ("decimal", "1e5"), ("decimal", "Infinity"), ("date", "2024-02-30"), ("date", "2024/01/01"),
    ("date", "20240101"), ("string", "x" * 1001),
])
def test_bad_values_are_usage_errors(kind: str, raw: str) -> None:
    with pytest.raises(UsageError):
        parse_value(Param("p", kind, None, "doc"), raw)


# --- command line ---------------------------------------------------------------------------


@pytest.fixture()
def kg_cli() -> click.Group:
    @click.group(cls=KGGroup)
    def root() -> None:
        """Test root."""

    query_cli.register(root)
    return root


def test_cli_list_show_run(kg_cli: click.Group, examples_store: EmbeddedStore) -> None:
    runner = CliRunner()
    listed = runner.invoke(kg_cli, ["query", "list"])
    assert listed.exit_code == 0
    assert {line.split()[0] for line in listed.output.splitlines()} == set(NAMES)
    shown = runner.invoke(kg_cli, ["query", "show", "trials-for-age"])
    assert shown.exit_code == 0 and "# param: age decimal 40" in shown.output
    store = str(examples_store.path)
    ran = runner.invoke(kg_cli, ["query", "run", "trials-for-age", "--param", "age=70",
                                 "--store", store, "--format", "csv"])
    assert ran.exit_code == 0, ran.output
    assert ran.output.splitlines()[1:] == [
        "70,NCT99000002,40,75,Intra-articular Autologous Adipose-derived Mesenchymal Stem "
        "Cells for Knee Osteoarthritis",
        "70,NCT99000003,18,70,Inhaled Mesenchymal Stem Cell-derived Extracellular Vesicles "
        "for Acute Respiratory Distress Syndrome",
        "70,NCT99000004,12,,Bone Marrow Mesenchymal Stem Cells for Steroid-refractory "
        "Acute Graft-versus-host Disease"]


@pytest.mark.parametrize("args, message", [
    (["query", "run", "trials-for-age", "--param", "age=old"], "not a decimal"),
    (["query", "run", "trials-for-age", "--param", "colour=red"], "no parameter 'colour'"),
    (["query", "run", "no-such-query"], "unknown query"),
])
def test_cli_usage_errors_exit_2(kg_cli: click.Group, examples_store: EmbeddedStore,
                                 args: list[str], message: str) -> None:
    result = CliRunner().invoke(kg_cli, [*args, "--store", str(examples_store.path)])
    assert result.exit_code == 2
    assert message in result.output


# --- documentation --------------------------------------------------------------------------


def test_docs_list_every_query() -> None:
    docs = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for query in QUERIES:
        assert f"`{query.name}`" in docs, f"docs/queries.md lacks {query.name}: run " \
            "`python benchmarks/queries.py --docs-only`"
        assert query.example in docs, f"docs/queries.md has an old example for {query.name}"
