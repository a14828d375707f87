"""Finding quotes in the papers' texts: verification, location, coverage.

Texts extracted from PDFs and web pages carry artefacts: hard line breaks,
``**`` emphasis, backslash escapes (``\\$``, ``\\(``), typographic quotes and
dashes. Quote and source are both *normalised* (those artefacts folded away,
whitespace runs made one space) and the quote must then appear word for word.
An ellipsis (``...`` or ``…``) in a quote skips words: the parts must appear in
order, close together. Each part must begin and end on a word boundary of the text
(a footnote number glued to the last word, ``conflict2.``, is not part of it), so a
fragment cut inside words is not found, and a quote shorter than
:data:`MIN_QUOTE_WORDS` words or :data:`MIN_QUOTE_CHARS` characters proves nothing
and is refused. Nothing else is forgiven: a changed word is not found.

The closest passage to a missing quote is found with rapidfuzz's
``partial_ratio_alignment`` (the best window of the quote's length, by Indel
similarity), then widened or narrowed to whole words.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import ArgmapError, StoreError
from .reading import NotRegularFile, TooLarge, inside, leaves_folder, read_regular, size_words
from .records import Claim
from .store import ArgMap

SOURCES_ENV = "ARGMAP_SOURCES"
#: The most normalised characters an ellipsis may skip.
MAX_ELLIPSIS_GAP = 1200
#: The largest paper text argmap reads.
MAX_SOURCE_BYTES = 256 * 1024 * 1024

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
}
_ELLIPSIS = re.compile(r"\s*(?:\[\s*\.\.\.\s*\]|\.\.\.|\u2026)\s*")
_ITEM = re.compile(r"^\s*(?:[-*\u2022]\s+|\d{1,2}\s*-\s*(?=\S)|\d{1,2}\)\s+)")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s")
_NOTE = re.compile(r"^(?:\^\{?\d|\d{1,3}\s*\.\s*\S)")
_ARABIC = re.compile("[\u0600-\u06ff]")

#: A quote needs this many words and characters (ellipses aside) to prove anything.
MIN_QUOTE_WORDS = 4
MIN_QUOTE_CHARS = 20
#: How many word boundaries, each side of rapidfuzz's window, may start or end a passage.
_SNAP_WORDS = 6
_FOOTNOTE = re.compile(r"\d{1,3}(?!\w)")
_WORD_START = re.compile(r"(?<!\S)\S")
_WORD_END = re.compile(r"\S(?!\S)")


def normalise(text: str) -> tuple[str, list[int]]:
    """Fold extraction artefacts; return the text and, per character, its offset in ``text``."""
    out: list[str] = []
    offsets: list[int] = []
    space = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "*" and text.startswith("**", i):
            i += 2
            continue
        if ch == "\\" and i + 1 < n and not text[i + 1].isalnum() and not text[i + 1].isspace():
            i += 1
            ch = text[i]
        if ch.isspace():
            space = True
            i += 1
            continue
        if space and out:
            out.append(" ")
            offsets.append(i - 1)
        space = False
        out.append(_FOLD.get(ch, ch))
        offsets.append(i)
        i += 1
    return "".join(out), offsets


def quote_parts(quote: str) -> list[str]:
    """A quote's normalised parts, split at each ellipsis."""
    norm, _ = normalise(quote)
    return [p for p in (s.strip() for s in _ELLIPSIS.split(norm)) if p]


def short_quote(quote: str) -> str | None:
    """Why ``quote`` is too short to prove anything, or None when it is long enough.

    Words are the space-separated tokens with a letter or digit in them; ellipses and
    the spaces around them do not count.
    """
    kept = " ".join(quote_parts(quote))
    words = sum(1 for token in kept.split() if any(ch.isalnum() for ch in token))
    if words >= MIN_QUOTE_WORDS and len(kept) >= MIN_QUOTE_CHARS:
        return None
    return (f"too short to prove: {words} word{'' if words == 1 else 's'}, {len(kept)} "
            f"character{'' if len(kept) == 1 else 's'} (a quote needs at least "
            f"{MIN_QUOTE_WORDS} words and {MIN_QUOTE_CHARS} characters)")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def find_words(text: str, part: str, start: int = 0, end: int | None = None) -> int:
    """The first offset in ``text[start:end]`` where ``part`` occurs and neither begins
    nor ends inside a word of ``text``; -1 if there is none.

    A footnote number glued to a word by extraction (``conflict2.``, ``Syria6 or``)
    is not part of the word: a part ending in a lower-case letter may end before it.
    """
    head, tail = _is_word(part[0]), _is_word(part[-1])
    footnote = part[-1].islower()
    at = text.find(part, start) if end is None else text.find(part, start, end)
    while at >= 0:
        after = at + len(part)
        if not ((head and at > 0 and _is_word(text[at - 1]))
                or (tail and after < len(text) and _is_word(text[after])
                    and not (footnote and _FOOTNOTE.match(text, after)))):
            return at
        at = text.find(part, at + 1) if end is None else text.find(part, at + 1, end)
    return -1


