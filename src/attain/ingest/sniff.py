"""Decode a text file whatever its encoding and find its delimiter.

Published CSVs come as UTF-8, UTF-8 with a byte-order mark (DfE performance tables) or
Windows cp1252 (Excel "CSV" saves, the LAIT dictionary). A semicolon- or tab-separated
file is usually a CSV re-saved in a European locale.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

BOM = b"\xef\xbb\xbf"
DELIMITERS = ",;\t|"
_SAMPLE = 64 * 1024


@dataclass(frozen=True)
class TextFile:
    """A decoded file: its text as UTF-8 bytes (no BOM), encoding found and delimiter."""

    data: bytes
    encoding: str
    delimiter: str

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")

    @property
    def header_line(self) -> str:
        end = self.data.find(b"\n")
        line = self.data if end < 0 else self.data[:end]
        return _first_line(line.decode("utf-8"))

    @property
    def header(self) -> list[str]:
        return split_header(self.header_line, self.delimiter)


def _first_line(text: str) -> str:
    # A lone carriage return also ends a line (old Mac files, damaged files).
    return text.split("\r", 1)[0]


def split_header(line: str, delimiter: str) -> list[str]:
    """Column names of a header line; a line the csv module cannot parse has none (the
    readers then report the missing columns instead of crashing)."""
    try:
        return [c.strip() for c in next(csv.reader([line], delimiter=delimiter), [])]
    except csv.Error:
        return []


def decode(raw: bytes) -> tuple[bytes, str]:
    """Return the content re-encoded as UTF-8 without BOM, and the encoding it had."""
    bom = raw.startswith(BOM)
    if bom:
        raw = raw[len(BOM):]
    try:
        raw.decode("utf-8")
        return raw, "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 decodes everything, so fall back.
        for encoding in ("cp1252", "latin-1"):
            try:
                return raw.decode(encoding).encode("utf-8"), encoding
            except UnicodeDecodeError:
                continue
    raise AssertionError("latin-1 decodes any byte string")


def delimiter_of(sample: str) -> str:
    """The delimiter of the header line: the candidate that splits it into most fields."""
    header = _first_line(sample.split("\n", 1)[0])
    counts = {d: len(split_header(header, d)) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 1 else ","


def read_text(path: Path) -> TextFile:
    data, encoding = decode(Path(path).read_bytes())
    sample = data[:_SAMPLE].decode("utf-8", errors="replace")
    return TextFile(data, encoding, delimiter_of(sample))


def header_of(path: Path) -> list[str]:
    """The column names of a CSV (first line), decoded and split with the sniffed delimiter."""
    with open(path, "rb") as handle:
        raw = handle.read(_SAMPLE).split(b"\n", 1)[0]
    data, _ = decode(raw)
    line = _first_line(data.decode("utf-8", errors="replace"))
    return split_header(line, delimiter_of(line))
