"""read_sources: containers (page, jsonl, folder, zip of mixed formats) and every bad input."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from kg.errors import FieldError, RecordError
from kg.sources import StudyRecord, read_sources
from kg.sources.reader import Document, ZipMember, decode_units, frame_sources

DATA = Path(__file__).parent / "data" / "sources"
V2 = (DATA / "v2_study.json").read_text()
CLASSIC = (DATA / "classic_study.json").read_text()
XML = (DATA / "study.xml").read_text()

Item = StudyRecord | RecordError


def _read(*paths: Path) -> list[Item]:
    return list(read_sources(paths))


def _summary(items: list[Item]) -> list[tuple[str, str, str]]:
    """(kind, origin or file, NCT id or reason) per item, for whole-stream assertions."""
    out = []
    for item in items:
        if isinstance(item, StudyRecord):
            out.append((item.fmt, item.origin, item.nct_id))
        else:
            assert item.location is not None
            out.append(("error", item.location.file, item.location.nct_id or ""))
    return out


# --- containers ---------------------------------------------------------------------------

def test_v2_page() -> None:
    page = DATA / "v2_page.json"
    assert _summary(_read(page)) == [("ctgov-v2", str(page), "NCT99000005"),
                                     ("ctgov-v2", str(page), "NCT99000006")]


def test_jsonl_line_by_line_with_errors_in_place() -> None:
    path = DATA / "studies.jsonl"
    items = _read(path)
    assert _summary(items) == [
        ("ctgov-v2", f"{path}:1", "NCT99000007"),
        ("ctgov-classic", f"{path}:3", "NCT99000008"),
        ("error", f"{path}:4", "NCT99000009"),
        ("error", f"{path}:5", ""),
    ]
    unknown_phase, truncated = items[2], items[3]
    assert isinstance(unknown_phase, FieldError)
    assert unknown_phase.field == "protocolSection.designModule.phases"
    assert "PHASE9" in str(unknown_phase)
    assert "truncated" in str(truncated)


def test_json_lines_are_detected_by_content_not_name(tmp_path: Path) -> None:
    path = tmp_path / "two.json"
    path.write_text(json.dumps(json.loads(V2)) + "\n" + json.dumps(json.loads(CLASSIC)) + "\n")
    assert _summary(_read(path)) == [("ctgov-v2", f"{path}:1", "NCT99000001"),
                                     ("ctgov-classic", f"{path}:2", "NCT99000002")]


def test_single_line_json_document_keeps_the_file_as_origin(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(json.loads(V2)))
    assert _summary(_read(path)) == [("ctgov-v2", str(path), "NCT99000001")]


@pytest.mark.parametrize("wrap", [
    lambda study: {"FullStudiesResponse": {"FullStudies": [{"Rank": 1, "Study": study}]}},
    lambda study: {"FullStudy": {"Study": study}},
    lambda study: [study],
])
def test_classic_wrappers(tmp_path: Path, wrap: object) -> None:
    study = json.loads(CLASSIC)["FullStudy"]["Study"]
    path = tmp_path / "classic.json"
    path.write_text(json.dumps(wrap(study)))  # type: ignore[operator]
    assert _summary(_read(path)) == [("ctgov-classic", str(path), "NCT99000002")]


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.xml").write_text(XML)
    (tmp_path / "a.json").write_text(V2)
    (tmp_path / "c.dat").write_text(CLASSIC)
    (tmp_path / ".hidden" / "x.json").write_text(V2)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    assert _summary(_read(tmp_path)) == [
        ("ctgov-v2", str(tmp_path / "a.json"), "NCT99000001"),
        ("ctgov-classic", str(tmp_path / "c.dat"), "NCT99000002"),
        ("ctgov-xml", str(tmp_path / "b" / "z.xml"), "NCT99000004"),
    ]


def test_zip_of_mixed_formats(tmp_path: Path) -> None:
    archive = tmp_path / "mixed.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("NCT99000001.json", V2)
        zf.writestr("classic/NCT99000002.json", CLASSIC)
        zf.writestr("classic/", "")
        zf.writestr("xml/NCT99000004.xml", XML)
        zf.writestr("fields.json", (DATA / "studyfields_page.json").read_text())
        zf.writestr("lines.jsonl", (DATA / "studies.jsonl").read_text())
        zf.writestr("__MACOSX/._NCT99000001.json", b"\x00\x05\x16\x07")
        zf.writestr("broken.json", '{"protocolSection": {')
    summary = _summary(_read(archive))
    assert summary == [
        ("ctgov-v2", f"{archive}!NCT99000001.json", "NCT99000001"),
        ("error", f"{archive}!broken.json", ""),
        ("ctgov-classic", f"{archive}!classic/NCT99000002.json", "NCT99000002"),
        ("ctgov-studyfields", f"{archive}!fields.json", "NCT99000003"),
        ("ctgov-v2", f"{archive}!lines.jsonl:1", "NCT99000007"),
        ("ctgov-classic", f"{archive}!lines.jsonl:3", "NCT99000008"),
        ("error", f"{archive}!lines.jsonl:4", "NCT99000009"),
        ("error", f"{archive}!lines.jsonl:5", ""),
        ("ctgov-xml", f"{archive}!xml/NCT99000004.xml", "NCT99000004"),
    ]


def test_reading_is_lazy(tmp_path: Path) -> None:
    stream = read_sources([DATA / "v2_study.json", tmp_path / "missing.json"])
    first = next(stream)
    assert isinstance(first, StudyRecord)  # the missing path is not looked at yet
    assert isinstance(next(stream), RecordError)


# --- bad input ------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE clinical_study [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<clinical_study><id_info><nct_id>NCT99000010</nct_id></id_info><brief_title>&c;</brief_title>
</clinical_study>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE clinical_study [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<clinical_study><id_info><nct_id>NCT99000011</nct_id></id_info><brief_title>&secret;</brief_title>
</clinical_study>"""


