"""Reader for GoPPC-150 (Tang et al. 2024): GDPR-labelled, hierarchical privacy policies.

Research-only corpus, never shipped: found through ``policylens.config.corpus_dir("goppc150")``.
Each ``GoPPC-150/<n>.xml`` nests ``<segment>`` elements (a ``<title>``, ``<paragraph>``s, child
segments); titles and paragraphs carry ``category="A;B"`` (comma-separated dotted codes of
``label_codes.tsv``). A is the node's own label list (B on titles often aggregates the children),
so A is used for evaluation. Twelve files are not well-formed XML (stray ``</item>`` tags): tags
are balanced first (:func:`balance_tags`), then lxml's recovering parser reads the result.

Label caveat (corpus README): in practice code 4.4 marks *erasure* and 4.5 *restriction*, the other
way round from ``label_codes.tsv``; :data:`CODE_TO_ID` follows the practice.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from policylens.config import corpus_dir
from policylens.errors import CorpusError

#: columns of :func:`load_goppc150`
COLUMNS: dict[str, str] = {
    "policy": "policy number (the XML file stem, 1..150)",
    "node": "0-based position of the node in its policy (document order)",
    "kind": "'title' | 'paragraph'",
    "depth": "nesting depth of the enclosing <segment> (0 = directly under <policy>)",
    "section": "heading path of the node, ' > '-joined titles of the enclosing segments",
    "text": "node text; list items of a paragraph on their own lines",
    "labels": "list of dotted label codes (first list, A)",
    "labels_b": "list of dotted label codes (second list, B)",
    "url": "policy URL from the XML",
    "update_time": "policy 'last updated' date as written in the XML",
}

#: GoPPC concept codes -> policylens (aspect, id), following the corpus' use of 4.4/4.5.
CODE_TO_ID: dict[str, tuple[str, str]] = {
    "4.2": ("right", "access"),
    "4.3": ("right", "rectification"),
    "4.4": ("right", "erasure"),  # README caveat: 4.4 = erasure in practice
    "4.5": ("right", "restriction"),  # and 4.5 = restriction
    "4.6": ("right", "objection"),
    "4.7": ("right", "portability"),
    "4.8": ("right", "automated_decision"),
    "4.9": ("right", "withdraw_consent"),
    "7": ("right", "complaint"),  # COMPLAINT: the corpus labels complaint passages with 7, rarely 7.1
    "7.1": ("right", "complaint"),
    "14.1.1": ("transfer_mechanism", "consent"),
    "14.1.2": ("transfer_mechanism", "contract_necessity"),
    "14.2.2": ("transfer_mechanism", "bcr"),
    "14.2.3": ("transfer_mechanism", "scc"),
    "14.3": ("transfer_mechanism", "adequacy"),
    "14.3.1": ("transfer_mechanism", "adequacy"),
    "14.3.2": ("transfer_mechanism", "adequacy"),
    "14.3.3": ("transfer_mechanism", "adequacy"),
    "10.1": ("legal_basis", "contract"),
    "10.1.1": ("legal_basis", "contract"),
    "10.1.2": ("legal_basis", "contract"),
    "10.2": ("legal_basis", "public_task"),
    "10.3": ("legal_basis", "legitimate_interests"),
    "10.4": ("legal_basis", "vital_interests"),
    "10.5": ("legal_basis", "consent"),
    "10.6": ("legal_basis", "legal_obligation"),
    "10.1.3": ("legal_basis", "legal_obligation"),  # statutory requirement to provide data
}

_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_TAG = re.compile(r"<(/?)([A-Za-z_][\w.-]*)[^<>]*?(/?)>")


def balance_tags(xml: str) -> str:
    """Balance an XML text's tags before a recovering parser reads it.

    Closing tags that close nothing open are dropped and tags left open are closed, so that
    libxml2's recovery does not swallow the rest of a file after a stray ``</item>`` (files 62,
    71).

    Parameters
    ----------
    xml : str

    Returns
    -------
    xml : str

    Examples
    --------
    >>> from policylens.datasets.goppc150 import balance_tags
    >>> balance_tags("<policy><paragraph>Text.</item></paragraph><paragraph>More")
    '<policy><paragraph>Text.</paragraph><paragraph>More</paragraph></policy>'
    """
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for m in _TAG.finditer(xml):
        out.append(xml[pos:m.start()])
        pos = m.end()
        closing, name, selfclosing = m.group(1), m.group(2), m.group(3)
        if selfclosing or xml[m.start() + 1] in "?!":
            out.append(m.group(0))
        elif not closing:
            stack.append(name)
            out.append(m.group(0))
        elif name in stack:
            while stack:
                top = stack.pop()
                out.append(f"</{top}>")
                if top == name:
                    break
        # else: a stray closing tag, dropped
    out.append(xml[pos:])
    out.extend(f"</{name}>" for name in reversed(stack))
    return "".join(out)


def _codes(value: str) -> list[str]:
    # a few codes carry a stray trailing dot ("4.4.")
    return [c.strip().rstrip(".") for c in value.split(",") if c.strip().rstrip(".")]


def _split_category(category: str) -> tuple[list[str], list[str]]:
    a, _, b = (category or "").partition(";")
    return _codes(a), _codes(b)


def _clean(text: str) -> str:
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _node_text(node) -> str:
    """Text of a title/paragraph with each ``<item>`` on its own line."""
    parts: list[str] = []

    def walk(el) -> None:
        if el.tag == "item":
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if el.tag in ("item", "list"):
            parts.append("\n")

    walk(node)
    return _clean("".join(parts))


def parse_policy(path: Path) -> list[dict]:
    """Rows (see :data:`COLUMNS`) of one GoPPC XML file, parsed with a recovering parser.

    Parameters
    ----------
    path : Path
        ``<n>.xml``; ``n`` is the policy number.

    Returns
    -------
    rows : list of dict

    Raises
    ------
    CorpusError
        The file cannot be parsed even with recovery.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "3.xml").write_text(
    ...     '<policy><url>https://example.org/privacy</url><segment>'
    ...     '<title category="19;4,4.2">Your rights</title>'
    ...     '<paragraph category="4.2,4.4">You may: <list><item>see your data</item>'
    ...     '<item>erase it</item></list></paragraph></item>'
    ...     '</segment></policy>')
    >>> from policylens.datasets.goppc150 import parse_policy
    >>> [(r["kind"], r["section"], r["text"], r["labels"]) for r in parse_policy(folder / "3.xml")]
    [('title', 'Your rights', 'Your rights', ['19']), ('paragraph', 'Your rights', 'You may:\\nsee your data\\nerase it', ['4.2', '4.4'])]
    """
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    raw = path.read_bytes().decode("utf-8", errors="replace")
    raw = re.sub(r"^<\?xml[^>]*\?>", "", raw.lstrip("\ufeff"))  # lxml refuses str with encoding decl
    root = etree.fromstring(balance_tags(raw), parser)
    if root is None:
        raise CorpusError(f"{path}: not parseable even with a recovering parser")
    url = (root.findtext("url") or "").strip()
    update = (root.findtext("update_time") or "").strip()
    rows: list[dict] = []

    def visit(el, path_titles: list[str], depth: int) -> None:
        titles = list(path_titles)
        for child in el:
            if not isinstance(child.tag, str):
                continue  # comments, processing instructions
            if child.tag == "title":
                text = _node_text(child)
                a, b = _split_category(child.get("category", ""))
                titles = [*path_titles, text.replace("\n", " ")] if text else titles
                rows.append({"kind": "title", "depth": depth, "section": " > ".join(titles),
                             "text": text, "labels": a, "labels_b": b})
            elif child.tag == "paragraph":
                a, b = _split_category(child.get("category", ""))
                rows.append({"kind": "paragraph", "depth": depth, "section": " > ".join(titles),
                             "text": _node_text(child), "labels": a, "labels_b": b})
            elif child.tag == "segment":
                visit(child, titles, depth + 1)

    visit(root, [], 0)
    for i, row in enumerate(rows):
        row.update(policy=int(path.stem), node=i, url=url, update_time=update)
    return rows


def load_goppc150(path: str | Path | None = None) -> pd.DataFrame:
    """All titles and paragraphs of the GoPPC-150 copy at ``path``, one row per node.

    Parameters
    ----------
    path : str or Path, default=None
        The folder holding ``GoPPC-150/<n>.xml`` (or the XML files themselves); ``None``:
        ``config.corpus_dir("goppc150")``.

    Returns
    -------
    nodes : DataFrame
        Columns :data:`COLUMNS`, in policy then document order.

    Raises
    ------
    CorpusError
        No XML file is found.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "3.xml").write_text(
    ...     '<policy><url>https://example.org/privacy</url><segment>'
    ...     '<title category="19;4,4.2">Your rights</title>'
    ...     '<paragraph category="4.2,4.4">You may: <list><item>see your data</item>'
    ...     '<item>erase it</item></list></paragraph></item>'
    ...     '</segment></policy>')
    >>> from policylens.datasets.goppc150 import load_goppc150
    >>> load_goppc150(folder)[["policy", "node", "kind", "depth"]].values.tolist()
    [[3, 0, 'title', 1], [3, 1, 'paragraph', 1]]
    """
    base = Path(path) if path is not None else corpus_dir("goppc150")
    folder = base / "GoPPC-150" if (base / "GoPPC-150").is_dir() else base
    files = sorted(folder.glob("*.xml"), key=lambda p: int(p.stem) if p.stem.isdigit() else 10**9)
    files = [f for f in files if f.stem.isdigit()]
    if not files:
        raise CorpusError(f"no GoPPC-150 XML files under {folder}")
    rows = [row for f in files for row in parse_policy(f)]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("kind", "section", "text", "url", "update_time"):
        frame[col] = frame[col].astype("string")
    return frame.astype({"policy": "int64", "node": "int64", "depth": "int64"})


def gold_sets(frame: pd.DataFrame, aspect: str, column: str = "labels") -> dict[int, set[str]]:
    """Per policy, the policylens ids of ``aspect`` whose codes label any node (document level).

    Codes map through :data:`CODE_TO_ID` (4.4 is erasure, as the corpus uses it).

    Parameters
    ----------
    frame : DataFrame
        :func:`load_goppc150`'s table.
    aspect : str
        ``right``, ``transfer_mechanism`` or ``legal_basis``.
    column : str, default="labels"
        The label list to read (``labels_b``: the second list).

    Returns
    -------
    gold : dict of int to set of str
        Every policy of ``frame`` is a key.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "3.xml").write_text(
    ...     '<policy><url>https://example.org/privacy</url><segment>'
    ...     '<title category="19;4,4.2">Your rights</title>'
    ...     '<paragraph category="4.2,4.4">You may: <list><item>see your data</item>'
    ...     '<item>erase it</item></list></paragraph></item>'
    ...     '</segment></policy>')
    >>> from policylens.datasets.goppc150 import gold_sets, load_goppc150
    >>> frame = load_goppc150(folder)
    >>> {policy: sorted(ids) for policy, ids in gold_sets(frame, "right").items()}
    {3: ['access', 'erasure']}
    >>> gold_sets(frame, "legal_basis")
    {3: set()}
    """
    gold: dict[int, set[str]] = {int(p): set() for p in frame["policy"].unique()}
    for policy, labels in zip(frame["policy"], frame[column], strict=True):
        for code in labels:
            hit = CODE_TO_ID.get(code)
            if hit and hit[0] == aspect:
                gold[int(policy)].add(hit[1])
    return gold
