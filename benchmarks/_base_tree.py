"""Another commit of this repository checked out beside it, to run old and new code in one benchmark.

``base_tree(commit)`` adds a detached ``git worktree`` of ``commit`` in a temporary folder
(outside the repository) and removes it afterwards; ``run_in(tree, args)`` runs a Python script
with that tree's ``src`` first on ``PYTHONPATH``, so ``import policylens`` is the old version.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def base_tree(commit: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="policylens-base-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), commit], check=True)
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


def run_in(tree: Path, args: list[str]) -> str:
    """Run ``python args...`` with ``tree/src`` as the policylens package; returns its stdout."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    done = subprocess.run([sys.executable, *args], env=env, check=True, capture_output=True, text=True)
    return done.stdout
