"""Readers for the external evaluation corpora (never shipped; see policylens.config)."""

from __future__ import annotations


def __getattr__(name: str):
    import importlib

    owners = {
        "load_opp115": "opp115",
        "load_opp115_split": "opp115",
        "load_goppc150": "goppc150",
        "load_c3pa": "c3pa",
    }
    if name in owners:
        return getattr(importlib.import_module(f"policylens.datasets.{owners[name]}"), name)
    raise AttributeError(name)
