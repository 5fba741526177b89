"""Uploaded files written all or nothing (issue 10).

Django's ``FileSystemStorage`` writes an upload straight into its final name; a disk that
fills half way leaves a truncated file there, and nothing removes it when the database row
is rolled back. ``SafeFileSystemStorage`` writes into a hidden temporary file in the same
directory first and only links it under the final name once every byte is on disk: a failed
write removes the temporary file and raises ``StorageFull`` (a full disk or quota) or the
``OSError`` itself. Services raise inside their transaction, so no row is left either; the
request then answers 503 with a translated message (apps/core/errors.py).

The other order — a file stored completely, then its row (or anything after it in the same
transaction) fails — is covered twice: ``files_removed_on_error`` in a service, and, for
every request, ``RequestGuardMiddleware`` with ``track_request_files``: a file stored inside a
transaction that was rolled back by the end of the request is deleted (one that committed,
or whose transaction is still open, stays).
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import logging
import os
import tempfile
from collections.abc import Iterator

from django.core.files.storage import FileSystemStorage
from django.db import transaction

logger = logging.getLogger("apps.core.uploads")

FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class StorageFull(OSError):
    """No room left for an uploaded file (disk full, quota exceeded)."""


def is_storage_full(exc: BaseException) -> bool:
    return isinstance(exc, StorageFull) or (isinstance(exc, OSError) and exc.errno in FULL_ERRNOS)


class SafeFileSystemStorage(FileSystemStorage):
    """``FileSystemStorage`` whose files appear complete or not at all."""

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            old_umask = os.umask(0o777 & ~self.directory_permissions_mode)
            try:
                os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            finally:
                os.umask(old_umask)
        else:
            os.makedirs(directory, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                handle.flush()
                os.fsync(handle.fileno())
            mode = self.file_permissions_mode
            if mode is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(temporary, mode)
            if getattr(self, "_allow_overwrite", False):
                os.replace(temporary, full_path)
            else:
                while True:
                    try:
                        os.link(temporary, full_path)  # never replaces a file that is there
                        break
                    except FileExistsError:
                        name = self.get_available_name(name)
                        full_path = self.path(name)
        except OSError as exc:
            if exc.errno in FULL_ERRNOS:
                raise StorageFull(exc.errno, os.strerror(exc.errno)) from exc
            raise
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        name = str(name).replace("\\", "/")
        _track(self, name)
        return name


# -- files of rolled-back transactions, per request ------------------------------------

_tracked: contextvars.ContextVar[list | None] = contextvars.ContextVar("portal_stored_files", default=None)


class _Stored:
    __slots__ = ("callback", "committed", "name", "storage")

    def __init__(self, storage, name):
        self.storage, self.name, self.committed = storage, name, False

        def committed():
            self.committed = True

        self.callback = committed


def _track(storage, name: str) -> None:
    files = _tracked.get()
    connection = transaction.get_connection()
    if files is None or not connection.in_atomic_block:
        return
    stored = _Stored(storage, name)
    transaction.on_commit(stored.callback)
    files.append(stored)


@contextlib.contextmanager
def track_request_files() -> Iterator[None]:
    """Around a request: delete the files stored inside a transaction that was rolled back.
    Django drops the commit callbacks of a rolled-back block, so a file whose callback
    neither ran nor waits any more belongs to a row that does not exist."""
    files: list[_Stored] = []
    token = _tracked.set(files)
    try:
        yield
    finally:
        _tracked.reset(token)
        if files:
            waiting = {id(entry[1]) for entry in transaction.get_connection().run_on_commit}
            for stored in files:
                if not stored.committed and id(stored.callback) not in waiting:
                    logger.warning("Removing a file whose transaction was rolled back")
                    with contextlib.suppress(OSError):
                        stored.storage.delete(stored.name)


@contextlib.contextmanager
def files_removed_on_error(*field_files) -> Iterator[list]:
    """Delete the files of ``field_files`` (and of any field file appended to the yielded
    list) if the block raises: their rows are rolled back with the transaction."""
    tracked = list(field_files)
    try:
        yield tracked
    except BaseException:
        for field_file in tracked:
            if field_file and field_file.name:
                with contextlib.suppress(OSError):
                    field_file.storage.delete(field_file.name)
        raise
