"""Patient matching: which trials' structured criteria do not exclude a patient, and why.

Four catalogue queries (and ``concept-ancestors``) do the graph work, and Python
combines and ranks:

1. ``match-candidate-trials`` (per patient condition): trials studying the condition or a
   broader class, with their structured age range and sex;
2. ``match-criteria`` (per patient concept): criteria of any trial that exclude or require
   the concept or a broader class (``rdfs:subClassOf*``);
3. ``trial-criteria`` (per candidate trial): all its criteria with concepts, to report the
   requirements the profile cannot decide;
4. ``trial-thresholds`` (per candidate trial): the numeric thresholds of its criteria, which
   the profile's measurements (EDSS 4, eGFR 55 mL/min/1.73m2) meet or not (:mod:`kg.measures`).

A candidate is excluded by its structured age or sex, by an exclusion criterion whose
concept subsumes something the patient has, by an inclusion threshold the patient's value
does not meet, or by an exclusion threshold it meets. A patient condition the trial itself
studies never excludes (an MS trial "excluding autoimmune conditions other than MS" does not
exclude the MS patient it recruits). Eligible trials rank by requirements met, then by
fewest undecided requirements, then by NCT id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from kg.errors import UsageError
from kg.measures import (
    COMPARATOR_OF_IRI,
    REFERENCE_OF_IRI,
    Bound,
    Measurement,
    describe_bounds,
    judge,
)
from kg.queries import execute, get_query, parse_iri
from kg.store import EmbeddedStore, Store, Term
from kg.vocab import CTKG, OBO, SEX, iri_to_curie

CANDIDATES = "match-candidate-trials"
CRITERIA_FOR_CONCEPT = "match-criteria"
TRIAL_CRITERIA = "trial-criteria"
ANCESTORS = "concept-ancestors"
TRIAL_THRESHOLDS = "trial-thresholds"
#: Thresholds on age are left to the registry's structured age range, checked first.
_STRUCTURED_ELSEWHERE = frozenset({"age"})
_SEXES = {"female": SEX.iris["FEMALE"], "male": SEX.iris["MALE"]}
_ALL_SEXES = SEX.iris["ALL"]
#: Concepts too general to decide anything: a criterion that "excludes disease" (MONDO's root,
#: from words like "medical conditions") is reported as undecided, not as excluding everyone.
GENERIC_CONCEPTS = frozenset({OBO + "MONDO_0000001", CTKG + "Condition"})


@dataclass(frozen=True)
class PatientProfile:
    """Who is looking for a trial: age, sex, conditions, other concepts, measured values."""

    age: Decimal
    sex: str | None  # ctkg:SexFemale or ctkg:SexMale IRI; None: not given
    conditions: tuple[str, ...]
    has: tuple[str, ...] = ()
    measures: tuple[Measurement, ...] = ()

    @classmethod
    def parse(cls, age: float | int | str | Decimal, sex: str | None,
              conditions: Iterable[str], has: Iterable[str] = (),
              measures: Iterable[str] = ()) -> PatientProfile:
        """Validate user input (CURIEs or IRIs; ``NAME=VALUE[ UNIT]``); bad values raise.

        Every bad value is a UsageError naming it.
        """
        try:
            years = Decimal(str(age))
        except ArithmeticError as err:
            raise UsageError(f"age {age!r} is not a number") from err
        if not years.is_finite() or years < 0 or years > 130:
            raise UsageError(f"age {age!r} is not an age in years")
        sex_iri = None if sex is None else _SEXES.get(sex.strip().lower())
        if sex is not None and sex_iri is None:
            raise UsageError(f"sex must be female or male, not {sex!r}")
        conds = tuple(parse_iri(c).value for c in conditions)
        if not conds:
            raise UsageError("give at least one condition")
        values = tuple(Measurement.parse(m) for m in measures)
        names = [m.key for m in values]
        if len(set(names)) < len(names):
            raise UsageError("give each measure once")
        return cls(years, sex_iri, conds, tuple(parse_iri(c).value for c in has), values)


@dataclass(frozen=True)
class Reason:
    """Why a trial fits, does not fit, or cannot be decided, with the criterion it comes from."""

    verdict: str  # "fits", "excludes", "undecided"
    what: str  # "condition", "age", "sex", "criterion", "threshold"
    message: str
    kind: str | None = None  # "inclusion" / "exclusion" for a criterion
    position: int | None = None
    text: str | None = None
    concept: str | None = None
    measured: str | None = None  # for a threshold: the measured thing ("EDSS")


@dataclass
class TrialMatch:
    """One candidate trial with its verdict and reasons."""

    nct_id: str
    trial: str
    title: str
    status: str | None
    reasons: list[Reason] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        """True when no reason excludes the patient."""
        return not any(r.verdict == "excludes" for r in self.reasons)

    @property
    def met(self) -> int:
        """Requirements the profile satisfies (condition included)."""
        return sum(1 for r in self.reasons if r.verdict == "fits")

    @property
    def undecided(self) -> int:
        """Requirements the profile cannot decide."""
        return sum(1 for r in self.reasons if r.verdict == "undecided")


@dataclass
class MatchReport:
    """The ranked eligible trials and the excluded ones, each with reasons."""

    profile: PatientProfile
    matches: list[TrialMatch]
    excluded: list[TrialMatch]

    def as_dict(self, include_excluded: bool = True) -> dict[str, Any]:
        """Return the report as a JSON-ready dict."""
        def one(m: TrialMatch) -> dict[str, Any]:
            return {"nct_id": m.nct_id, "trial": m.trial, "title": m.title,
                    "status": m.status, "eligible": m.eligible,
                    "reasons": [asdict(r) for r in m.reasons]}
        out: dict[str, Any] = {"matches": [one(m) for m in self.matches]}
        if include_excluded:
            out["excluded"] = [one(m) for m in self.excluded]
        return out

    def text(self, include_excluded: bool = False) -> str:
        """Return the report as readable text."""
        lines: list[str] = []
        groups = [("Trials that do not exclude the patient", self.matches)]
        if include_excluded:
            groups.append(("Trials that exclude the patient", self.excluded))
        for heading, trials in groups:
            lines.append(f"{heading}: {len(trials)}")
            for rank, m in enumerate(trials, 1):
                lines.append(f"{rank}. {m.nct_id}  {m.title}")
                lines += [f"   - {r.verdict}: {r.message}" for r in m.reasons]
        if not include_excluded and self.excluded:
            lines.append(f"({len(self.excluded)} candidate trial(s) exclude the patient; "
                         f"--all lists them with reasons)")
        return "\n".join(lines) + "\n"


def _value(row: Mapping[str, Term | None], key: str) -> str | None:
    term = row.get(key)
    if term is None:
        return None
    return str(term) if isinstance(term, ox.Triple) else term.value


def _decimal(row: Mapping[str, Term | None], key: str) -> Decimal | None:
    text = _value(row, key)
    return None if text is None else Decimal(text)


def _rows(store: Store, name: str, params: Mapping[str, str]) -> list[dict[str, Term | None]]:
    return execute(get_query(name), params, store).dicts()


def _criterion_reason(row: Mapping[str, Term | None], verdict: str, message: str) -> Reason:
    position = _value(row, "position")
    return Reason(verdict=verdict, what="criterion", message=message,
                  kind=_value(row, "kind"), position=int(position) if position else None,
                  text=_value(row, "text"), concept=_value(row, "target"))


def _describe(row: Mapping[str, Term | None]) -> str:
    kind = _value(row, "kind") or "criterion"
    return f"{kind} criterion {_value(row, 'position') or '?'}: \"{_value(row, 'text') or ''}\""


def _candidates(profile: PatientProfile, store: Store) -> tuple[
        dict[str, TrialMatch], dict[str, dict[str, str]]]:
    trials: dict[str, TrialMatch] = {}
    studied: dict[str, dict[str, str]] = {}  # trial -> {patient condition: trial's class}
    for condition in profile.conditions:
        for row in _rows(store, CANDIDATES, {"condition": condition}):
            trial = _value(row, "trial") or ""
            match = trials.get(trial)
            if match is None:
                match = TrialMatch(_value(row, "id") or "", trial, _value(row, "title") or "",
                                   _value(row, "status"))
                trials[trial] = match
                _check_age_sex(match, row, profile)
            if condition not in studied.setdefault(trial, {}):
                studied[trial][condition] = _value(row, "trialCondition") or ""
                match.reasons.insert(0, Reason(
                    "fits", "condition",
                    f"studies {iri_to_curie(_value(row, 'trialCondition') or '')}, which "
                    f"includes the patient's {iri_to_curie(condition)}",
                    concept=_value(row, "trialCondition")))
    return trials, studied


def _check_age_sex(match: TrialMatch, row: Mapping[str, Term | None],
                   profile: PatientProfile) -> None:
    low, high = _decimal(row, "minimumAge"), _decimal(row, "maximumAge")
    span = f"{low if low is not None else 'any'}-{high if high is not None else 'any'} years"
    if (low is not None and profile.age < low) or (high is not None and profile.age > high):
        match.reasons.append(Reason("excludes", "age", f"age {profile.age} outside {span}"))
    else:
        match.reasons.append(Reason("fits", "age", f"age {profile.age} within {span}"))
    sex = _value(row, "sex")
    if sex is None or sex == _ALL_SEXES or sex == profile.sex:
        return
    if profile.sex is None:
        match.reasons.append(Reason("undecided", "sex",
                                    f"enrols {iri_to_curie(sex)} only: sex not in the profile"))
    else:
        match.reasons.append(Reason("excludes", "sex", f"enrols {iri_to_curie(sex)} only"))


def _ancestors(store: Store, concept: str, cache: dict[str, frozenset[str]]) -> frozenset[str]:
    if concept not in cache:
        rows = _rows(store, ANCESTORS, {"concept": concept})
        cache[concept] = frozenset(_value(r, "ancestor") or "" for r in rows)
    return cache[concept]


def _excludes_own_condition(store: Store, excluded: str, studied_class: str,
                            cache: dict[str, frozenset[str]]) -> bool:
    """Whether an exclusion concept is the trial's own condition or broader than it.

    "Relapse of MS" or "autoimmune conditions other than MS" in an MS trial do not exclude
    its MS patients; "septic shock" in a sepsis trial, narrower than sepsis, does.
    """
    return excluded == studied_class or studied_class not in _ancestors(store, excluded, cache)


def _apply_criteria(trials: Mapping[str, TrialMatch], studied: Mapping[str, dict[str, str]],
                    profile: PatientProfile, store: Store) -> None:
    decided: set[tuple[str, str]] = set()  # (trial, criterion) met or excluding
    cache: dict[str, frozenset[str]] = {}
    for concept in dict.fromkeys(profile.conditions + profile.has):
        for row in _rows(store, CRITERIA_FOR_CONCEPT, {"concept": concept}):
            trial = _value(row, "trial") or ""
            criterion = _value(row, "criterion") or ""
            if trial not in trials or (trial, criterion) in decided:
                continue
            target = _value(row, "target") or ""
            if target in GENERIC_CONCEPTS:
                continue  # reported as undecided below
            if _value(row, "relation") == "excludes":
                own = studied.get(trial, {}).get(concept)
                if own is not None and _excludes_own_condition(store, target, own, cache):
                    continue  # the trial's own condition never excludes its patients
                decided.add((trial, criterion))
                trials[trial].reasons.append(_criterion_reason(
                    row, "excludes", f"{_describe(row)} excludes "
                    f"{iri_to_curie(_value(row, 'target') or '')}, which the patient's "
                    f"{iri_to_curie(concept)} falls under"))
            else:
                decided.add((trial, criterion))
                trials[trial].reasons.append(_criterion_reason(
                    row, "fits", f"{_describe(row)} requires "
                    f"{iri_to_curie(_value(row, 'target') or '')}: the patient has "
                    f"{iri_to_curie(concept)}"))
    for trial, match in trials.items():
        for row in _rows(store, TRIAL_CRITERIA, {"nct": match.nct_id}):
            criterion = _value(row, "criterion") or ""
            relation = _value(row, "relation")
            generic = (_value(row, "target") or "") in GENERIC_CONCEPTS
            if (trial, criterion) in decided or not (relation == "requires" or generic):
                continue
            decided.add((trial, criterion))
            why = "too general to decide" if generic else "not in the profile"
            match.reasons.append(_criterion_reason(
                row, "undecided", f"{_describe(row)} {relation} "
                f"{iri_to_curie(_value(row, 'target') or '')}: {why}"))


def _bounds_by_criterion(rows: Iterable[Mapping[str, Term | None]]) -> dict[
        tuple[str, str], tuple[Mapping[str, Term | None], list[Bound]]]:
    """Group a trial's threshold rows by (criterion, measured thing, case-folded)."""
    groups: dict[tuple[str, str], tuple[Mapping[str, Term | None], list[Bound]]] = {}
    for row in rows:
        measured = _value(row, "measured") or ""
        if measured.casefold() in _STRUCTURED_ELSEWHERE:
            continue
        comparator = COMPARATOR_OF_IRI.get(_value(row, "comparator") or "")
        value = _decimal(row, "value")
        if comparator is None or value is None:
            continue
        bound = Bound(comparator, value, _decimal(row, "upperValue"), _value(row, "unit"),
                      REFERENCE_OF_IRI.get(_value(row, "multipleOf") or ""))
        key = (_value(row, "criterion") or "", measured.casefold())
        groups.setdefault(key, (row, []))[1].append(bound)
    return groups


