"""For curators: suggest links between papers, and review them one at a time."""

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ArgmapError
from ..render import render_result
from .base import STATE, JsonOpt, command


@command()
def suggest(
    ids: Annotated[list[str] | None, typer.Argument(
        metavar="[ID]...", help="Claims to find links for (default: every claim, or --paper's).",
        show_default=False)] = None,
    paper: Annotated[list[str] | None, typer.Option(
        "--paper", "-p", metavar="PAPER",
        help="Find links for this paper's claims; repeat for several.")] = None,
    with_paper: Annotated[list[str] | None, typer.Option(
        "--with", "-w", metavar="PAPER",
        help="Only suggest claims of this paper; repeat for several.")] = None,
    limit: Annotated[int, typer.Option(
        "--limit", "-k", min=1, metavar="K",
        help="At most this many suggestions per claim.")] = 5,
    min_score: Annotated[float | None, typer.Option(
        "--min-score", min=0.0, max=1.0, metavar="S",
        help="Leave out suggestions scoring below this (0 to 1).")] = None,
    method: Annotated[str, typer.Option(
        "--method", metavar="METHOD", help="lexical, combined (needs argmap[embeddings]) or auto: combined "
        "when the embeddings are installed.")] = "auto",
    review: Annotated[bool, typer.Option(
        "--review", help="Walk the suggestions one pair at a time: relate, dismiss, skip or "
        "quit; answers are written to --to FILE.")] = False,
    to: Annotated[Path | None, typer.Option(
        "--to", metavar="FILE", help="With --review: the store file to write to.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Claims of other papers that a claim may relate to, best first, with the evidence."""
    from ..suggest import suggest as run_suggest

    amap = STATE.load()
    data = run_suggest(amap, ids or [], paper or [], with_paper or [], limit, min_score, method)
    if review:
        if to is None:
            raise ArgmapError("say which store file to write to: --review --to FILE",
                              what="--review")
        from ..review import review as run_review

        run_review(amap, data, to, STATE.paths)
        return
    if to is not None:
        raise ArgmapError("--to is for --review", what="--to")
    if as_json:
        import sys

        from ..suggest import json_text

        sys.stdout.write(json_text(data["suggestions"]))
        sys.stdout.flush()
    else:
        render_result("suggest", data, False)
