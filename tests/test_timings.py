"""Timings (paras 7-9): working days with England's bank holidays, and when the next inspection is due."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.rules.timings import (
    add_working_days,
    is_working_day,
    next_inspection_due,
    publication_deadline,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(("last_day", "deadline"), [
    (D(2024, 3, 4), D(2024, 4, 3)),    # Monday; Good Friday 29 Mar and Easter Monday 1 Apr skipped
    (D(2024, 6, 3), D(2024, 7, 1)),    # no bank holiday: exactly four weeks
    (D(2025, 12, 19), D(2026, 1, 21)),  # Christmas, Boxing Day, New Year's Day skipped
    (D(2024, 8, 3), D(2024, 9, 2)),    # Saturday finish; summer bank holiday 26 Aug skipped
])
def test_publication_deadline_is_20_working_days(last_day: dt.date, deadline: dt.date) -> None:
    assert publication_deadline(last_day) == deadline
    assert working_days_between(last_day, deadline) == 20
    assert is_working_day(deadline)


def test_bank_holidays_of_england_not_scotland() -> None:
    assert not is_working_day(D(2024, 8, 26))  # English summer bank holiday
    assert is_working_day(D(2024, 8, 5))  # Scottish summer bank holiday: a working day in England
    assert not is_working_day(D(2024, 3, 30))  # Saturday


def test_working_days_between() -> None:
    assert working_days_between(D(2024, 6, 3), D(2024, 6, 3)) == 0
    assert working_days_between(D(2024, 6, 7), D(2024, 6, 10)) == 1  # Friday -> Monday
    assert working_days_between(D(2024, 6, 10), D(2024, 6, 7)) == -1
    assert add_working_days(D(2024, 6, 7), 1) == D(2024, 6, 10)


def test_next_inspection_within_six_months() -> None:
    due, why = next_inspection_due(D(2024, 1, 15), D(2024, 4, 10), "good")
    assert due == D(2024, 10, 10) and "para 7" in why
    due, why = next_inspection_due(D(2024, 1, 15), None, None)
    assert due == D(2024, 7, 15) and "para 7" in why
    due, why = next_inspection_due(D(2024, 1, 15), D(2024, 9, 20), "good")  # interim late in the year
    assert due == D(2025, 1, 15) and "full inspection" in why and "45" in why


def test_inadequate_overall_brings_a_full_inspection_within_six_to_eight_weeks() -> None:
    due, why = next_inspection_due(D(2024, 1, 15), D(2024, 1, 15), "inadequate")
    assert due == D(2024, 3, 11) and "para 8" in why and "2024-02-26" in why
    due, _ = next_inspection_due(D(2024, 1, 15), D(2024, 1, 15), "requires_improvement")
    assert due == D(2024, 7, 15)


def test_no_previous_inspection() -> None:
    due, why = next_inspection_due(None, None, None)
    assert due is None and "para 7" in why
