"""Which entries of a word table may match a text, found in one Hyperscan pass.

Python's ``re`` runs one pattern at a time; Hyperscan, the field's multi-pattern engine,
scans a text for a whole table at once. It lacks what the tables use of ``re`` (lookarounds,
Unicode ``\\w`` and ``\\b``, Unicode case folding), so it is used as a filter only: each
pattern is rewritten into a looser one that Hyperscan takes and that matches wherever the
Python pattern does, and ``re`` then finds the exact matches of the entries that passed.

The looser pattern matches ASCII bytes: the text is scanned with every non-ASCII character
replaced by ``?`` (one for one), and the pattern lets ``?`` stand for any non-ASCII
character it could match. Lookarounds are dropped, and so are word boundaries except beside
an ASCII letter; bounded repeats are left unbounded, negated characters widened: each only
loosens. The rewriting walks the tree that ``re``'s own parser makes (``re._parser``), so a
pattern is read as Python reads it; a construct it does not know leaves its entry to be run
on every text.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import hyperscan
import platformdirs

from kg.files import write_atomically

#: What a non-ASCII character of the text is scanned as.
PLACEHOLDER = "?"
#: The non-ASCII characters ``re.IGNORECASE`` matches to an ASCII letter (a test checks this
#: over every code point): the text is scanned with that letter for them, not the placeholder.
_ASCII_FOLDS = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
_ANY = r"[\x00-\x7f]"
#: Python's ``\\s`` also matches the separators \\x1c-\\x1f; Hyperscan's does not.
_CATEGORY = {
    sre.CATEGORY_WORD: r"\w?", sre.CATEGORY_SPACE: r"\s\x1c-\x1f?",
    sre.CATEGORY_DIGIT: r"\d?", sre.CATEGORY_NOT_WORD: r"\W",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_NOT_DIGIT: r"\D",
}
#: The categories a negated class may still exclude in the scan: ASCII word characters and
#: digits are the same characters there.
_EXCLUDABLE = {sre.CATEGORY_WORD: r"\w", sre.CATEGORY_DIGIT: r"\d"}
_FLAGS = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH \
    | hyperscan.HS_FLAG_ALLOWEMPTY


class Unsupported(ValueError):
    """A pattern construct the rewriting does not know: the entry is then always run."""


def _char(code: int) -> str:
    """One ASCII character as a class member."""
    return rf"\x{code:02x}"


def _literal_members(code: int) -> str:
    """The class members a literal character of the pattern stands for in the scanned text."""
    if code < 128:
        return _char(code)
    return re.escape(PLACEHOLDER) + _ASCII_FOLDS.get(code, "")


def _range_members(lo: int, hi: int) -> str:
    members = f"{_char(lo)}-{_char(min(hi, 127))}" if lo < 128 else ""
    if hi >= 128:
        members += re.escape(PLACEHOLDER)
        members += "".join(a for c, a in _ASCII_FOLDS.items() if lo <= c <= hi)
    return members


def _class(items: list[tuple[Any, Any]]) -> str:
    if items and items[0][0] is sre.NEGATE:
        # Excluding only ASCII characters other than the placeholder: "?" may be a non-ASCII
        # character the Python class does not exclude.
        # Letters are not excluded either: the Python class may be case-sensitive
        # ("(?-i:[^A])" matches "a"), and the scan is not.
        members = ""
        for op, av in items[1:]:
            if op is sre.LITERAL and av < 128 and not chr(av).isalpha() \
                    and chr(av) != PLACEHOLDER:
                members += _char(av)
            elif op is sre.CATEGORY and av in _EXCLUDABLE:
                members += _EXCLUDABLE[av]
        return f"[^{members}]" if members else _ANY
    members = ""
    for op, av in items:
        if op is sre.LITERAL:
            members += _literal_members(av)
        elif op is sre.RANGE:
            members += _range_members(*av)
        elif op is sre.CATEGORY and av in _CATEGORY:
            members += _CATEGORY[av]
        else:
            raise Unsupported(f"class item {op}")
    return f"[{members}]"


#: At most this many copies are required of a repeated character (Hyperscan refuses large
#: bounds: "a{70000}").
_MAX_REQUIRED = 32


def _repeat(lo: int, hi: int, body: str, simple: bool) -> str:
    if (lo, hi) == (0, 1):
        return f"(?:{body})?"
    if simple:  # one character class: an upper bound only narrows, so does a large lower one
        return f"(?:{body}){{{min(lo, _MAX_REQUIRED)},}}"
    # A repeated group ("(?:[\w-]+ ){0,3}") is loosened to its one required copy followed
    # by anything: Hyperscan compiles the tables several times faster.
    return (f"(?:{body})" if lo else "") + f"{_ANY}*"


def _word_literal(item: tuple[Any, Any]) -> bool:
    return item[0] is sre.LITERAL and item[1] < 128 and (chr(item[1]).isalnum()
                                                          or item[1] == ord("_"))


def _emit(items: Any) -> str:
    items = list(items)
    out = []
    for i, (op, av) in enumerate(items):
        if op is sre.LITERAL:
            out.append(re.escape(chr(av)) if av < 128 else f"[{_literal_members(av)}]")
        elif op in (sre.NOT_LITERAL, sre.ANY):
            out.append(_ANY)
        elif op is sre.IN:
            out.append(_class(av))
        elif op is sre.BRANCH:
            out.append("(?:" + "|".join(_emit(branch) for branch in av[1]) + ")")
        elif op is sre.SUBPATTERN:
            out.append(f"(?:{_emit(av[3])})")
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            body = list(av[2])
            simple = len(body) == 1 and body[0][0] in (sre.LITERAL, sre.IN, sre.ANY,
                                                      sre.NOT_LITERAL)
            out.append(_repeat(av[0], av[1], _emit(body), simple))
        elif op is sre.ATOMIC_GROUP:
            out.append(f"(?:{_emit(av)})")
        elif op is sre.AT and av is sre.AT_BOUNDARY and (
                (i + 1 < len(items) and _word_literal(items[i + 1]))
                or (i > 0 and _word_literal(items[i - 1]))):
            # Beside an ASCII letter of the match a boundary means what it means in Python:
            # the other side is not a word character, and a non-ASCII word character is
            # never scanned as an ASCII one.
            out.append(r"\b")
        elif op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # any other boundary, or a lookaround, only narrows what matches
        else:
            raise Unsupported(f"construct {op}")
    return "".join(out)


def loosened(pattern: str, flags: int = re.IGNORECASE) -> str:
    """A Hyperscan pattern over the scanned text that matches wherever ``pattern`` does."""
    return _emit(sre_parse.parse(pattern, flags))


def scanned(text: str) -> bytes:
    """The text as Hyperscan scans it: ASCII, each other character one placeholder."""
    # translate is slow on long texts: only when one of its four characters is there
    if not text.isascii() and any(chr(code) in text for code in _ASCII_FOLDS):
        text = text.translate(_ASCII_FOLDS)
    return text.encode("ascii", "replace")


def _database(expressions: list[bytes], ids: list[int]) -> Any:
    """A Hyperscan block-mode database of the expressions (None for none)."""
    if not ids:
        return None
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=expressions, ids=ids, flags=[_FLAGS] * len(ids))
    return database


def cache_dir() -> Path | None:
    """Where compiled tables are kept between runs (None: nowhere).

    ``KG_CACHE_DIR``, else the user's cache folder as the platform defines it
    (``~/.cache/cell-trials-kg`` on Linux); ``KG_CACHE_DIR`` set to "" turns the cache off.
    """
    env = os.environ.get("KG_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    return Path(platformdirs.user_cache_dir("cell-trials-kg", appauthor=False))


def _cache_file(expressions: list[bytes], ids: list[int]) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    # The database is a function of these alone: a changed table is a new file, never a
    # stale one. The binding's version is in the key because the format may change with it.
    version = getattr(hyperscan, "__version__", "")
    digest = hashlib.sha256(repr((version, _FLAGS, expressions, ids)).encode())
    return folder / f"hyperscan-{digest.hexdigest()[:32]}.db"


def _cached_database(expressions: list[bytes], ids: list[int]) -> Any:
    """:func:`_database`, read from the cache when it was compiled before.

    Compiling costs a tenth of a second a table at every build; reading, nothing. An entry
    that cannot be read (or was compiled for another CPU) is compiled again and replaced.
    """
    path = _cache_file(expressions, ids) if ids else None
    if path is not None and path.is_file():
        try:
            # Hyperscan checks the version and the CPU features it was compiled for.
            return hyperscan.loadb(path.read_bytes(), hyperscan.HS_MODE_BLOCK)
        except (OSError, hyperscan.error):
            pass
    database = _database(expressions, ids)
    if path is not None:
        try:
            write_atomically(path, hyperscan.dumpb(database))
        except OSError:
            pass  # a cache that cannot be written is no error: the next run compiles again
    return database


def _compiles(expression: bytes) -> bool:
    try:
        _database([expression], [0])
    except hyperscan.error:
        return False
    return True


class Prefilter:
    """One table's loosened patterns in one Hyperscan database.

    Entries whose pattern cannot be loosened are in ``always``: they are run on every text.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        expressions: list[bytes] = []
        ids: list[int] = []
        always: set[int] = set()
        for entry, pattern in enumerate(patterns):
            try:
                expressions.append(loosened(pattern.pattern, pattern.flags).encode("ascii"))
            except Unsupported:
                always.add(entry)
                continue
            ids.append(entry)
        self._db: Any = None
        self._scratch: Any = None
        # Hyperscan's working memory for a scan, one per thread (a scan may not share it):
        # cloned from this one on a thread's first scan, then reused.
        self._per_thread = threading.local()
        try:
            self._db = _cached_database(expressions, ids)
        except hyperscan.error:
            # One expression Hyperscan refuses fails the whole database: find which, and run
            # those entries on every text.
            kept = [(e, i) for e, i in zip(expressions, ids, strict=True) if _compiles(e)]
            always |= set(ids) - {i for _, i in kept}
            self._db = _database([e for e, _ in kept], [i for _, i in kept])
        self.always = frozenset(always)
        if self._db is not None:
            self._scratch = hyperscan.Scratch(self._db)

    def candidates(self, data: bytes) -> set[int]:
        """The entries that may match ``data`` (a :func:`scanned` text)."""
        found = set(self.always)
        if self._db is None:
            return found

        def on_match(entry: int, start: int, end: int, flags: int, context: object) -> None:
            found.add(entry)

        scratch = getattr(self._per_thread, "scratch", None)
        if scratch is None:
            scratch = self._per_thread.scratch = self._scratch.clone()
        self._db.scan(data, match_event_handler=on_match, scratch=scratch)
        return found
