"""Files in, :class:`~policylens.policy.Policy` out: format and encoding detection, HTML to
visible text with structure, and corpus discovery.

The bottom of the stack: nothing here imports a later stage (segment, classify, extract...).
"""

from __future__ import annotations

from policylens.io.corpus import discover, load_corpus, manifest
from policylens.io.loader import FORMATS, decode, detect_format, load, load_text, make_id

__all__ = ["FORMATS", "decode", "detect_format", "discover", "load", "load_corpus", "load_text",
           "make_id", "manifest"]
