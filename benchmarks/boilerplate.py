"""Main-content extraction on real web pages: clause precision and lost sections, per method.

Labels (``benchmarks/boilerplate_labels.csv``) were written by reading C3PA DB pages loaded with
``boilerplate="keep"``: one row per clause of that text with its offsets, kind and verdict
(``policy`` = the document's own text, ``boilerplate`` = menus, banners, footers, forms, cookie
notices...), plus a hash of the text they index. No page text is stored. ``split`` is ``tuning``
for the 24 pages the DOM rules were developed on and ``heldout`` for 8 pages labelled afterwards
and never used to change a rule; they are reported apart.

For each method the page is reduced to text, segmented, and every clause is located in the
labelled text (whitespace-insensitive, in reading order); its verdict is that of the labelled
clause it starts in. Reported per method: clauses, located clauses, precision (policy / located),
policy clauses kept (recall), and headings labelled ``policy`` that no longer appear (sections
lost). Methods: ``keep`` (no extraction), ``drop`` (policylens' DOM rules), ``trafilatura``
(precision and recall settings) and ``readability`` (readability-lxml), the last two rendered
back through policylens' HTML reader so that only the choice of content differs::

    PYTHONPATH=src python benchmarks/boilerplate.py            # all methods, summary
    PYTHONPATH=src python benchmarks/boilerplate.py --pages 2,61 --methods drop --show 20

``--show N`` prints up to N wrong clauses per page (boilerplate kept, sections lost) for reading.
C3PA's ``Htmls.tar.xz`` is extracted to a temporary folder (never into the repository).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import hashlib
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import policylens as pl
from policylens import config
from policylens.io import decode
from policylens.io.html import html_to_text
from policylens.io.loader import normalise_newlines

LABELS = Path(__file__).with_name("boilerplate_labels.csv")


def c3pa_folder(tmp: Path) -> Path:
    if not (tmp / "Htmls").is_dir():
        with tarfile.open(config.corpus_dir("c3pa") / "Htmls.tar.xz", "r:xz") as tar:
            tar.extractall(tmp, filter="data")
    return tmp / "Htmls" / "DB"


def read_labels() -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = defaultdict(list)
    with LABELS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[int(row["page"])].append({**row, "start": int(row["start"]), "end": int(row["end"])})
    return dict(out)


# --- methods: markup -> (text, blocks) ------------------------------------------------------

def m_keep(markup: str):
    return html_to_text(markup, boilerplate="keep")


def m_drop(markup: str):
    return html_to_text(markup, boilerplate="drop")


def m_trafilatura(markup: str, precision: bool = False):
    import trafilatura

    out = trafilatura.extract(markup, output_format="html", include_tables=True, include_links=False,
                              include_formatting=True, favor_precision=precision,
                              favor_recall=not precision, include_comments=False)
    return html_to_text(out or "", boilerplate="keep")


def m_readability(markup: str):
    from readability import Document

    return html_to_text(Document(markup).summary(html_partial=True), boilerplate="keep")


METHODS = {
    "keep": m_keep,
    "drop": m_drop,
    "trafilatura-recall": m_trafilatura,
    "trafilatura-precision": lambda m: m_trafilatura(m, precision=True),
    "readability": m_readability,
}


# --- locating clauses in the labelled text ----------------------------------------------------

class Squashed:
    """A text without whitespace, with the map back to the original offsets."""

    def __init__(self, text: str):
        keep = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.pos = keep
        self.text = "".join(text[i] for i in keep)


def locate(labelled: Squashed, clause: str, cursor: int, starts: set[int]) -> tuple[int, int]:
    """(original offset, new cursor) of ``clause`` in the labelled text, or (-1, cursor).

    The first occurrence from ``cursor`` that begins a labelled clause wins (a heading
    "Privacy Policy" is not matched inside the breadcrumb "Home / Privacy Policy" before it);
    else the first occurrence from ``cursor``, else the first anywhere.
    """
    needle = "".join(clause.split())
    if not needle:
        return -1, cursor
    first = -1
    for begin in (cursor, 0):
        at = labelled.text.find(needle, begin)
        while at >= 0:
            if first < 0:
                first = at
            if labelled.pos[at] in starts:
                return labelled.pos[at], at + len(needle)
            at = labelled.text.find(needle, at + 1)
        if first >= 0:
            break
    if first < 0:
        return -1, cursor
    return labelled.pos[first], first + len(needle)


def evaluate(method, markup: str, keep_text: str, labels: list[dict], show: int = 0) -> dict:
    text, blocks = method(markup)
    clauses = pl.segment(pl.Policy(id="p", text=text, format="html", blocks=blocks)) if text.strip() else None
    starts = [r["start"] for r in labels]
    squashed = Squashed(keep_text)
    start_set = set(starts)
    located = policy = 0
    cursor = 0
    wrong: list[str] = []
    n = 0 if clauses is None else len(clauses)
    kept_policy: set[int] = set()
    for clause in ([] if clauses is None else clauses["text"]):
        at, cursor = locate(squashed, clause, cursor, start_set)
        if at < 0:
            continue
        located += 1
        i = max(0, bisect.bisect_right(starts, at) - 1)
        if labels[i]["verdict"] == "policy":
            policy += 1
            kept_policy.add(i)
        elif len(wrong) < show:
            wrong.append(f"  kept boilerplate [{labels[i]['kind']}] {clause[:90]!r}")
    out_squashed = "".join(text.split()).lower()
    lost = []
    for r in labels:
        if r["verdict"] == "policy" and r["kind"] == "heading":
            heading = "".join(keep_text[r["start"]:r["end"]].split()).lower()
            if heading not in out_squashed:
                lost.append(keep_text[r["start"]:r["end"]])
    for h in lost[:show]:
        wrong.append(f"  LOST heading {h[:90]!r}")
    n_policy = sum(1 for r in labels if r["verdict"] == "policy")
    return {"clauses": n, "located": located, "policy": policy, "recall": len(kept_policy) / max(n_policy, 1),
            "lost": len(lost), "wrong": wrong}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--pages", default="", help="comma-separated page numbers (default: all labelled)")
    ap.add_argument("--split", default="", help="'tuning' or 'heldout' (default: both, reported apart)")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--tmp", type=Path, default=Path(tempfile.gettempdir()) / "policylens-c3pa")
    args = ap.parse_args(argv)
    folder = c3pa_folder(args.tmp)
    labels = read_labels()
    pages = [int(p) for p in args.pages.split(",")] if args.pages else sorted(labels)
    splits = [args.split] if args.split else sorted({labels[p][0]["split"] for p in pages}, reverse=True)
    methods = args.methods.split(",")
    for split in splits:
        chosen = [p for p in pages if labels[p][0]["split"] == split]
        if chosen:
            report(split, chosen, methods, labels, folder, args.show)
    return 0


def report(split: str, pages: list[int], methods: list[str], labels: dict, folder: Path, show: int) -> None:
    totals = {m: defaultdict(float) for m in methods}
    for page in pages:
        path = folder / f"{page}.html"
        markup = normalise_newlines(decode(path.read_bytes(), path)[0])
        keep_text, _ = m_keep(markup)
        rows = labels[page]
        sha = hashlib.sha256(keep_text.encode()).hexdigest()[:16]
        if sha != rows[0]["text_sha256"]:
            print(f"page {page}: the keep text changed since labelling (hash {sha}); labels may be off")
        for m in methods:
            t0 = time.perf_counter()
            r = evaluate(METHODS[m], markup, keep_text, rows, show)
            t = totals[m]
            t["seconds"] += time.perf_counter() - t0
            for k in ("clauses", "located", "policy", "lost"):
                t[k] += r[k]
            t["recall"] += r["recall"]
            t["pages_with_loss"] += bool(r["lost"])
            if show and r["wrong"]:
                print(f"page {page} [{m}] precision {r['policy'] / max(r['located'], 1):.3f} lost {r['lost']}")
                print("\n".join(r["wrong"]))
    print(f"{split}: {len(pages)} pages, {sum(len(labels[p]) for p in pages)} labelled clauses "
          f"({sum(r['verdict'] == 'policy' for p in pages for r in labels[p])} policy)")
    print(f"{'method':24} {'clauses':>8} {'located':>8} {'precision':>9} {'recall':>7} {'lost':>5} "
          f"{'pages-lost':>10} {'seconds':>8}")
    for m in methods:
        t = totals[m]
        print(f"{m:24} {int(t['clauses']):8d} {int(t['located']):8d} {t['policy'] / max(t['located'], 1):9.3f} "
              f"{t['recall'] / len(pages):7.3f} {int(t['lost']):5d} {int(t['pages_with_loss']):10d} "
              f"{t['seconds']:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
