"""Segmentation throughput against the floor: spaCy blank("en") + sentencizer on the same texts.

    .venv/bin/python benchmarks/segment.py [--repeat 3]

Texts: the five bundled seeds, plus ../shared/corpora/policond2024/cleaned/*.html and
opp115/sanitized_policies/*.html when present (loaded once; only segmentation is timed).
Also times the hostile inputs of the segmentation issue.
"""

from __future__ import annotations

import argparse
import time

import spacy

import policylens as pl
from policylens import config


def corpus() -> list[pl.Policy]:
    policies = list(pl.load_corpus())
    for name, pattern in (("policond2024", "cleaned/*.html"), ("opp115", "sanitized_policies/*.html")):
        folder = config.corpus_dir(name)
        if folder.is_dir():
            policies += pl.load_corpus(sorted(folder.glob(pattern)), errors="skip")
    return policies


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    policies = corpus()
    texts = [p.text for p in policies]
    chars = sum(map(len, texts))
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000

    def floor():
        for doc in nlp.pipe(texts, batch_size=16):
            _ = list(doc.sents)

    def ours():
        for policy in policies:
            pl.segment(policy)

    t_floor = best_of(args.repeat, floor)
    t_ours = best_of(args.repeat, ours)
    print(f"documents: {len(texts)}, characters: {chars:,}")
    for label, t in (("spacy blank+sentencizer (floor)", t_floor), ("policylens.segment", t_ours)):
        print(f"{label:34s} {t:7.2f} s  {len(texts) / t:8.1f} docs/s  {chars / t / 1e6:6.2f} M chars/s")
    print(f"segment time / floor time = {t_ours / t_floor:.2f}  (target <= 2.0)")

    hostile = {
        "1 MB line, no punctuation": "word " * 200_000,
        "200,000 bullets": "\n".join(["- item"] * 200_000),
        "a million spaces": "x" + " " * 1_000_000 + "y",
        "50,000 'Title:' lines": "\n".join(["Title:"] * 50_000),
    }
    for label, text in hostile.items():
        policy = pl.load_text(text, id="hostile")
        t0 = time.perf_counter()
        n = len(pl.segment(policy))
        print(f"hostile: {label:28s} {time.perf_counter() - t0:6.2f} s ({n:,} clauses)")


if __name__ == "__main__":
    main()
