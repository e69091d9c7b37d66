"""The Hyperscan prefilter of the word tables: it may let too much through, never too little."""

from __future__ import annotations

import random
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg.text.products.prefilter import _ASCII_FOLDS, Prefilter, loosened, scanned
from kg.text.products.tables import TABLES, Table, exhaustive_hits


def python_matches(patterns: list[re.Pattern[str]], text: str) -> set[int]:
    return {entry for entry, pattern in enumerate(patterns) if pattern.search(text)}


def test_ascii_folds_are_pythons() -> None:
    """The non-ASCII characters re.IGNORECASE equates with ASCII ones, checked over Unicode."""
    ascii_class = re.compile("[\x00-\x7f]", re.IGNORECASE)
    found = {code for code in range(128, 0x110000) if ascii_class.fullmatch(chr(code))}
    assert found == set(_ASCII_FOLDS)
    for code, letter in _ASCII_FOLDS.items():
        assert re.fullmatch(letter, chr(code), re.IGNORECASE)


def test_scanned_text_keeps_one_byte_per_character() -> None:
    text = "Wharton’s jelly γδ T cells, ſtem ıntravenous 5 \u212aU"
    data = scanned(text)
    assert len(data) == len(text)
    assert data == b"Wharton?s jelly ?? T cells, stem intravenous 5 kU"


@pytest.mark.parametrize(("pattern", "text"), [
    (r"\b(?-i:\bIV\b(?<!stage IV))", "given IV"),  # case-sensitive part, lookbehind
    (r"\bintra[- ]?venous\w*", "INTRAVENOUSLY"),
    (r"\bintra[- ]?venous\w*", "ıntravenous"),  # dotless i: re.IGNORECASE takes it for i
    (r"\bstem cells?", "ſtem cells"),  # long s
    (r"\bwharton\s?['’`´\u0301]?s?[- ]jelly", "Wharton’s jelly"),
    (r"\bγδ[- ]?T[- ]?cells?", "ΓΔ T cells"),  # non-ASCII letters, in upper case
    (r"\bcafé\b", "au CAFÉ noir"),
    (r"\bcells?\s+infused", "cells\u00a0infused"),  # a non-ASCII space
    (r"\bcells?\s+infused", "cells\x1cinfused"),  # a separator Python's \s takes
    (r"\b(?:[\w-]+ ){0,3}donors?", "naïve Ωmega related donor"),
    (r"\bdérivé\b", "x-DÉRIVÉ"),  # kept before the ASCII d, dropped after the é
    (r"\b(?-i:[^A])bc", "abc"),  # a negated class of a case-sensitive part
    (r"\b[à-ÿ]+ cells", "ÉÈ cells"),  # a range of non-ASCII letters, in upper case
    (r"\ballo[- ]?(?=(?:HSCT|BMT))", "allo-HSCT"),
])
def test_loosened_pattern_matches_where_python_does(pattern: str, text: str) -> None:
    compiled = re.compile(pattern, re.IGNORECASE)
    assert compiled.search(text), "the example must match in Python"
    assert Prefilter([compiled]).candidates(scanned(text)) == {0}, loosened(pattern)


def test_boundary_kept_beside_ascii_letters_only() -> None:
    assert loosened(r"\bIV\b") == r"\bIV\b"
    assert r"\b" not in loosened(r"\b(?:γδ|x)")  # beside a group or a non-ASCII letter


def assert_run_always(table: Table, entry: int, text: str) -> None:
    """``entry`` is left out of Hyperscan, yet the table finds it and the others in ``text``."""
    assert table.prefilter.always == {entry}
    assert table.hits(text) == exhaustive_hits(table, text)
    assert {hit.entry for hit in table.hits(text)} == set(range(len(table.patterns)))


def test_unsupported_construct_is_always_run() -> None:
    table = Table((re.compile(r"\b(\w)\1 cells", re.IGNORECASE),
                   re.compile(r"\bstem cells", re.IGNORECASE)))
    assert_run_always(table, 0, "bb cells and stem cells")


_SWAPS = {"s": ["ſ"], "k": ["\u212a"], "i": ["ı", "İ"], " ": ["\u00a0", "\u2009", "\x1c"],
          "e": ["é", "É"], "a": ["ä"], "-": ["‐", "–"], "'": ["’"]}
_SENTENCES = [
    "Allogeneic umbilical cord-derived mesenchymal stem cells (UC-MSCs) given intravenously",
    "Autologous bone marrow mononuclear cells injected into the knee joint",
    "Wharton's jelly MSC, 1 x 10^6 cells/kg IV infusion on days 1 and 8",
    "CD19-directed CAR-T cells after lymphodepletion; patients undergo leukapheresis",
    "adipose-derived stromal vascular fraction implanted with a collagen scaffold",
    "haploidentical related donor NK cells, intrathecal injection via lumbar puncture",
    "induced pluripotent stem cell-derived dopaminergic progenitors, stereotactic implantation",
    "exosomes from placental MSCs inhaled by nebulizer twice daily",
]


