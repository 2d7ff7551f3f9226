"""``Finding.as_dict`` is the flat equivalent of ``dataclasses.asdict``."""

from __future__ import annotations

from dataclasses import asdict

from hypothesis import given
from hypothesis import strategies as st

from policylens.schema import FINDING_FIELDS, Finding

_opt_float = st.none() | st.floats(allow_nan=False)


@given(st.text(), st.text(), st.integers(), st.integers(), st.text(), st.text(), _opt_float, _opt_float,
       _opt_float, st.text(), st.text(), st.text())
def test_as_dict_equals_asdict(aspect, value, start, end, evidence, rule, number, lo, hi, cat, cond, role) -> None:
    f = Finding(aspect, value, start, end, evidence, rule, number, lo, hi, cat, cond, role)
    d = f.as_dict()
    assert d == asdict(f)
    assert list(d) == list(FINDING_FIELDS)
