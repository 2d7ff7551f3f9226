"""spaCy integration: the segmenter as a pipeline component registered by name.

    nlp = spacy.blank("en")
    nlp.add_pipe("policylens_clauses")
    doc = nlp(text)
    doc.spans["clauses"]        # one Span per clause, label = clause kind
    span._.section, span._.lead_in

Character offsets are snapped to token boundaries with ``alignment_mode="expand"``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from policylens.io import load_text
from policylens.segment import segment

for _name in ("section", "lead_in"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default="")


class ClauseSegmenter:
    r"""A spaCy component: the clauses of ``segment`` as spans of the Doc.

    Each span's label is the clause kind; ``span._.section`` and ``span._.lead_in`` hold the
    heading path and lead-in. Character offsets are snapped to token boundaries
    (``alignment_mode="expand"``).

    Parameters
    ----------
    spans_key : str, default="clauses"
        The ``doc.spans`` key the clauses go to.

    Examples
    --------
    >>> import spacy
    >>> import policylens.spacy_components
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("policylens_clauses")
    >>> doc = nlp("Your rights\n\nYou may ask us for a copy. You may ask us to delete it.")
    >>> [(span.label_, span.text) for span in doc.spans["clauses"]]
    [('heading', 'Your rights'), ('sentence', 'You may ask us for a copy.'), ('sentence', 'You may ask us to delete it.')]
    """
    def __init__(self, spans_key: str = "clauses"):
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        if doc.text.strip():
            clauses = segment(load_text(doc.text, id="doc"))
            for row in clauses.itertuples(index=False):
                span = doc.char_span(row.start, row.end, label=row.kind, alignment_mode="expand")
                if span is None:
                    continue
                span._.section = row.section
                span._.lead_in = row.lead_in
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory("policylens_clauses", default_config={"spans_key": "clauses"})
def make_clause_segmenter(nlp: Language, name: str, spans_key: str) -> ClauseSegmenter:
    """The factory spaCy calls for ``nlp.add_pipe("policylens_clauses")``.

    Parameters
    ----------
    nlp : spacy.language.Language
    name : str
        The component's name in the pipeline.
    spans_key : str
        From the component's config (default ``"clauses"``).

    Returns
    -------
    component : ClauseSegmenter

    Examples
    --------
    >>> import spacy
    >>> import policylens.spacy_components
    >>> nlp = spacy.blank("en")
    >>> component = nlp.add_pipe("policylens_clauses", config={"spans_key": "policy"})
    >>> type(component).__name__, component.spans_key
    ('ClauseSegmenter', 'policy')
    """
    return ClauseSegmenter(spans_key=spans_key)
