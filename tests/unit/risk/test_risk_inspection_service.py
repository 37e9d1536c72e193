"""Inspection measures written into the results cube by the service and the CLI, read back
by `attain results show`, and kept by `attain compute`.

Fixture, worked by hand. Seed 004 §6.1.5: "at the end of the academic year 2011-2012, 33 out
of 54 schools were judged good or outstanding in their most recent Ofsted inspection and 21
were judged satisfactory".
- LA 882, open on 31 August 2012: URNs 1-53 and academy 154 (predecessor 54, which closed on
  31 August 2011): 54 schools. 1-5 outstanding, 6-33 good, 34-53 satisfactory, 154 carries
  54's "satisfactory" across conversion. Phases: 1-40 primary, 41-53 and 154 secondary.
  URN 200 opens on 1 September 2012 and is not counted in 2012.
- LA 883: URNs 301-310; 301 good, 302 inadequate in special measures, 303-310 satisfactory.
- January 2012 census: 10 pupils in each of 1-33, 5 in each of 34-53 and 154.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from attain.cli.app import app
from attain.domain.ofsted import Grade, Inspection, OfstedCategory
from attain.errors import UserError
from attain.risk import store
from attain.services import risk as service
from attain.services.compute import compute, results_warehouse
from attain.settings import database_url
from attain.store.warehouse import Warehouse

runner = CliRunner()
LA_882 = [*range(1, 54), 154]


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _registry() -> list[dict[str, object]]:
    schools: list[dict[str, object]] = [
        {"urn": u, "la_code": "882", "name": f"School {u}", "country": "E",
         "phase": "primary" if u <= 40 else "secondary"} for u in range(1, 54)]
    schools += [
        {"urn": 54, "la_code": "882", "name": "Old 54", "country": "E", "phase": "secondary",
         "close_date": date(2011, 8, 31)},
        {"urn": 154, "la_code": "882", "name": "Academy 154", "country": "E",
         "phase": "secondary", "open_date": date(2011, 9, 1), "predecessor_urn": 54},
        {"urn": 200, "la_code": "882", "name": "New 200", "country": "E", "phase": "primary",
         "open_date": date(2012, 9, 1)},
        *({"urn": u, "la_code": "883", "name": f"School {u}", "country": "E",
           "phase": "primary"} for u in range(301, 311))]
    dates = {"open_date": None, "close_date": None, "predecessor_urn": None}
    return [{**dates, **s} for s in schools]   # every row with every column


def _inspections() -> list[Inspection]:
    def grade(urn: int) -> Grade:
        if urn <= 5:
            return Grade.OUTSTANDING
        return Grade.GOOD if urn <= 33 or urn == 301 else Grade.REQUIRES_IMPROVEMENT
    found = [Inspection(u, date(2011, 5, 10), grade(u)) for u in [*range(1, 55), 301,
                                                                  *range(303, 311)]]
    found.append(Inspection(302, date(2012, 3, 1), Grade.INADEQUATE,
                            category=OfstedCategory.SPECIAL_MEASURES))
    found.append(Inspection(200, date(2013, 2, 1), Grade.GOOD))     # after the year
    return found


def data_folder(root: Path) -> Path:
    pupils = [{"year": 2012, "pupil_id": f"p{u}-{i}", "urn": u, "la_code": "882"}
              for u in LA_882 for i in range(10 if u <= 33 else 5)]
    ks2 = [{"year": 2012, "pupil_id": "p1-0", "urn": 1, "la_code": "882", "eng_level_num": 4,
            "mat_level_num": 4}]
    warehouse = Warehouse(root / "warehouse")
    with warehouse.transaction() as tx:
        tx.write("schools", pa.Table.from_pylist(_registry()))
        tx.write("las", pa.Table.from_pylist([
            {"la_code": la, "la_name": f"LA {la}", "country": "E"} for la in ("882", "883")]))
        tx.write("pupils", pa.Table.from_pylist(pupils))
        tx.write("ks2", pa.Table.from_pylist(ks2))
    run("db", "upgrade", "--data-dir", str(root))
    store.save_inspections(database_url(root), _inspections(), "fixture", "tester")
    return root


def cube(folder: Path) -> dict[tuple[str, str, str, str], dict[str, object]]:
    rows = results_warehouse(folder).read("results", [2012]).to_pylist()
    return {(r["measure_id"], r["level"], r["area_code"], r["group_id"]): r for r in rows}


def test_seed_004_thirty_three_of_fifty_four(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    summary = service.write_inspection_measures(folder, [2012])
    assert summary.schools == 54 + 10
    rows = cube(folder)
    good = rows[("ofsted_good_or_better_schools", "la", "882", "all")]
    assert (good["numerator"], good["denominator"]) == (33, 54)
    assert good["value"] == pytest.approx(100 * 33 / 54)               # 61.1%
    assert good["source"] == "inspections"
    assert rows[("ofsted_in_category_schools", "la", "882", "all")]["value"] == 0  # the aim
    assert rows[("ofsted_in_category_schools", "la", "883", "all")]["value"] == 1
    national = rows[("ofsted_good_or_better_schools", "national", "E92000001", "all")]
    assert (national["numerator"], national["denominator"]) == (34, 64)  # 33 + 301
    # 330 pupils in 1-33 of 330 + 21 x 5 = 435
    pupils = rows[("ofsted_good_or_better_pupils", "la", "882", "all")]
    assert (pupils["numerator"], pupils["denominator"]) == (330, 435)
    # by phase: primary 1-40 has 33 good; secondary 41-53 and 154 has none
    assert rows[("ofsted_good_or_better_schools", "la", "882", "phase_primary")]["value"] \
        == pytest.approx(82.5)
    assert rows[("ofsted_good_or_better_schools", "la", "882", "phase_secondary")][
        "denominator"] == 14


def test_rewriting_replaces_and_compute_keeps_the_rows(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    service.write_inspection_measures(folder, [2012])
    service.write_inspection_measures(folder, [2012])
    key = ("ofsted_good_or_better_schools", "la", "882", "all")
    raw = results_warehouse(folder).read("results", [2012]).to_pylist()
    assert sum(1 for r in raw if (r["measure_id"], r["level"], r["area_code"],
                                  r["group_id"]) == key) == 1
    compute(folder, years=[2012], measure_ids=["ks2_l4_eng_maths"], suppression=None)
    rows = cube(folder)
    assert rows[key]["numerator"] == 33
    assert rows[("ks2_l4_eng_maths", "school", "1", "all")]["value"] == 100.0  # p1-0: L4 E&M
    service.write_inspection_measures(folder, [2012])   # and again after compute
    assert cube(folder)[("ks2_l4_eng_maths", "school", "1", "all")]["value"] == 100.0


def test_cli_writes_and_results_show_reads_la_against_national(tmp_path: Path) -> None:
    folder = str(data_folder(tmp_path))
    out = run("risk", "inspection-measures", "--years", "2012", "--data-dir", folder)
    # 5 measures x (LA 882: all, primary, secondary; 883: all, primary; national: 3 groups)
    assert "Wrote 40 inspection measure rows for 2012 from 65 inspections" in out
    out = run("results", "show", "--la", "882", "--measure", "ofsted_good_or_better_schools",
              "--data-dir", folder)
    # LA 61.11, national 34/64 = 53.125 -> 53.12 (two decimals), difference 7.99
    line = next(x for x in out.splitlines() if "2012" in x and "│ all" in x)
    assert "61.11" in line and "53.12" in line and "7.99" in line


def test_no_inspections_is_a_user_error(tmp_path: Path) -> None:
    Warehouse(tmp_path / "warehouse").write("schools", pa.Table.from_pylist(_registry()))
    with pytest.raises(UserError, match="no Ofsted inspections"):
        service.write_inspection_measures(tmp_path, [2012])
