"""The API v2 client against a local http.server serving canned pages (and once the real API)."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from kg.errors import KGError
from kg.sources import StudyRecord, read_sources
from kg.sources.api import STATE_FILE, FetchError, FetchQuery, fetch_studies


def _study(nct_id: str) -> dict[str, Any]:
    return {"protocolSection": {"identificationModule": {"nctId": nct_id},
                                "statusModule": {"overallStatus": "RECRUITING"}}}


# token -> (studies, next token)
PAGES: dict[str | None, tuple[list[str], str | None]] = {
    None: (["NCT99100001", "NCT99100002"], "t2"),
    "t2": (["NCT99100003"], "t3"),
    "t3": (["NCT99100004"], None),
}


class FakeRegistry(ThreadingHTTPServer):
    """Serves PAGES; the first ``failures[token]`` requests for a token answer ``status``."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict[str, str]] = []
        self.failures: dict[str | None, int] = {}
        self.status = 503

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/api/v2/studies"


class _Handler(BaseHTTPRequestHandler):
    server: FakeRegistry

    def do_GET(self) -> None:
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        self.server.requests.append(query)
        token = query.get("pageToken")
        if self.server.failures.get(token, 0) > 0:
            self.server.failures[token] -= 1
            self._send(self.server.status, {"error": "busy"}, {"Retry-After": "0"})
        elif token not in PAGES:
            self._send(400, {"error": "bad token"})
        else:
            ids, next_token = PAGES[token]
            page: dict[str, Any] = {"studies": [_study(i) for i in ids]}
            if next_token:
                page["nextPageToken"] = next_token
            self._send(200, page)

    def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
              ) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return  # keep test output quiet


@pytest.fixture()
def registry() -> Iterator[FakeRegistry]:
    server = FakeRegistry()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


QUERY = FetchQuery(term="mesenchymal", condition="knee osteoarthritis",
                   statuses=("RECRUITING", "COMPLETED"), page_size=2)


def test_fetch_all_pages_with_one_503(registry: FakeRegistry, tmp_path: Path) -> None:
    registry.failures = {"t2": 1}
    delays: list[float] = []
    result = fetch_studies(QUERY, tmp_path, base_url=registry.url, sleep=delays.append)
    assert result.complete and not result.resumed
    assert result.studies == 4
    assert [p.name for p in result.pages] == ["page-0001.json", "page-0002.json",
                                              "page-0003.json"]
    assert [r.get("pageToken") for r in registry.requests] == [None, "t2", "t2", "t3"]
    assert delays == [0.0]  # Retry-After: 0 from the server
    first = registry.requests[0]
    assert first == {"query.term": "mesenchymal", "query.cond": "knee osteoarthritis",
                     "filter.overallStatus": "RECRUITING,COMPLETED", "pageSize": "2",
                     "format": "json"}
    state = json.loads((tmp_path / STATE_FILE).read_text())
    assert state["done"] is True and state["nextPageToken"] is None
    items = list(read_sources([tmp_path]))
    assert all(isinstance(i, StudyRecord) for i in items)  # the state file is skipped
    assert [i.nct_id for i in items if isinstance(i, StudyRecord)] == [
        "NCT99100001", "NCT99100002", "NCT99100003", "NCT99100004"]


def test_interrupted_fetch_resumes(registry: FakeRegistry, tmp_path: Path) -> None:
    first = fetch_studies(QUERY, tmp_path, base_url=registry.url, max_pages=1)
    assert not first.complete and [p.name for p in first.pages] == ["page-0001.json"]
    assert json.loads((tmp_path / STATE_FILE).read_text())["nextPageToken"] == "t2"
    second = fetch_studies(QUERY, tmp_path, base_url=registry.url)
    assert second.resumed and second.complete
    assert [p.name for p in second.pages] == ["page-0002.json", "page-0003.json"]
    assert [r.get("pageToken") for r in registry.requests] == [None, "t2", "t3"]
    again = fetch_studies(QUERY, tmp_path, base_url=registry.url)
    assert again.complete and again.pages == () and len(registry.requests) == 3


def test_other_query_in_same_folder_is_refused(registry: FakeRegistry, tmp_path: Path) -> None:
    fetch_studies(QUERY, tmp_path, base_url=registry.url, max_pages=1)
    with pytest.raises(KGError, match="another query"):
        fetch_studies(FetchQuery(term="exosome"), tmp_path, base_url=registry.url)


def test_retries_give_up_with_backoff(registry: FakeRegistry, tmp_path: Path) -> None:
    registry.failures = {None: 10}
    registry.status = 500
    delays: list[float] = []
    with pytest.raises(FetchError, match="HTTP 500"):
        fetch_studies(QUERY, tmp_path, base_url=registry.url, retries=2, sleep=delays.append)
    assert len(registry.requests) == 3 and len(delays) == 2
    assert not (tmp_path / "page-0001.json").exists()


def test_client_errors_are_not_retried(registry: FakeRegistry, tmp_path: Path) -> None:
    registry.failures = {None: 1}
    registry.status = 404
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_studies(QUERY, tmp_path, base_url=registry.url, sleep=lambda _: None)
    assert len(registry.requests) == 1


def test_unreachable_server(tmp_path: Path) -> None:
    delays: list[float] = []
    with pytest.raises(FetchError):
        fetch_studies(QUERY, tmp_path, base_url="http://127.0.0.1:9/api/v2/studies",
                      retries=1, backoff=0.5, sleep=delays.append, timeout=2)
    assert delays == [0.5]


@pytest.mark.network
def test_real_api_one_page(tmp_path: Path) -> None:
    result = fetch_studies(FetchQuery(term="mesenchymal stem cells", page_size=2), tmp_path,
                           max_pages=1)
    assert result.studies == 2
    items = list(read_sources(result.pages))
    assert all(isinstance(i, StudyRecord) for i in items), [str(i) for i in items]


def test_cli_fetch_then_build(registry: FakeRegistry, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import get_cli

    out = tmp_path / "records"
    runner = CliRunner()
    fetched = runner.invoke(get_cli(), ["fetch", "--term", "mesenchymal", "--page-size", "2",
                                        "-o", str(out), "--base-url", registry.url])
    assert fetched.exit_code == 0, fetched.output
    assert "wrote 4 studies in 3 page(s)" in fetched.output and "complete" in fetched.output
    built = runner.invoke(get_cli(), ["build", str(out), "--store", str(tmp_path / "store"),
                                      "--no-ontology"])
    assert built.exit_code == 0, built.output
    assert "Loaded 4 trials" in built.output


def test_cli_fetch_needs_a_query(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import get_cli

    result = CliRunner().invoke(get_cli(), ["fetch", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "at least one of" in result.output
