"""Classic API "study fields" records (every field a flat list) -> the v2 shape.

A flat record names fields by their classic leaf key (``NCTId``, ``InterventionName``,
``LocationCity``). The classic conversion tree tells where each key lives, so the flat
record is first rebuilt as a classic full study and then converted like one. Parallel lists
(``InterventionName`` / ``InterventionType``) become list items when their lengths agree;
lists nested inside lists (an intervention's arm labels) can only be placed when the outer
list has a single item, and are dropped otherwise: the flat output does not say which
value belongs to which item.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from kg.errors import FieldError
from kg.sources import ctgov_classic
from kg.sources.ctgov_classic import CLASSIC, Fields, Leaf, Node, Wrapped
from kg.sources.values import describe

FORMAT = "ctgov-studyfields"

Step = tuple[str, bool]  # classic key, and whether its value is a list level


@dataclass(frozen=True)
class Slot:
    """Where a flat key lives in a classic full study, and its v2 path for errors."""

    chain: tuple[Step, ...]
    v2_path: str

    @property
    def list_levels(self) -> int:
        """How many lists enclose the value (0: scalar, 1: a list or list items, 2: nested)."""
        return sum(1 for _, is_list in self.chain if is_list)


def _index(node: Node, chain: tuple[Step, ...], v2_path: str, out: dict[str, Slot]) -> None:
    if isinstance(node, Fields):
        for key, (v2_key, sub) in node.keys.items():
            sub_path = f"{v2_path}.{v2_key}" if v2_path else v2_key
            if isinstance(sub, Leaf):
                out.setdefault(key, Slot((*chain, (key, False)), sub_path))
            else:
                _index(sub, (*chain, (key, False)), sub_path, out)
    elif isinstance(node, Wrapped):
        inner = (*chain, (node.inner, True))
        if isinstance(node.item, Leaf):
            out.setdefault(node.inner, Slot(inner, v2_path))
        else:
            _index(node.item, inner, v2_path, out)


def _build_index() -> MappingProxyType[str, Slot]:
    out: dict[str, Slot] = {}
    _index(CLASSIC, (), "", out)
    return MappingProxyType(out)


#: Flat classic key -> its place in a classic full study.
SLOTS = _build_index()


def is_record(value: Any) -> bool:
    """Whether a JSON value is one study-fields record (``"NCTId": ["NCT..."]``)."""
    return isinstance(value, dict) and isinstance(value.get("NCTId"), list)


def nct_id_hint(raw: Any) -> str | None:
    """Return the NCT id as written in the record, if any, for error messages."""
    ids = raw.get("NCTId") if isinstance(raw, dict) else None
    if isinstance(ids, list) and ids and isinstance(ids[0], str):
        return ids[0]
    return None


def to_v2(raw: Any) -> dict[str, Any]:
    """Convert one study-fields record to a v2 study dict; raise FieldError on bad values."""
    return ctgov_classic.to_v2(to_classic(raw))


def to_classic(raw: Any) -> dict[str, Any]:
    """Rebuild the classic full-study object that a flat study-fields record describes."""
    if not isinstance(raw, dict):
        raise FieldError("", f"a study-fields record must be an object, got {describe(raw)}")
    study: dict[str, Any] = {}
    groups: dict[tuple[Step, ...], dict[tuple[Step, ...], list[Any]]] = {}
    for key, values in raw.items():
        slot = SLOTS.get(key)
        if slot is None:
            continue  # results and other fields without a v2 counterpart
        if not isinstance(values, list):
            raise FieldError(slot.v2_path, f"expected a list of values, got {describe(values)}")
        if not values:
            continue
        if slot.list_levels == 0:
            if len(values) > 1:
                raise FieldError(slot.v2_path, f"expected one value, got {len(values)}")
            _put(study, slot.chain, values[0])
            continue
        split = next(i for i, (_, is_list) in enumerate(slot.chain) if is_list) + 1
        outer, rest = slot.chain[:split], slot.chain[split:]
        if not rest:
            _put(study, outer, values)
        else:
            groups.setdefault(outer, {})[rest] = values
    for outer, members in groups.items():
        items = _zip_items(members)
        if items:
            _put(study, outer, items)
    return study


def _zip_items(members: dict[tuple[Step, ...], list[Any]]) -> list[dict[str, Any]]:
    flat = {rest: vals for rest, vals in members.items() if not any(s[1] for s in rest)}
    nested = {rest: vals for rest, vals in members.items() if any(s[1] for s in rest)}
    size = max((len(vals) for vals in flat.values()), default=1 if nested else 0)
    items: list[dict[str, Any]] = [{} for _ in range(size)]
    for rest, vals in flat.items():
        if len(vals) == size:  # a shorter list cannot be aligned with the items
            for item, value in zip(items, vals, strict=True):
                _put(item, rest, value)
    if size == 1:
        for rest, vals in nested.items():
            split = next(i for i, (_, is_list) in enumerate(rest) if is_list) + 1
            if split == len(rest):
                _put(items[0], rest, vals)
    return [item for item in items if item]


def _put(target: dict[str, Any], chain: tuple[Step, ...], value: Any) -> None:
    node = target
    for key, _ in chain[:-1]:
        node = node.setdefault(key, {})
    node[chain[-1][0]] = value
