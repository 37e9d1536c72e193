"""Benchmark modelled estimates (not a test; results in BENCHMARKS.md).

Fit: a national KS4 Attainment 8 model with context at full-England scale (600,000 pupils
a year; two training years and a held-out year, so 1.2 million training pupils) from a
synthetic warehouse, in its own process so its peak memory is its own. Baseline in the same
run: statsmodels GLM on the same design matrix already in memory (no DuckDB extraction, no
validation, no artefact).

Score: the demo LA (all its KS4 pupils for a year) from a demo data folder, if --demo is given.

    python benchmarks/bench_estimates.py [--pupils 600000] [--demo DIR --la 882 --year 2024]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

YEARS = (2022, 2023, 2024)
TRUTH = {"intercept": 46.0, "prior": 12.0, "prior^2": -1.5, "prior^3": 0.4,
         "disadvantaged": -4.0, "sen_support": -5.0, "sen_ehcp": -8.0, "eal": 3.0,
         "female": 2.0, "summer_born": -0.8}


def synthesise(folder: Path, pupils: int) -> None:
    from attain.estimates.specs import ModelKind
    from attain.estimates.synthetic import ks4_tables, synthetic_frame
    from attain.store.warehouse import Warehouse

    frame = synthetic_frame(np.random.default_rng(2024), pupils=pupils * len(YEARS),
                            years=YEARS, coefficients=TRUTH, kind=ModelKind.LINEAR,
                            noise_sd=10.0, schools=3_500, school_sd=3.0)
    ks4, census = ks4_tables(frame)
    with Warehouse(folder / "warehouse").transaction() as tx:
        tx.write("ks4", ks4)
        tx.write("pupils", census)


def child(mode: str, folder: Path) -> None:
    from attain.estimates.specs import EstimateType

    start = time.perf_counter()
    if mode == "attain":
        from attain.services import estimates

        estimates.fit(folder, "ks4_att8", EstimateType.WITH_CONTEXT, list(YEARS))
    else:
        import statsmodels.api as sm

        from attain.estimates.features import design_matrix, extract, prior_scaling
        from attain.estimates.specs import get_spec
        from attain.store.warehouse import Warehouse

        spec = get_spec("ks4_att8")
        context = spec.context(EstimateType.WITH_CONTEXT)
        with Warehouse(folder / "warehouse").connect() as con:
            frame = extract(con, spec, context, list(YEARS[:2]))
        x = design_matrix(frame, prior_scaling(frame.prior), context)
        start = time.perf_counter()  # the baseline times the GLM alone
        sm.GLM(frame.outcome, x, family=sm.families.Gaussian()).fit()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(json.dumps({"mode": mode, "seconds": seconds, "peak_gib": peak}))


def run(mode: str, folder: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(folder)],
                         check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def score_demo(folder: Path, la: str, year: int) -> float:
    from attain.estimates.specs import EstimateType
    from attain.services import estimates

    estimates.score(folder, "ks4_att8", EstimateType.WITH_CONTEXT, year, la_code=la)  # warm
    start = time.perf_counter()
    scored = estimates.score(folder, "ks4_att8", EstimateType.WITH_CONTEXT, year, la_code=la)
    seconds = time.perf_counter() - start
    print(f"score LA {la} {year}: {len(scored.pupils.estimate)} pupils, "
          f"{len(scored.schools)} schools in {seconds:.2f} s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=600_000)
    parser.add_argument("--child", nargs=2)
    parser.add_argument("--demo", type=Path)
    parser.add_argument("--la", default="882")
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        synthesise(folder, args.pupils)
        print(f"synthesised {args.pupils:,} pupils x {len(YEARS)} years in "
              f"{time.perf_counter() - start:.1f} s")
        base, ours = run("baseline", folder), run("attain", folder)
        print(f"baseline GLM only: {base['seconds']:.1f} s, peak {base['peak_gib']:.2f} GiB")
        print(f"attain fit (extract + fit + validate + percentiles + save): "
              f"{ours['seconds']:.1f} s, peak {ours['peak_gib']:.2f} GiB, "
              f"ratio {ours['seconds'] / base['seconds']:.1f}x")
    if args.demo:
        score_demo(args.demo, args.la, args.year)


if __name__ == "__main__":
    main()
