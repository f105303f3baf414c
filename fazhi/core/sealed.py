"""Uploads encrypted at rest: a file storage whose files are sealed with a key of their own (issue 13, 等保 2.0).

Every uploaded file (case materials, document templates) is written through `SealedFileSystemStorage`, the default
storage. A file gets a random 256-bit data key; the key is wrapped by the personal-data keys (`FAZHI_PII_KEYS`,
`fazhi.core.crypto.fernet()`, rotatable) and stored in the file's header; the content is cut into 64 KiB chunks,
each sealed with AES-256-GCM. So:

- writing and reading stream chunk by chunk: a 20 MB upload is never held in memory, nor in clear on disk;
- reading seeks (a .docx template is a zip file that python-docx reads from its end) by decrypting only the chunk
  it lands in;
- a chunk's nonce is the file's random prefix, the chunk's number and a last-chunk flag (the STREAM construction of
  Hoang, Reyhanitabar, Rogaway and Vizár, as in Tink and age), so chunks cannot be reordered, dropped or the file cut
  short without the read failing;
- rotating keys rewrites only the header (`rotate_pii_keys` does it): the content is not touched.

Why not a library: Fernet (already used for fields) encrypts a whole value in memory; Tink's streaming AEAD would
bring a large dependency for this one format; `cryptography`'s AESGCM is the primitive both build on.

A file written before this storage existed has no header and is read as it is; `rotate_pii_keys` seals it.
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.fernet import InvalidToken
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from fazhi.core.crypto import DecryptionError, fernet, is_current

MAGIC = b"FZS1"
CHUNK = 64 * 1024  # clear bytes per chunk
TAG = 16  # GCM tag per chunk
PREFIX = 7  # random nonce prefix per file; nonce = prefix + 4-byte chunk number + 1-byte last flag
KEY = 32


class SealedFileError(DecryptionError):
    """A sealed file whose header or content does not decrypt: a key is missing, or the file was altered."""


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def _header(key: bytes, prefix: bytes) -> bytes:
    token = fernet().encrypt(key + prefix)
    return MAGIC + struct.pack(">H", len(token)) + token


def _wrapped_key(f: BinaryIO) -> bytes | None:
    """The wrapped key token in a sealed file's header, or None for a file in clear (written before)."""
    f.seek(0)
    if f.read(len(MAGIC)) != MAGIC:
        return None
    (length,) = struct.unpack(">H", f.read(2))
    return f.read(length)


def _header_length(token: bytes) -> int:
    return len(MAGIC) + 2 + len(token)


def _read_header(f: BinaryIO) -> tuple[AESGCM, bytes, int] | None:
    """(cipher, nonce prefix, header length) of a sealed file, or None for a file in clear (written before)."""
    token = _wrapped_key(f)
    if token is None:
        return None
    try:
        secret = fernet().decrypt(token)
    except InvalidToken as exc:
        raise SealedFileError(
            "An uploaded file's key does not decrypt with any key in FAZHI_PII_KEYS; restore the retired key."
        ) from exc
    return AESGCM(secret[:KEY]), secret[KEY:], _header_length(token)


