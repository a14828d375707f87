"""Bringing maps in from other argument tools: import."""

import sys
import textwrap
from typing import Annotated

import typer

from ..errors import ArgmapError
from .base import STATE, check_choice, command

#: The report's counts are wrapped to fit an 80-column terminal.
REPORT_WIDTH = 78


@command(name="import")
def import_map(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="aif (AIFdb or OVA JSON), argdown "
                                       "(.argdown text or `argdown json` output) or kialo "
                                       "(Kialo's text export).")],
    file: Annotated[str, typer.Argument(metavar="FILE", help="The file to import.")],
    paper: Annotated[str, typer.Option(
        "--paper", metavar="KEY", help="The key of the paper the map becomes (new to the loaded "
        "map); claim ids are KEY.<first words>.")],
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="STORE.yaml",
        help="The store file to write (default: stdout, with the report on stderr).")] = None,
    title: Annotated[str | None, typer.Option(
        help="The paper's title (default: the title the file gives, else its name).")] = None,
    author: Annotated[list[str] | None, typer.Option(
        help="An author; repeat for several (default: the participants or speakers the file "
        "names; required if it names none).")] = None,
    date: Annotated[str | None, typer.Option(
        help="YYYY, YYYY-MM or YYYY-MM-DD (default: the date the file gives for its text; "
        "required if it gives none).")] = None,
    source: Annotated[str | None, typer.Option(
        metavar="FILE", help="File name of the paper's text, for verify.")] = None,
    kind: Annotated[str, typer.Option(help="The paper's kind: study, analysis, article, opinion, "
                                      "report, book or other.")] = "other",
) -> None:
    """Read an argument map from AIF (AIFdb, OVA), Argdown or Kialo into a new store file,
    and report what each part of the file became."""
    import re

    from ..importing import FORMATS, Options, import_file, store_text
    from ..models import DATE_PATTERN, KEY_PATTERN
    from ..output import write_text
    from ..store import check_contents
    from ..vocab import PAPER_KINDS

    fmt = check_choice(fmt, FORMATS, "format")
    kind = check_choice(kind, PAPER_KINDS, "paper kind")
    if not re.match(KEY_PATTERN, paper):
        raise ArgmapError("a paper key is lowercase letters, digits, '-' and '_', starting with "
                          "a letter or digit", what=paper)
    if date is not None and not re.match(DATE_PATTERN, date):
        raise ArgmapError("--date is YYYY, YYYY-MM or YYYY-MM-DD", what=date)
    opts = Options(paper=paper, file=file, title=title, authors=author or [], date=date,
                   source=source, kind=kind)
    imported = import_file(fmt, opts, STATE.load())
    text = store_text(imported.store, [f"Imported with `argmap import {fmt}` from {file}."])
    name = output if output not in (None, "-") else "<stdout>"
    check_contents([(name, text.encode("utf-8"))])
    write_text(text, output, STATE.paths)
    store = imported.store
    done = (f"wrote {name}: paper {paper}, {len(store['claims'])} claims, "
            f"{len(store['relations'])} relations, {len(store['actors'])} actors")
    stream = sys.stderr if name == "<stdout>" else sys.stdout
    # the counts are wrapped; the lines naming files are not, so that names stay whole
    counts = [textwrap.fill(line, REPORT_WIDTH, subsequent_indent="    ", break_on_hyphens=False)
              for line in imported.report[1:]]
    stream.write("\n".join([imported.report[0], *counts, done]) + "\n")
