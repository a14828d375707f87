"""The command line: parse options, call the library, render the result.

Every command loads the map, asks :mod:`argmap.queries` (or another library
module) for data, and hands it to :func:`argmap.render.render_result`. Errors
the user can act on are :class:`~argmap.errors.ArgmapError`: one line on
stderr and a documented exit code (see :class:`~argmap.errors.ExitCode`).
"""


import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__, queries
from .errors import ArgmapError, ExitCode
from .render import render_result
from .store import SHIPPED, STORE_ENV, ArgMap, load, store_paths

F = TypeVar("F", bound=Callable[..., Any])

APP_SETTINGS: dict[str, Any] = {
    "name": "argmap",
    "help": "Argument maps of policy papers: where authors agree and conflict, what each "
    "position depends on, and what each actor wants.",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
}
app = typer.Typer(**APP_SETTINGS)
#: The top-level commands, by name, as registered on ``app`` (see :func:`main`).
COMMANDS: dict[str, Callable[..., Any]] = {}
new_app = typer.Typer(help="Add a paper, actor, topic, claim or relation to a store file, "
                      "keeping the rest of the file as it is.", no_args_is_help=True)
app.add_typer(new_app, name="new")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class State:
    """The global options of one invocation, and the map they name (loaded once)."""

    def __init__(self) -> None:
        self.stores: list[str] = []
        self.use_cache = True
        self._map: ArgMap | None = None

    def reset(self, stores: list[str], use_cache: bool = True) -> None:
        self.stores = stores
        self.use_cache = use_cache
        self._map = None

    @property
    def paths(self) -> list[Path]:
        return store_paths(self.stores)

    def load(self) -> ArgMap:
        if self._map is None:
            self._map = load(self.paths, use_cache=self.use_cache)
        return self._map


STATE = State()


def fail(exc: ArgmapError) -> typer.Exit:
    sys.stderr.write(exc.message + "\n")
    sys.stderr.flush()
    return typer.Exit(int(exc.exit_code))


