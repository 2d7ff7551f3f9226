"""HTML to text: the Lexbor (selectolax) walker against an earlier implementation, same run.

The earlier implementation is read from git history (``--baseline-rev``, default the last commit
with ``src/policylens/html_text.py``: the hand-driven ``html.parser`` tokenizer) into a temporary
module, so no copy of it lives in the repository. For every page of policond2024 ``cleaned/*.html``
and C3PA ``Htmls/DB/*.html`` (extracted to a temporary folder, never into the repository) it
times both (best of ``--repeat``, interleaved) and compares the output text::

    PYTHONPATH=src python benchmarks/io_html.py            # policond2024 + C3PA DB
    PYTHONPATH=src python benchmarks/io_html.py --repeat 5 --show-diffs 5

Reported: pages, total seconds old/new (``boilerplate="keep"``, the old reader's output) and with
main-content extraction (``"drop"``, the loader's default), their ratios, pages whose text is
identical (keep), and for
the others the change in non-whitespace characters (the HTML5 tree builder repairs broken markup
the way browsers do, so some pages differ by design; ``--show-diffs`` prints where).
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from policylens import config
from policylens.io import decode
from policylens.io.html import html_to_text
from policylens.io.loader import normalise_newlines

OLD_PATH = "src/policylens/html_text.py"
BASELINE_REV = "de00b4c"  # last main commit with html_text.py (the html.parser tokenizer)


def old_module(rev: str):
    """The earlier ``html_text`` module from git history, imported from a temporary file."""
    repo = Path(__file__).resolve().parents[1]
    source = subprocess.run(["git", "-C", str(repo), "show", f"{rev}:{OLD_PATH}"], check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp(prefix="policylens-old-html-")) / "old_html_text.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_html_text", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def c3pa_pages(target: Path) -> list[Path]:
    archive = config.corpus_dir("c3pa") / "Htmls.tar.xz"
    if not archive.is_file():
        return []
    if not (target / "Htmls").is_dir():
        with tarfile.open(archive, "r:xz") as tar:
            tar.extractall(target, filter="data")
    return sorted((target / "Htmls" / "DB").glob("*.html"), key=lambda p: int(p.stem))


def pages(tmp: Path) -> dict[str, list[Path]]:
    out = {"policond2024": sorted((config.corpus_dir("policond2024") / "cleaned").glob("*.html"))}
    out["c3pa-DB"] = c3pa_pages(tmp)
    return {k: v for k, v in out.items() if v}


def best(fn, markup: str, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(markup)
        times.append(time.perf_counter() - t0)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline-rev", default=BASELINE_REV)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--show-diffs", type=int, default=0, help="print the first N differing pages")
    ap.add_argument("--tmp", type=Path, default=Path(tempfile.gettempdir()) / "policylens-c3pa")
    args = ap.parse_args(argv)
    old = old_module(args.baseline_rev)
    shown = 0
    for corpus, files in pages(args.tmp).items():
        t_old = t_new = t_drop = 0.0
        same = 0
        ink_delta: list[tuple[str, int, int]] = []
        for path in files:
            markup = normalise_newlines(decode(path.read_bytes(), path)[0])
            a, (old_text, _) = best(old.html_to_text, markup, args.repeat)
            b, (new_text, _) = best(html_to_text, markup, args.repeat)
            c, _ = best(lambda m: html_to_text(m, boilerplate="drop"), markup, args.repeat)
            t_old += a
            t_new += b
            t_drop += c
            if old_text == new_text:
                same += 1
                continue
            ink_old, ink_new = len("".join(old_text.split())), len("".join(new_text.split()))
            ink_delta.append((path.name, ink_old, ink_new))
            if shown < args.show_diffs:
                shown += 1
                print(f"--- {corpus}/{path.name}")
                diff = difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), lineterm="", n=0)
                for line in list(diff)[:12]:
                    print("   ", line[:160])
        print(f"{corpus}: {len(files)} pages; old {t_old:.2f} s, new {t_new:.2f} s "
              f"(new/old {t_new / t_old:.2f}), new with boilerplate='drop' {t_drop:.2f} s "
              f"(/old {t_drop / t_old:.2f}); identical text (keep) {same}/{len(files)}")
        if ink_delta:
            grew = sum(1 for _, o, n in ink_delta if n > o)
            shrank = sum(1 for _, o, n in ink_delta if n < o)
            worst = sorted(ink_delta, key=lambda r: -abs(r[2] - r[1]) / max(r[1], 1))[:5]
            print(f"  differing: {len(ink_delta)} (more text {grew}, less text {shrank}, equal ink "
                  f"{len(ink_delta) - grew - shrank}); largest relative changes (page, ink old, new): {worst}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
