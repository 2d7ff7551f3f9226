"""Language of a policy, through py3langid.

The text is cut into chunks along its blocks (or blank lines), up to :data:`MAX_CHUNKS` chunks
spread over the document are classified, and each confident verdict is weighted by the chunk's
letters. The policy's language is the one holding most letters; ``language_share`` says how much
of the classified text it holds, so that an English policy with a German footer stays ``"en"``
(share about 0.95) while a page half in each language shows a share near 0.5. Text with fewer
than :data:`MIN_LETTERS` letters gets no language (``None``: unknown, not "English").

py3langid was chosen over lingua because it is installed with the project (lingua is not) and
classifies a chunk in under a millisecond once its model is loaded. Loading the model takes
seconds per process (1-7 s here), so a document whose every chunk is plainly English (at least
``english_share`` of its words English function words, ``data/language.yaml``) is English
without loading it; everything else goes to py3langid. ``benchmarks/io_language.py`` checks on
the corpora that the short cut never changes py3langid's verdict.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from policylens.resources import load_data

#: chunks of about this many characters are classified
CHUNK_CHARS = 300
#: at most this many chunks, spread evenly over the document, are classified
MAX_CHUNKS = 8
#: a chunk's verdict counts when its probability is at least this
MIN_PROBABILITY = 0.6
#: a chunk with fewer letters than this is not classified
MIN_CHUNK_LETTERS = 25
#: a document with fewer letters than this gets no language
MIN_LETTERS = 40


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The detected language and its share of the classified text.

    Parameters
    ----------
    language : str or None
        ISO 639-1 code, or ``None`` when unknown.
    share : float
        The share (0..1) of the classified text in that language.

    Examples
    --------
    >>> from policylens.io.language import detect_language
    >>> detect_language("We collect your e-mail address and keep it for two years.")
    LanguageGuess(language='en', share=1.0)
    """

    language: str | None
    share: float


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


_SETTINGS = load_data("language.yaml")
_ENGLISH_WORDS = frozenset(_SETTINGS["english_function_words"])
_ENGLISH_SHARE = float(_SETTINGS["english_share"])


def plainly_english(chunk: str) -> bool:
    """Whether at least ``english_share`` of the chunk's words are English function words.

    Parameters
    ----------
    chunk : str

    Returns
    -------
    english : bool

    Examples
    --------
    >>> plainly_english("We keep your data for as long as the law requires it.")
    True
    >>> plainly_english("Wir speichern Ihre Daten, solange das Gesetz es verlangt.")
    False
    """
    words = [w.strip(".,;:()[]\"'“”‘’!?").lower() for w in chunk.split()]
    words = [w for w in words if w]
    return bool(words) and sum(w in _ENGLISH_WORDS for w in words) >= _ENGLISH_SHARE * len(words)


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))  # map over a C method: several times faster than a generator


def _chunks(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Chunks of about :data:`CHUNK_CHARS` along ``spans``; at most :data:`MAX_CHUNKS`, spread
    evenly (only the chosen ones are built)."""
    groups: list[list[tuple[int, int]]] = [[]]
    size = 0
    for start, end in spans:
        if end <= start:
            continue
        groups[-1].append((start, end))
        size += end - start
        if size >= CHUNK_CHARS:
            groups.append([])
            size = 0
    groups = [g for g in groups if g]
    if len(groups) > MAX_CHUNKS:
        step = len(groups) / MAX_CHUNKS
        groups = [groups[int(i * step)] for i in range(MAX_CHUNKS)]
    return [" ".join(text[start:end].strip() for start, end in group) for group in groups]


def detect_language(text: str, spans: list[tuple[int, int]] | None = None, *,
                    shortcut: bool = True) -> LanguageGuess:
    """The language of ``text`` (chunked along ``spans``, default: its paragraphs).

    Parameters
    ----------
    text : str
    spans : list of (int, int), default=None
        The chunks to classify (``None``: the paragraphs, split at blank lines).
    shortcut : bool, default=True
        Call text whose every chunk is plainly English (:func:`plainly_english`) English
        without asking py3langid.

    Returns
    -------
    guess : LanguageGuess
        ``language`` None when the text is too short or no chunk is classified confidently.

    Examples
    --------
    >>> detect_language("We collect your e-mail address and keep it for two years.").language
    'en'
    >>> detect_language("Wir speichern Ihre E-Mail-Adresse zwei Jahre lang.").language
    'de'
    >>> detect_language("OK").language is None
    True

    ``shortcut=False`` always asks py3langid (the short cut for plainly English text is off).
    """
    if _letters(text[:4000]) < MIN_LETTERS:
        return LanguageGuess(None, 0.0)
    if spans is None:
        spans, pos = [], 0
        for part in text.split("\n\n"):
            spans.append((pos, pos + len(part)))
            pos += len(part) + 2
    chunks = [c for c in _chunks(text, spans) if _letters(c) >= MIN_CHUNK_LETTERS]
    if shortcut and chunks and all(plainly_english(c) for c in chunks):
        return LanguageGuess("en", 1.0)
    identifier = _identifier()
    weights: Counter[str] = Counter()
    for chunk in chunks:
        letters = _letters(chunk)
        language, probability = identifier.classify(chunk)
        if probability >= MIN_PROBABILITY:
            weights[language] += letters
    if not weights:
        language, probability = identifier.classify(text[:20000])
        return LanguageGuess(language, 1.0) if probability >= MIN_PROBABILITY else LanguageGuess(None, 0.0)
    language, letters = weights.most_common(1)[0]
    return LanguageGuess(language, round(letters / sum(weights.values()), 3))
