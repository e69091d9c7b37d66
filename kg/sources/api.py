"""A small client of the live ClinicalTrials.gov API v2 (standard library only).

``fetch_studies`` pages through ``/api/v2/studies`` with ``nextPageToken``, retries with
exponential backoff on 429 and 5xx answers (and on dropped connections), and writes each page
as ``page-NNNN.json`` plus a ``state.json`` holding the next token, so that a fetch that was
interrupted resumes where it stopped. The pages are ordinary v2 pages: ``read_sources`` reads
the output folder directly (it recognises the state file and skips it).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.files import write_atomically
from kg.sources.detect import FETCH_STATE_KIND

API_URL = "https://clinicaltrials.gov/api/v2/studies"
STATE_FILE = "state.json"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "cell-trials-kg (+https://w3id.org/cell-trials-kg/)"


class FetchError(KGError):
    """The registry API could not be reached or answered with an error."""


@dataclass(frozen=True)
class FetchQuery:
    """What to ask the API for; empty fields are left out of the request."""

    term: str | None = None  # query.term: free text, Essie syntax
    condition: str | None = None  # query.cond
    intervention: str | None = None  # query.intr
    statuses: tuple[str, ...] = ()  # filter.overallStatus, v2 codes such as "RECRUITING"
    page_size: int = 100  # pageSize, at most 1000

    def params(self) -> dict[str, str]:
        """Return the query string parameters, without paging."""
        params = {
            "query.term": self.term,
            "query.cond": self.condition,
            "query.intr": self.intervention,
            "filter.overallStatus": ",".join(self.statuses) or None,
            "pageSize": str(self.page_size),
            "format": "json",
        }
        return {key: value for key, value in params.items() if value}


@dataclass(frozen=True)
class FetchResult:
    """What a fetch did: the page files written now, and whether the listing is complete."""

    out_dir: Path
    pages: tuple[Path, ...]  # written by this call, in order
    studies: int  # studies in the pages written by this call
    complete: bool  # no further page: the whole result set is on disk
    resumed: bool  # this call continued an earlier, interrupted fetch


@dataclass(frozen=True)
class _State:
    params: dict[str, str]
    next_page: int
    next_token: str | None
    done: bool


def fetch_studies(query: FetchQuery, out_dir: Path, *, base_url: str = API_URL,
                  max_pages: int | None = None,
                  opener: urllib.request.OpenerDirector | None = None,
                  retries: int = 5, backoff: float = 1.0, timeout: float = 60.0,
                  sleep: Callable[[float], None] = time.sleep) -> FetchResult:
    """Fetch all studies matching ``query`` into ``out_dir``, resuming an earlier fetch.

    ``max_pages`` stops after that many pages (the state stays resumable). Raises FetchError
    when the API keeps failing, and KGError when ``out_dir`` holds a fetch of another query.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    params = query.params()
    state = _load_state(out_dir, params)
    resumed = state.next_page > 1 and not state.done
    open_url = opener or urllib.request.build_opener()
    written: list[Path] = []
    studies = 0
    while not state.done and (max_pages is None or len(written) < max_pages):
        page_params = dict(params)
        if state.next_token:
            page_params["pageToken"] = state.next_token
        url = f"{base_url}?{urllib.parse.urlencode(page_params)}"
        page = _get_json(open_url, url, retries=retries, backoff=backoff, timeout=timeout,
                         sleep=sleep)
        path = out_dir / f"page-{state.next_page:04d}.json"
        _write_json(path, page)
        written.append(path)
        studies += len(page["studies"])
        token = page.get("nextPageToken")
        state = _State(params, state.next_page + 1, token if isinstance(token, str) else None,
                       done=not token)
        _write_json(out_dir / STATE_FILE, {"kind": FETCH_STATE_KIND, "query": params,
                                           "nextPage": state.next_page,
                                           "nextPageToken": state.next_token,
                                           "done": state.done})
    return FetchResult(out_dir, tuple(written), studies, state.done, resumed)


def _load_state(out_dir: Path, params: dict[str, str]) -> _State:
    path = out_dir / STATE_FILE
    if not path.exists():
        return _State(params, 1, None, done=False)
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        saved_params, next_page = saved["query"], int(saved["nextPage"])
        token, done = saved.get("nextPageToken"), bool(saved.get("done"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise KGError(f"{path}: unreadable fetch state ({error}); remove it to start over") \
            from error
    if saved_params != params:
        raise KGError(f"{out_dir} holds a fetch of another query ({saved_params}); "
                      "use another folder")
    return _State(params, next_page, token, done)


def _get_json(opener: urllib.request.OpenerDirector, url: str, *, retries: int,
              backoff: float, timeout: float, sleep: Callable[[float], None]) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": USER_AGENT})
    for attempt in range(retries + 1):
        last = attempt == retries
        try:
            with opener.open(request, timeout=timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            if error.code not in RETRY_STATUS or last:
                detail = error.read()[:200].decode("utf-8", "replace")
                raise FetchError(f"{url}: HTTP {error.code} {error.reason}: {detail}") from error
            sleep(_delay(error.headers.get("Retry-After"), backoff, attempt))
            continue
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            if last:
                raise FetchError(f"{url}: {error}") from error
            sleep(_delay(None, backoff, attempt))
            continue
        return _page(body, url)
    raise FetchError(f"{url}: no answer after {retries + 1} attempts")


def _delay(retry_after: str | None, backoff: float, attempt: int) -> float:
    if retry_after and retry_after.strip().isdigit():
        return float(retry_after.strip())
    return backoff * (2 ** attempt)


def _page(body: bytes, url: str) -> dict[str, Any]:
    try:
        page = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FetchError(f"{url}: the API answered with something that is not JSON") from error
    if not isinstance(page, dict) or not isinstance(page.get("studies"), list):
        raise FetchError(f"{url}: the API answer has no 'studies' list")
    return page


def _write_json(path: Path, value: Any) -> None:
    # an interrupted fetch never leaves half a page or state
    write_atomically(path, json.dumps(value, ensure_ascii=False).encode("utf-8"))
