"""Encodings and delimiters as published files come."""

from __future__ import annotations

from pathlib import Path

from attain.ingest.sniff import decode, delimiter_of, header_of, read_text


def test_utf8_bom_is_removed() -> None:
    assert decode(b"\xef\xbb\xbfURN,LA\n") == (b"URN,LA\n", "utf-8-sig")


def test_cp1252_is_recoded_to_utf8() -> None:
    # "St Mary’s" saved by Excel: the curly apostrophe is byte 0x92 in cp1252.
    data, encoding = decode(b"name\nSt Mary\x92s\n")
    assert (data.decode("utf-8"), encoding) == ("name\nSt Mary\u2019s\n", "cp1252")


def test_plain_utf8_is_kept() -> None:
    assert decode("name\nYsgol Gymraeg Brynsierfel ŵ\n".encode()) == (
        "name\nYsgol Gymraeg Brynsierfel ŵ\n".encode(), "utf-8")


def test_delimiters() -> None:
    assert delimiter_of("URN;LA;ATT8SCR\n1;2;3") == ";"
    assert delimiter_of("URN\tLA\tATT8SCR") == "\t"
    assert delimiter_of("URN,LA,ATT8SCR") == ","
    assert delimiter_of("URN") == ","


def test_header_of_semicolon_cp1252_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("URN;Établissement;LA\n1;a;2\n".encode("cp1252"))
    assert header_of(path) == ["URN", "Établissement", "LA"]
    assert read_text(path).delimiter == ";"
