"""Atomic writes: the whole file or the old one, and no temporary file left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.files import write_atomically


def test_writes_and_replaces_leaving_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "page.json"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["page.json"]


def test_a_failed_rename_keeps_nothing_half_written(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    (target / "inside").mkdir(parents=True)  # a non-empty folder cannot be replaced by a file
    with pytest.raises(OSError):
        write_atomically(target, b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
