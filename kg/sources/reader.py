"""Walk files, folders, zip archives and JSON lines; yield one study record at a time.

Nothing here loads more than one file (or zip member) at a time, and ``.jsonl`` input is
read line by line. A problem with one record (or one file) becomes a ``RecordError`` in the
stream and reading goes on with the next.
"""

from __future__ import annotations

import json
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

from kg.errors import Location, RecordError
from kg.sources import ctgov_classic, ctgov_studyfields, ctgov_v2, ctgov_xml
from kg.sources.detect import sniff, split_json
from kg.sources.record import StudyRecord, locate
from kg.sources.schema import check_nct_id

Item = StudyRecord | RecordError

_LINE_SUFFIXES = (".jsonl", ".ndjson")
_CONVERTERS: MappingProxyType[str, tuple[Callable[[Any], dict[str, Any]],
                                         Callable[[Any], str | None]]] = MappingProxyType({
    ctgov_v2.FORMAT: (ctgov_v2.to_v2, ctgov_v2.nct_id_hint),
    ctgov_classic.FORMAT: (ctgov_classic.to_v2, ctgov_classic.nct_id_hint),
    ctgov_studyfields.FORMAT: (ctgov_studyfields.to_v2, ctgov_studyfields.nct_id_hint),
})


def read_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Item]:
    """Yield every study found in ``paths`` (files, folders, zips) as v2-shaped records.

    Problems are yielded as ``RecordError`` (located by file, NCT id and field) in place of
    the record; a path that does not exist is one such error.
    """
    for path in paths:
        yield from read_path(Path(path))


def read_path(path: Path) -> Iterator[Item]:
    """Yield the records of one file or folder (folders recursively, in sorted order)."""
    if path.is_dir():
        for file in walk(path):
            yield from read_file(file)
    elif path.is_file():
        yield from read_file(path)
    elif not path.exists():
        yield RecordError("no such file or folder", Location(str(path)))
    else:
        yield RecordError("not a regular file or folder", Location(str(path)))


# Documentation that lives beside records in a folder is not a record. Only these are left
# out: any other file is read and its format detected from its content.
_DOCUMENTATION = (".md", ".rst", ".txt")


def walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in sorted order; hidden files and documentation left out."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and not name.lower().endswith(_DOCUMENTATION):
                yield Path(dirpath) / name


def read_file(path: Path) -> Iterator[Item]:
    """Yield the records of one file, whatever its format (detected from its content)."""
    origin = str(path)
    try:
        with path.open("rb") as handle:
            if sniff(handle.read(4)) == "zip":
                is_zip = True
            else:
                is_zip = False
                handle.seek(0)
                yield from read_stream(handle, origin, path.name)
    except OSError as error:
        yield RecordError(f"cannot read the file: {error.strerror or error}", Location(origin))
        return
    if is_zip:
        yield from read_zip(path)


def read_zip(path: Path) -> Iterator[Item]:
    """Yield the records of every member of a zip archive, one member at a time."""
    origin = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        yield RecordError(f"not a readable zip archive: {error}", Location(origin))
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir() or _hidden_member(info.filename):
                continue
            member = f"{origin}!{info.filename}"
            try:
                with archive.open(info) as handle:
                    yield from read_stream(handle, member, info.filename)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
                yield RecordError(f"cannot read the zip member: {error}", Location(member))


def _hidden_member(name: str) -> bool:
    parts = name.split("/")
    return parts[0] == "__MACOSX" or any(part.startswith(".") for part in parts)


