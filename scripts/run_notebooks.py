"""Re-execute the notebooks in place so their stored outputs match the code (``make notebooks``).

Each ``notebooks/NN_*.py`` (jupytext percent script, the reviewed source) is synced into its
paired ``.ipynb``, then the notebook is executed top to bottom with the ``python3`` kernel of the
running interpreter (jupyter_client starts ``sys.executable`` for the ``python3`` kernel spec) and
written back with its outputs. No per-cell timing metadata is stored, so re-running without
changes gives no diff. Prints the seconds each notebook took.

Usage: ``python scripts/run_notebooks.py [NOTEBOOK ...]`` (default: every notebook).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNEL = "python3"
TIMEOUT = 300  # seconds per cell


def sync(script: Path) -> Path:
    """Write the cells of the jupytext script into its paired notebook (outputs are recomputed)."""
    notebook = script.with_suffix(".ipynb")
    nb = jupytext.read(script)
    nb.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": KERNEL}
    nbformat.write(nb, notebook)
    return notebook


def execute(notebook: Path) -> float:
    nb = nbformat.read(notebook, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=TIMEOUT, kernel_name=KERNEL, record_timing=False,
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    seconds = time.perf_counter() - start
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, notebook)
    return seconds


def main(argv: list[str]) -> int:
    # deterministic hashing and a non-interactive matplotlib in the kernel
    os.environ.setdefault("PYTHONHASHSEED", "0")
    scripts = [Path(a).with_suffix(".py") for a in argv] or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
    total = 0.0
    for script in scripts:
        notebook = sync(script)
        seconds = execute(notebook)
        total += seconds
        print(f"{notebook.relative_to(ROOT)}: {seconds:.1f} s", flush=True)
    print(f"all notebooks: {total:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