@dataclass(frozen=True)
class Found:
    start: int  # offset in the original text
    end: int
    line: int


@dataclass(frozen=True)
class Unit:
    """A paragraph, list item, heading or (foot)note of a source text."""

    kind: str  # "item", "paragraph", "heading" or "note"
    start: int
    end: int
    line: int
    text: str


class SourceText:
    """One paper's text, normalised once, with line lookup."""

    def __init__(self, path: Path, raw: bytes | None = None) -> None:
        self.path = path
        if raw is None:
            raw = read_regular(path, MAX_SOURCE_BYTES)
        # as a text-mode read would: invalid UTF-8 replaced, any line ending made "\n"
        self.text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        self.norm, self.offsets = normalise(self.text)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def line_of(self, offset: int) -> int:
        return bisect_right(self._line_starts, offset)

    def find(self, quote: str) -> Found | None:
        """Where ``quote`` is, word for word and on word boundaries; None if it is not."""
        parts = quote_parts(quote)
        if not parts:
            return None
        start = find_words(self.norm, parts[0])
        while start >= 0:
            pos, ok = start + len(parts[0]), True
            for part in parts[1:]:
                # the next part starts at most MAX_ELLIPSIS_GAP characters after this one
                nxt = find_words(self.norm, part, pos, pos + MAX_ELLIPSIS_GAP + len(part))
                if nxt < 0:
                    ok = False
                    break
                pos = nxt + len(part)
            if ok:
                begin, end = self.offsets[start], self.offsets[pos - 1] + 1
                return Found(begin, end, self.line_of(begin))
            start = find_words(self.norm, parts[0], start + 1)
        return None

    def closest(self, quote: str) -> tuple[int, str, float]:
        """The passage most like ``quote``: (line, passage, similarity 0..1).

        The passage is whole words of the normalised text. Its similarity is the
        Indel similarity (twice the longest common subsequence over the two lengths,
        as difflib's ratio) of the passage and the quote with its ellipses closed up.
        """
        from rapidfuzz.fuzz import partial_ratio_alignment, ratio

        target = " ".join(quote_parts(quote))
        if not target or not self.norm.strip():
            return 1, "", 0.0
        window = partial_ratio_alignment(target, self.norm)
        if window is None:  # only below a score_cutoff, and none is given
            return 1, "", 0.0
        # snap the window to word boundaries: the best-scoring whole-word passage
        # starting and ending within a few words of it
        first, last = window.dest_start, max(window.dest_start, window.dest_end - 1)
        starts = self._near(_WORD_START, first) or [first]
        ends = [e + 1 for e in self._near(_WORD_END, last) or [last]]
        best = (-1.0, first, last + 1)
        for a in starts:
            for b in ends:
                if b > a:
                    score = ratio(target, self.norm[a:b], score_cutoff=max(0.0, best[0]))
                    if score > best[0]:
                        best = (score, a, b)
        score, a, b = best
        passage = self.norm[a:b]
        earliest = find_words(self.norm, passage)  # the first of identical passages: stable
        if 0 <= earliest < a:
            a = earliest
        return self.line_of(self.offsets[a]), passage, round(max(score, 0.0) / 100, 2)

    def _near(self, pattern: re.Pattern[str], offset: int) -> list[int]:
        """Where ``pattern`` matches in the normalised text: the :data:`_SNAP_WORDS`
        matches at or before ``offset`` and as many after it (within a bounded span)."""
        span = 40 * _SNAP_WORDS
        high = offset + span  # one more character is searched, so lookaheads see the text
        found = [m.start() for m in pattern.finditer(self.norm, max(0, offset - span), high + 1)
                 if m.start() < high]
        at = bisect_right(found, offset)
        return found[max(0, at - _SNAP_WORDS):at + _SNAP_WORDS]

    def context(self, found: Found, sentences: int) -> dict[str, str]:
        """The quote, with the rest of its sentence and ``sentences`` sentences each side."""
        first = bisect_right(self.offsets, found.start - 1)
        last = bisect_right(self.offsets, found.end - 1)
        ends = [m.end() for m in _SENTENCE_END.finditer(self.norm)]
        before = [e for e in ends if e <= first]
        after = [e for e in ends if e > last]
        # before[-1] starts the quote's own sentence; after[0] ends it
        a = before[-(sentences + 1)] if len(before) > sentences else 0
        b = after[sentences] if len(after) > sentences else len(self.norm)
        return {"before": self.norm[a:first].lstrip(), "quote": self.norm[first:last],
                "after": self.norm[last:b].rstrip()}

    @cached_property
    def units(self) -> list[Unit]:
        """Paragraphs (blank-line separated) and the list items inside them."""
        units: list[Unit] = []
        for block in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", self.text):
            lines = list(re.finditer(r"[^\n]*(?:\n|$)", block.group()))
            current: list[int] | None = None
            kind = "paragraph"
            for m in lines:
                if not m.group().strip():
                    continue
                begin = block.start() + m.start()
                if _ITEM.match(m.group()) or current is None:
                    if current is not None:
                        units.append(self._unit(kind, current[0], begin))
                    current = [begin]
                    kind = "item" if _ITEM.match(m.group()) else "paragraph"
            if current is not None:
                units.append(self._unit(kind, current[0], block.end()))
        return units

    def _unit(self, kind: str, start: int, end: int) -> Unit:
        text = " ".join(self.text[start:end].split())
        plain = _ITEM.sub("", text).replace("*", "").strip()
        words = len(plain.split())
        if plain.startswith("#") or (words < 25 and (plain.endswith((":", "?", "!"))
                                                     or not plain.endswith("."))):
            kind = "heading"
        elif kind == "paragraph" and (
                plain.startswith(("^", "For more see")) or (_NOTE.match(plain) and (
                    "http" in plain or "www." in plain or "ibid" in plain
                    or _ARABIC.search(plain) or re.search(r"\b(?:19|20)\d\d\b", plain)))):
            kind = "note"
        return Unit(kind, start, end, self.line_of(start), text)