def read_stream(handle: IO[bytes], origin: str, name: str) -> Iterator[Item]:
    """Yield the records of one binary stream: XML, a JSON document or JSON lines."""
    lineno, first = _next_line(handle, 0)
    if first is None:
        yield RecordError("empty file", Location(origin))
        return
    kind = sniff(first)
    if kind == "zip":
        yield RecordError("a zip archive inside a zip archive is not read", Location(origin))
        return
    if kind == "xml":
        yield _xml_record(first + handle.read(), origin)
        return
    if kind == "other":
        preview = first.strip()[:30].decode("utf-8", "replace")
        yield RecordError(f"not a ClinicalTrials.gov study record: neither JSON nor XML "
                          f"(starts with {preview!r})", Location(origin))
        return
    line_mode = name.lower().endswith(_LINE_SUFFIXES)
    pending = [(lineno, first)]
    if not line_mode:
        parsed = _try_json(first)
        if parsed is not _NOT_JSON:
            # a complete JSON value on the first line followed by more content: JSON lines
            second_no, second = _next_line(handle, lineno)
            if second is None:  # a one-line document, already parsed: don't parse it twice
                yield from _json_value(parsed, origin)
                return
            line_mode = True
            pending.append((second_no, second))
    if not line_mode:
        yield from _json_document(first + handle.read(), origin)
        return
    for number, line in pending:
        yield from _json_document(line, f"{origin}:{number}")
    number = pending[-1][0]
    for line in handle:
        number += 1
        if line.strip():
            yield from _json_document(line, f"{origin}:{number}")


def _next_line(handle: IO[bytes], lineno: int) -> tuple[int, bytes | None]:
    for line in handle:
        lineno += 1
        if line.strip():
            return lineno, line
    return lineno, None


_NOT_JSON = object()


def _try_json(line: bytes) -> Any:
    """The parsed value of a line, or ``_NOT_JSON``."""
    try:
        return json.loads(line.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _NOT_JSON


def _decode(data: bytes, origin: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start:error.start + 1].hex()
        raise RecordError(f"not UTF-8 text: byte 0x{bad} at offset {error.start} cannot be "
                          "decoded (JSON records must be UTF-8)", Location(origin)) from error


def _parse_json(data: bytes, origin: str) -> Any:
    text = _decode(data, origin)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
            reason = (f"not valid JSON: the data ends too early ({error.msg}, {where}); "
                      "the file looks truncated")
        else:
            reason = f"not valid JSON: {error.msg} ({where})"
        raise RecordError(reason, Location(origin)) from error


def _json_document(data: bytes, origin: str) -> Iterator[Item]:
    try:
        value = _parse_json(data, origin)
    except RecordError as error:
        yield error
        return
    yield from _json_value(value, origin)


def _json_value(value: Any, origin: str) -> Iterator[Item]:
    for item in split_json(value):
        if isinstance(item, RecordError):
            yield locate(item, origin, None)
        else:
            fmt, raw = item
            yield convert_record(fmt, raw, origin)


def convert_record(fmt: str, raw: Any, origin: str) -> Item:
    """Convert one raw JSON study of format ``fmt`` to a checked v2 record, or an error."""
    to_v2, hint = _CONVERTERS[fmt]
    try:
        study = to_v2(raw)
        if fmt != ctgov_v2.FORMAT:
            _require_nct_id(study)
    except RecordError as error:
        return locate(error, origin, hint(raw))
    return StudyRecord(study, origin, fmt)


def _require_nct_id(study: dict[str, Any]) -> None:
    # Converters build types and codes themselves (and the mapper checks both again where it
    # reads them), so a converted record needs only its NCT id checked here.
    problem = check_nct_id(study)
    if problem:
        raise problem


def _xml_record(data: bytes, origin: str) -> Item:
    try:
        root = ctgov_xml.parse(data)
    except RecordError as error:
        return locate(error, origin, None)
    if not ctgov_xml.is_study(root):
        return RecordError(f"not a ClinicalTrials.gov study record: the XML root is <{root.tag}>,"
                           " not <clinical_study>", Location(origin))
    try:
        study = ctgov_xml.to_v2(root)
        _require_nct_id(study)
    except RecordError as error:
        return locate(error, origin, ctgov_xml.nct_id_hint(root))
    return StudyRecord(study, origin, ctgov_xml.FORMAT)
