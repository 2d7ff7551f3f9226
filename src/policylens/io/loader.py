"""Loading policies from files: format detection, encoding detection, validation.

``load(path)`` returns a :class:`~policylens.policy.Policy` whose ``text`` is what every offset
refers to. Plain text and Markdown keep their characters (only line endings are normalised to
``\\n``); HTML is reduced to its visible text (by default its main content: menus, banners and
footers go, see :mod:`policylens.io.boilerplate`), PDF and DOCX to their extracted text, with the
blocks the document declared (headings, paragraphs, list items, table rows) recorded as
:class:`~policylens.policy.Block` offsets. The policy's name and organisation come from the
document (``<title>``, ``og:site_name``, document properties, first heading) rather than from the
file name.

Bad input raises :class:`~policylens.errors.PolicyLoadError` naming the file and the problem.
"""

from __future__ import annotations

import re
from pathlib import Path

from policylens import config
from policylens.errors import PolicyLoadError
from policylens.io.html import html_text
from policylens.io.language import LanguageGuess, detect_language
from policylens.io.names import document_product
from policylens.policy import Policy

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
BOILERPLATE = ("drop", "keep")

# Magic numbers of binary formats people try to load, with a message each.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "this is a PDF file; give it a .pdf extension to load it"),
    (b"PK\x03\x04", "ZIP-based files (XLSX, ZIP, EPUB) are not supported; Word files need a .docx "
                     "extension"),
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
    """The policy format from the extension, or sniffed for extension-less files.

    Parameters
    ----------
    path : Path
    raw : bytes
        The file's bytes (read for extension-less files).

    Returns
    -------
    format : {"txt", "md", "html", "pdf", "docx"}

    Raises
    ------
    PolicyLoadError
        An unsupported extension.

    Examples
    --------
    >>> detect_format(Path("notice.HTM"), b""), detect_format(Path("policy"), b"%PDF-1.7")
    ('html', 'pdf')
    """
    ext = path.suffix.lower()
    if ext in FORMATS:
        return FORMATS[ext]
    if ext == "":
        if raw.startswith(b"%PDF"):
            return "pdf"
        if raw.startswith(b"PK\x03\x04") and b"word/" in raw[:65536]:
            return "docx"
        return "html" if _HTML_SNIFF.match(raw[:512]) else "txt"
    supported = ", ".join(sorted(FORMATS))
    raise PolicyLoadError(path, f"unsupported format {ext!r} (supported: {supported})")


