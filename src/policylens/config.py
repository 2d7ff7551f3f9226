"""Settings: where the external evaluation corpora live, and loader limits.

The corpora (OPP-115, GoPPC-150, C3PA, policond2024) are research-only and never shipped;
they are found through ``POLICYLENS_CORPORA`` or, by default, ``../shared/corpora`` next to the
project root (or next to the current directory).
"""

from __future__ import annotations

import os
from pathlib import Path

#: Largest policy file `load` accepts, in bytes (override per call or with POLICYLENS_MAX_BYTES).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent.parent


def max_bytes() -> int:
    value = os.environ.get("POLICYLENS_MAX_BYTES")
    return int(value) if value else DEFAULT_MAX_BYTES


def corpora_path() -> Path:
    """The folder holding the external corpora (it may not exist)."""
    env = os.environ.get("POLICYLENS_CORPORA")
    if env:
        return Path(env).expanduser()
    for base in (PROJECT_ROOT, Path.cwd()):
        candidate = (base / ".." / "shared" / "corpora").resolve()
        if candidate.is_dir():
            return candidate
    return (PROJECT_ROOT / ".." / "shared" / "corpora").resolve()


def corpus_dir(name: str) -> Path:
    """``corpora_path() / name``; callers check ``.is_dir()`` and skip when absent."""
    return corpora_path() / name


def bundled_policies_dir() -> Path:
    """The bundled seed policies: ``data/policies`` in a source checkout, else the package copy."""
    for candidate in (PROJECT_ROOT / "data" / "policies", PACKAGE_DIR / "data" / "policies"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("bundled policies not found (data/policies)")
