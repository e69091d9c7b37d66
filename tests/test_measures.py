"""A patient's measurements against criteria thresholds: units, bounds, judgements."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.errors import UsageError
from kg.measures import Bound, Measurement, describe_bounds, judge
from kg.units import convert, unit_key


@pytest.mark.parametrize(("spelling", "key"), [
    # spellings of the corpus's criteria (`trials-with-threshold`, unit column)
    ("mg/dl", "mg/dl"), ("mg/dL", "mg/dl"), ("/mm3", "/mm3"), ("/mm^3", "/mm3"),
    ("cells/mm³", "/mm3"), ("/µL", "/ul"), ("/μl", "/ul"), ("10^9/L", "10^9/l"),
    ("x 10^9/L", "10^9/l"), ("109/L", "10^9/l"), ("10(9)/L", "10^9/l"), ("x10³/µL", "10^3/ul"),
    ("1000/mm3", "10^3/mm3"), ("mL/min/1.73 m2", "ml/min/1.73m2"),
    ("ml/min/1.73m²", "ml/min/1.73m2"), ("µmol/L", "umol/l"), ("points", ""), (None, ""),
    ("/microliter", "/ul"), ("/microlitre", "/ul"), ("cells/microL", "/ul"), ("/cumm", "/mm3"),
    # vital signs
    ("mm Hg", "mmhg"), ("bpm", "/min"), ("beats per minute", "/min"), ("beats/minute", "/min"),
    ("breaths per minute", "/min"), ("°C", "°c"), ("℃", "°c"), ("degree celsius", "°c"),
    ("degrees Fahrenheit", "°f"), ("°F", "°f"),
])
def test_unit_spellings(spelling: str | None, key: str) -> None:
    assert unit_key(spelling) == key


@pytest.mark.parametrize(("value", "source", "target", "expected"), [
    ("150", "10^9/L", "/mm3", "150000"),
    ("100000", "/µL", "x10^9/L", "100"),
    ("1.5", "10^9/L", "/mm3", "1500"),
    ("9", "g/dL", "g/L", "90"),
    ("2", "mg/dl", "mg/dL", "2"),
    ("40", "U/L", "IU/L", "40"),
    ("4", None, "points", "4"),
])
def test_conversions(value: str, source: str | None, target: str, expected: str) -> None:
    assert convert(Decimal(value), source, target) == Decimal(expected)


@pytest.mark.parametrize(("source", "target"), [
    ("mg/dL", "µmol/L"),  # needs the analyte's molar mass
    ("mL/min", "mL/min/1.73 m2"),  # creatinine clearance is not eGFR
    ("g/dL", "/mm3"),
    (None, "mg/dL"),  # a bare number is not in the trial's unit
    ("mmHg", "kg"),
])
def test_incomparable_units(source: str | None, target: str) -> None:
    assert convert(Decimal(1), source, target) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("EDSS=4", Measurement("EDSS", Decimal(4))),
    (" eGFR = 55 mL/min/1.73m2", Measurement("eGFR", Decimal(55), "mL/min/1.73m2")),
    ("platelets=150 10^9/L", Measurement("platelets", Decimal(150), "10^9/L")),
    ("creatinine clearance=62,5 mL/min",
     Measurement("creatinine clearance", Decimal("62.5"), "mL/min")),
    ("platelets=1.5e5 /mm3", Measurement("platelets", Decimal("1.5e5"), "/mm3")),
])
def test_measurement_parse(text: str, expected: Measurement) -> None:
    assert Measurement.parse(text) == expected


@pytest.mark.parametrize("text", ["EDSS", "EDSS=", "=4", "EDSS=four", "EDSS=4=5", ""])
def test_bad_measurements_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="NAME=VALUE"):
        Measurement.parse(text)


EDSS_4 = Measurement("EDSS", Decimal(4))


@pytest.mark.parametrize(("bound", "holds"), [
    (Bound("between", Decimal(2), Decimal("6.5")), True),
    (Bound("between", Decimal("4.5"), Decimal("6.5")), False),
    (Bound("between", Decimal(4), Decimal(7)), True),  # ranges include their ends
    (Bound("<", Decimal("6.5")), True),
    (Bound("<", Decimal(4)), False),
    (Bound("<=", Decimal(4)), True),
    (Bound(">", Decimal(4)), False),
    (Bound(">=", Decimal(4)), True),
    (Bound("=", Decimal(4)), True),
    (Bound("=", Decimal("3.5")), False),
    (Bound("<=", Decimal(6), unit="points"), True),  # a score's points are no unit
    (Bound("<=", Decimal("1.5"), multiple_of="ULN"), None),
    (Bound("<", Decimal(30), unit="mL/min"), None),
])
def test_bounds(bound: Bound, holds: bool | None) -> None:
    assert bound.holds(EDSS_4) is holds


def test_judgement_takes_any_alternative() -> None:
    # "EDSS <= 5.0 ... or EDSS >= 5.5": alternatives, as NCT01228266 writes them
    bounds = [Bound("<=", Decimal(5)), Bound(">=", Decimal("5.5"))]
    assert judge(EDSS_4, bounds, "EDSS ≤ 5.0 or ≥ 5.5").met is True
    assert judge(Measurement("EDSS", Decimal(6)), bounds, "EDSS ≤ 5.0 or ≥ 5.5").met is True
    low = judge(Measurement("EDSS", Decimal(1)), [Bound("between", Decimal(2), Decimal(6))],
                "EDSS 2-6")
    assert low.met is False and "EDSS 1" in low.why


def test_a_lower_and_an_upper_bound_enclosing_a_range_must_both_hold() -> None:
    # "EDSS ≥ 5.5 and ≤ 9" (NCT01056471): as alternatives every EDSS would meet it
    bounds = [Bound(">=", Decimal("5.5")), Bound("<=", Decimal(9))]
    text = "Secondary progressive MS patients with EDSS ≥ 5.5 and ≤ 9."
    assert judge(Measurement("EDSS", Decimal(7)), bounds, text).met is True
    high = judge(Measurement("EDSS", Decimal("9.5")), bounds, text)
    assert high.met is False and "not within" in high.why
    assert describe_bounds(bounds) == "≥ 5.5 and ≤ 9"
    assert describe_bounds([Bound("<=", Decimal(5)), Bound(">=", Decimal("5.5"))]) \
        == "≤ 5 or ≥ 5.5"
    assert judge(EDSS_4, bounds, text).met is False
    # one side in another unit: the other side alone cannot decide
    mixed = [Bound(">", Decimal(90), unit="mmHg"), Bound("<", Decimal(180), unit="kPa")]
    sbp = Measurement("systolic blood pressure", Decimal(150), "mmHg")
    assert judge(sbp, mixed, "systolic > 90 mmHg and < 180 kPa").met is None


def test_a_vital_sign_without_its_unit_is_in_the_one_unit_in_use() -> None:
    # NCT01686139: "a systolic blood pressure ≤180 and/or a diastolic ... ≤110 mmHg"
    sbp = Measurement("systolic blood pressure", Decimal(190), "mmHg")
    assert judge(sbp, [Bound("<=", Decimal(180))], "systolic blood pressure ≤180").met is False
    bare = Measurement("Systolic blood pressure", Decimal(150))
    assert judge(bare, [Bound(">", Decimal(160), unit="mm Hg")], "SBP >160 mmHg").met is False
    pulse = Measurement("heart rate", Decimal(110), "bpm")
    assert judge(pulse, [Bound(">=", Decimal(100))], "heart rate ≥ 100").met is True
    # a bare temperature may be °C or °F: never assumed
    fever = Measurement("temperature", Decimal("38.5"), "°C")
    assert judge(fever, [Bound(">", Decimal("100.4"))], "temperature > 100.4").met is None
    # and a lab keeps needing its unit
    platelets = Measurement("platelets", Decimal(150))
    assert judge(platelets, [Bound("<", Decimal(100), unit="10^9/L")], "").met is None


def test_bounds_that_leave_no_range_between_them_are_alternatives() -> None:
    # "Pulse <60 or >105 bpm" (NCT05130983), an exclusion: either one excludes
    bounds = [Bound("<", Decimal(60), unit="bpm"), Bound(">", Decimal(105), unit="bpm")]
    for rate, met in (("50", True), ("110", True), ("80", False)):
        pulse = Measurement("heart rate", Decimal(rate), "beats per minute")
        assert judge(pulse, bounds, "Pulse <60 or >105 bpm").met is met


@pytest.mark.parametrize("text", [
    "Increase of >= 1 EDSS point (if baseline EDSS <= 5.0) or 0.5 EDSS points (if baseline "
    "EDSS >= 5.5)",
    "History of 2 or more relapses within last 2 years with increase in EDSS scale of > 0.5",
    "clinical progression as evidenced by an increase of 1 EDSS point (or 0,5 p if EDSS ≥ 5)",
])
def test_a_condition_or_a_change_is_undecided(text: str) -> None:
    judgement = judge(EDSS_4, [Bound(">=", Decimal(5))], text)
    assert judgement.met is None and "condition or a change" in judgement.why


def test_undecided_says_why() -> None:
    eGFR = Measurement("eGFR", Decimal(20), "mL/min/1.73m2")
    why = judge(eGFR, [Bound("<", Decimal(30), unit="mL/min")], "eGFR < 30 mL/min").why
    assert "mL/min" in why and "does not convert" in why
    ast = Measurement("AST", Decimal(80), "U/L")
    why = judge(ast, [Bound(">", Decimal(5), multiple_of="ULN")], "AST > 5X ULN").why
    assert "normal limit" in why
