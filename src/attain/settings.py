"""Settings are data: each has a name, an environment variable, a default and help text.

docs/settings.md is generated from SETTINGS and a test fails when it is stale.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env, self.default)


DATA_DIR = Setting(
    "data_dir",
    "ATTAIN_DATA_DIR",
    "attain-data",
    "Folder holding the warehouse (Parquet), the results cube and, by default, "
    "the SQLite app database.",
)
DATABASE_URL = Setting(
    "database_url",
    "ATTAIN_DATABASE_URL",
    "",
    "SQLAlchemy URL of the app database. Empty means a SQLite file `attain.db` in the data "
    "folder; use `postgresql+psycopg://user:pass@host/db` for PostgreSQL.",
)
SEED = Setting(
    "seed", "ATTAIN_SEED", "2012", "Random seed of the synthetic demo data generator."
)
PUPILS = Setting(
    "pupils",
    "ATTAIN_PUPILS",
    "national",
    "What the warehouse's pupil data covers: `national` (the nation's pupils, or a sample of "
    "its schools, as in the demo) or `own` (only your LA's or consortium's): then `attain "
    "compute` computes no national, regional or area rows and no progress scores from "
    "them, and compares with their published figures (`--pupils` overrides).",
)
SUPPRESSION_MIN_DENOMINATOR = Setting(
    "suppression_min_denominator",
    "ATTAIN_SUPPRESSION_MIN_DENOMINATOR",
    "6",
    "Results with fewer pupils than this in the denominator are suppressed.",
)
SUPPRESSION_MIN_COUNT = Setting(
    "suppression_min_count",
    "ATTAIN_SUPPRESSION_MIN_COUNT",
    "3",
    "Proportions whose numerator or complement is below this are suppressed (0 turns the "
    "rule off).",
)
LOG_LEVEL = Setting(
    "log_level", "ATTAIN_LOG_LEVEL", "WARNING", "Python logging level. Logs never hold pupil data."
)
HOME_LA = Setting(
    "home_la",
    "ATTAIN_LA",
    "",
    "Three-digit code of the home LA. The web app shows this LA (empty: the LA with the "
    "most schools in the registry); `attain compute` compares only its schools' rows with "
    "national, LA, past and family figures (empty: every school's; `--home-la` overrides, "
    "e.g. `--home-la 660,661` for a consortium).",
)

WAREHOUSE_URL = Setting(
    "warehouse_url",
    "ATTAIN_WAREHOUSE_URL",
    "",
    "PostgreSQL URL of the warehouse for `attain warehouse load --engine postgres` "
    "(`postgresql://user:pass@host/db`). Empty means the app database, ATTAIN_DATABASE_URL.",
)

SPARK_MASTER = Setting(
    "spark_master",
    "ATTAIN_SPARK_MASTER",
    "local[2]",
    "spark.master for `--engine spark`: local[N] runs Spark inside attain with N threads; "
    "spark://host:7077, yarn or k8s://... uses a cluster (the warehouse folder must be "
    "readable by its executors).",
)

# Optional single sign-on (OpenID Connect, e.g. Microsoft Entra ID): attain.web.sso
OIDC_METADATA_URL = Setting(
    "oidc_metadata_url",
    "ATTAIN_OIDC_METADATA_URL",
    "",
    "OpenID Connect discovery document of the organisation's identity provider, e.g. "
    "`https://login.microsoftonline.com/TENANT-ID/v2.0/.well-known/openid-configuration`. "
    "Empty turns single sign-on off (docs/web.md).",
)
OIDC_CLIENT_ID = Setting(
    "oidc_client_id",
    "ATTAIN_OIDC_CLIENT_ID",
    "",
    "Client (application) id of attain's registration at the identity provider.",
)
OIDC_CLIENT_SECRET = Setting(
    "oidc_client_secret",
    "ATTAIN_OIDC_CLIENT_SECRET",
    "",
    "Client secret of that registration; keep it out of shell history and files others read.",
)
OIDC_EMAIL_DOMAINS = Setting(
    "oidc_email_domains",
    "ATTAIN_OIDC_EMAIL_DOMAINS",
    "",
    "Email domains single sign-on accepts, separated by commas (e.g. `southend.gov.uk`); "
    "empty accepts any address the identity provider vouches for.",
)

UPLOAD_MAX_AGE_HOURS = Setting(
    "upload_max_age_hours",
    "ATTAIN_UPLOAD_MAX_AGE_HOURS",
    "24",
    "Hours an uploaded file waits on the web data pages for its import to be confirmed; "
    "older uploads (which may hold pupil data) are deleted at the next upload.",
)

SETTINGS: tuple[Setting, ...] = (
    DATA_DIR,
    DATABASE_URL,
    HOME_LA,
    PUPILS,
    WAREHOUSE_URL,
    SPARK_MASTER,
    SEED,
    SUPPRESSION_MIN_DENOMINATOR,
    SUPPRESSION_MIN_COUNT,
    LOG_LEVEL,
    OIDC_METADATA_URL,
    OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET,
    OIDC_EMAIL_DOMAINS,
    UPLOAD_MAX_AGE_HOURS,
)


def data_dir(override: str | Path | None = None) -> Path:
    return Path(override) if override else Path(DATA_DIR.value())


def database_url(folder: Path) -> str:
    return DATABASE_URL.value() or f"sqlite:///{(folder / 'attain.db').resolve()}"


def settings_markdown() -> str:
    lines = [
        "# Settings",
        "",
        "Generated from `attain.settings.SETTINGS` by `attain docs`; do not edit by hand.",
        "",
        "| setting | environment variable | default | what it does |",
        "|---|---|---|---|",
    ]
    for s in SETTINGS:
        lines.append(f"| {s.name} | `{s.env}` | `{s.default}` | {s.help} |")
    return "\n".join(lines) + "\n"