@pytest.mark.parametrize(("name", "content", "nct_id", "field", "words"), [
    ("empty.json", b"", None, None, "empty file"),
    ("blank.json", b"  \n\n  ", None, None, "empty file"),
    ("truncated.json", V2[:200].encode(), None, None, "truncated"),
    ("cut-in-string.json", b'{"protocolSection": {"identificationModule": {"nct', None, None,
     "truncated"),
    ("syntax.json", b'{"protocolSection" {}}', None, None, "Expecting ':' delimiter"),
    ("no-id.json", json.dumps({"protocolSection": {"statusModule": {
        "overallStatus": "RECRUITING"}}}).encode(),
     None, "protocolSection.identificationModule.nctId", "no NCT id"),
    ("no-id-classic.json", CLASSIC.replace('"NCTId": "NCT99000002",', "").encode(),
     None, "protocolSection.identificationModule.nctId", "no NCT id"),
    ("no-id.xml", XML.replace("<nct_id>NCT99000004</nct_id>", "").encode(),
     None, "protocolSection.identificationModule.nctId", "no NCT id"),
    ("bad-id.json", V2.replace("NCT99000001", "NCT-1").encode(),
     "NCT-1", "protocolSection.identificationModule.nctId", "not an NCT id"),
    ("twenty.json", CLASSIC.replace('"EnrollmentCount": "20"', '"EnrollmentCount": "twenty"')
     .encode(), "NCT99000002", "protocolSection.designModule.enrollmentInfo.count", "twenty"),
    ("phase9.json", CLASSIC.replace('"Early Phase 1"', '"Phase 9"').encode(),
     "NCT99000002", "protocolSection.designModule.phases", "Phase 9"),
    ("abc.json", V2.replace('"count": 30', '"count": "abc"').encode(),
     "NCT99000001", "protocolSection.designModule.enrollmentInfo.count", "abc"),
    ("list.json", V2.replace('"conditionsModule": {"conditions": ["Knee Osteoarthritis"]}',
                             '"conditionsModule": [["Knee Osteoarthritis"]]').encode(),
     "NCT99000001", "protocolSection.conditionsModule", "expected an object"),
    ("v2-phase9.json", V2.replace('"PHASE2"', '"PHASE9"').encode(),
     "NCT99000001", "protocolSection.designModule.phases", "PHASE9"),
    ("latin1.json", V2.replace("Lyon", "Lyon\u00e9").encode("latin-1"),
     None, None, "not UTF-8"),
    ("laughs.xml", BILLION_LAUGHS.encode(), None, None, "DTD"),
    ("xxe.xml", EXTERNAL_ENTITY.encode(), None, None, "DTD"),
    ("broken.xml", XML[:300].encode(), None, None, "not well-formed XML"),
    ("page.html", b"<html><body>Not a trial</body></html>", None, None, "<html>"),
    ("notes.txt", b"Just some notes about trials.\n", None, None, "neither JSON nor XML"),
    ("other.json", b'{"name": "not a trial", "version": 2}', None, None,
     "not a ClinicalTrials.gov study record"),
    ("number.json", b"42", None, None, "not a ClinicalTrials.gov study record"),
])
def test_bad_input_is_a_located_error(tmp_path: Path, name: str, content: bytes,
                                      nct_id: str | None, field: str | None,
                                      words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [error] = _read(path)
    assert isinstance(error, RecordError)
    assert error.location is not None
    assert error.location.file == str(path)
    assert error.location.nct_id == nct_id
    assert error.location.field == field
    assert words in error.reason
    assert str(path) in str(error)
    if field:
        assert isinstance(error, FieldError) and field in str(error)


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    [error] = _read(tmp_path / "nowhere")
    assert isinstance(error, RecordError)
    assert error.location is not None and error.location.file == str(tmp_path / "nowhere")
    assert "no such file" in error.reason


def test_bad_records_do_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "1.json").write_bytes(b"")
    (tmp_path / "2.json").write_text(V2)
    (tmp_path / "3.xml").write_text(EXTERNAL_ENTITY)
    (tmp_path / "4.xml").write_text(XML)
    kinds = [s[0] for s in _summary(_read(tmp_path))]
    assert kinds == ["error", "ctgov-v2", "error", "ctgov-xml"]


