"""Files holding personal data encrypted at rest (issue 18 item 12): ID-card and certificate
scans, back-office export files.

Streamed AES-256-GCM in 64 KiB chunks under a key derived from ``PERSONAL_DATA_KEY``
(apps/core/personal_key.py): the first configured key encrypts, every one decrypts, and
``manage.py encrypt_private_files`` re-encrypts files under the first key (rotation) and
encrypts files stored before encryption existed. Files without the header are read as they
are (plain legacy files keep working until that command has run).

Layout: ``MAGIC | key id (8) | salt (16)`` then chunks ``length (4, big-endian) | ciphertext``.
Each file has its own key (HKDF of the master's file key with the file's random salt); chunk
``n`` uses the nonce ``n`` and the header plus a last-chunk flag as associated data, so
chunks cannot be reordered, dropped or cut off unnoticed.
"""

import functools
import hashlib
import io
import os
import struct
import tempfile

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .personal_key import master_keys

MAGIC = b"QKPD\x01"
CHUNK = 64 * 1024
_HEADER = len(MAGIC) + 8 + 16
_SALT = b"qiaokou-portal/files/v1"


class DecryptionError(ValueError):
    pass


@functools.lru_cache(maxsize=8)
def _file_key(master: bytes) -> tuple[bytes, bytes]:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=b"file-aesgcm").derive(master)
    return hashlib.sha256(b"key-id" + key).digest()[:8], key


def _keys() -> dict[bytes, bytes]:
    return dict(_file_key(m) for m in master_keys())


def current_key_id() -> bytes:
    return _file_key(master_keys()[0])[0]


def _per_file(key: bytes, salt: bytes) -> AESGCM:
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"file").derive(key))


def encrypt_stream(chunks, out) -> None:
    """Write the encryption of the byte chunks ``chunks`` to the binary file ``out``."""
    key_id, key = _file_key(master_keys()[0])
    salt = os.urandom(16)
    header = MAGIC + key_id + salt
    aead = _per_file(key, salt)
    out.write(header)
    counter = 0

    def emit(data: bytes, last: bool):
        sealed = aead.encrypt(counter.to_bytes(12, "big"), data, header + (b"\x01" if last else b"\x00"))
        out.write(struct.pack(">I", len(sealed)) + sealed)

    pending = b""
    for chunk in _rechunk(chunks):
        if pending:
            emit(pending, False)
            counter += 1
        pending = chunk
    emit(pending, True)


def _rechunk(chunks):
    buffer = b""
    for piece in chunks:
        buffer += piece
        while len(buffer) >= CHUNK:
            yield buffer[:CHUNK]
            buffer = buffer[CHUNK:]
    if buffer:
        yield buffer


def encrypted_tempfile(chunks):
    """A temporary file holding the encryption of ``chunks``, positioned at the start."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (returned open to the caller)
    encrypt_stream(chunks, handle)
    handle.seek(0)
    return handle


def read_header(handle) -> bytes | None:
    """The key id of an encrypted file (``handle`` positioned at the start), or None for a
    plain one; the position is restored."""
    start = handle.tell()
    head = handle.read(_HEADER)
    handle.seek(start)
    if len(head) == _HEADER and head.startswith(MAGIC):
        return head[len(MAGIC):len(MAGIC) + 8]
    return None


class DecryptingReader(io.RawIOBase):
    """A read-only stream of the clear bytes of an encrypted file."""

    def __init__(self, raw):
        self._raw = raw
        header = raw.read(_HEADER)
        key = _keys().get(header[len(MAGIC):len(MAGIC) + 8])
        if key is None:
            raise DecryptionError("the file was encrypted with a key that is not configured")
        self._header = header
        self._aead = _per_file(key, header[len(MAGIC) + 8:])
        self._counter = 0
        self._buffer = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def _next(self) -> None:
        size = self._raw.read(4)
        if len(size) < 4:
            raise DecryptionError("the encrypted file is cut short")
        sealed = self._raw.read(struct.unpack(">I", size)[0])
        nonce = self._counter.to_bytes(12, "big")
        for last in (False, True):
            try:
                self._buffer = self._aead.decrypt(nonce, sealed, self._header + (b"\x01" if last else b"\x00"))
            except InvalidTag:
                continue
            self._done = last
            self._counter += 1
            return
        raise DecryptionError("the encrypted file is damaged")

    def readinto(self, target) -> int:
        while not self._buffer and not self._done:
            self._next()
        count = min(len(target), len(self._buffer))
        target[:count] = self._buffer[:count]
        self._buffer = self._buffer[count:]
        return count

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def open_clear(handle):
    """The clear content of ``handle`` (an open binary file) as a readable stream: decrypted
    when encrypted, as it is when plain (a file stored before encryption)."""
    if read_header(handle) is None:
        return handle
    return io.BufferedReader(DecryptingReader(handle), buffer_size=CHUNK)


def iter_file(handle, size: int = CHUNK):
    while True:
        piece = handle.read(size)
        if not piece:
            return
        yield piece