def handles_errors(fn: F) -> F:
    """Turn the project's errors into a message on stderr and their exit code."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ArgmapError as exc:
            raise fail(exc) from None
        except BrokenPipeError:  # e.g. `argmap export dot | head`
            sys.stderr.close()
            raise typer.Exit(int(ExitCode.OK)) from None
    return wrapper  # type: ignore[return-value]


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"argmap {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    store: Annotated[list[str] | None, typer.Option(
        "--store", "-s", metavar="PATH",
        help=f"A store file to load; repeat to merge several. {SHIPPED} is the shipped "
        f"map. Default: ${STORE_ENV} (paths separated by ':'), else the shipped map.")] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Parse and validate the store files even if a cached copy of "
        "the same contents exists, and cache nothing.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=version_callback, is_eager=True,
        help="Print the version and exit.")] = False,
) -> None:
    """Argument maps of policy papers.

    Exit codes: 0 ok; 1 a check failed (verify: a quote not found); 2 invalid input
    (store, paper, actor, id or option); 3 an output could not be written; 4 a
    program the command needs (Graphviz) is not installed.
    """
    STATE.reset(list(store or []), use_cache=not no_cache)


def command(target: typer.Typer = app, name: str | None = None) -> Callable[[F], F]:
    def register(fn: F) -> F:
        wrapped = handles_errors(fn)
        if target is app:
            COMMANDS[name or fn.__name__.replace("_", "-")] = wrapped
        return target.command(name)(wrapped)
    return register


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
    from .sources import SOURCES_ENV, Library, sources_dir

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
    render_result("check", queries.check(STATE.load()), as_json)


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
    from .sources import coverage, sources_dir
    from .sources import verify as run_verify

    amap = STATE.load()
    folder = sources_dir(sources)
    data = run_verify(amap, folder)
    if show_coverage:
        data["coverage"] = coverage(amap, folder)
    render_result("verify", data, as_json)
    if data["missing"]:
        raise typer.Exit(int(ExitCode.CHECK_FAILED))


OutputOpt = Annotated[str | None, typer.Option(
    "--output", "-o", metavar="FILE", help="Write to FILE (default: stdout).")]
PaperOpt = Annotated[list[str] | None, typer.Option(
    "--paper", "-p", help="Only claims of this paper; repeat for several.")]
ActorOpt = Annotated[list[str] | None, typer.Option(
    "--actor", "-a", help="Only claims about this actor; repeat for several.")]
TopicOpt = Annotated[list[str] | None, typer.Option(
    "--topic", "-t", help="Only claims on this topic; repeat for several.")]
TypeOpt = Annotated[list[str] | None, typer.Option(
    "--type", help="Only relations of this type (and the claims they join); repeat.")]
AroundOpt = Annotated[str | None, typer.Option(
    "--around", metavar="ID", help="Only the neighbourhood of this claim.")]
DepthOpt = Annotated[int, typer.Option(
    "--depth", min=0, max=50, help="With --around: how many relations away.")]
LayoutOpt = Annotated[str | None, typer.Option(
    "--layout", help="Graphviz engine: dot (default), sfdp (fast, for large maps), fdp, neato, "
    "circo, twopi.")]


def _selection(paper: list[str] | None, actor: list[str] | None, topic: list[str] | None,
               rel_type: list[str] | None, around: str | None, depth: int) -> Any:
    from .selection import select

    return select(STATE.load(), papers=paper or [], actors=actor or [], topics=topic or [],
                  types=rel_type or [], around=around, depth=depth)


def _check_choice(value: str | None, choices: tuple[str, ...], what: str) -> None:
    if value is not None and value not in choices:
        raise ArgmapError(f"unknown {what} {value!r}; choose one of {', '.join(choices)}",
                          what=value)


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
    from .exports import FORMATS, LAYOUTS
    from .exports import export as run_export
    from .output import write_text

    _check_choice(fmt, FORMATS, "format")
    _check_choice(layout, LAYOUTS, "layout")
    sel = _selection(paper, actor, topic, rel_type, around, depth)
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
    from .exports import LAYOUTS, PICTURES, picture
    from .output import write_bytes

    kind = Path(output).suffix.lower().lstrip(".")
    _check_choice(kind, PICTURES, "picture type")
    _check_choice(layout, LAYOUTS, "layout")
    sel = _selection(paper, actor, topic, rel_type, around, depth)
    write_bytes(picture(STATE.load(), sel, kind, layout), output, STATE.paths)
    typer.echo(f"wrote {output}: {len(sel.claims)} claims, {len(sel.relations)} relations")


def _command_name(argv: list[str]) -> str | None:
    """The command a command line runs, past the global options (None if unclear)."""
    args = iter(argv)
    for arg in args:
        if arg in ("--store", "-s"):
            next(args, None)
        elif arg.startswith("--store=") or arg == "--no-cache":
            continue
        elif arg.startswith("-"):
            return None
        else:
            return arg
    return None


def app_for(argv: list[str]) -> typer.Typer:
    """An app holding only the command ``argv`` runs, or the whole app.

    Typer builds every command's parameters on each start; with some thirty
    commands that is a large part of a query's run time, so the entry point
    builds just the one it needs. Help, version and unknown commands use the
    whole app, so what they print is unchanged.
    """
    name = _command_name(argv)
    if name == "new":
        small = typer.Typer(**APP_SETTINGS)
        small.callback()(main_options)
        small.add_typer(new_app, name="new")
        return small
    if name not in COMMANDS:
        return app
    small = typer.Typer(**APP_SETTINGS)
    small.callback()(main_options)
    small.command(name)(COMMANDS[name])
    return small


def main() -> None:
    """Console-script entry point."""
    app_for(sys.argv[1:])()


@command()
def lint(
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when there is any warning.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Curation warnings (valid, but probably not meant); each names its id and file:line."""
    from .lint import lint as run_lint

    data = run_lint(STATE.load())
    render_result("lint", data, as_json)
    if strict and data["warnings"]:
        raise typer.Exit(int(ExitCode.CHECK_FAILED))


@command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of store files (for editors' YAML language servers)."""
    from .jsontext import dumps
    from .output import write_text
    from .schema import store_schema

    write_text(dumps(store_schema()), output)


@command()
def diff(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="The older store file.")],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The newer store file.")],
    as_json: JsonOpt = False,
) -> None:
    """What changed in meaning between two versions of a store file."""
    from .diff import diff as run_diff

    render_result("diff", run_diff(old, new), as_json)


