"""Shared by the speed benchmarks: the policy files to time, and their clauses cached once."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

#: (corpus, sub-folder) pairs of real HTML policies used when ../shared/corpora is present
CORPUS_FOLDERS = (("policond2024", "cleaned"), ("opp115", "sanitized_policies"))


def source_files(corpora: tuple[tuple[str, str], ...] = CORPUS_FOLDERS) -> list[Path]:
    """The bundled seeds plus every HTML policy of ``corpora`` that exists here."""
    from policylens import config

    files = sorted(config.bundled_policies_dir().glob("*.txt"))
    for name, sub in corpora:
        folder = config.corpus_dir(name) / sub
        if folder.is_dir():
            files += sorted(folder.glob("*.html"))
    return files


def clauses_table(cache: Path, files: list[Path]) -> pd.DataFrame:
    """Clauses of ``files`` (segmented once, then read from the Parquet ``cache``)."""
    import policylens as pl

    if not cache.exists():
        frames = [pl.segment(pl.load(p)) for p in files]
        pd.concat(frames, ignore_index=True).to_parquet(cache)
    return pd.read_parquet(cache)  # same dtypes on every run
