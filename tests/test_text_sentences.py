"""The one sentence splitter: ``split_sentences`` (segment) and ``sentence_around`` (extract)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.text.sentences import sentence_around, split_sentences

_PIECES = st.sampled_from(["We keep data", "e.g.", "U.S.", "logs", ".", ";", "!", " ", "  ", "\n", "\n\n",
                           "\n- ", "\n2. ", "You may", "(", ")", "\"", "Art.", "6", "J.", "Smith"])


@pytest.mark.parametrize("text, pos, expected", [
    ("Hello there. We keep logs; we delete them after 30 days. Bye.", 20, "We keep logs;"),
    ("Hello there. We keep logs; we delete them after 30 days. Bye.", 30, "we delete them after 30 days."),
    ("We follow U.S. law here. Next one.", 16, "We follow U.S. law here."),
    ("Data, e.g. Logs, are kept. Next.", 12, "Data, e.g. Logs, are kept."),
    ("In Japan, you must\nbe at least 18. Next.", 20, "In Japan, you must\nbe at least 18."),
    ("We keep:\n- logs\n- backups", 12, "- logs"),
    ("First paragraph\n\nSecond paragraph", 20, "Second paragraph"),
    ("One. Two", 5, "Two"),
])
def test_sentence_around(text, pos, expected):
    s, e = sentence_around(text, pos)
    assert text[s:e] == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join), st.data())
def test_the_sentence_holds_the_match_and_is_trimmed(text, data):
    solid = [i for i, c in enumerate(text) if not c.isspace()]
    if not solid:
        return
    start = data.draw(st.sampled_from(solid))
    end = data.draw(st.sampled_from([i + 1 for i in solid if i >= start]))
    s, e = sentence_around(text, start, end)
    assert 0 <= s <= start < end <= e <= len(text)
    assert text[s:e] == text[s:e].strip()


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_split_sentences_covers_every_non_space_character_once(text):
    spans = split_sentences(text)
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
