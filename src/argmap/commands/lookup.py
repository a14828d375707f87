"""The commands that list and look up: papers, actors, topics, goals, compare, show, check."""

import os
from typing import Annotated

import typer

from .. import queries
from ..render import render_result
from .base import STATE, JsonOpt, command


@command()
def papers(as_json: JsonOpt = False) -> None:
    """List the papers, with their claim and goal counts."""
    render_result("papers", queries.papers(STATE.load()), as_json)


@command()
def actors(as_json: JsonOpt = False) -> None:
    """List the actors, with how many claims and goals name them."""
    render_result("actors", queries.actors(STATE.load()), as_json)


@command()
def topics(as_json: JsonOpt = False) -> None:
    """List the topics, with how many claims each paper makes on them."""
    render_result("topics", queries.topics(STATE.load()), as_json)


@command()
def goals(
    actor: Annotated[str | None, typer.Option(
        "--actor", "-a", help="Only this actor's goals (key or alias).")] = None,
    paper: Annotated[str | None, typer.Option(
        "--paper", "-p", help="Only goals from this paper (key, alias or surname).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Goals by actor, then paper, each with its quote."""
    render_result("goals", queries.goals(STATE.load(), actor=actor, paper=paper), as_json)


@command()
def compare(
    first: Annotated[str, typer.Argument(
        metavar="PAPER1", help="A paper: key, alias or author surname.")],
    second: Annotated[str, typer.Argument(
        metavar="PAPER2", help="The other paper (or author).")],
    as_json: JsonOpt = False,
) -> None:
    """Where two papers agree, conflict and depend on each other; topics; actors' goals."""
    render_result("compare", queries.compare(STATE.load(), first, second), as_json)


@command()
def show(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="A claim id.")],
    sources: Annotated[str | None, typer.Option(
        "--sources", metavar="DIR",
        help="Folder of the papers' texts, to print where the quote sits "
        "(default: $ARGMAP_SOURCES).")] = None,
    context: Annotated[int, typer.Option(
        "--context", "-C", min=0, max=20,
        help="With sources: print N sentences around the quote.")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """One claim: its quote, paper, kind, actor, topics and every relation in and out."""
    from ..sources import SOURCES_ENV, Library, sources_dir

    amap = STATE.load()
    data = queries.show(amap, claim_id)
    if sources or os.environ.get(SOURCES_ENV):
        library = Library(amap, sources_dir(sources))
        claim = amap.claims[data["claim"]["id"]]
        found = library.locate(claim)
        text = library.text(claim.paper)
        if found and text:
            data["source_location"] = {"file": amap.papers[claim.paper].source,
                                       "line": found.line}
            if context:
                data["source_location"]["context"] = text.context(found, context)
        else:
            data["source_location"] = None
    render_result("show", data, as_json)


@command()
def check(as_json: JsonOpt = False) -> None:
    """Validate the store file(s) and print counts; exit 0 only if valid."""
    render_result("check", queries.check(STATE.load(), STATE.names), as_json)

