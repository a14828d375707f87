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

    fmt = check_choice(fmt, FORMATS, "format")
    layout = check_choice(layout, LAYOUTS, "layout")
    sel = selection(paper, actor, topic, rel_type, around, depth)
    write_text(run_export(fmt, STATE.load(), sel, layout), output, STATE.paths)


@command()
def render(
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="FILE", help="The picture: FILE.svg, FILE.png or FILE.pdf.")],
    paper: PaperOpt = None, actor: ActorOpt = None, topic: TopicOpt = None,
    rel_type: TypeOpt = None, around: AroundOpt = None, depth: DepthOpt = 1,
    layout: LayoutOpt = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Draw more than 300 claims anyway (slow, and too big to read).")] = False,
) -> None:
    """Draw the map, or a focused part, through Graphviz: papers as colours, with a legend."""
    from ..errors import ArgmapError
    from ..exports import LAYOUTS, PICTURES, RENDER_LIMIT, picture, too_big
    from ..output import write_bytes

    kind = Path(output).suffix.lower().lstrip(".")
    kind = check_choice(kind, PICTURES, "picture type")
    layout = check_choice(layout, LAYOUTS, "layout")
    sel = selection(paper, actor, topic, rel_type, around, depth)
    if too_big(sel) and not force:
        raise ArgmapError(
            f"{len(sel.claims)} claims are too many for one readable picture (more than "
            f"{RENDER_LIMIT}): draw the papers with --overview, one claim's neighbourhood with "
            "--around ID --depth N, or one paper with --paper KEY; browse the whole map with "
            "'argmap view'; or add --force", what="render")
    write_bytes(picture(STATE.load(), sel, kind, layout), output, STATE.paths)
    typer.echo(f"wrote {output}: {plural(len(sel.claims), 'claim')}, "
               f"{plural(len(sel.relations), 'relation')}")