def damaged_member_zip(path: Path) -> None:
    """A zip of three records whose middle member's stored bytes are damaged (bad CRC)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("a/NCT99000001.json", V2)
        zf.writestr("b/NCT99000002.json", CLASSIC)
        zf.writestr("c/NCT99000004.xml", XML)
    data = bytearray(path.read_bytes())
    at = data.index(b'"NCTId"')  # only the classic record spells the field this way
    data[at + 1] = ord("X")
    path.write_bytes(bytes(data))


def test_a_damaged_zip_member_is_a_located_error(tmp_path: Path) -> None:
    # zip members are framed by name and read later (in the build, by the workers): a
    # member that fails to decompress is still one located error among good records
    path = tmp_path / "damaged.zip"
    damaged_member_zip(path)
    summary = _summary(_read(path))
    assert summary == [
        ("ctgov-v2", f"{path}!a/NCT99000001.json", "NCT99000001"),
        ("error", f"{path}!b/NCT99000002.json", ""),
        ("ctgov-xml", f"{path}!c/NCT99000004.xml", "NCT99000004"),
    ]
    errors = [item for item in _read(path) if isinstance(item, RecordError)]
    assert "cannot read the zip member" in errors[0].reason and "CRC" in errors[0].reason


def test_zip_members_are_framed_by_name_and_json_lines_line_by_line(tmp_path: Path) -> None:
    # a worker decodes what framing hands it whole: a JSON-lines member, which can be any
    # size, is cut into lines while framing instead
    archive = tmp_path / "both.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("NCT99000001.json", V2)
        zf.writestr("lines.jsonl", (DATA / "studies.jsonl").read_text())
    units = list(frame_sources([archive]))
    assert units[0] == ZipMember(archive, "NCT99000001.json")
    lines = units[1:]
    assert all(isinstance(u, Document) for u in lines) and len(lines) >= 4
    assert isinstance(lines[0], Document) and lines[0].origin == f"{archive}!lines.jsonl:1"
    summary = _summary(list(decode_units(units)))
    assert summary[:2] == [("ctgov-v2", f"{archive}!NCT99000001.json", "NCT99000001"),
                           ("ctgov-v2", f"{archive}!lines.jsonl:1", "NCT99000007")]


def test_a_zip_gone_after_framing_is_an_error_per_member(tmp_path: Path) -> None:
    archive = tmp_path / "gone.zip"
    damaged_member_zip(archive)
    units = list(frame_sources([archive]))
    archive.unlink()
    summary = _summary(list(decode_units(units)))
    assert [origin for _, origin, _ in summary] == [u.origin for u in units
                                                    if isinstance(u, ZipMember)]
    assert {kind for kind, _, _ in summary} == {"error"}


def test_corrupt_zip_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    [error] = _read(path)
    assert isinstance(error, RecordError)
    assert error.location is not None and error.location.file == str(path)
    assert "zip" in error.reason
