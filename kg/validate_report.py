"""A :class:`~kg.validate.ValidationReport` as text, JSON or JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from itertools import groupby

from kg.validate import SEVERITIES, ValidationReport, ValidationResult
from kg.vocab import iri_to_curie

SHARED_CASE = "shared nodes"  # the JUnit test case of organizations, countries, ...


def _short(term: str | None) -> str:
    if term is None:
        return "-"
    if term.startswith("<") and term.endswith(">"):
        term = term[1:-1]
    return iri_to_curie(term) if term.startswith("http") else term


def _shape_name(shape: str) -> str:
    return shape.rsplit("/", 1)[-1]


def format_text(report: ValidationReport, severity: str = "Violation",
                max_trials: int = 20) -> str:
    """A summary by shape and severity, then the first offending trials' results."""
    totals = report.totals_by_severity()
    lines = [
        f"Validated {len(report.trials)} trials with {report.engine} in "
        f"{report.seconds:.1f} s: " + ", ".join(f"{n} {s.lower()}(s)" for s, n in totals.items()),
    ]
    if report.results:
        lines.append("")
        lines.append("By shape:")
        for (shape, sev), count in report.totals_by_shape().items():
            lines.append(f"  {count:6d}  {sev:9s} {_shape_name(shape)}")
    shown = report.at_least(severity)
    if shown:
        lines.append("")
        lines.append(f"Results at or above {severity.lower()}, first {max_trials} trials:")
        key: Callable[[ValidationResult], str] = lambda r: r.nct_id or SHARED_CASE  # noqa: E731
        for n, (trial, group) in enumerate(groupby(shown, key=key)):
            if n >= max_trials:
                lines.append("  ...")
                break
            lines.append(f"  {trial}")
            for r in group:
                lines.append(f"    {r.severity:9s} {_short(r.focus_node)}  path {_short(r.path)}"
                             f"  value {_short(r.value)}")
                lines.append(f"              {r.message} [{_shape_name(r.source_shape)}]")
    lines.append("")
    lines.append("conforms" if not shown else
                 f"{len(shown)} result(s) at or above {severity.lower()}")
    return "\n".join(lines) + "\n"


def as_dict(report: ValidationReport) -> dict[str, object]:
    """Every result and the totals, as JSON-ready data."""
    return {
        "conforms": report.conforms,
        "engine": report.engine,
        "trials_checked": len(report.trials),
        "totals": report.totals_by_severity(),
        "totals_by_shape": [
            {"shape": shape, "severity": sev, "count": count}
            for (shape, sev), count in report.totals_by_shape().items()
        ],
        "results": [
            {"trial": r.nct_id, "focus_node": r.focus_node, "path": r.path, "value": r.value,
             "shape": r.source_shape, "severity": r.severity, "message": r.message,
             "component": r.component}
            for r in report.results
        ],
    }


def format_json(report: ValidationReport) -> str:
    """The report as JSON text."""
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"


def format_junit(report: ValidationReport, severity: str = "Violation") -> str:
    """JUnit XML: one test case per trial; results at or above ``severity`` are failures."""
    by_case: dict[str, list[ValidationResult]] = {
        r.nct_id or SHARED_CASE: [] for r in report.results}
    for r in report.results:
        by_case[r.nct_id or SHARED_CASE].append(r)
    cases = sorted(set(report.trials) | set(by_case))
    failing = [c for c in cases if any(r.at_least(severity) for r in by_case.get(c, []))]
    suite = ET.Element("testsuite", {
        "name": "kg validate", "tests": str(len(cases)), "failures": str(len(failing)),
        "errors": "0", "skipped": "0", "time": f"{report.seconds:.3f}"})
    for case in cases:
        element = ET.SubElement(suite, "testcase", {"classname": "shacl", "name": case})
        results = by_case.get(case, [])
        bad = [r for r in results if r.at_least(severity)]
        if bad:
            failure = ET.SubElement(element, "failure", {
                "message": f"{len(bad)} SHACL result(s) at or above {severity.lower()}",
                "type": bad[0].severity})
            failure.text = "\n".join(_junit_line(r) for r in bad)
        rest = [r for r in results if not r.at_least(severity)]
        if rest:
            ET.SubElement(element, "system-out").text = "\n".join(_junit_line(r) for r in rest)
    suites = ET.Element("testsuites", {"tests": str(len(cases)), "failures": str(len(failing))})
    suites.append(suite)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _junit_line(r: ValidationResult) -> str:
    return (f"{r.severity}: {r.message} focus={r.focus_node} path={r.path or '-'} "
            f"value={r.value or '-'} shape={_shape_name(r.source_shape)}")


FORMATS: dict[str, Callable[[ValidationReport, str], str]] = {
    "text": format_text,
    "json": lambda report, _severity: format_json(report),
    "junit": format_junit,
}


def severity_name(option: str) -> str:
    """``violation`` -> ``Violation`` (the CLI's lower-case spelling to the SHACL one)."""
    for name in SEVERITIES:
        if name.lower() == option.lower():
            return name
    raise ValueError(f"unknown severity {option!r}")