def _apply_thresholds(trials: Mapping[str, TrialMatch], profile: PatientProfile,
                      store: Store) -> None:
    """Judge each criterion's thresholds against the profile's measurements.

    An inclusion threshold the value does not meet excludes, one it meets fits; an exclusion
    threshold it meets excludes. An inclusion threshold on a thing the profile does not
    measure is undecided; an exclusion one is left out, like an exclusion concept the
    patient does not have.
    """
    measures = {m.key: m for m in profile.measures}
    for match in trials.values():
        rows = _rows(store, TRIAL_THRESHOLDS, {"nct": match.nct_id})
        for (_, measured), (row, bounds) in _bounds_by_criterion(rows).items():
            kind = _value(row, "kind")
            name = _value(row, "measured") or measured
            stated = describe_bounds(bounds)
            measurement = measures.get(measured)
            if measurement is None:
                if kind == "inclusion":
                    match.reasons.append(_threshold_reason(
                        row, "undecided", f"{_describe(row)} requires {name} {stated}: "
                        f"not in the profile", name))
                continue
            judgement = judge(measurement, bounds, _value(row, "text") or "")
            if judgement.met is None:
                verdict = "undecided"
            elif kind == "inclusion":
                verdict = "fits" if judgement.met else "excludes"
            elif judgement.met:
                verdict = "excludes"
            else:
                continue  # an exclusion threshold the patient is clear of
            relation = "requires" if kind == "inclusion" else "excludes"
            match.reasons.append(_threshold_reason(
                row, verdict, f"{_describe(row)} {relation} {name} {stated}: "
                f"{judgement.why}", name))


