"""Receipt files on disk, outside the database, each named by its SHA-256 (stored with the claim).

The type is decided by the file's first bytes, never by its name or the browser's content type.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from services.payments.expenses.domain.expenses import ExpenseRejected, Receipt

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_RECEIPTS = 5
FORM_ALLOWANCE = 64 * 1024  # the form's other fields, beside the receipt files
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


def sniff(data: bytes) -> str | None:
    for magic, content_type in SIGNATURES:
        if data.startswith(magic):
            return content_type
    return None


class ReceiptStore:
    def __init__(self, directory: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes

    @property
    def max_mb(self) -> int:
        return self.max_bytes // (1024 * 1024)

    def too_big(self, content_length: int | None) -> bool:
        """A request longer than MAX_RECEIPTS files at the limit and the form: refused unread."""
        return (content_length or 0) > MAX_RECEIPTS * self.max_bytes + FORM_ALLOWANCE

    def check(self, files: list[bytes]) -> list[Receipt]:
        """Every file a JPEG, PNG or PDF within the size limit; nothing is written."""
        if len(files) > MAX_RECEIPTS:
            raise ExpenseRejected("receipts", f"Attach at most {MAX_RECEIPTS} receipts.")
        receipts = []
        for number, data in enumerate(files, start=1):
            if not data:
                raise ExpenseRejected("receipts", f"Receipt {number} is empty.")
            if len(data) > self.max_bytes:
                raise ExpenseRejected(
                    "receipts", f"Receipt {number} is too big: the limit is {self.max_mb} MB."
                )
            content_type = sniff(data)
            if content_type is None:
                raise ExpenseRejected(
                    "receipts", f"Receipt {number} must be a photo (JPEG or PNG) or a PDF."
                )
            receipts.append(Receipt(hashlib.sha256(data).hexdigest(), content_type, len(data)))
        return receipts

    def path(self, sha256: str) -> Path:
        return self.directory / sha256[:2] / sha256

    def save(self, data: bytes) -> tuple[str, bool]:
        """(checksum, True if this call created the file); the same bytes are stored once."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        if target.exists():
            return sha256, False
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written whole to a temporary name, then renamed: never a half-written receipt.
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return sha256, True

    def remove(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()


def from_environment() -> ReceiptStore:
    """PAYMENTS_RECEIPTS_DIR (default var/receipts) and PAYMENTS_RECEIPTS_MAX_BYTES (5 MB)."""
    return ReceiptStore(
        os.environ.get("PAYMENTS_RECEIPTS_DIR", "var/receipts"),
        int(os.environ.get("PAYMENTS_RECEIPTS_MAX_BYTES", str(DEFAULT_MAX_BYTES))),
    )
