"""Walk files, folders, zip archives and JSON lines; yield one study record at a time.

Reading has two steps. *Framing* walks the inputs and cuts them into units without parsing
them: a file, a JSON line, or a zip member named but not yet decompressed; *decoding* reads and
parses a unit and converts its studies to the v2 shape. ``read_sources`` does both; the build
frames in its main process and decodes in its workers, because decompressing, parsing and
converting cost ten times more than framing.

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
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

from kg.errors import Location, RecordError
from kg.sources import ctgov_classic, ctgov_studyfields, ctgov_v2, ctgov_xml
from kg.sources.detect import sniff, split_json
from kg.sources.record import StudyRecord, locate
from kg.sources.schema import check_nct_id

Item = StudyRecord | RecordError


@dataclass(frozen=True)
class Document:
    """One framed, not yet decoded document: a whole file or zip member, or one JSON line.

    Small and picklable, so that decoding can run in another process.
    """

    origin: str  # where its records come from, as a StudyRecord's ``origin``
    data: bytes = b""
    xml: bool = False
    parsed: tuple[Any] | None = None  # the JSON value, when framing had to parse it already

    def records(self) -> list[Item]:
        """Parse the document and convert its studies: records and errors, in order."""
        if self.xml:
            return [_xml_record(self.data, self.origin)]
        if self.parsed is not None:
            return list(_json_value(self.parsed[0], self.origin))
        return list(_json_document(self.data, self.origin))


@dataclass(frozen=True)
class ZipMember:
    """A zip archive's member, framed by its name alone: decoding reads and frames it.

    Framing a zip costs only its directory; decompressing the members is left to the
    decoding step (in the build, the workers), which opens each archive once per run of
    members.
    """

    archive: Path
    name: str

    @property
    def origin(self) -> str:
        """Where the member's records come from: ``archive!member``."""
        return f"{self.archive}!{self.name}"


Unit = Document | ZipMember | RecordError

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
    yield from decode_units(frame_sources(paths))


def frame_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Unit]:
    """Yield the documents of ``paths`` undecoded (or the errors of reading them), in order."""
    for path in paths:
        yield from read_path(Path(path))


def decode_units(units: Iterable[Unit]) -> Iterator[Item]:
    """The records of framed units, in order (errors of framing pass through)."""
    opened: tuple[Path, zipfile.ZipFile | RecordError] | None = None
    try:
        for unit in units:
            if isinstance(unit, ZipMember):
                if opened is None or opened[0] != unit.archive:
                    _close(opened)
                    opened = (unit.archive, _open_zip(unit.archive))
                yield from _member_records(opened[1], unit)
            elif isinstance(unit, Document):
                yield from unit.records()
            else:
                yield unit
    finally:
        _close(opened)


def read_path(path: Path) -> Iterator[Unit]:
    """Frame one file or folder (folders recursively, in sorted order)."""
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


def read_file(path: Path) -> Iterator[Unit]:
    """Frame one file, whatever its format (detected from its content)."""
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


def read_zip(path: Path) -> Iterator[Unit]:
    """Frame every member of a zip archive, one member at a time."""
    archive = _open_zip(path)
    if isinstance(archive, RecordError):
        yield archive
        return
    with archive:
        for name in sorted(info.filename for info in archive.infolist()
                           if not info.is_dir() and not _hidden_member(info.filename)):
            if name.lower().endswith(_LINE_SUFFIXES):
                # framed here, line by line, so that no process holds a whole JSON-lines file
                yield from _frame_member(archive, ZipMember(path, name))
            else:
                yield ZipMember(path, name)


def _open_zip(path: Path) -> zipfile.ZipFile | RecordError:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        return RecordError(f"not a readable zip archive: {error}", Location(str(path)))


def _close(opened: tuple[Path, zipfile.ZipFile | RecordError] | None) -> None:
    if opened and isinstance(opened[1], zipfile.ZipFile):
        opened[1].close()


def _member_records(archive: zipfile.ZipFile | RecordError, member: ZipMember) -> Iterator[Item]:
    if isinstance(archive, RecordError):  # the archive went away since it was framed
        yield RecordError(archive.reason, Location(member.origin))
        return
    for document in _frame_member(archive, member):
        yield from document.records() if isinstance(document, Document) else [document]


def _frame_member(archive: zipfile.ZipFile, member: ZipMember
                  ) -> Iterator[Document | RecordError]:
    try:
        with archive.open(member.name) as handle:
            yield from read_stream(handle, member.origin, member.name)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError) as error:
        yield RecordError(f"cannot read the zip member: {error}", Location(member.origin))


def _hidden_member(name: str) -> bool:
    parts = name.split("/")
    return parts[0] == "__MACOSX" or any(part.startswith(".") for part in parts)


def read_stream(handle: IO[bytes], origin: str, name: str) -> Iterator[Document | RecordError]:
    """Frame one binary stream: an XML document, a JSON document or JSON lines."""
    lineno, first = _next_line(handle, 0)
    if first is None:
        yield RecordError("empty file", Location(origin))
        return
    kind = sniff(first)
    if kind == "zip":
        yield RecordError("a zip archive inside a zip archive is not read", Location(origin))
        return
    if kind == "xml":
        yield Document(origin, first + handle.read(), xml=True)
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
                yield Document(origin, parsed=(parsed,))
                return
            line_mode = True
            pending.append((second_no, second))
    if not line_mode:
        yield Document(origin, first + handle.read())
        return
    for number, line in pending:
        yield Document(f"{origin}:{number}", line)
    number = pending[-1][0]
    for line in handle:
        number += 1
        if line.strip():
            yield Document(f"{origin}:{number}", line)


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
