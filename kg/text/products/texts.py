"""Which texts of a study are read for an intervention, nearest first, and how long ones are cut."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kg.text.products.scan import Mentions, Scan, sentence

DETAILS_LIMIT = 2500  # characters of the detailed description read whole; beyond, windows
_DETAILS_WINDOW = 300  # at most this many characters either side of a product word there
_DETAILS_CUE = re.compile(r"\bcells?\b|MSCs?\b|mesenchymal|stromal|exosom|vesicles"
                          r"|secretome|\bSVF\b", re.IGNORECASE)
#: Words that make "BMSC" mesenchymal/stromal cells rather than unexpanded marrow stem cells.
_MESENCHYMAL = re.compile(r"mesenchym|stroma|(?<!B)MSC|expan[ds]|cultur|passag", re.IGNORECASE)


def v2_type(value: str | None) -> str:
    """A registry type as a v2 enumeration code ("Biological" -> ``BIOLOGICAL``)."""
    return (value or "").strip().upper().replace(" ", "_")


def arm_members(study: dict[str, Any], index: int, intervention: dict[str, Any]
                ) -> list[dict[str, Any]]:
    """The arm groups an intervention belongs to (by its labels or by the arms' lists)."""
    module = study.get("protocolSection", {}).get("armsInterventionsModule", {})
    labels = {label.strip().casefold() for label in intervention.get("armGroupLabels") or []}
    name = (intervention.get("name") or "").strip().casefold()
    members = []
    for arm in module.get("armGroups") or []:
        listed = {n.split(":", 1)[-1].strip().casefold()
                  for n in arm.get("interventionNames") or []}
        if (arm.get("label") or "").strip().casefold() in labels or name in listed:
            members.append(arm)
    return members


@dataclass
class Texts:
    """Scans of a study's texts, made on first use (a per-call cache, never module state)."""

    study: dict[str, Any]
    cache: dict[tuple[str, str], Scan] = field(default_factory=dict)
    mentions: dict[str, Mentions] = field(default_factory=dict)

    def scan(self, field_name: str, level: int, text: str | None) -> Scan | None:
        """The scan of one field's text (made once per text and field), or None if empty."""
        if not text or not text.strip():
            return None
        key = (field_name, text)
        found = self.cache.get(key)
        if found is None:
            mentions = self.mentions.get(text)
            if mentions is None:
                mentions = self.mentions[text] = Mentions(text)
            found = self.cache[key] = Scan(field_name, level, mentions)
        return found

    @cached_property
    def _details(self) -> list[Scan]:
        return self._read_parts("descriptionModule", "detailedDescription", 3)

    def _read_parts(self, module: str, key: str, level: int) -> list[Scan]:
        """A long text's opening and product sentences (see _details_text), as one scan."""
        text = self.study.get("protocolSection", {}).get(module, {}).get(key) or ""
        found = self.scan(key, level, _details_text(text))
        return [found] if found is not None else []

    @cached_property
    def mesenchymal_said(self) -> bool:
        """Whether any text of the record calls its cells mesenchymal or stromal, or expanded.

        "bone marrow stem cells (BMSCs)" in a record that never says so are marrow cells, not
        MSCs (asked only when a product is named "BMSC", so not on every record).
        """
        protocol = self.study.get("protocolSection", {})
        module = protocol.get("armsInterventionsModule", {})
        parts = [str(v) for v in protocol.get("identificationModule", {}).values()]
        parts += [str(v) for v in protocol.get("descriptionModule", {}).values()]
        for item in [*(module.get("interventions") or []), *(module.get("armGroups") or [])]:
            parts.append(str(item))
        return _MESENCHYMAL.search("\n".join(parts)) is not None

    def details(self) -> list[Scan]:
        """The detailed description: the last place a product's source or route is sought."""
        return self._details

    def design(self) -> list[Scan]:
        """The design's description of the intervention model, read for routes last.

        "Dental pulp mesenchymal stem cells were injected intravenously" can be the only place
        a record states its route.
        """
        return self._design

    @cached_property
    def _design(self) -> list[Scan]:
        info = self.study.get("protocolSection", {}).get("designModule", {}).get(
            "designInfo") or {}
        text = info.get("interventionModelDescription")
        found = self.scan("interventionModelDescription", 3, text) \
            if isinstance(text, str) else None
        return [found] if found is not None else []

    def eligibility(self) -> list[Scan]:
        """The eligibility criteria's sentences that name cells: the last place a source is sought.

        A donor's condition ("siblings willing to donate bone marrow-MSCs") can be the only
        place a product's source is stated.
        """
        return self._eligibility

    @cached_property
    def _eligibility(self) -> list[Scan]:
        return self._read_parts("eligibilityModule", "eligibilityCriteria", 4)

    @cached_property
    def criteria(self) -> list[Scan]:
        """The whole eligibility criteria, for words that name no cells ("access for apheresis")."""
        text = self.study.get("protocolSection", {}).get("eligibilityModule", {}).get(
            "eligibilityCriteria")
        found = self.scan("eligibilityCriteria", 4, text) if isinstance(text, str) else None
        return [found] if found is not None else []

    def trial(self) -> list[Scan]:
        """The brief and official titles and the brief summary."""
        protocol = self.study.get("protocolSection", {})
        ident = protocol.get("identificationModule", {})
        desc = protocol.get("descriptionModule", {})
        scans = (self.scan("briefTitle", 2, ident.get("briefTitle")),
                 self.scan("officialTitle", 2, ident.get("officialTitle")),
                 self.scan("briefSummary", 2, desc.get("briefSummary")))
        return [s for s in scans if s is not None]


def _details_text(text: str) -> str:
    """The parts of a detailed description that are read.

    The opening (the product is usually introduced there) and, beyond it, only the sentences
    that name cells or a cell-derived product, joined by line breaks: a 20 kB protocol
    description costs a scan of its product sentences, not of the whole text.
    """
    if len(text) <= DETAILS_LIMIT:
        return text
    parts = [text[:DETAILS_LIMIT]]
    last = DETAILS_LIMIT
    for match in _DETAILS_CUE.finditer(text, DETAILS_LIMIT):
        if match.start() < last:
            continue
        lo, hi = sentence(text, match.start(), match.end())
        lo, hi = max(lo, last, match.start() - _DETAILS_WINDOW), min(hi, match.end()
                                                                      + _DETAILS_WINDOW)
        parts.append(text[lo:hi])
        last = hi
    return "\n".join(parts)


def own_scans(texts: Texts, intervention: dict[str, Any]) -> list[Scan]:
    """The intervention's own texts: name, other names, description (level 0)."""
    scans = [texts.scan("intervention.name", 0, intervention.get("name"))]
    scans += [texts.scan("intervention.otherNames", 0, other)
              for other in intervention.get("otherNames") or []]
    scans.append(texts.scan("intervention.description", 0, intervention.get("description")))
    return [s for s in scans if s is not None]


def arm_scans(texts: Texts, arms: list[dict[str, Any]]) -> list[Scan]:
    """The labels and descriptions of the arm groups an intervention belongs to (level 1)."""
    scans = []
    for arm in arms:
        scans.append(texts.scan("armGroup.label", 1, arm.get("label")))
        scans.append(texts.scan("armGroup.description", 1, arm.get("description")))
    return [s for s in scans if s is not None]


def sole_arm_texts(study: dict[str, Any], arms: list[dict[str, Any]]) -> frozenset[str]:
    """The descriptions of the arms that give this intervention and no other.

    "Intravenous administration, 1 dose, for 20 minutes" in the arm of "Allogeneic Wharton's
    jelly-MSCs" alone: the arm has nothing else it could say it of.
    """
    interventions = study.get("protocolSection", {}).get("armsInterventionsModule", {}).get(
        "interventions") or []
    sole = set()
    for arm in arms:
        label = (arm.get("label") or "").strip().casefold()
        listed = arm.get("interventionNames") or []
        labelled = [item for item in interventions
                    if label in {(a or "").strip().casefold()
                                 for a in item.get("armGroupLabels") or []}]
        if len(listed) <= 1 and len(labelled) <= 1 and arm.get("description"):
            sole.add(arm["description"])
    return frozenset(sole)


def arm_key(arm: dict[str, Any]) -> str:
    """An arm group's label as a key to compare arms by."""
    return (arm.get("label") or "").strip().casefold()
