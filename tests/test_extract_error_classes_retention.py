"""Retention: error classes seen on unseen policies (issue #12 §3 e, h), on sentences composed for
this file, through ``extract_text``."""

from __future__ import annotations

import pytest

from policylens.extract import extract_text


def found(text: str, aspect: str, section: str = "", lead_in: str = "", kind: str = "sentence") -> list:
    return [f for f in extract_text(text, section=section, lead_in=lead_in, kind=kind) if f.aspect == aspect]


# --- e. retention guards and h. retention categories ------------------------------------------------

@pytest.mark.parametrize("text", [
    "We respond to deletion requests within 45 days.",
    "We will answer your request to access your data within one month.",
    "You can delete a message you sent within 2 days of sending it.",
    "Appointments cancelled less than 24 hours in advance count as a no-show.",
    "You have 14 days to withdraw from the purchase contract.",
])
def test_deadlines_and_action_windows_are_not_retention(text):
    assert [f for f in found(text, "retention") if f.min_days is not None or f.max_days is not None] == []


CATEGORIES = [
    ("We keep your account information for 2 years after you close your account.", "account"),
    ("Payment records are retained for 7 years to meet tax rules.", "payment_transactions"),
    ("Server logs are kept for 90 days.", "usage_logs"),
    ("We retain your personal information for 3 years.", "generic"),
    ("Precise location data is deleted after 30 days.", "location"),
    ("Support chats and emails you send us are stored for 12 months.", "communications"),
    ("Backups are overwritten within 35 days.", "backups"),
    ("Photos you upload are kept until you delete them or for 5 years at most.", "content"),
    ("Your email address and phone number are kept for 24 months after your last order.", "contact"),
    ("Data collected by analytics cookies is retained for 13 months.", "cookies_analytics"),
    ("Your marketing preferences are retained for 3 years after you unsubscribe.", "marketing"),
]


@pytest.mark.parametrize(("text", "category"), CATEGORIES)
def test_retention_categories_are_normalised_and_raw_kept(text, category):
    got = [f for f in found(text, "retention") if f.max_days is not None]
    assert got, text
    assert {f.data_category_id for f in got} == {category}
    assert all(f.data_category.lower() in text.lower() for f in got)  # the phrase as written (when found)


def test_retention_category_from_the_table_header():
    got = found("Account data | 2 years after closure", "retention", kind="table_row",
                lead_in="Data category | Retention period")
    assert got and got[0].data_category_id == "account"


@pytest.mark.parametrize(("text", "lo", "hi"), [
    ("Tax records are retained for between 6 and 10 years.", 6 * 365, 10 * 365),
])
def test_retention_ranges(text, lo, hi):
    got = [f for f in found(text, "retention") if f.max_days is not None]
    assert got, text
    assert (got[0].min_days, got[0].max_days) == (lo, hi)


