"""Checking a new claim's quote before it is written: long enough, and in the paper's text.

``argmap new claim`` refuses a quote too short to be found again, and, given the
folder of the papers' texts, a quote its paper's text does not contain (naming
the closest passage and its file:line, so the curator can copy it). Matching is
:mod:`argmap.sources`'s, the same as ``argmap verify``.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ArgmapError
from .sources import Found, Library, quote_parts
from .store import ArgMap

#: The shortest quote accepted: fewer words or characters rarely find one place.
MIN_QUOTE_WORDS = 4
MIN_QUOTE_CHARS = 20


def check_length(quote: str, what: str) -> None:
    """Refuse a quote under :data:`MIN_QUOTE_WORDS` words or :data:`MIN_QUOTE_CHARS` characters."""
    text = " ".join(quote_parts(quote))
    words = len(text.split())
    if words < MIN_QUOTE_WORDS or len(text) < MIN_QUOTE_CHARS:
        raise ArgmapError(
            f"the quote is too short to prove ({words} words, {len(text)} characters): quote "
            f"at least {MIN_QUOTE_WORDS} words and {MIN_QUOTE_CHARS} characters", what=what)


def check_in_source(amap: ArgMap, paper_key: str, quote: str, folder: Path,
                    what: str) -> Found:
    """Where ``quote`` is in the paper's text; an error naming the closest passage if nowhere.

    The text is read through :class:`~argmap.sources.Library`, as ``verify`` reads
    it: only a regular file inside ``folder``, never one a symlink leads out to.
    """
    text = Library(amap, folder).text(paper_key)
    path = folder / (amap.papers[paper_key].source or "")
    if text is None:
        raise ArgmapError(f"no text of paper {paper_key!r} in the sources folder",
                          location=str(path))
    found = text.find(quote)
    if found is not None:
        return found
    line, passage, _ = text.closest(quote)
    raise ArgmapError(f"the quote is not in the text of paper {paper_key!r}; the closest "
                      f"passage is at {path}:{line}: \"{passage}\"", what=what)
