"""A value that matplotlib would read as mathtext (`$\\x$`) shows as text in every chart, never breaks it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from dashboard_store import seed
from matplotlib.figure import Figure
from matplotlib.text import Text

from workbench import html
from workbench.analysis import charts as plan_charts
from workbench.analysis.periods import Period, Periods
from workbench.dashboards import charts, manager
from workbench.store.db import session_scope
from workbench.store.models import Home

HOSTILE = ("$\\x$", "North $a$ b $", "$\\frac{1}{$", "$$", "\\$x$")


def test_plain_text_switches_mathtext_off_for_every_text_and_drawn_tick_labels() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    ax.bar(range(len(HOSTILE)), [1] * len(HOSTILE), label=HOSTILE[0])
    ax.set_xticks(range(len(HOSTILE)), HOSTILE)
    ax.set_title(HOSTILE[2])
    ax.legend()
    fragment = html.figure(fig, alt="hostile")  # raised ValueError (ParseFatalException) before
    assert "wb-figure" in fragment
    assert all(not t.get_parse_math() for t in fig.findobj(Text))
    assert [t.get_text() for t in ax.get_xticklabels()] == list(HOSTILE)


def test_dashboard_charts_with_hostile_categories() -> None:
    table = pd.DataFrame({"Good": [1, 2, 1, 0, 3], "Inadequate": [0, 1, 0, 2, 1]}, index=list(HOSTILE))
    assert "wb-figure" in charts.grade_distribution(table, "Region")


def test_visit_plan_chart_with_a_hostile_category() -> None:
    months = pd.period_range("2025-01", "2025-12", freq="M")
    monthly = pd.DataFrame({HOSTILE[0]: range(12), HOSTILE[2]: range(12)}, index=months)
    current = Period(dt.date(2025, 3, 1), dt.date(2025, 12, 31), "since the last full inspection")
    previous = Period(dt.date(2024, 3, 1), dt.date(2025, 2, 28), "before")
    periods = Periods(dt.date(2025, 12, 31), current, previous, 2, 1, False)
    assert "wb-figure" in plan_charts.notifications_chart(monthly, periods)


def test_manager_page_charts_a_region_and_sector_that_look_like_mathtext(
        sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_REPORTS", str(tmp_path / "reports"))
    monkeypatch.delenv("WORKBENCH_DASHBOARD_CACHE", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    seed(sqlite_url)
    with session_scope(sqlite_url) as session:
        for home in session.query(Home).all():
            home.region, home.sector = "$\\x$", "North $a$ b $"
    page = manager.open_page(db=sqlite_url, user="mgr")
    shown = page.chart_area.value
    assert shown.count("wb-figure") >= 3
    assert "$\\x$" in shown  # the alt text names the region as typed
