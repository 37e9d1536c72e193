"""The measure explorer: levels (school, LA, national, comparison areas), years and groups,
intervals, significance and suppression marked, and the CSV and XLSX downloads, which hold
the same rows with the same access filtering.

The site is web_site's with its cube replaced by the one below (KS2 RWM expected). The
intervals are Wilson 95% intervals worked by hand (z = 1.96):
  1300/2000: p = .65, centre (p + z²/2n)/(1 + z²/n) = .64971, half-width
             z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n) = .02089 -> 62.9 to 67.1
  260/500:   centre .51985, half .04363 -> 47.6 to 56.3
  18/30:     centre .58868, half .16545 -> 42.3 to 75.4
  45/60:     centre .73496, half .10728 -> 62.8 to 84.2
  30000/50000 (region):  half .00429 -> 59.6 to 60.4 (excludes 65.0: significantly below)
  6600/10000 (neighbours): half .00928 -> 65.1 to 66.9 (excludes 65.0: significantly above)
  65000/100000 (England):  half .00296 -> 64.7 to 65.3
Suppressed (denominator below 6, docs/suppression.md): LA looked-after 1/5 and Alpha's FSM
2/4; their values (20.0, 50.0) must never be shown or downloaded.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow as pa
import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from web_site import ELSEWHERE_URN, MEASURE, OTHER_URN, OWN_URN, build_site, sign_in, site_app

from attain.services.compute import WAREHOUSE, results_warehouse
from attain.store.warehouse import Warehouse

REGION, LONDON, NEIGHBOURS = "E12000006", "E12000007", "SN882"
# (year, level, area, group, numerator, denominator, suppressed, national, ci, significance)
CUBE = (
    (2018, "la", "882", "all", 1240, 2000, None, 64.0, (59.9, 64.1), "below"),
    (2019, "la", "882", "all", 1300, 2000, None, 65.0, (62.9, 67.1), "similar"),
    (2019, "la", "882", "fsm", 260, 500, None, 48.0, (47.6, 56.3), "above"),
    (2019, "la", "882", "lac", 1, 5, "small_denominator", 40.0, (None, None), None),
    (2019, "la", "883", "all", 700, 1000, None, 65.0, (67.1, 72.8), "sig_above"),
    (2018, "national", "E92000001", "all", 64000, 100000, None, 64.0, (63.7, 64.3), "similar"),
    (2019, "national", "E92000001", "all", 65000, 100000, None, 65.0, (64.7, 65.3), "similar"),
    (2019, "region", REGION, "all", 30000, 50000, None, 65.0, (59.6, 60.4), "sig_below"),
    (2019, "region", LONDON, "all", 70000, 100000, None, 65.0, (69.7, 70.3), "sig_above"),
    (2019, "group_of_las", NEIGHBOURS, "all", 6600, 10000, None, 65.0, (65.1, 66.9),
     "sig_above"),
    (2019, "school", str(OWN_URN), "all", 18, 30, None, 65.0, (42.3, 75.4), "similar"),
    (2019, "school", str(OWN_URN), "fsm", 2, 4, "small_denominator", 48.0, (None, None), None),
    (2019, "school", str(OTHER_URN), "all", 45, 60, None, 65.0, (62.8, 84.2), "similar"),
    (2019, "school", str(ELSEWHERE_URN), "all", 20, 25, None, 65.0, (59.3, 91.1), "similar"),
)
HIDDEN_VALUES = ("20.0", "50.0")  # LA looked-after 1/5, Alpha FSM 2/4


def _write_cube(folder: Path) -> None:
    keys = {"measure_id": [MEASURE] * len(CUBE), "year": [r[0] for r in CUBE],
            "level": [r[1] for r in CUBE], "area_code": [r[2] for r in CUBE],
            "group_id": [r[3] for r in CUBE]}
    values = [100 * r[4] / r[5] for r in CUBE]
    results = pa.table({**keys, "numerator": [float(r[4]) for r in CUBE],
                        "denominator": [float(r[5]) for r in CUBE], "value": values,
                        "ci_low": [r[8][0] for r in CUBE], "ci_high": [r[8][1] for r in CUBE],
                        "suppressed": [r[6] for r in CUBE], "source": ["computed"] * len(CUBE)})
    comparisons = pa.table({**keys, "national_value": [r[7] for r in CUBE],
                            "diff_national": [v - r[7] for v, r in zip(values, CUBE,
                                                                       strict=True)],
                            "significance": [r[9] for r in CUBE],
                            "rank": pa.array([2 if r[1] == "la" else None for r in CUBE],
                                             pa.int64())})
    target = results_warehouse(folder)
    target.write("results", results)
    target.write("comparisons", comparisons)
    Warehouse(folder / WAREHOUSE).write("areas", pa.table({
        "area_code": [REGION, REGION, LONDON, NEIGHBOURS],
        "area_name": ["East of England", "East of England", "London",
                      "Southend-on-Sea statistical neighbours"],
        "level": ["region", "region", "region", "group_of_las"],
        "la_code": ["882", "883", "201", "883"]}))


@pytest.fixture(scope="module")
def explorer_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    folder = build_site(tmp_path_factory.mktemp("explorer_site"))
    _write_cube(folder)
    with pytest.MonkeyPatch.context() as patch:
        return site_app(folder, patch, csrf=False)


@pytest.fixture(scope="module")
def clients(explorer_app: Flask) -> dict[str, FlaskClient]:
    return {role: sign_in(explorer_app.test_client(), role)
            for role in ("officer", "school", "viewer")}


def _get(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _options(html: str, name: str) -> list[str]:
    select = html.split(f'name="{name}">', 1)[1].split("</select>", 1)[0]
    return [part.split('"', 1)[0] for part in select.split('<option value="')[1:]]


def test_levels_offered_by_role(clients: dict[str, FlaskClient]) -> None:
    page = f"/measures/{MEASURE}"
    assert _options(_get(clients["officer"], page), "level") == [
        "school", "la", "national", "region", "group_of_las"]
    assert _options(_get(clients["viewer"], page), "level") == [
        "la", "national", "region", "group_of_las"]


def test_la_level_by_group_with_intervals_and_suppression(
        clients: dict[str, FlaskClient]) -> None:
    html = _get(clients["viewer"], f"/measures/{MEASURE}")
    assert "Southend-on-Sea: KS2: expected standard in reading, writing and mathematics, " \
           "2019, by pupil group" in html
    assert ">65.0</td>" in html and ">62.9 to 67.1</td>" in html  # all pupils
    assert ">52.0</td>" in html and ">47.6 to 56.3</td>" in html  # FSM, 260 / 500
    assert ">+4.0</td>" in html and ">Above national</td>" in html  # 52.0 - 48.0
    # looked after, 1 / 5: the symbol, the reason in words, and for screen readers
    assert ('c<span class="govuk-visually-hidden"> (suppressed: Too few pupils in the '
            'group)</span>') in html
    assert ">Too few pupils in the group</td>" in html
    assert all(f">{v}</td>" not in html for v in HIDDEN_VALUES)
    assert "Alpha Primary School" not in html  # a viewer sees no school


def test_la_level_by_year(clients: dict[str, FlaskClient]) -> None:
    html = _get(clients["viewer"], f"/measures/{MEASURE}?level=la&group=all&year=2018")
    assert "2018, by pupil group" in html
    by_year = html.split("All pupils, by year</caption>", 1)[1].split("</table>", 1)[0]
    # 2018: 1240 / 2000 = 62.0 against 64.0; 2019: 65.0 against 65.0
    assert by_year.index(">2018<") < by_year.index(">62.0<") < by_year.index(">2019<")
    assert ">-2.0</td>" in by_year and ">59.9 to 64.1</td>" in by_year


def test_comparison_areas_show_significance_marked(clients: dict[str, FlaskClient]) -> None:
    html = _get(clients["viewer"], f"/measures/{MEASURE}?level=region")
    assert "East of England: " in html and ">59.6 to 60.4</td>" in html
    assert "<strong>Significantly below national</strong>" in html
    assert "London" not in html  # a region the LA is not in
    html = _get(clients["viewer"], f"/measures/{MEASURE}?level=group_of_las")
    assert "Southend-on-Sea statistical neighbours: " in html and ">66.0</td>" in html
    assert "<strong>Significantly above national</strong>" in html


def test_national_level(clients: dict[str, FlaskClient]) -> None:
    html = _get(clients["school"], f"/measures/{MEASURE}?level=national")
    assert "National: KS2" in html and ">64.7 to 65.3</td>" in html
    assert "Alpha Primary School" not in html  # the school table is a level of its own


def test_school_level_shows_only_the_users_schools(clients: dict[str, FlaskClient]) -> None:
    html = _get(clients["officer"], f"/measures/{MEASURE}?level=school")
    assert "Alpha Primary School" in html and "Beta Junior School" in html
    assert ">62.8 to 84.2</td>" in html  # Beta, 45 / 60
    assert "Gamma Primary School" not in html  # LA 883
    html = _get(clients["school"], f"/measures/{MEASURE}?level=school&group=fsm")
    assert "Alpha Primary School" in html and "Beta Junior School" not in html
    assert "(suppressed: Too few pupils in the group)" in html
    assert ">50.0<" not in html


def test_viewer_asking_for_schools_gets_the_la(clients: dict[str, FlaskClient]) -> None:
    html = _get(clients["viewer"], f"/measures/{MEASURE}?level=school")
    assert "Alpha Primary School" not in html and "2019, by pupil group" in html


@pytest.mark.parametrize("query", [
    "level=bogus", "year=abc", "year=1850", "group=%3Cscript%3E", "level=&year=&group=",
    "level=school&year=2018", "year=99999999999999999999",
])
def test_bad_choices_fall_back(clients: dict[str, FlaskClient], query: str) -> None:
    html = _get(clients["officer"], f"/measures/{MEASURE}?{query}")
    assert "<script>" not in html.split("<main", 1)[1]
    assert "Download as Excel (XLSX)" in html


def _csv(client: FlaskClient) -> list[dict[str, str]]:
    response = client.get(f"/measures/{MEASURE}.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def _xlsx(client: FlaskClient) -> tuple[list[str], list[tuple[object, ...]], list[str]]:
    response = client.get(f"/measures/{MEASURE}.xlsx")
    assert response.status_code == 200
    assert response.mimetype == ("application/vnd.openxmlformats-officedocument."
                                 "spreadsheetml.sheet")
    assert f'filename="{MEASURE}.xlsx"' in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    rows = list(book["results"].iter_rows(values_only=True))
    notes = [str(r[0]) for r in book["notes"].iter_rows(values_only=True)]
    return [str(h) for h in rows[0]], rows[1:], notes


def _normal(value: object) -> object:
    """A cell as a number when it is one (Excel keeps 1240.0 as 1240), else as text; an
    empty CSV field is an empty XLSX cell."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return str(value)


