"""Writing the map for other tools, and pictures: export, render."""

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ArgmapError, OutputError
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
        metavar="FORMAT", help="dot, graphml, json, aif, argdown, mermaid or html.")],
    output: OutputOpt = None, paper: PaperOpt = None, actor: ActorOpt = None,
    topic: TopicOpt = None, rel_type: TypeOpt = None, around: AroundOpt = None,
    depth: DepthOpt = 1, layout: LayoutOpt = None,
) -> None:
    """Write the map, or a filtered part, for Graphviz, yEd/Gephi, networkx, AIFdb/OVA,
    Argdown, Mermaid, or as one interactive HTML page that works offline."""
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
    overview: Annotated[bool, typer.Option(
        "--overview", help="Draw the papers instead of the claims: in date order, sized by "
        "claims, with each pair's agreements, conflicts and dependencies.")] = False,
) -> None:
    """Draw the map, or a focused part, through Graphviz: papers as colours, with a legend."""
    from ..exports import LAYOUTS, PICTURES, RENDER_LIMIT, overview_picture, picture, too_big
    from ..output import write_bytes

    kind = Path(output).suffix.lower().lstrip(".")
    kind = check_choice(kind, PICTURES, "picture type")
    layout = check_choice(layout, LAYOUTS, "layout")
    if overview and layout is not None:
        raise ArgmapError("--layout does not apply to --overview, whose layout is fixed",
                          what="render")
    sel = selection(paper, actor, topic, rel_type, around, depth)
    if overview:
        write_bytes(overview_picture(STATE.load(), sel, kind), output, STATE.paths)
        papers = len({c.paper for c in sel.claims})
        typer.echo(f"wrote {output}: {plural(papers, 'paper')}, "
                   f"{plural(len(sel.claims), 'claim')}")
        return
    if too_big(sel) and not force:
        raise ArgmapError(
            f"{len(sel.claims)} claims are too many for one readable picture (more than "
            f"{RENDER_LIMIT}): draw the papers with --overview, one claim's neighbourhood with "
            "--around ID --depth N, or one paper with --paper KEY; browse the whole map with "
            "'argmap view'; or add --force", what="render")
    write_bytes(picture(STATE.load(), sel, kind, layout), output, STATE.paths)
    typer.echo(f"wrote {output}: {plural(len(sel.claims), 'claim')}, "
               f"{plural(len(sel.relations), 'relation')}")


@command()
def view(
    paper: PaperOpt = None, actor: ActorOpt = None, topic: TopicOpt = None,
    rel_type: TypeOpt = None, around: AroundOpt = None, depth: DepthOpt = 1,
) -> None:
    """Open the map, or a filtered part, as an interactive page in the web browser."""
    import webbrowser

    from ..cache import cache_dir
    from ..exports import export as run_export
    from ..output import write_text

    sel = selection(paper, actor, topic, rel_type, around, depth)
    folder = cache_dir() / "view"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", location=str(folder)) from None
    target = folder / "map.html"
    write_text(run_export("html", STATE.load(), sel), str(target), STATE.paths)
    typer.echo(f"wrote {target}")
    if not webbrowser.open(target.resolve().as_uri()):
        typer.echo("could not start a web browser: open that file in one", err=True)
