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
    """Largest policy file ``load`` accepts, in bytes: ``POLICYLENS_MAX_BYTES`` or the default.

    Returns
    -------
    max_bytes : int

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> from policylens import config
    >>> with mock.patch.dict(os.environ, {"POLICYLENS_MAX_BYTES": "1000"}):
    ...     config.max_bytes()
    1000
    >>> config.DEFAULT_MAX_BYTES
    20971520
    """
    value = os.environ.get("POLICYLENS_MAX_BYTES")
    return int(value) if value else DEFAULT_MAX_BYTES


def corpora_path() -> Path:
    """The folder holding the external corpora (it may not exist).

    ``POLICYLENS_CORPORA`` when set; else ``../shared/corpora`` next to the project root or
    the current directory, whichever exists.

    Returns
    -------
    path : Path

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> from policylens import config
    >>> with mock.patch.dict(os.environ, {"POLICYLENS_CORPORA": "/data/corpora"}):
    ...     config.corpora_path().as_posix()
    '/data/corpora'
    """
    env = os.environ.get("POLICYLENS_CORPORA")
    if env:
        return Path(env).expanduser()
    for base in (PROJECT_ROOT, Path.cwd()):
        candidate = (base / ".." / "shared" / "corpora").resolve()
        if candidate.is_dir():
            return candidate
    return (PROJECT_ROOT / ".." / "shared" / "corpora").resolve()


def corpus_dir(name: str) -> Path:
    """``corpora_path() / name``; callers check ``.is_dir()`` and skip when absent.

    Parameters
    ----------
    name : str
        The corpus folder name ("opp115", "policond2024" ...).

    Returns
    -------
    path : Path

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> from policylens import config
    >>> with mock.patch.dict(os.environ, {"POLICYLENS_CORPORA": "/data/corpora"}):
    ...     config.corpus_dir("opp115").as_posix()
    '/data/corpora/opp115'
    """
    return corpora_path() / name


def bundled_policies_dir() -> Path:
    """The bundled seed policies: ``data/policies`` in a source checkout, else the package copy.

    Returns
    -------
    path : Path

    Raises
    ------
    FileNotFoundError
        Neither exists.

    Examples
    --------
    >>> from policylens import config
    >>> len(sorted(config.bundled_policies_dir().glob("*.txt")))
    5
    """
    for candidate in (PROJECT_ROOT / "data" / "policies", PACKAGE_DIR / "data" / "policies"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("bundled policies not found (data/policies)")
