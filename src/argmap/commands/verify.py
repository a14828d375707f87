"""Proving quotes against the papers' texts: verify."""

from typing import Annotated

import typer

from ..errors import ExitCode
from ..render import render_result
from .base import STATE, JsonOpt, command


@command()
def verify(
    sources: Annotated[str | None, typer.Option(
        "--sources", metavar="DIR",
        help="Folder of the papers' texts (default: $ARGMAP_SOURCES).")] = None,
    show_coverage: Annotated[bool, typer.Option(
        "--coverage", help="Also list, per paper, the paragraphs and list items no claim "
        "quotes.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Find every claim's quote in its paper's text; exit 1 if any is missing."""
    from ..sources import coverage, sources_dir
    from ..sources import verify as run_verify

    amap = STATE.load()
    folder = sources_dir(sources)
    data = run_verify(amap, folder)
    if show_coverage:
        data["coverage"] = coverage(amap, folder)
    render_result("verify", data, as_json)
    if data["missing"]:
        raise typer.Exit(int(ExitCode.CHECK_FAILED))