def _variants(sentence: str, rng: random.Random, count: int) -> list[str]:
    out = [sentence, sentence.upper()]
    for _ in range(count):
        chars = [rng.choice(_SWAPS[ch.lower()]) if ch.lower() in _SWAPS and rng.random() < 0.3
                 else ch for ch in sentence]
        out.append("".join(chars))
    return out


@pytest.mark.parametrize("table", TABLES)
def test_no_entry_missed_on_unicode_variants(table: Table) -> None:
    """Sentences with letters re.IGNORECASE folds, non-ASCII spaces, accents and dashes."""
    rng = random.Random(7)
    patterns = list(table.patterns)
    checked = 0
    for sentence in _SENTENCES:
        for text in _variants(sentence, rng, 40):
            expected = python_matches(patterns, text)
            assert expected <= table.prefilter.candidates(scanned(text)), text
            assert table.hits(text) == exhaustive_hits(table, text), text
            checked += len(expected)
    assert checked > 0  # the sentences do hold words of every table


def test_table_of_only_unsupported_entries() -> None:
    table = Table((re.compile(r"\b(\w)\1\b", re.IGNORECASE),))
    assert table.prefilter.always == {0}
    assert [hit.text for hit in table.hits("an ee bb")] == ["ee", "bb"]


def test_threads_scan_at_once() -> None:
    """Each thread has its own Hyperscan scratch: concurrent scans give the serial hits."""
    texts = [text for sentence in _SENTENCES for text in _variants(sentence, random.Random(3), 5)]
    table = TABLES[0]
    serial = [table.hits(text) for text in texts]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(3):
            assert list(pool.map(table.hits, texts)) == serial


def test_large_repeat_is_loosened() -> None:
    """Hyperscan refuses "a{70000}"; the rewriting asks for 32 copies at most."""
    prefilter = Prefilter([re.compile(r"\bx{40000}", re.IGNORECASE)])
    assert not prefilter.always
    assert prefilter.candidates(scanned("x" * 40000)) == {0}
    assert prefilter.candidates(scanned("x" * 10)) == set()


def test_expression_hyperscan_refuses_is_always_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """One refused expression does not fail the table: its entry runs on every text."""
    import kg.text.products.prefilter as module

    real = module.loosened
    monkeypatch.setattr(module, "loosened", lambda pattern, flags=re.IGNORECASE: (
        "x{0}" if "refused" in pattern else real(pattern, flags)))
    table = Table((re.compile(r"\bstem cells", re.IGNORECASE),
                   re.compile(r"\brefused", re.IGNORECASE)))
    assert_run_always(table, 1, "stem cells, refused")


_CACHED_PATTERNS = (re.compile(r"\bstem cells?", re.IGNORECASE),
                    re.compile(r"\bumbilical cord", re.IGNORECASE))


def _fail_to_compile(*_: object) -> None:
    raise AssertionError("compiled although the cache holds the database")


def test_compiled_table_is_read_back_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second build reads the database the first compiled, and it finds the same."""
    import kg.text.products.prefilter as module

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    text = scanned("Umbilical cord mesenchymal stem cells")
    first = Prefilter(_CACHED_PATTERNS)
    [entry] = list(tmp_path.iterdir())
    assert entry.name.startswith("hyperscan-") and entry.stat().st_size > 0
    monkeypatch.setattr(module, "_database", _fail_to_compile)
    second = Prefilter(_CACHED_PATTERNS)
    assert second.candidates(text) == first.candidates(text) == {0, 1}
    # another table is another entry, never the first one's database
    monkeypatch.undo()
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    assert Prefilter(_CACHED_PATTERNS[:1]).candidates(text) == {0}
    assert len(list(tmp_path.iterdir())) == 2


def test_unreadable_cache_entry_is_compiled_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    Prefilter(_CACHED_PATTERNS)
    [entry] = list(tmp_path.iterdir())
    entry.write_bytes(b"not a database")
    prefilter = Prefilter(_CACHED_PATTERNS)
    assert prefilter.candidates(scanned("stem cell")) == {0}
    assert entry.read_bytes() != b"not a database"  # replaced by the compiled one


def test_cache_off_or_unwritable_still_compiles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", "")
    assert Prefilter(_CACHED_PATTERNS).candidates(scanned("stem cells")) == {0}
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocked / "cache"))  # under a file: not creatable
    assert Prefilter(_CACHED_PATTERNS).candidates(scanned("umbilical cord")) == {1}
    assert list(tmp_path.iterdir()) == [blocked]
