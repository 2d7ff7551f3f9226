"""Retention periods (policylens.extract.retention): stated and qualitative, with the traps."""

from __future__ import annotations

import pytest

from policylens.extract import ClauseContext
from policylens.extract.retention import _category, extract_clause, format_days, generic_category


def _find(text, section="", lead_in="", kind="sentence"):
    found = extract_clause(ClauseContext(text=text, section=section, lead_in=lead_in, kind=kind))
    for f in found:  # offsets and evidence always agree
        assert text[f.start:f.end] == f.evidence
        assert f.aspect == "retention"
    return found


def _stated(found):
    return [f for f in found if f.min_days is not None]


# (text, section, lead_in, min_days, max_days, category substring, condition substring)
STATED = [
    # wordings written for these tests (not from the seeds)
    ("We keep server logs for 90 days, after which they are deleted.", "", "",
     90, 90, "server logs", ""),
    ("Your chat transcripts are stored on our servers for six months from the date they were sent.",
     "", "", 180, 180, "chat transcripts", "from the date they were sent"),
    ("Invoices are retained for ten (10) years to meet our bookkeeping duties.", "", "",
     3650, 3650, "Invoices", ""),
    ("We will delete your profile within 30 days after you close your account.", "", "",
     30, 30, "profile", "after you close your account"),
    ("Recordings of support calls are kept for between 3 and 6 months.", "", "",
     90, 180, "Recordings of support calls", ""),
    ("Backups are overwritten on a rolling basis and retained for no longer than 35 days.", "", "",
     35, 35, "Backups", ""),
    ("Security logs: retained for 400 days.", "", "", 400, 400, "Security logs", ""),
    ("We purge inactive accounts after 3 years of inactivity.", "", "",
     1095, 1095, "inactive accounts", "of inactivity"),
    ("Accounts that have been dormant for 18 consecutive months are erased.", "", "",
     540, 540, "", "of inactivity"),
    ("CCTV footage 31 days", "Data Retention", "How long we keep your data:",
     31, 31, "CCTV footage", ""),
    ("Marketing preferences – 2 years after your last purchase", "Retention schedule", "",
     730, 730, "Marketing preferences", "after your last purchase"),
    ("Job applicant data is held for twelve months following the end of the recruitment process.",
     "", "", 360, 360, "Job applicant data", "following the end of the recruitment process"),
    ("We store raw IP addresses for 48 hours and then truncate them.", "", "",
     2, 2, "raw IP addresses", ""),
    ("Tax records are preserved for a minimum of seven years as required by the tax authority.", "",
     "", 2555, 2555, "Tax records", ""),
    # the normalisation examples, inside retention sentences
    ("Usage statistics are retained for 12-24 months.", "", "", 360, 720, "Usage statistics", ""),
    ("Uploaded files are retained for up to 30 days.", "", "", 30, 30, "Uploaded files", ""),
    ("Candidate CVs will be stored for [1] year.", "", "", 365, 365, "Candidate CVs", ""),
]


@pytest.mark.parametrize(("text", "section", "lead_in", "lo", "hi", "category", "condition"), STATED)
def test_stated_periods(text, section, lead_in, lo, hi, category, condition):
    stated = _stated(_find(text, section, lead_in))
    assert len(stated) == 1, stated
    f = stated[0]
    assert (f.min_days, f.max_days) == (lo, hi)
    assert f.number == hi
    assert f.value == (format_days(lo) if lo == hi else f"{format_days(lo)}-{format_days(hi)}")
    if category:
        assert category.lower() in f.data_category.lower(), f.data_category
    if condition:
        assert condition in f.condition, f.condition
    else:
        assert f.condition in ("", "of inactivity") or not condition


# (text, section, lead_in, qualitative kind, category substring)
QUALITATIVE = [
    ("We hold your contact details only for as long as is reasonably necessary.", "", "",
     "as_long_as_necessary", "contact details"),
    ("Personal data is kept no longer than necessary for the purposes for which it is processed.",
     "", "", "as_long_as_necessary", "Personal data"),
    ("Aggregated statistics may be retained indefinitely.", "", "", "indefinitely",
     "Aggregated statistics"),
    ("We store your playlists for as long as your account remains active.", "", "", "while_active",
     "playlists"),
    ("Your workspace content is retained until you delete your account.", "", "", "while_active",
     "workspace content"),
    ("We keep order history for the duration of our business relationship.", "", "",
     "while_active", "order history"),
    ("Some records are kept longer where required by applicable law.", "", "",
     "legal_requirement", "records"),
    ("Payment data will be kept to comply with our statutory and tax obligations.", "", "",
     "legal_requirement", "Payment data"),
    ("We keep your files until they are no longer needed or until you ask us to delete them.", "",
     "", "as_long_as_necessary", "files"),
    ("Drafts are stored for a reasonable period after you leave the editor.", "", "",
     "as_long_as_necessary", "Drafts"),
    ("Listening history is kept while you continue to use our music apps.", "", "",
     "while_active", "Listening history"),
]


