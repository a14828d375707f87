"""Writing the map for other tools, and pictures: export, render."""

from pathlib import Path
from typing import Annotated

import typer

from ..plural import plural
from .base import (
    STATE,
    ActorOpt,
    AroundOpt,
    DepthOpt,
    LayoutOpt,
    OutputOpt,
    PaperOpt,
    TopicOpt,
    TypeOpt,
    check_choice,
    command,
    selection,
)


@command()
def export(
    fmt: Annotated[str, typer.Argument(
        metavar="FORMAT", help="dot, graphml, json, aif, argdown or mermaid.")],
    output: OutputOpt = None, paper: PaperOpt = None, actor: ActorOpt = None,
    topic: TopicOpt = None, rel_type: TypeOpt = None, around: AroundOpt = None,
    depth: DepthOpt = 1, layout: LayoutOpt = None,
) -> None:
    """Write the map, or a filtered part, for Graphviz, yEd/Gephi, networkx, AIFdb/OVA,
    Argdown or Mermaid."""
    from ..exports import FORMATS, LAYOUTS
    from ..exports import export as run_export
    from ..output import write_text

    check_choice(fmt, FORMATS, "format")
    check_choice(layout, LAYOUTS, "layout")
    sel = selection(paper, actor, topic, rel_type, around, depth)
    write_text(run_export(fmt, STATE.load(), sel, layout), output, STATE.paths)


@command()
def render(
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="FILE", help="The picture: FILE.svg, FILE.png or FILE.pdf.")],
    paper: PaperOpt = None, actor: ActorOpt = None, topic: TopicOpt = None,
    rel_type: TypeOpt = None, around: AroundOpt = None, depth: DepthOpt = 1,
    layout: LayoutOpt = None,
) -> None:
    """Draw the map, or a focused part, through Graphviz: papers as colours, with a legend."""
    from ..exports import LAYOUTS, PICTURES, picture
    from ..output import write_bytes

    kind = Path(output).suffix.lower().lstrip(".")
    check_choice(kind, PICTURES, "picture type")
    check_choice(layout, LAYOUTS, "layout")
    sel = selection(paper, actor, topic, rel_type, around, depth)
    write_bytes(picture(STATE.load(), sel, kind, layout), output, STATE.paths)
    typer.echo(f"wrote {output}: {plural(len(sel.claims), 'claim')}, "
               f"{plural(len(sel.relations), 'relation')}")

