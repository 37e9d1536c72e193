"""Rows copied from the real england_ks4provisional.csv of 2018/19
(../shared/data/real/dfe-performance-tables-2018-19-ksp), for the ingest tests."""

from __future__ import annotations

KS4_HEADER = ("RECTYPE,LEA,ESTAB,URN,SCHNAME,TPUP,ATT8SCR,P8PUP,P8MEA,P8CILOW,P8CIUPP,"
              "PTL2BASICS_94,PTL2BASICS_95,EBACCAPS,PTEBACC_E_PTQ_EE")
KS4_ROWS = (
    "1,882,4000,141741,Chase High School,168,35.7,156,-0.66,-0.86,-0.46,47.0%,26.2%,2.8,3.0%",
    "2,882,7005,144693,Lancaster School,6,NE,NE,SUPP,SUPP,SUPP,NE,NE,NE,NE",
    "4,882,,,,2058,52.9,1947,0.11,0.06,0.17,74.1%,56.7%,4.69,47.0%",
    "5,,,,,605874,44.5,,,,,59.5%,39.8%,3.86,36.5%",
    "7,,,,,542831,46.5,513055,-0.03,,,64.4%,43.0%,4.06,40.0%",
)


def ks4_text(rows: tuple[str, ...] = KS4_ROWS, header: str = KS4_HEADER) -> str:
    return "\n".join((header, *rows)) + "\n"