def sources_dir(given: str | None) -> Path:
    """The folder of paper texts: ``--sources``, else ``ARGMAP_SOURCES``."""
    value = given or os.environ.get(SOURCES_ENV)
    if not value:
        raise ArgmapError(f"no sources folder: pass --sources DIR or set {SOURCES_ENV}",
                          what="verify")
    path = Path(value)
    if not path.is_dir():
        raise ArgmapError("no such sources folder", location=str(path))
    return path


class Library:
    """The source texts of a map's papers, each read once, none from outside ``folder``."""

    def __init__(self, amap: ArgMap, folder: Path) -> None:
        self.amap = amap
        self.folder = folder
        self._texts: dict[str, SourceText | None] = {}

    def text(self, paper_key: str) -> SourceText | None:
        """The paper's text; ``None`` if it names none, or its file is not in the folder.

        A source that leads out of the folder (an absolute path, ``..``, a symlink
        pointing out), or that is not a regular file (a FIFO, a device), is a store
        error at the paper: it is never opened, let alone printed.
        """
        if paper_key not in self._texts:
            source = self.amap.papers[paper_key].source
            self._texts[paper_key] = self._read(paper_key, source) if source else None
        return self._texts[paper_key]

    def _read(self, paper_key: str, source: str) -> SourceText | None:
        def error(why: str) -> StoreError:
            return StoreError(f"source {source!r} {why}",
                              location=self.amap.origin("papers", paper_key), what=paper_key)

        why = leaves_folder(source)
        if why is not None:  # the loader refuses these; a map built otherwise may not
            raise error(f"{why}: a source names a file inside the sources folder")
        real = inside(self.folder, source)
        if real is None:
            raise error(f"leads out of the sources folder {self.folder} through a symlink")
        try:
            # resolved already: a symlink swapped in now is refused, not followed
            raw = read_regular(real, MAX_SOURCE_BYTES, follow_symlinks=False)
        except FileNotFoundError:
            return None
        except NotRegularFile as exc:
            raise error(f"is {exc.kind}, not a text file") from None
        except TooLarge:
            raise error(f"is larger than {size_words(MAX_SOURCE_BYTES)}, the most argmap reads "
                        "from a paper's text") from None
        except OSError as exc:
            raise error(f"cannot be read: {exc.strerror}") from None
        return SourceText(self.folder / source, raw)

    def locate(self, claim: Claim) -> Found | None:
        text = self.text(claim.paper)
        return text.find(claim.quote) if text else None