def _threshold_reason(row: Mapping[str, Term | None], verdict: str, message: str,
                      measured: str) -> Reason:
    position = _value(row, "position")
    return Reason(verdict=verdict, what="threshold", message=message,
                  kind=_value(row, "kind"), position=int(position) if position else None,
                  text=_value(row, "text"), measured=measured)


def match_patient(age: float | int | str | Decimal, sex: str | None,
                  conditions: Iterable[str], has: Iterable[str] = (), store: Store | None = None,
                  measures: Iterable[str] = ()) -> MatchReport:
    """Trials whose structured criteria do not exclude a patient, ranked, with reasons.

    ``conditions`` and ``has`` are CURIEs or IRIs; ``measures`` are ``NAME=VALUE[ UNIT]``
    texts ("EDSS=4"); ``store`` defaults to the embedded store.
    """
    return match_profile(PatientProfile.parse(age, sex, conditions, has, measures), store)


def match_profile(profile: PatientProfile, store: Store | None = None) -> MatchReport:
    """Rank the trials whose structured criteria do not exclude ``profile``, with reasons."""
    target: Store = store if store is not None else EmbeddedStore.open()
    trials, studied = _candidates(profile, target)
    _apply_criteria(trials, studied, profile, target)
    _apply_thresholds(trials, profile, target)
    eligible = [m for m in trials.values() if m.eligible]
    eligible.sort(key=lambda m: (-m.met, m.undecided, m.nct_id))
    excluded = sorted((m for m in trials.values() if not m.eligible), key=lambda m: m.nct_id)
    return MatchReport(profile, eligible, excluded)
