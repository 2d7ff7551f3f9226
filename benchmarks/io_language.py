"""Language detection: the plainly-English short cut against py3langid alone, same documents.

For every policy of the seeds, policond2024 ``cleaned/*.html``, OPP-115 ``sanitized_policies``
and C3PA DB pages (loaded as the loader does), ``detect_language`` runs with and without the
short cut. Reported: documents, how many verdicts differ (language, or share by more than 0.05),
the languages found, and the seconds each way::

    PYTHONPATH=src python benchmarks/io_language.py
"""

from __future__ import annotations

import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

import policylens as pl
from policylens import config
from policylens.io.language import detect_language


def files() -> list[Path]:
    out = sorted(config.bundled_policies_dir().glob("*.txt"))
    for corpus, pattern in (("policond2024", "cleaned/*.html"), ("opp115", "sanitized_policies/*.html")):
        out += sorted(config.corpus_dir(corpus).glob(pattern))
    archive = config.corpus_dir("c3pa") / "Htmls.tar.xz"
    tmp = Path(tempfile.gettempdir()) / "policylens-c3pa"
    if archive.is_file():
        if not (tmp / "Htmls").is_dir():
            with tarfile.open(archive, "r:xz") as tar:
                tar.extractall(tmp, filter="data")
        out += sorted((tmp / "Htmls" / "DB").glob("*.html"))
    return out


def main() -> int:
    differ, languages = [], Counter()
    t_short = t_full = 0.0
    n = 0
    for path in files():
        try:
            policy = pl.load(path)
        except pl.PolicyLoadError:
            continue
        n += 1
        spans = None if policy.blocks is None else [(b.start, b.end) for b in policy.blocks]
        t0 = time.perf_counter()
        short = detect_language(policy.text, spans)
        t1 = time.perf_counter()
        full = detect_language(policy.text, spans, shortcut=False)
        t2 = time.perf_counter()
        t_short += t1 - t0
        t_full += t2 - t1
        languages[full.language] += 1
        if short.language != full.language or abs(short.share - full.share) > 0.05:
            differ.append((path.name, short, full))
    print(f"{n} documents; verdicts differing: {len(differ)}; languages (py3langid): {dict(languages)}")
    print(f"seconds: with short cut {t_short:.2f}, py3langid only {t_full:.2f} (model already loaded)")
    for row in differ[:20]:
        print("  ", row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
