"""Analyst queries: agreements, conflicts, deps, path, search, matrix, cruxes, consensus,
scenarios, timeline, whatif, brief."""

import sys
from typing import Annotated

import typer

from ..render import render_result
from .base import STATE, JsonOpt, OutputOpt, check_choice, command

PapersArg = Annotated[list[str] | None, typer.Argument(
    metavar="[PAPER]...", help="Only relations among these papers (keys, aliases, surnames).")]


@command()
def agreements(papers: PapersArg = None, as_json: JsonOpt = False) -> None:
    """All cross-paper agreements, grouped by topic, with both quotes and the rationale."""
    from ..analysis import agreements as run

    render_result("relations-by-topic", run(STATE.load(), papers or []), as_json)


@command()
def conflicts(papers: PapersArg = None, as_json: JsonOpt = False) -> None:
    """All cross-paper conflicts, grouped by topic, with both quotes and the rationale."""
    from ..analysis import conflicts as run

    render_result("relations-by-topic", run(STATE.load(), papers or []), as_json)


@command()
def deps(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="A claim id.")],
    depth: Annotated[int, typer.Option(min=1, max=50, help="How many levels.")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """What a claim rests on (transitively) and what rests on it, as two trees."""
    from ..analysis import deps as run

    render_result("deps", run(STATE.load(), claim_id, depth), as_json)


@command()
def path(
    start: Annotated[str, typer.Argument(metavar="A", help="A claim id.")],
    end: Annotated[str, typer.Argument(metavar="B", help="Another claim id.")],
    as_json: JsonOpt = False,
) -> None:
    """The shortest chains of relations linking two claims, with their types."""
    from ..analysis import path as run

    render_result("path", run(STATE.load(), start, end), as_json)


@command()
def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words to look for.")],
    paper: Annotated[str | None, typer.Option("--paper", "-p", help="Only this paper.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only this kind.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", "-a", help="Only this actor.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Search claims' text, quotes and topics; ranked, with the matches highlighted."""
    from ..analysis import search as run
    from ..vocab import CLAIM_KINDS

    kind = check_choice(kind, CLAIM_KINDS, "kind")
    render_result("search", run(STATE.load(), text, paper, kind, actor, limit), as_json)


@command()
def matrix(
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Topics x papers: claims per paper on each topic, and cross-paper agreements/conflicts."""
    from ..analysis import matrix as run
    from ..analysis import matrix_csv

    data = run(STATE.load())
    if csv:
        sys.stdout.write(matrix_csv(data))
        return
    render_result("matrix", data, as_json)


@command()
def cruxes(
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many.")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """The disagreements that matter most: conflicts ranked by what rests on them."""
    from ..analysis import cruxes as run

    render_result("cruxes", run(STATE.load(), limit), as_json)


@command()
def consensus(
    min_papers: Annotated[int, typer.Option("--min-papers", min=2, max=100,
                                            help="Held by at least this many papers.")] = 3,
    as_json: JsonOpt = False,
) -> None:
    """Positions held by three or more papers, with each paper's quote."""
    from ..analysis import consensus as run

    render_result("consensus", run(STATE.load(), min_papers), as_json)


@command()
def scenarios(
    paper: Annotated[str | None, typer.Option("--paper", "-p", help="Only this paper.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Each scenario: its conditions, consequences (valence, for whom), and other papers' view."""
    from ..analysis import scenarios as run

    render_result("scenarios", run(STATE.load(), paper), as_json)


@command()
def timeline(as_json: JsonOpt = False) -> None:
    """Papers and the dialogue's rounds and events in date order, with predictions checked."""
    from ..analysis import timeline as run

    render_result("timeline", run(STATE.load()), as_json)


@command()
def whatif(
    deny: Annotated[list[str], typer.Option("--deny", metavar="ID",
                                            help="A claim to deny; repeat for several.")],
    as_json: JsonOpt = False,
) -> None:
    """Deny a claim: which claims and goals lose their support, which conflicts disappear."""
    from ..analysis import whatif as run

    render_result("whatif", run(STATE.load(), deny), as_json)


@command()
def brief(
    paper: Annotated[str | None, typer.Argument(
        metavar="[PAPER]", help="A paper (key, alias, surname).")] = None,
    actor: Annotated[str | None, typer.Option("--actor", "-a", help="An actor instead.")] = None,
    full: Annotated[bool, typer.Option(
        "--full", help="Every claim, each with its quote and citation (many pages).")] = False,
    words: Annotated[int | None, typer.Option(
        "--words", min=200, max=100_000, metavar="N",
        help="At most N words (default 1500); the claims the map rests on most come "
        "first.")] = None,
    output: OutputOpt = None,
) -> None:
    """A Markdown brief of a paper or an actor: thesis, goals, recommendations, predictions,
    scenarios, and the strongest agreements and conflicts, with numbered notes."""
    from ..analysis import brief as run
    from ..brief import word_count
    from ..output import write_text

    text = run(STATE.load(), paper, actor, full=full, words=words)
    write_text(text, output, STATE.paths)
    if output is not None and output != "-":
        typer.echo(f"wrote {output}: {word_count(text)} words")