@pytest.mark.parametrize(("text", "section", "lead_in", "kind", "category"), QUALITATIVE)
def test_qualitative_periods(text, section, lead_in, kind, category):
    found = _find(text, section, lead_in)
    hits = [f for f in found if f.value == kind]
    assert len(hits) == 1, found
    f = hits[0]
    assert f.condition == kind
    assert f.min_days is None and f.max_days is None
    assert category.lower() in f.data_category.lower(), f.data_category
    assert not _stated(found)


NOT_RETENTION = [
    # look-back windows
    ("In the past 12 months, we have collected the following categories of personal information.",
     "", ""),
    ("During the preceding twelve months we disclosed identifiers to service providers.", "", ""),
    ("We have not sold personal information in the last 12 months.", "Data Retention", ""),
    # response deadlines and breach notices, also inside a retention section
    ("We will respond to your deletion request within 30 days.", "Data Retention", ""),
    ("We aim to reply to requests within one month of receipt.", "", ""),
    ("We will notify the supervisory authority of a breach within 72 hours.", "Data Retention", ""),
    # ages are not periods
    ("We do not knowingly collect data from anyone under 16 years of age.", "", ""),
    ("You must be at least 18 years old to hold an account.", "Retention", ""),
    # cookie lifetimes
    ("Persistent cookies remain on your device for 2 years unless you delete them.", "", ""),
    ("The _ga cookie expires after 13 months.", "", ""),
    # vague, frequency, other durations
    ("Some cookies may persist for a few months or years.", "", ""),
    ("We review our retention schedule every 12 months.", "", ""),
    ("Your free trial lasts 14 days, after which your subscription starts.", "", ""),
    ("Our company was founded 20 years ago and stores nothing.", "", ""),
    ("Sessions time out after 30 minutes of inactivity.", "Data Retention", ""),
    # no retention cue, no retention section
    ("The programme runs for 6 months.", "", ""),
    # statistics and rights are not periods
    ("Average time to resolution of deletion requests: 4 days.", "", ""),
    ("You have the right to have records erased after 6 years.", "", ""),
]


@pytest.mark.parametrize(("text", "section", "lead_in"), NOT_RETENTION)
def test_not_retention(text, section, lead_in):
    assert _stated(_find(text, section, lead_in)) == []


@pytest.mark.parametrize("text", [
    "We will permanently delete your data when you ask us to.",
    "We do not keep your data indefinitely.",
    "We process your data as long as necessary to provide the service.",  # no retention cue
    "You can request that we delete your records when they are no longer necessary.",  # a right
    "Where required by applicable law, we store transfer agreements with our vendors.",
])
def test_qualitative_traps(text):
    assert [f.value for f in _find(text)] == []


def test_table_rows_take_their_label_and_the_lead_in_decides():
    lead = "Retention Periods by Data Type:"
    row = "Device diagnostics (crash reports) Up to 90 days, then aggregated"
    f = _stated(_find(row, "Data Retention > Periods", lead, kind="table_row"))[0]
    assert (f.min_days, f.max_days) == (90, 90)
    assert f.data_category.startswith("Device diagnostics")
    # the same row with no retention context states nothing
    assert _stated(_find(row)) == []


def test_mixed_numeric_and_qualitative_in_one_row():
    row = "Profile data For the life of your account + up to 6 months after deactivation"
    found = _find(row, "Data Retention", "", kind="table_row")
    assert {f.value for f in found} == {"while_active", "180"}
    stated = _stated(found)[0]
    assert stated.condition == "after deactivation"
    assert all(f.data_category == "Profile data" for f in found)


def test_category_from_lead_in_when_clause_has_none():
    found = _find("for 5 years;", "", "We keep the following invoices and receipts:")
    assert _stated(found)[0].data_category == "invoices and receipts"


