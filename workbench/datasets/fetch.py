"""Downloads of one file from a list of mirrors, tried in turn.

pooch does the careful part: it streams to a temporary file in the target folder, checks the SHA-256
and only then renames the file into place, so an interrupted or corrupt download is never kept.
Here: the mirror list, timeouts, retries of transient failures, progress, and readable reasons.
"""
from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from workbench.datasets.errors import DatasetError
from workbench.datasets.sources import IdxFile
from workbench.i18n import t
from workbench.i18n.os_errors import os_error_behind, os_error_text

Progress = Callable[[int, int, str], None]

TIMEOUT = (10.0, 30.0)
"""Seconds to connect, and to wait for each piece of data, before a mirror counts as not answering."""
RETRIES = 1
"""Extra rounds over the mirrors that failed for a reason that may pass (timeouts, dropped links)."""
RETRY_WAIT = 1.0
"""Seconds before the first extra round; each further round waits one more, at most five times."""
CHUNK_BYTES = 64 * 1024
STALE_AFTER = 30 * 60
"""Seconds a temporary download file must lie untouched before it counts as left by a dead download.

A live download writes at least every TIMEOUT[1] seconds or gives up, so no download (in this process
or another) still owns a temp file that has not changed for this long.
"""
_TEMP_NAME = re.compile(r"tmp[a-z0-9_]{8}")
"""The names of pooch's temp files: tempfile.NamedTemporaryFile in the target folder, default prefix."""

log = logging.getLogger("workbench.datasets")
FULL = {errno.ENOSPC, *((errno.EDQUOT,) if hasattr(errno, "EDQUOT") else ())}
"""The errors of a disk (or a quota) with no room left."""


class FetchError(DatasetError):
    """No mirror delivered a good copy; `attempts` holds (url, reason) for every try."""

    def __init__(self, spec: IdxFile, attempts: list[tuple[str, str]]):
        lines = "\n".join(f"  {url}: {reason}" for url, reason in summarise(attempts))
        super().__init__(t("datasets.fetch.failed", file=spec.name, attempts=lines))
        self.attempts = attempts


def summarise(attempts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Attempts with repeats folded into one line each: "reason (3 tries)"."""
    counts: dict[tuple[str, str], int] = {}
    for attempt in attempts:
        counts[attempt] = counts.get(attempt, 0) + 1
    return [(url, reason if n == 1 else t("datasets.fetch.tries", reason=reason, count=n))
            for (url, reason), n in counts.items()]


class _ProgressBar:
    """The progress-bar object pooch's HTTPDownloader drives, turned into progress(done, total, name)."""

    def __init__(self, callback: Progress, name: str, size: int):
        self.callback, self.name, self.size = callback, name, size
        self.done, self._total = 0, size

    @property
    def total(self) -> int:
        return self._total

    @total.setter
    def total(self, value: int) -> None:
        self._total = value or self.size        # 0 when the server sends no Content-Length

    def update(self, n: int) -> None:
        self.done = min(self.done + n, self._total)
        self.callback(self.done, self._total, self.name)

    def reset(self) -> None:
        self.done = 0

    def close(self) -> None:
        pass


@contextlib.contextmanager
def _pooch_quiet():
    """pooch logs every download to stderr at INFO, which would print through a terminal UI."""
    import pooch

    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _describe(exc: Exception, timeout) -> tuple[str, bool]:
    """A short reason for a failed try, and whether trying the same mirror again might help."""
    import requests

    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        status = exc.response.status_code
        return f"HTTP {status} {exc.response.reason}", status >= 500
    if isinstance(exc, requests.Timeout):
        seconds = timeout[-1] if isinstance(timeout, tuple) else timeout
        return t("datasets.fetch.timeout", seconds=f"{seconds:g}"), True
    if isinstance(exc, requests.ConnectionError):
        cause = getattr(exc.args[0] if exc.args else None, "reason", None) or exc
        if type(cause).__name__ == "NameResolutionError":
            return t("datasets.fetch.no_dns"), True
        system = os_error_behind(exc)                      # the socket's refusal, in the reader's words
        detail = os_error_text(system) if system is not None else \
            re.sub(r"^\[Errno -?\d+\] ", "", str(cause).rpartition(": ")[2])
        detail = detail or type(cause).__name__
        return t("datasets.fetch.no_connection", detail=detail), True
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return t("datasets.fetch.cut"), True
    if isinstance(exc, requests.RequestException):
        return f"{type(exc).__name__}: {exc}", True
    return t("datasets.fetch.bad_hash"), False


def fetch(spec: IdxFile, mirrors: Sequence[str], folder: Path, *, progress: Progress | None = None,
          timeout=None, retries: int | None = None) -> Path:
    """Download `spec` into `folder` from the first mirror that delivers a copy with the right SHA-256.

    `timeout` and `retries` default to TIMEOUT and RETRIES. Raises FetchError listing every try, or
    DatasetError if `folder` cannot be written.
    """
    import pooch
    import requests

    timeout = TIMEOUT if timeout is None else timeout
    retries = RETRIES if retries is None else retries

    attempts: list[tuple[str, str]] = []
    pending = list(mirrors)
    for round_ in range(retries + 1):
        if round_:
            time.sleep(RETRY_WAIT * min(round_, 5))
        again = []
        for mirror in pending:
            url = mirror.rstrip("/") + "/" + spec.name
            bar = _ProgressBar(progress, spec.name, spec.size) if progress else False
            downloader = pooch.HTTPDownloader(progressbar=bar, timeout=timeout,
                                              chunk_size=CHUNK_BYTES)
            try:
                with _pooch_quiet():
                    return Path(pooch.retrieve(url, known_hash=f"sha256:{spec.sha256}",
                                               fname=spec.name, path=folder, downloader=downloader))
            except (requests.RequestException, ValueError) as exc:
                reason, transient = _describe(exc, timeout)
                attempts.append((url, reason))
                if transient:
                    again.append(mirror)
            except OSError as exc:
                raise cannot_write(spec, folder, exc) from None
        pending = again
        if not pending:
            break
    raise FetchError(spec, attempts)


def cannot_write(spec: IdxFile, folder: Path, exc: OSError) -> DatasetError:
    """The refusal of a download the disk would not take: a full disk says how much room the file needs
    (making the folder writable, the advice for a refusal, does nothing for it)."""
    if exc.errno in FULL:
        from workbench.i18n.numbers import human_bytes

        return DatasetError(t("datasets.fetch.no_space", folder=folder, reason=os_error_text(exc),
                              size=human_bytes(spec.size)))
    return DatasetError(t("datasets.fetch.cannot_write", folder=folder, reason=os_error_text(exc)))


def remove_stale_downloads(folder: Path) -> list[Path]:
    """Delete the temp files interrupted downloads left in `folder`; return what was deleted.

    Only files named as pooch names its temp files, and untouched for STALE_AFTER seconds, so a
    download in progress elsewhere keeps its file. Never raises: a leftover is no reason to fail.
    """
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not _TEMP_NAME.fullmatch(entry.name):
            continue
        try:
            if (entry.is_file(follow_symlinks=False)
                    and now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
                log.info(t("datasets.fetch.stale", path=entry.path))
        except OSError:
            pass
    return removed
