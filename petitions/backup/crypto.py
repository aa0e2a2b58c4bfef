"""The backup's encryption: AES-256-GCM over 1 MiB chunks, with a key file kept apart from the backups.

Streaming in chunks keeps memory flat whatever the size of the database (Fernet would hold the whole
archive in memory twice). Each chunk's nonce is the file's random 7-byte prefix, the chunk's 32-bit
counter and a last-chunk flag, and the header is authenticated with every chunk (the STREAM
construction): a chunk changed, swapped, dropped or cut off at the end fails to decrypt. Limit: 2^32
chunks of 1 MiB (4 PiB) per archive; the key file holds one key, used with a fresh prefix per archive.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"PETITIONS-BACKUP\x01"
CHUNK_SIZE = 1024 * 1024
_PREFIX_BYTES = 7
_KEY_ID_BYTES = 8
_FRAME = struct.Struct(">BI")  # last-chunk flag, ciphertext length
_MAX_CHUNKS = 2**32


class BackupError(RuntimeError):
    """A backup or restore cannot go on; the message (Vietnamese / English) says why. Nothing was changed."""


class WrongKey(BackupError):
    pass


class DamagedArchive(BackupError):
    pass


def _key_id(key: bytes) -> bytes:
    # Lets restore tell a wrong key from a damaged archive; reveals nothing of the key (a one-way hash).
    return hashlib.sha256(b"petitions-backup-key-id\x00" + key).digest()[:_KEY_ID_BYTES]


def create_key_file(path: Path) -> None:
    """A new 256-bit key in a JSON file, mode 0600 from its creation; never overwrites a key file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"backup_key": base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")}
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exists:
        raise BackupError(
            f"Tệp khóa {path} đã có: không ghi đè. / Key file {path} already exists: refusing to overwrite it."
        ) from exists
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        json.dump(payload, handle)
        handle.flush()
        os.fsync(handle.fileno())


def load_key(path: Path) -> bytes:
    try:
        key = base64.urlsafe_b64decode(json.loads(path.read_text(encoding="ascii"))["backup_key"])
    except FileNotFoundError as missing:
        raise BackupError(f"Không thấy tệp khóa {path}. / Key file {path} not found.") from missing
    except (ValueError, KeyError, TypeError) as broken:
        raise BackupError(f"Tệp khóa {path} không hợp lệ. / {path} is not a backup key file.") from broken
    if len(key) != 32:
        raise BackupError(f"Tệp khóa {path} không hợp lệ. / {path} does not hold a 256-bit key.")
    return key


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I?", counter, last)


class EncryptingWriter:
    """A write-only file object: what is written goes out encrypted, chunk by chunk, to `sink`."""

    def __init__(self, sink: BinaryIO, key: bytes) -> None:
        self._sink = sink
        self._aead = AESGCM(key)
        self._prefix = secrets.token_bytes(_PREFIX_BYTES)
        self._header = MAGIC + _key_id(key) + self._prefix
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        sink.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK_SIZE:  # keep at least one byte back for the last chunk
            self._emit(bytes(self._buffer[:CHUNK_SIZE]), last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def _emit(self, plain: bytes, last: bool) -> None:
        if self._counter >= _MAX_CHUNKS:
            raise BackupError("Bản sao lưu quá lớn. / The archive exceeds 2^32 chunks.")
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), plain, self._header)
        self._sink.write(_FRAME.pack(last, len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        if not self._closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True

    def flush(self) -> None:  # tarfile and gzip call it; chunks go out as they fill
        pass


class DecryptingReader:
    """A read-only file object over an encrypted archive; raises WrongKey / DamagedArchive."""

    def __init__(self, source: BinaryIO, key: bytes) -> None:
        self._source = source
        self._aead = AESGCM(key)
        header = source.read(len(MAGIC) + _KEY_ID_BYTES + _PREFIX_BYTES)
        if len(header) != len(MAGIC) + _KEY_ID_BYTES + _PREFIX_BYTES or not header.startswith(MAGIC):
            raise DamagedArchive(
                "Tệp không phải bản sao lưu của hệ thống hoặc đã hỏng. / Not a petitions backup, or damaged."
            )
        if header[len(MAGIC):len(MAGIC) + _KEY_ID_BYTES] != _key_id(key):
            raise WrongKey(
                "Sai khóa: bản sao lưu này được mã hóa bằng khóa khác; không thay đổi gì. "
                "/ Wrong key: this backup was encrypted with another key; nothing was changed."
            )
        self._header = header
        self._prefix = header[-_PREFIX_BYTES:]
        self._counter = 0
        self._buffer = bytearray()
        self._finished = False

    def _next_chunk(self) -> None:
        frame = self._source.read(_FRAME.size)
        if len(frame) != _FRAME.size:
            raise DamagedArchive("Bản sao lưu bị cắt cụt. / The backup is truncated.")
        last, length = _FRAME.unpack(frame)
        sealed = self._source.read(length)
        if len(sealed) != length:
            raise DamagedArchive("Bản sao lưu bị cắt cụt. / The backup is truncated.")
        try:
            plain = self._aead.decrypt(_nonce(self._prefix, self._counter, bool(last)), sealed, self._header)
        except InvalidTag as tampered:
            raise DamagedArchive(
                "Bản sao lưu đã bị sửa đổi hoặc hỏng (xác thực thất bại); không thay đổi gì. "
                "/ The backup was altered or damaged (authentication failed); nothing was changed."
            ) from tampered
        self._counter += 1
        self._buffer += plain
        if last:
            self._finished = True
            if self._source.read(1):
                raise DamagedArchive("Có dữ liệu lạ sau phần cuối. / Data after the last chunk.")

    def read(self, size: int = -1) -> bytes:
        while not self._finished and (size < 0 or len(self._buffer) < size):
            self._next_chunk()
        if size < 0:
            size = len(self._buffer)
        out = bytes(self._buffer[:size])
        del self._buffer[:size]
        return out

    def verify_to_end(self) -> None:
        """Reads and authenticates what is left (a tar reader may stop before the last chunk)."""
        while not self._finished:
            self._next_chunk()
            self._buffer.clear()