def test_several_periods_in_one_sentence():
    text = ("For instance, we retain some records for a minimum period (e.g., payroll records for "
            "3-6 years, or access logs for 90 days).")
    stated = _stated(_find(text))
    assert [(f.min_days, f.max_days) for f in stated] == [(1095, 2190), (90, 90)]
    assert [f.data_category for f in stated] == ["payroll records", "access logs"]


# --- hardening on unseen policies (own wordings) ---------------------------------------------

@pytest.mark.parametrize(("text", "section", "lead_in", "kind"), [
    # a negated lead-in introduces no retention items; its rows are cookie lifetimes
    ("2 years", "Cookie settings", "These trackers do not store any directly identifying data.",
     "item"),
    # a table whose header is about response times holds no retention periods
    ("Requests to erase\t40,112\t39,900\t12.5 days", "Request statistics",
     "Request type\tReceived\tFulfilled\tMean response time", "table_row"),
    # cookie lifetime column
    ("_abc_id\t13 months", "Cookies", "Cookie\tExpiry", "table_row"),
    # processing an unsubscribe is a deadline, not how long data is kept
    ("Once you opt out we will remove you from our promotional mailing list, usually within 7 "
     "working days.", "", "", "sentence"),
])
def test_hardening_not_retention(text, section, lead_in, kind):
    assert _stated(_find(text, section, lead_in, kind)) == []


@pytest.mark.parametrize(("text", "category"), [
    # parentheticals and trailing verb phrases are not part of the category
    ("Purchase receipts (including the order number) are kept for 4 years.", "Purchase receipts"),
    ("Your voice notes will never be kept longer than 60 days.", "voice notes"),
    ("We retain and use your shipping address for 2 years.", "shipping address"),
    ("We also keep your profile photo too for 3 months.", "profile photo"),
    ("Usage statistics upon closure of your profile are deleted after 3 months.",
     "Usage statistics"),
])
def test_hardening_category_is_clean(text, category):
    stated = _stated(_find(text))
    assert len(stated) == 1, stated
    cat = stated[0].data_category
    assert category.lower() in cat.lower(), cat
    assert "(" not in cat and not cat.lower().endswith(("will", "never", "and use")), cat


@pytest.mark.parametrize(("text", "category"), [
    # a sentence-initial adverb / preposition is not a category
    ("After 45 days, your drafts are purged from our editor.", ""),
    ("Specifically, we store gallery uploads for 8 months.", "gallery uploads"),
])
def test_hardening_category_skips_adverbs(text, category):
    stated = _stated(_find(text))
    assert len(stated) == 1, stated
    assert stated[0].data_category.lower() not in {"after", "specifically"}
    assert category in stated[0].data_category


def test_hardening_generic_category_yields_to_lead_in():
    found = _find("We keep this information for 5 years.", "Data retention",
                  "Tax and billing records:", "item")
    assert [f.data_category for f in _stated(found)] == ["Tax and billing records"]


@pytest.mark.parametrize("text", [
    "Comments you publish in the forum are never erased.",
    "Archived invoices are stored without any time limit.",
    "We keep aggregated usage counts for an unlimited period.",
    "We do not delete your playlists, even after you stop paying.",
])
def test_hardening_indefinitely_wordings(text):
    assert "indefinitely" in {f.value for f in _find(text)}


@pytest.mark.parametrize("text", [
    "Uninstalling the app will not delete your personal data.",  # not our policy of keeping
    "Photos are not deleted until you remove them yourself.",  # a condition, not forever
    "Your files are not deleted immediately after you close the account.",  # a delay
    "Members can remove their own posts without a time limit.",  # a feature, not retention
    "We will not keep your data indefinitely.",  # negated
])
def test_hardening_not_indefinitely(text):
    assert "indefinitely" not in {f.value for f in _find(text)}


@pytest.mark.parametrize(("category", "generic"), [
    ("your information", True), ("Personal Data", True), ("collected user info", True),
    ("the data", True), ("billing records", False), ("your messages", False), ("data logs", False),
])
def test_generic_category(category, generic):
    assert generic_category(category) is generic


def test_data_category_patterns_keep_their_case_modes():
    """``_cs`` keys of ``data_category`` are case-sensitive: "Only the" after a verb is not
    skipped like "only the" (the object then starts at "Only")."""
    c = _category()
    assert c.object_lead.match("only the logs").end() == len("only the ")
    assert c.object_lead.match("Only the logs").end() == 0
    assert c.has_verbish.search("WE keep")  # case-insensitive keys stay so