def seal_stream(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The sealed file, piece by piece, for clear content given in pieces of any size."""
    key, prefix = AESGCM.generate_key(bit_length=256), os.urandom(PREFIX)
    cipher = AESGCM(key)
    yield _header(key, prefix)
    buffer, index = bytearray(), 0
    for piece in chunks:
        buffer += piece
        while len(buffer) > CHUNK:  # strictly more: the last chunk (possibly full, possibly empty) waits for the end
            yield cipher.encrypt(_nonce(prefix, index, False), bytes(buffer[:CHUNK]), None)
            del buffer[:CHUNK]
            index += 1
    yield cipher.encrypt(_nonce(prefix, index, True), bytes(buffer), None)


def clear_size(sealed_size: int, header: int) -> int:
    body = sealed_size - header
    chunks = max(1, -(-body // (CHUNK + TAG)))
    return body - chunks * TAG


class SealedReader(io.RawIOBase):
    """A sealed file read as its clear content: readable and seekable, one chunk decrypted at a time."""

    def __init__(self, raw: BinaryIO, cipher: AESGCM, prefix: bytes, header: int):
        super().__init__()
        self.raw, self.cipher, self.prefix, self.header = raw, cipher, prefix, header
        self.raw.seek(0, os.SEEK_END)
        sealed = self.raw.tell()
        self.chunks = max(1, -(-(sealed - header) // (CHUNK + TAG)))
        self.size = clear_size(sealed, header)
        self.pos = 0
        self._cached: tuple[int, bytes] | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self.pos, os.SEEK_END: self.size}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def _chunk(self, index: int) -> bytes:
        if self._cached and self._cached[0] == index:
            return self._cached[1]
        self.raw.seek(self.header + index * (CHUNK + TAG))
        sealed = self.raw.read(CHUNK + TAG)
        try:
            clear = self.cipher.decrypt(_nonce(self.prefix, index, index == self.chunks - 1), sealed, None)
        except InvalidTag as exc:
            raise SealedFileError("An uploaded file was altered or cut short: its content does not decrypt.") from exc
        self._cached = (index, clear)
        return clear

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self.pos >= self.size:
            return 0
        index, offset = divmod(self.pos, CHUNK)
        piece = self._chunk(index)[offset : offset + len(buffer)]
        buffer[: len(piece)] = piece
        self.pos += len(piece)
        return len(piece)

    def close(self) -> None:
        self.raw.close()
        super().close()


class _SealingFile(File):
    """What FileSystemStorage._save writes: the sealed pieces of `source` (it has no temporary_file_path, so the
    storage copies these chunks instead of moving the clear temporary file into place)."""

    def __init__(self, source: File):
        super().__init__(None, getattr(source, "name", None))
        self.source = source

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        if hasattr(self.source, "seek"):
            self.source.seek(0)
        return seal_stream(self.source.chunks(CHUNK))

    def close(self) -> None:
        pass  # the caller owns the source


def open_clear(raw: BinaryIO) -> BinaryIO:
    """The clear content of an open stored file: a SealedReader for a sealed file, the file itself otherwise."""
    found = _read_header(raw)
    if found is None:
        raw.seek(0)
        return raw
    return io.BufferedReader(SealedReader(raw, *found), buffer_size=CHUNK)


def is_sealed(path: str | os.PathLike) -> bool:
    with open(path, "rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def seal_in_place(path: str | os.PathLike) -> bool:
    """Seal a file written in clear before this storage existed, or re-wrap a sealed file's key under the newest key.

    Returns True when the file changed. The new file is written beside it (0600) and renamed over it, so a crash
    leaves either the old or the new file, never half of one.
    """
    path = os.fspath(path)
    temporary = f"{path}.sealing"
    with open(path, "rb") as raw:
        token = _wrapped_key(raw)
        if token is not None:
            if is_current(token.decode("ascii")):
                return False
            try:
                rotated = fernet().rotate(token)
            except InvalidToken as exc:
                raise SealedFileError(
                    "An uploaded file's key does not decrypt with any key in FAZHI_PII_KEYS."
                ) from exc
            if len(rotated) != len(token):  # Fernet tokens of the same secret have the same length
                raise SealedFileError("A rotated file key changed length; the file was left as it was.")
            with open(path, "r+b") as f:
                f.seek(len(MAGIC) + 2)
                f.write(rotated)
                f.flush()
                os.fsync(f.fileno())
            return True
        raw.seek(0)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            for piece in seal_stream(iter(lambda: raw.read(CHUNK), b"")):
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
    os.replace(temporary, path)
    return True


@deconstructible
class SealedFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that seals what it saves and unseals what it opens (see the module's docstring)."""

    def _save(self, name, content):
        return super()._save(name, _SealingFile(content))

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("sealed files are written through save(), not opened for writing")
        raw = open(self.path(name), "rb")  # noqa: SIM115 - closed with the returned File
        return File(open_clear(raw), name)

    def size(self, name) -> int:
        with open(self.path(name), "rb") as raw:
            token = _wrapped_key(raw)  # the header's length is enough: no key is unwrapped
        if token is None:
            return super().size(name)
        return clear_size(os.path.getsize(self.path(name)), _header_length(token))

    def sealed_files(self) -> Iterator[str]:
        """Every file under the storage's location (for rotation), as absolute paths."""
        for root, _dirs, files in os.walk(self.location):
            for file in files:
                if not file.endswith(".sealing"):
                    yield os.path.join(root, file)