@pytest.mark.parametrize("role", ["officer", "school", "viewer"])
def test_xlsx_holds_the_csv_rows(clients: dict[str, FlaskClient], role: str) -> None:
    from_csv = _csv(clients[role])
    head, rows, _notes = _xlsx(clients[role])
    assert head == list(from_csv[0])
    assert len(rows) == len(from_csv) > 0
    assert [[_normal(v) for v in r] for r in rows] == \
        [[_normal(v) for v in r.values()] for r in from_csv]
    # the text cells are text in both: the symbol and the codes
    assert {r[head.index("suppressed")] for r in rows} >= {"small_denominator"}


def test_xlsx_cells_are_typed(clients: dict[str, FlaskClient]) -> None:
    head, rows, notes = _xlsx(clients["officer"])
    by_key = {(r[head.index("level")], r[head.index("area_code")], r[head.index("group_id")],
               r[head.index("year")]): dict(zip(head, r, strict=True)) for r in rows}
    la = by_key[("la", "882", "fsm", 2019)]
    assert la["value"] == 52.0 and la["numerator"] == 260.0 and la["rank"] == 2
    assert isinstance(la["year"], int) and la["ci_low"] == 47.6
    hidden = by_key[("school", str(OWN_URN), "fsm", 2019)]
    assert hidden["value"] == "c" and hidden["numerator"] == "c"
    assert hidden["suppressed"] == "small_denominator"
    assert any(line.startswith("c in a cell: the figure is suppressed") for line in notes)
    assert "small_denominator: Too few pupils in the group." in notes
    assert "complementary: Hidden so that another hidden figure cannot be worked out." in notes


def _areas(rows: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(r["level"], r["area_code"]) for r in rows}


def test_downloads_are_scoped_by_role(clients: dict[str, FlaskClient]) -> None:
    comparison = {("national", "E92000001"), ("region", REGION),
                  ("group_of_las", NEIGHBOURS), ("la", "882")}
    assert _areas(_csv(clients["viewer"])) == comparison  # no school, no other LA
    assert _areas(_csv(clients["school"])) == comparison | {("school", str(OWN_URN))}
    assert _areas(_csv(clients["officer"])) == comparison | {
        ("school", str(OWN_URN)), ("school", str(OTHER_URN))}
    for role in ("officer", "school", "viewer"):
        text = " ".join(",".join(r.values()) for r in _csv(clients[role]))
        assert all(f",{value}," not in text for value in HIDDEN_VALUES)


def test_downloads_of_an_unknown_measure_are_404(clients: dict[str, FlaskClient]) -> None:
    assert clients["viewer"].get("/measures/no_such_measure.xlsx").status_code == 404
    assert clients["viewer"].get("/measures/no_such_measure.csv").status_code == 404