def verify(amap: ArgMap, folder: Path) -> dict[str, Any]:
    """Find every claim's quote in its paper's text; report the missing ones.

    A quote too short to prove anything (:func:`short_quote`) is reported with
    the missing ones, whether or not its words occur in the text.
    """
    library = Library(amap, folder)
    missing: list[dict[str, Any]] = []
    located: list[dict[str, Any]] = []
    unsourced: list[str] = []
    absent: list[str] = []
    for key in sorted(amap.papers, key=lambda k: amap.paper_order[k]):
        source = amap.papers[key].source
        if source is None:
            unsourced.append(key)
        elif library.text(key) is None:
            absent.append(key)
    for claim in sorted(amap.claims.values(), key=lambda c: amap.claim_order[c.id]):
        if claim.paper in unsourced:
            continue
        origin = amap.origin("claims", claim.id)
        text = library.text(claim.paper)
        source = amap.papers[claim.paper].source
        too_short = short_quote(claim.quote)
        found = text.find(claim.quote) if text and not too_short else None
        if found and text:
            located.append({"id": claim.id, "file": source, "line": found.line})
            continue
        entry: dict[str, Any] = {"id": claim.id, "paper": claim.paper,
                                 "defined_at": str(origin) if origin else None,
                                 "quote": claim.quote, "file": source,
                                 "problem": "too short" if too_short else "not found"}
        if too_short:
            entry["closest"] = None
            entry["reason"] = too_short
        elif text:
            line, passage, ratio = text.closest(claim.quote)
            entry["closest"] = {"line": line, "passage": passage, "similarity": ratio}
        else:
            entry["closest"] = None
            entry["reason"] = "source file not found"
        missing.append(entry)
    return {
        "sources": str(folder),
        "checked": len(located) + len(missing),
        "found": len(located),
        "too_short": sum(1 for m in missing if m["problem"] == "too short"),
        "missing": missing,
        "papers_without_source": unsourced,
        "papers_source_absent": absent,
        "located": located,
    }


def coverage(amap: ArgMap, folder: Path, min_words: int = 6) -> list[dict[str, Any]]:
    """Per paper: which paragraphs and list items of its text no claim quotes.

    Headings (short lines, lines ending in a colon, markdown ``#`` titles) and
    notes (footnote references with a URL or in Arabic) are not counted.
    """
    library = Library(amap, folder)
    report = []
    for key in sorted(amap.papers, key=lambda k: amap.paper_order[k]):
        text = library.text(key)
        if text is None:
            continue
        spans = [f for c in amap.claims_by_paper[key] if (f := text.find(c.quote))]
        counts = {"item": [0, 0], "paragraph": [0, 0]}
        uncovered = []
        for unit in text.units:
            if unit.kind not in counts or len(unit.text.split()) < min_words:
                continue
            hit = any(f.start < unit.end and f.end > unit.start for f in spans)
            counts[unit.kind][0] += 1
            counts[unit.kind][1] += hit
            if not hit:
                uncovered.append({"kind": unit.kind, "line": unit.line,
                                  "text": unit.text[:160]})
        report.append({
            "paper": key, "file": amap.papers[key].source,
            "items": counts["item"][0], "items_covered": counts["item"][1],
            "paragraphs": counts["paragraph"][0], "paragraphs_covered": counts["paragraph"][1],
            "uncovered": uncovered,
        })
    return report