def decode(raw: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    r"""Decode bytes to text: BOM (UTF-8/UTF-16), then strict UTF-8, then cp1252, then latin-1.

    Parameters
    ----------
    raw : bytes
    path : Path or str, default="<bytes>"
        The name error messages give.

    Returns
    -------
    text : str
    encoding : str
        The encoding used.

    Raises
    ------
    PolicyLoadError
        Binary data (PDF, ZIP, images, NUL bytes) or text its BOM's encoding cannot decode.

    Examples
    --------
    >>> from policylens.io.loader import decode
    >>> decode("Café".encode("cp1252")), decode(b"\xef\xbb\xbfHi")
    (('Café', 'cp1252'), ('Hi', 'utf-8-sig'))
    >>> decode(b"%PDF-1.7 ...", "policy.txt")
    Traceback (most recent call last):
    ...
    policylens.errors.PolicyLoadError: policy.txt: ...
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
    r"""CRLF and lone CR become LF; nothing else changes (no character is lost).

    Parameters
    ----------
    text : str

    Returns
    -------
    text : str

    Examples
    --------
    >>> from policylens.io.loader import normalise_newlines
    >>> normalise_newlines("Rights\r\n\r\nAccess\rErasure")
    'Rights\n\nAccess\nErasure'
    """
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
    """A short, stable, human-readable id from a file stem (lowercase, dashes).

    Parameters
    ----------
    stem : str

    Returns
    -------
    id : str
        At most 60 characters; ``"policy"`` when nothing is left.

    Examples
    --------
    >>> from policylens.io.loader import make_id
    >>> make_id("002 Acme Privacy Policy (2024)"), make_id("***")
    ('002-acme-privacy-policy-2024', 'policy')
    """
    slug = _ID_CLEAN.sub("-", stem.lower()).strip("-")
    return slug[:60] or "policy"


def _read(path: str | Path, limit: int) -> bytes:
    p = Path(path)
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
    return raw


def load(
    path: str | Path,
    *,
    id: str | None = None,  # noqa: A002 - the natural name for a policy id
    name: str | None = None,
    max_bytes: int | None = None,
    boilerplate: str = "drop",
) -> Policy:
    """Load one policy file (.txt, .md, .html/.htm, .pdf, .docx).

    Parameters
    ----------
    path : str or Path
        The file.
    id : str, optional
        The policy id (default: from the file name, see :func:`make_id`).
    name : str, optional
        The policy's name (default: from the document, see :func:`document_names`; for plain
        text and Markdown the file name, unless it has no letters, like a crawler's ``1.txt``).
    max_bytes : int, optional
        Largest file accepted (default ``config.max_bytes()``, 20 MB).
    boilerplate : {"drop", "keep"}
        For web pages: ``"drop"`` keeps the page's main content only (menus, cookie banners,
        footers... go); ``"keep"`` keeps all visible text, for pages that are already clean.

    Returns
    -------
    Policy
        ``text`` (what offsets index), ``blocks`` (headings, paragraphs, items, table rows) for
        HTML, PDF and DOCX, and the names found in the document.

    Raises
    ------
    PolicyLoadError
        ``"<path>: <problem>"`` when the file is missing, a folder, empty or whitespace-only,
        binary, undecodable, too large, of an unsupported format, a PDF without a text layer, or a
        broken PDF or DOCX.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "1.html"
    >>> _ = page.write_text("<title>Acme Privacy Notice</title><nav>Home</nav>"
    ...                     "<h1>Privacy</h1><p>We collect your e-mail address.</p>")
    >>> policy = load(page)
    >>> policy.text
    'Privacy\\n\\nWe collect your e-mail address.'
    >>> policy.id, policy.name
    ('1', 'Acme Privacy Notice')
    """
    if boilerplate not in BOILERPLATE:
        raise ValueError(f"boilerplate must be one of {BOILERPLATE}")
    p = Path(path)
    raw = _read(path, config.max_bytes() if max_bytes is None else max_bytes)
    if p.suffix and FORMATS.get(p.suffix.lower()) not in ("pdf", "docx"):
        for magic, message in _MAGIC:  # a binary file says what it is before its extension does
            if raw.startswith(magic):
                raise PolicyLoadError(path, message)
    fmt = detect_format(p, raw)
    meta: dict = {}
    encoding = "binary"
    if fmt == "pdf":
        from policylens.io.pdf import pdf_text

        text, blocks, title = pdf_text(raw, path)
        names = (title, "", "")
    elif fmt == "docx":
        from policylens.io.docx import docx_text

        text, blocks, title = docx_text(raw, path)
        names = (title, "", "")
    else:
        text, encoding = decode(raw, path)
        if _looks_binary(text):
            raise PolicyLoadError(path, "binary file (control characters); not a text policy")
        text = normalise_newlines(text)
        blocks = None
        names = ("", "", "")
        if fmt == "html":
            page = html_text(text, boilerplate=boilerplate)
            text, blocks = page.text, page.blocks
            names = (page.title, page.site_name, page.first_heading)
            meta["boilerplate"] = boilerplate
    if not text.strip():
        raise PolicyLoadError(path, "no text: the file holds only markup, whitespace or invisible content")
    title, site, heading = names
    doc_name, organisation = document_names(title or heading, site, text, blocks)
    product = document_product(text=text, title=title, site=site,
                               first_heading=heading or first_heading(text, blocks))
    if fmt in ("txt", "md") and any(ch.isalpha() for ch in p.stem):
        # plain text has no title field: a file name a person wrote ("acme-privacy.txt") names
        # it better than its first line ("Privacy Policy"); a crawler's "1.txt" does not
        doc_name = ""
    guess = _language(text, blocks)
    meta["language_share"] = guess.share
    return Policy(
        id=id or make_id(p.stem),
        text=text,
        name=name or doc_name or p.stem,
        source=str(path),
        format=fmt,
        organisation=organisation,
        product=product,
        blocks=blocks,
        encoding=encoding,
        meta=meta,
        language=guess.language,
    )


def _language(text: str, blocks) -> LanguageGuess:
    return detect_language(text, None if blocks is None else [(b.start, b.end) for b in blocks])


_TITLE_SEPARATORS = re.compile(r"\s+[|–—·:»\-]+\s+")
# words that name the document rather than its owner ("Privacy Policy | Acme" -> Acme)
_DOCUMENT_WORDS = re.compile(r"\b(?:privacy|policy|policies|notice|statement|terms|cookies?|legal|"
                             r"data protection|gdpr|ccpa)\b", re.IGNORECASE)


def first_heading(text: str, blocks: tuple | None = None) -> str:
    """The document's first heading; ``""`` when there is none.

    Its first heading block, else (plain text, Markdown) its first line when that line is short
    and does not end like a sentence.

    Parameters
    ----------
    text : str
    blocks : tuple of Block, default=None

    Returns
    -------
    heading : str

    Examples
    --------
    >>> first_heading("# Acme Notes Privacy Policy\\n\\nWe collect data.")
    'Acme Notes Privacy Policy'
    >>> first_heading("We collect data. We keep it for a year.")
    ''
    """
    if blocks:
        heading = next((b for b in blocks if b.kind == "heading"), None)
        return " ".join(text[heading.start:heading.end].split()) if heading is not None else ""
    first = text.strip().split("\n", 1)[0].strip().lstrip("#").strip()
    return first if 0 < len(first) <= 100 and first[-1:] not in ".;,!?" else ""


def document_names(title: str, site: str, text: str = "",
                   blocks: tuple | None = None) -> tuple[str, str]:
    """``(name, organisation)`` of a document from its title, site name and first heading.

    The name is the title (else the first heading, else the first short line of the text); the
    organisation is the site name, else the part of a "Privacy Policy | Acme" style title that
    does not name the document. Unknown parts are ``""``.

    Parameters
    ----------
    title : str
        The document's title (``<title>``, PDF/DOCX title property).
    site : str
        The site name (``og:site_name``).
    text : str, default=""
    blocks : tuple of Block, default=None

    Returns
    -------
    name : str
    organisation : str

    Examples
    --------
    >>> document_names("Privacy Policy | Acme Corp", "")
    ('Privacy Policy | Acme Corp', 'Acme Corp')
    >>> document_names("", "Acme", "Privacy Notice\\n\\nWe collect data.")
    ('Privacy Notice', 'Acme')
    """
    title = " ".join(title.split())
    if not title and blocks:
        heading = next((b for b in blocks if b.kind == "heading"), None)
        if heading is not None:
            title = " ".join(text[heading.start:heading.end].split())
    if not title and text:
        first = text.strip().split("\n", 1)[0].strip()
        if 0 < len(first) <= 100 and first[-1:] not in ".;,":
            title = first
    organisation = " ".join(site.split())
    if not organisation and title:
        parts = [part for part in _TITLE_SEPARATORS.split(title) if part.strip()]
        owners = [part for part in parts if not _DOCUMENT_WORDS.search(part)]
        if len(parts) > 1 and len(owners) == 1:
            organisation = owners[0].strip()
    return title[:200], organisation[:200]


def load_text(text: str, *, id: str = "policy", name: str = "", format: str = "txt",  # noqa: A002
              boilerplate: str = "keep") -> Policy:
    """A policy from a string already in memory (``format`` 'txt', 'md' or 'html').

    ``boilerplate`` is as for :func:`load`, but ``"keep"`` by default: a string in memory is
    usually a fragment already chosen by the caller.

    Parameters
    ----------
    text : str
    id : str, default="policy"
    name : str, default=""
        The display name (``""``: the id).
    format : {"txt", "md", "html"}, default="txt"
    boilerplate : {"keep", "drop"}, default="keep"

    Returns
    -------
    policy : Policy
        With its language detected (``policy.language``).

    Raises
    ------
    TypeError
        ``text`` is not a str.
    PolicyLoadError
        The text is empty, or the format unsupported.

    Examples
    --------
    >>> load_text("<p>We collect data.</p>", id="x", format="html").text
    'We collect data.'
    """
    if not isinstance(text, str):
        raise TypeError("load_text expects a str")
    if boilerplate not in BOILERPLATE:
        raise ValueError(f"boilerplate must be one of {BOILERPLATE}")
    text = normalise_newlines(text)
    blocks = None
    page = None
    if format == "html":
        page = html_text(text, boilerplate=boilerplate)
        text, blocks = page.text, page.blocks
    elif format not in ("txt", "md"):
        raise PolicyLoadError(f"<{id}>", f"unsupported format {format!r}")
    if not text.strip():
        raise PolicyLoadError(f"<{id}>", "text is empty")
    guess = _language(text, blocks)
    title, site = ("", "") if page is None else (page.title, page.site_name)
    product = document_product(text=text, title=title, site=site,
                               first_heading=first_heading(text, blocks))
    return Policy(id=id, text=text, name=name or id, source=f"<{id}>", format=format, blocks=blocks,
                  product=product, language=guess.language, meta={"language_share": guess.share})
