"""Loading policies from files: format detection, encoding detection, validation.

``load(path)`` returns a :class:`~policylens.policy.Policy` whose ``text`` is what every offset
refers to. Plain text and Markdown keep their characters (only line endings are normalised to
``\\n``); HTML is reduced to its visible text, with the blocks the markup declared (headings,
paragraphs, list items, table rows) recorded as :class:`~policylens.policy.Block` offsets.

Bad input raises :class:`~policylens.errors.PolicyLoadError` naming the file and the problem.
"""

from __future__ import annotations

import re
from pathlib import Path

from policylens import config
from policylens.errors import PolicyLoadError
from policylens.io.html import html_to_text
from policylens.policy import Policy

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}

# Magic numbers of binary formats people try to load, with a message each.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF is not supported yet (convert it to text or HTML first)"),
    (b"PK\x03\x04", "ZIP-based files (DOCX, XLSX, ZIP, EPUB) are not supported"),
    (b"\x89PNG", "this is a PNG image, not a policy text"),
    (b"\xff\xd8\xff", "this is a JPEG image, not a policy text"),
    (b"GIF8", "this is a GIF image, not a policy text"),
    (b"\x1f\x8b", "gzip-compressed files are not supported (decompress it first)"),
    (b"\xd0\xcf\x11\xe0", "legacy Office documents (DOC/XLS) are not supported"),
    (b"{\\rtf", "RTF is not supported yet"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)
_ID_CLEAN = re.compile(r"[^a-z0-9]+")


def detect_format(path: Path, raw: bytes) -> str:
    """The policy format from the extension, or sniffed for extension-less files."""
    ext = path.suffix.lower()
    if ext in FORMATS:
        return FORMATS[ext]
    if ext == "":
        return "html" if _HTML_SNIFF.match(raw[:512]) else "txt"
    supported = ", ".join(sorted(FORMATS))
    raise PolicyLoadError(path, f"unsupported format {ext!r} (supported: {supported})")


def decode(raw: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode bytes to text: BOM (UTF-8/UTF-16), then strict UTF-8, then cp1252, then latin-1.

    Returns ``(text, encoding)``. Raises PolicyLoadError for binary data.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError as exc:
                raise PolicyLoadError(path, f"undecodable {encoding} text ({exc.reason} at byte "
                                            f"{exc.start})") from None
    for magic, message in _MAGIC:
        if raw.startswith(magic):
            raise PolicyLoadError(path, message)
    if b"\x00" in raw[:65536]:
        raise PolicyLoadError(path, "binary file (contains NUL bytes); not a text policy")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes (no character is lost)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


# C0 control characters other than the whitespace ones (\t \n \v \f \r)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    # Control characters other than common whitespace in the first few KB mean this is not text.
    sample = text[:8192]
    if not sample:
        return False
    controls = len(_CONTROL.findall(sample))
    return controls / len(sample) > 0.05


def make_id(stem: str) -> str:
    """A short, stable, human-readable id from a file stem (lowercase, dashes)."""
    slug = _ID_CLEAN.sub("-", stem.lower()).strip("-")
    return slug[:60] or "policy"


def load(
    path: str | Path,
    *,
    id: str | None = None,  # noqa: A002 - the natural name for a policy id
    name: str | None = None,
    max_bytes: int | None = None,
) -> Policy:
    """Load one policy file (.txt, .md, .html/.htm).

    Raises :class:`PolicyLoadError` (message ``"<path>: <problem>"``) when the file is missing,
    a folder, empty or whitespace-only, binary, undecodable, larger than ``max_bytes`` (default
    ``config.max_bytes()``, 20 MB) or of an unsupported format.
    """
    p = Path(path)
    limit = config.max_bytes() if max_bytes is None else max_bytes
    if not p.exists():
        raise PolicyLoadError(path, "file not found")
    if p.is_dir():
        raise PolicyLoadError(path, "is a folder, not a file (use load_corpus for folders)")
    try:
        size = p.stat().st_size
        if size > limit:
            raise PolicyLoadError(path, f"file is too large ({size:,} bytes; the limit is {limit:,})")
        raw = p.read_bytes()
    except OSError as exc:
        raise PolicyLoadError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > limit:  # the file grew between stat and read
        raise PolicyLoadError(path, f"file is too large ({len(raw):,} bytes; the limit is {limit:,})")
    if not raw.strip():
        raise PolicyLoadError(path, "file is empty" if not raw else "file contains only whitespace")
    text, encoding = decode(raw, path)
    fmt = detect_format(p, raw)
    if _looks_binary(text):
        raise PolicyLoadError(path, "binary file (control characters); not a text policy")
    text = normalise_newlines(text)
    blocks = None
    if fmt == "html":
        text, blocks = html_to_text(text)
    if not text.strip():
        raise PolicyLoadError(path, "no text: the file holds only markup, whitespace or invisible content")
    return Policy(
        id=id or make_id(p.stem),
        text=text,
        name=name or p.stem,
        source=str(path),
        format=fmt,
        blocks=blocks,
        encoding=encoding,
    )


def load_text(text: str, *, id: str = "policy", name: str = "", format: str = "txt") -> Policy:  # noqa: A002
    """A policy from a string already in memory (``format`` 'txt', 'md' or 'html')."""
    if not isinstance(text, str):
        raise TypeError("load_text expects a str")
    text = normalise_newlines(text)
    blocks = None
    if format == "html":
        text, blocks = html_to_text(text)
    elif format not in ("txt", "md"):
        raise PolicyLoadError(f"<{id}>", f"unsupported format {format!r}")
    if not text.strip():
        raise PolicyLoadError(f"<{id}>", "text is empty")
    return Policy(id=id, text=text, name=name or id, source=f"<{id}>", format=format, blocks=blocks)