def _target(to: Path | None, default: str | None = None) -> Path:
    if to is not None:
        return to
    if default is None:
        raise ArgmapError("say which store file to add to: --to FILE", what="new")
    return Path(default)


def _add(section: str, to: Path, entry: dict[str, Any]) -> None:
    from .editing import add_entry

    context = STATE.paths if STATE.stores or os.environ.get(STORE_ENV) else []
    add_entry(to, section, entry, context)
    ident = entry.get("id") or entry.get("key") or f"{entry['from']} -{entry['type']}-> {entry['to']}"
    typer.echo(f"added {section[:-1]} {ident} to {to}")


ToOpt = Annotated[Path | None, typer.Option(
    "--to", metavar="FILE", help="The store file to add to (created if missing).")]


@command(new_app, "paper")
def new_paper(
    key: Annotated[str, typer.Argument(metavar="KEY", help="The paper's key, e.g. smith2024.")],
    title: Annotated[str, typer.Option(help="The paper's title.")],
    author: Annotated[list[str], typer.Option(help="An author's full name; repeat for several.")],
    date: Annotated[str, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD.")],
    kind: Annotated[str, typer.Option(help="study, analysis, article, opinion, report, book "
                                      "or other.")] = "article",
    publisher: Annotated[str | None, typer.Option(help="The publisher.")] = None,
    alias: Annotated[list[str] | None, typer.Option(help="Another name for the paper.")] = None,
    source: Annotated[str | None, typer.Option(help="File name of its text, for verify.")] = None,
    to: ToOpt = None,
) -> None:
    """Add a paper with its title, authors and date (default file: KEY.yaml)."""
    _add("papers", _target(to, f"{key}.yaml"), {
        "key": key, "title": title, "authors": [{"name": a} for a in author],
        "aliases": alias or [], "publisher": publisher, "date": date, "kind": kind,
        "source": source})


@command(new_app, "actor")
def new_actor(
    key: Annotated[str, typer.Argument(metavar="KEY", help="The actor's key, e.g. us.")],
    name: Annotated[str, typer.Option(help="The actor's name.")],
    kind: Annotated[str, typer.Option(help="state, sub-state, non-state, institution, "
                                      "organization, alliance, group or person.")] = "state",
    alias: Annotated[list[str] | None, typer.Option(help="Another name; repeat.")] = None,
    to: ToOpt = None,
) -> None:
    """Add an actor (a state, group, institution...) that claims can name."""
    _add("actors", _target(to), {"key": key, "name": name, "kind": kind,
                                 "aliases": alias or []})


@command(new_app, "topic")
def new_topic(
    key: Annotated[str, typer.Argument(metavar="KEY", help="The topic's key.")],
    name: Annotated[str, typer.Option(help="The topic's name.")],
    to: ToOpt = None,
) -> None:
    """Add a topic that claims can be filed under."""
    _add("topics", _target(to), {"key": key, "name": name})


@command(new_app, "claim")
def new_claim(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="paper.group.slug")],
    kind: Annotated[str, typer.Option(help="thesis, claim, fact, goal, scenario, condition, "
                                      "consequence, recommendation, prediction or question.")],
    text: Annotated[str, typer.Option(help="The claim in your own words.")],
    quote: Annotated[str, typer.Option(help="A short verbatim quote from the paper.")],
    actor: Annotated[str | None, typer.Option(help="Whose goal; whom it addresses.")] = None,
    topic: Annotated[list[str] | None, typer.Option(help="A topic key; repeat.")] = None,
    section: Annotated[str | None, typer.Option(help="The paper's section.")] = None,
    valence: Annotated[str | None, typer.Option(help="benefit, cost or harm "
                                                "(consequences).")] = None,
    to: ToOpt = None,
) -> None:
    """Add a claim; its paper is the first part of its id."""
    _add("claims", _target(to), {
        "id": claim_id, "paper": claim_id.split(".", 1)[0], "kind": kind, "actor": actor,
        "topics": topic or [], "section": section, "text": text, "quote": quote,
        "valence": valence})


