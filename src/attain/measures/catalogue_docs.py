"""docs/measures.md, the measure catalogue, generated from the YAML definitions."""

from __future__ import annotations

from itertools import groupby

from attain.measures.catalogue import DEFINITIONS, load_catalogue
from attain.measures.spec import Catalogue, MeasureSpec
from attain.services import docs

KEY_STAGE_ORDER = ("eyfs", "phonics", "fp", "ks1", "ks2", "ks3", "ks4", "ks5", "attendance",
                   "exclusions")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _order(spec: MeasureSpec) -> tuple[int, str]:
    stage = spec.key_stage
    rank = KEY_STAGE_ORDER.index(stage) if stage in KEY_STAGE_ORDER else len(KEY_STAGE_ORDER)
    return rank, spec.id


def catalogue_markdown(catalogue: Catalogue | None = None) -> str:
    catalogue = catalogue or load_catalogue(DEFINITIONS)
    lines = ["# Measure catalogue", "",
             "Generated from `definitions/measures/` by `attain docs`; do not edit by hand. "
             "The format is in [measure-format.md](measure-format.md).", ""]
    for stage, specs in groupby(sorted(catalogue.measures, key=_order),
                                key=lambda s: s.key_stage or "other"):
        lines += [f"## {stage}", "", "| id | title | kind | years | country | unit | source |",
                  "|---|---|---|---|---|---|---|"]
        lines += [f"| `{s.id}` | {_cell(s.title)} | {s.kind} | {s.years.text()} | "
                  f"{s.country} | {s.unit} | {_cell(s.source)} |" for s in specs]
        lines.append("")
    lines += ["## Pupil groups", "", "| id | title | filter | partition | datasets |",
              "|---|---|---|---|---|"]
    lines += [f"| `{g.id}` | {_cell(g.title)} | `{_cell(g.filter)}` | {g.partition or ''} | "
              f"{', '.join(g.datasets) if g.datasets else 'all'} |" for g in catalogue.groups]
    return "\n".join(lines) + "\n"


docs.register("measures.md", catalogue_markdown)
