"""Every setting the workbench reads from its environment, declared once: name, variable, default, help.

Code reads a setting through its `Setting` (``settings.DB.value()``), never ``os.environ``
directly; `tests/test_docs.py` fails if one is missing from the README. A command-line option
(``--db``, ``--user``) wins over its setting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    """One environment setting; `default` may name ``{home}`` (the value of WORKBENCH_HOME)."""

    name: str
    env: str
    default: str | None
    help: str

    def value(self) -> str | None:
        """The variable's value if set and not empty, else the default (``~`` and ``{home}`` expanded)."""
        given = os.environ.get(self.env)
        if given:
            return given
        if self.default is None:
            return None
        return os.path.expanduser(self.default.format(home=HOME.value() if self is not HOME else ""))

    def path(self) -> Path | None:
        """The value as an absolute path (None if unset with no default)."""
        value = self.value()
        return None if value is None else Path(value).expanduser().resolve()


HOME = Setting("home", "WORKBENCH_HOME", "~/.workbench",
               "folder of the embedded store and of what sits beside it (reports, pending saves, prepared "
               "notebooks, `workbench serve`'s runtime files)")
DB = Setting("db", "WORKBENCH_DB", "{home}/workbench.sqlite",
             "the store: an SQLAlchemy URL or a SQLite file path (`--db` wins)")
USER = Setting("user", "WORKBENCH_USER", None,
               "who is working, a user name known to the store (`--user` wins; else JupyterHub's JUPYTERHUB_USER)")
REPORTS = Setting("reports", "WORKBENCH_REPORTS", "{home}/reports",
                  "folder the dashboards' report button writes exported reports to, as <URN>/<file> (`workbench "
                  "serve` serves them under /workbench/files/reports/ after its access checks)")
PLANS = Setting("plans", "WORKBENCH_PLANS", "{home}/visit-plans",
                "folder of visit plans as <URN>/visit-plan-<URN>-<date>.html (`workbench serve` serves them under "
                "/workbench/files/plans/ after its access checks)")
SPOOL = Setting("spool", "WORKBENCH_SPOOL", "{home}/pending",
                "folder of judgement saves waiting for an unavailable store (readable by the user only)")
DASHBOARD_CACHE = Setting("dashboard_cache", "WORKBENCH_DASHBOARD_CACHE", None,
                          "folder where dashboard kernels share computed home pictures; `workbench serve` sets it "
                          "to a private folder of its runtime directory (unset: each kernel keeps its own)")
SERVE_TOKEN = Setting("serve_token", "WORKBENCH_SERVE_TOKEN", None,
                      "the token `workbench serve` requires (default: a new random token each start)")
INGEST_MAX_ROWS = Setting("ingest_max_rows", "WORKBENCH_INGEST_MAX_ROWS", None,
                          "`workbench ingest`: most rows read from one file (unset: 2,000,000; `--max-rows` wins)")
INGEST_MAX_CELLS = Setting("ingest_max_cells", "WORKBENCH_INGEST_MAX_CELLS", None,
                           "`workbench ingest`: most cells (rows x columns) of one file (unset: 40,000,000; "
                           "`--max-cells` wins)")
INGEST_MAX_DEPTH = Setting("ingest_max_depth", "WORKBENCH_INGEST_MAX_DEPTH", None,
                           "`workbench ingest`: deepest nesting of a JSON file (unset: 20; `--max-depth` wins)")
INGEST_MAX_UNPACKED_MB = Setting("ingest_max_unpacked_mb", "WORKBENCH_INGEST_MAX_UNPACKED_MB", None,
                                 "`workbench ingest`: largest unpacked size of an XLSX workbook in MB (unset: 1,024; "
                                 "`--max-unpacked-mb` wins)")
INGEST_MAX_REJECTED = Setting("ingest_max_rejected", "WORKBENCH_INGEST_MAX_REJECTED", None,
                              "`workbench ingest`: most rejected rows of one file before it is refused (unset: "
                              "10,000; `--max-rejected` wins)")
CHROMIUM = Setting("chromium", "WORKBENCH_CHROMIUM", "chromium",
                   "the Chromium that prints PDFs (`--pdf`, the dashboards' report button): a path or a program on "
                   "PATH (default: Debian's `chromium`)")
TEST_PG = Setting("test_pg", "WORKBENCH_TEST_PG", None,
                  "tests only: PostgreSQL URL the suite also runs against (`make test` starts a server and sets it)")

#: Every setting, in the order the README lists them.
SETTINGS: tuple[Setting, ...] = (HOME, DB, USER, REPORTS, PLANS, SPOOL, DASHBOARD_CACHE, SERVE_TOKEN, INGEST_MAX_ROWS,
                                 INGEST_MAX_CELLS, INGEST_MAX_DEPTH, INGEST_MAX_UNPACKED_MB, INGEST_MAX_REJECTED,
                                 CHROMIUM, TEST_PG)