@command(new_app, "relation")
def new_relation(
    source: Annotated[str, typer.Argument(metavar="FROM", help="A claim id.")],
    target: Annotated[str, typer.Argument(metavar="TO", help="A claim id.")],
    rel_type: Annotated[str, typer.Option("--type", help="supports, attacks, agrees, conflicts, "
                                          "depends_on, leads_to, answers, confirms or refutes.")],
    rationale: Annotated[str | None, typer.Option(help="Why it holds, in one line "
                                                  "(required across papers).")] = None,
    to: ToOpt = None,
) -> None:
    """Add a relation between two claims."""
    _add("relations", _target(to), {"from": source, "to": target, "type": rel_type,
                                    "rationale": rationale})


PapersArg = Annotated[list[str] | None, typer.Argument(
    metavar="[PAPER]...", help="Only relations among these papers (keys, aliases, surnames).")]


@command()
def agreements(papers: PapersArg = None, as_json: JsonOpt = False) -> None:
    """All cross-paper agreements, grouped by topic, with both quotes and the rationale."""
    from .analysis import agreements as run

    render_result("relations-by-topic", run(STATE.load(), papers or []), as_json)


@command()
def conflicts(papers: PapersArg = None, as_json: JsonOpt = False) -> None:
    """All cross-paper conflicts, grouped by topic, with both quotes and the rationale."""
    from .analysis import conflicts as run

    render_result("relations-by-topic", run(STATE.load(), papers or []), as_json)


@command()
def deps(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="A claim id.")],
    depth: Annotated[int, typer.Option(min=1, max=50, help="How many levels.")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """What a claim rests on (transitively) and what rests on it, as two trees."""
    from .analysis import deps as run

    render_result("deps", run(STATE.load(), claim_id, depth), as_json)


@command()
def path(
    start: Annotated[str, typer.Argument(metavar="A", help="A claim id.")],
    end: Annotated[str, typer.Argument(metavar="B", help="Another claim id.")],
    as_json: JsonOpt = False,
) -> None:
    """The shortest chains of relations linking two claims, with their types."""
    from .analysis import path as run

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
    from .analysis import search as run
    from .vocab import CLAIM_KINDS

    _check_choice(kind, CLAIM_KINDS, "kind")
    render_result("search", run(STATE.load(), text, paper, kind, actor, limit), as_json)


@command()
def matrix(
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Topics x papers: claims per paper on each topic, and cross-paper agreements/conflicts."""
    from .analysis import matrix as run
    from .analysis import matrix_csv

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
    from .analysis import cruxes as run

    render_result("cruxes", run(STATE.load(), limit), as_json)


@command()
def consensus(
    min_papers: Annotated[int, typer.Option("--min-papers", min=2, max=100,
                                            help="Held by at least this many papers.")] = 3,
    as_json: JsonOpt = False,
) -> None:
    """Positions held by three or more papers, with each paper's quote."""
    from .analysis import consensus as run

    render_result("consensus", run(STATE.load(), min_papers), as_json)


@command()
def scenarios(
    paper: Annotated[str | None, typer.Option("--paper", "-p", help="Only this paper.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Each scenario: its conditions, consequences (valence, for whom), and other papers' view."""
    from .analysis import scenarios as run

    render_result("scenarios", run(STATE.load(), paper), as_json)


@command()
def timeline(as_json: JsonOpt = False) -> None:
    """Papers and the dialogue's rounds and events in date order, with predictions checked."""
    from .analysis import timeline as run

    render_result("timeline", run(STATE.load()), as_json)


@command()
def whatif(
    deny: Annotated[list[str], typer.Option("--deny", metavar="ID",
                                            help="A claim to deny; repeat for several.")],
    as_json: JsonOpt = False,
) -> None:
    """Deny a claim: which claims and goals lose their support, which conflicts disappear."""
    from .analysis import whatif as run

    render_result("whatif", run(STATE.load(), deny), as_json)


@command()
def brief(
    paper: Annotated[str | None, typer.Argument(
        metavar="[PAPER]", help="A paper (key, alias, surname).")] = None,
    actor: Annotated[str | None, typer.Option("--actor", "-a", help="An actor instead.")] = None,
    output: OutputOpt = None,
) -> None:
    """A Markdown brief of a paper's or an actor's positions, with quotes and citations."""
    from .analysis import brief as run
    from .output import write_text

    write_text(run(STATE.load(), paper, actor), output, STATE.paths)
