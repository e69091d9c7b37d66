"""Ontology labels and synonyms -> a fast phrase matcher.

Text is tokenised once; every token gets a normalised key (lower case, US spelling,
singular). Terms are stored under the tuple of their token keys, and matching walks the
text left to right, extending a token n-gram while it is still the prefix of some term and
keeping the longest complete term. That is one dictionary look-up per token and step, never
a scan over the terms and never a giant regular expression.

Short all-caps abbreviations ("MS", "ALS", "NK", "T1D": at most four characters, no lower
case) are matched case-sensitively: a term that contains one records the exact spelling,
and a text token must have that spelling (a plural "MSCs" counts as "MSC"). Because tokens
are whole runs of letters and digits, nothing matches inside a word: "MS" is not found in
"MSC", nor "cancer" in "precancerous".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

# Letters and digits make words; "+" is kept as a token so that "CD34+ cell" differs from
# "CD34 cell"; an apostrophe-s (possessive) is matched so that it can be dropped.
_TOKEN = re.compile(r"[^\W_]+|\+|['’]s\b")
# What may stand between two tokens of one term in running text: spaces and hyphens
# (so "non-Hodgkin" = "non Hodgkin"), and the possessive dropped above. A comma, a
# bracket or a full stop ends a phrase.
_JOINABLE_GAP = re.compile(r"[\s\-‐‑–/]*")
_POSSESSIVE = re.compile(r"['’]s\b")

# British -> US spellings, applied to the start of a token (cheap; covers derived words).
_SPELLING_PREFIXES: tuple[tuple[str, str], ...] = (
    ("haemato", "hemato"), ("haemo", "hemo"), ("haem", "hem"), ("anaem", "anem"),
    ("oesophag", "esophag"), ("oedem", "edem"), ("paediatr", "pediatr"),
    ("leukaem", "leukem"), ("ischaem", "ischem"), ("foetal", "fetal"), ("foetus", "fetus"),
    ("tumour", "tumor"), ("oestr", "estr"), ("diarrhoe", "diarrhe"), ("coeliac", "celiac"),
)
_SPELLING_INFIXES: tuple[tuple[str, str], ...] = (
    ("aemia", "emia"), ("tumour", "tumor"), ("haem", "hem"), ("aemic", "emic"),
)
# Plural endings that must not be cut: "-ss" (abscess), "-us" (virus), "-is" (sclerosis).
_KEEP_S = ("ss", "us", "is", "ys")


def _is_abbreviation(token: str) -> bool:
    """Tell whether a token is a short all-caps abbreviation ("MS", "T1D")."""
    return len(token) <= 4 and token.isupper() and any(ch.isalpha() for ch in token)


def _abbreviation_form(token: str) -> str | None:
    """Return the abbreviation a text token spells ("MSCs" -> "MSC"), or None."""
    if _is_abbreviation(token):
        return token
    if len(token) >= 2 and token.endswith("s") and _is_abbreviation(token[:-1]):
        return token[:-1]
    return None


def normalise_token(token: str) -> str:
    """Case-folded, US-spelled, singular key of one token.

    >>> [normalise_token(t) for t in ("Tumours", "leukaemia", "Diseases", "therapies", "MSCs")]
    ['tumor', 'leukemia', 'disease', 'therapy', 'msc']
    """
    key = token.casefold()
    for old, new in _SPELLING_PREFIXES:
        if key.startswith(old):
            key = new + key[len(old):]
            break
    for old, new in _SPELLING_INFIXES:
        if old in key:
            key = key.replace(old, new)
    if len(key) > 4 and key.endswith("ies"):
        return key[:-3] + "y"
    # Four letters at least: "bes" (a MONDO synonym) must not become "be".
    if len(key) > 3 and key.endswith("s") and not key.endswith(_KEEP_S):
        return key[:-1]
    return key


# A token that starts lower-case and then has capitals: an acronym written in mixed case.
_MIXED_CASE = re.compile(r"\b[a-z]+[A-Z]")


def usable_synonym(synonym: str) -> bool:
    """Tell whether an ontology synonym may go into a lexicon.

    No short all-caps abbreviations (the curated synonym table decides which abbreviations
    are unambiguous) and nothing shorter than three letters.

    >>> usable_synonym("MS"), usable_synonym("PREGN"), usable_synonym("Gestation")
    (False, False, True)
    >>> usable_synonym("chILD syndrome"), usable_synonym("HIV infection")
    (False, True)
    """
    compact = re.sub(r"\W", "", synonym)
    if len(compact) < 3:
        return False
    if _MIXED_CASE.search(synonym):
        return False  # "chILD" is an acronym; matched case-insensitively it would be "child"
    return not (len(compact) <= 5 and compact.upper() == compact)


class Token(NamedTuple):
    """One token of a text.

    Offsets, the text as written, its key, and whether it may continue the phrase of the
    token before it (a tuple: texts have many tokens).
    """

    start: int
    end: int
    surface: str
    key: str
    joins_previous: bool


def _joinable(gap: str) -> bool:
    if gap == " ":
        return True  # by far the most common gap: skip the regular expressions
    if "'" in gap or "’" in gap:
        gap = _POSSESSIVE.sub("", gap)
    return _JOINABLE_GAP.fullmatch(gap) is not None


@dataclass
class _Scan:
    """Tokens of a text as parallel lists (cheaper than one object per token)."""

    starts: list[int]
    ends: list[int]
    surfaces: list[str]
    keys: list[str]
    joins: list[bool]


def _scan(text: str, memo: dict[str, str]) -> _Scan:
    starts: list[int] = []
    ends: list[int] = []
    surfaces: list[str] = []
    keys: list[str] = []
    joins: list[bool] = []
    gap_start = 0
    for match in _TOKEN.finditer(text):
        surface = match.group()
        if surface[0] in "'’":
            continue  # possessive: part of the gap, so "Crohn's disease" = "Crohn disease"
        key = memo.get(surface)
        if key is None:
            key = memo[surface] = normalise_token(surface)
        start, end = match.span()
        joins.append(bool(starts) and _joinable(text[gap_start:start]))
        starts.append(start)
        ends.append(end)
        surfaces.append(surface)
        keys.append(key)
        gap_start = end
    return _Scan(starts, ends, surfaces, keys, joins)


def tokenise(text: str, keys: dict[str, str] | None = None) -> list[Token]:
    """Tokens of ``text`` with exact character offsets (possessive "'s" dropped).

    ``keys`` memoises :func:`normalise_token` across calls (a lexicon passes its own).
    """
    scan = _scan(text, {} if keys is None else keys)
    return [Token(*row) for row in zip(scan.starts, scan.ends, scan.surfaces, scan.keys,
                                       scan.joins, strict=True)]


@dataclass(frozen=True)
class Mention:
    """A term found in a text."""

    start: int  # character offsets in the text given to find()
    end: int
    text: str  # the matched surface text
    iri: str  # ontology class IRI
    label: str  # the class's preferred label


@dataclass(frozen=True)
class _Entry:
    iri: str
    label: str
    # Exact spellings required at token positions holding abbreviations (position, form).
    case_sensitive: tuple[tuple[int, str], ...]
    rank: int  # lower is preferred when several classes share a surface form


def _entry_matches(entry: _Entry, surfaces: list[str], start: int) -> bool:
    for offset, form in entry.case_sensitive:
        if _abbreviation_form(surfaces[start + offset]) != form:
            return False
    return True


@dataclass(frozen=True)
class Lexicon:
    """A phrase matcher over ontology labels and synonyms.

    Build it with :meth:`from_entries`; ``find`` returns non-overlapping mentions, longest
    first, left to right; ``lookup`` answers which classes a whole term names.
    """

    entries: dict[tuple[str, ...], tuple[_Entry, ...]] = field(default_factory=dict)
    prefixes: frozenset[tuple[str, ...]] = frozenset()
    starters: frozenset[str] = frozenset()  # first token keys of all terms
    # Memo of token keys: normalising is the costly step and texts repeat their words.
    keys: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, str, str]]) -> Lexicon:
        """Build a lexicon from ``(surface term, iri, label)`` triples.

        Earlier entries win when several classes share a surface form, so callers list
        curated synonyms and preferred labels before ontology synonyms.
        """
        table: dict[tuple[str, ...], list[_Entry]] = {}
        memo: dict[str, str] = {}  # terms share most words: normalise each once
        for rank, (term, iri, label) in enumerate(entries):
            tokens = tokenise(term, memo)
            if not tokens:
                continue
            key = tuple(t.key for t in tokens)
            case = tuple((i, t.surface) for i, t in enumerate(tokens)
                         if _is_abbreviation(t.surface))
            bucket = table.setdefault(key, [])
            if not any(e.iri == iri and e.case_sensitive == case for e in bucket):
                bucket.append(_Entry(iri, label, case, rank))
        prefixes = {key[:n] for key in table for n in range(1, len(key))}
        frozen = {key: tuple(sorted(bucket, key=lambda e: e.rank)) for key, bucket in
                  table.items()}
        return cls(frozen, frozenset(prefixes), frozenset(key[0] for key in frozen), memo)

    def __len__(self) -> int:
        return sum(len(bucket) for bucket in self.entries.values())

    def _longest_at(self, scan: _Scan, i: int) -> tuple[int, _Entry] | None:
        """Find the longest term starting at token ``i``: (token count, best entry)."""
        best: tuple[int, _Entry] | None = None
        keys, joins = scan.keys, scan.joins
        key: tuple[str, ...] = ()
        j = i
        while j < len(keys) and (j == i or joins[j]):
            key = (*key, keys[j])
            bucket = self.entries.get(key)
            if bucket:
                for entry in bucket:
                    if _entry_matches(entry, scan.surfaces, i):
                        best = (j - i + 1, entry)
                        break
            if key not in self.prefixes:
                break
            j += 1
        return best

    def iter_find(self, text: str) -> Iterator[Mention]:
        """Mentions in ``text`` one by one (see :meth:`find`)."""
        scan = _scan(text, self.keys)
        starters = self.starters
        i = 0
        n = len(scan.keys)
        while i < n:
            if scan.keys[i] not in starters:  # most tokens start no term: one set look-up
                i += 1
                continue
            found = self._longest_at(scan, i)
            if found is None:
                i += 1
                continue
            length, entry = found
            start, end = scan.starts[i], scan.ends[i + length - 1]
            yield Mention(start, end, text[start:end], entry.iri, entry.label)
            i += length

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions, longest match first, left to right."""
        return list(self.iter_find(text))

    def lookup(self, term: str) -> tuple[str, ...]:
        """IRIs whose label or synonym equals the normalised ``term`` (best first)."""
        tokens = tokenise(term, self.keys)
        bucket = self.entries.get(tuple(t.key for t in tokens), ())
        surfaces = [t.surface for t in tokens]
        out: list[str] = []
        for entry in bucket:
            if _entry_matches(entry, surfaces, 0) and entry.iri not in out:
                out.append(entry.iri)
        return tuple(out)
