"""What every command shares: the app, the global options, the error path, option types.

Each module of :mod:`argmap.commands` registers its commands here with
:func:`command`; :mod:`argmap.cli` imports them all and runs the app. Errors the
user can act on are :class:`~argmap.errors.ArgmapError`: one line on stderr and a
documented exit code (see :class:`~argmap.errors.ExitCode`).
"""

import functools
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar, overload

import typer

from .. import __version__, terminal
from ..errors import ArgmapError
from ..store import SHIPPED, STORE_ENV, ArgMap, load, store_names, store_paths

F = TypeVar("F", bound=Callable[..., Any])

APP_SETTINGS: dict[str, Any] = {
    "name": "argmap",
    "help": "Argument maps of policy papers: where authors agree and conflict, what each "
    "position depends on, and what each actor wants.",
    "no_args_is_help": True,
    # --install-completion and --show-completion; the apps app_for builds for one
    # command leave them out (completion requests run the whole app)
    "add_completion": True,
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

    def reset(self, stores: list[str], use_cache: bool = True, pager: bool = True) -> None:
        self.stores = stores
        self.use_cache = use_cache
        terminal.paging = pager
        self._map = None

    def add(self, stores: list[str], no_cache: bool, no_pager: bool) -> None:
        """Global options given after the command: added to those given before it."""
        self.reset([*self.stores, *stores], self.use_cache and not no_cache,
                   terminal.paging and not no_pager)

    @property
    def paths(self) -> list[Path]:
        return store_paths(self.stores)

    @property
    def names(self) -> list[str]:
        """The store files as the user named them (``@shipped`` for the shipped map)."""
        return store_names(self.stores)

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
        except BrokenPipeError:  # `| head`, where the entry point's guard is not installed
            terminal.reader_gone()
    return wrapper  # type: ignore[return-value]


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"argmap {__version__}")
        raise typer.Exit()


STORE_HELP = (f"A store file to load; repeat to merge several. {SHIPPED} is the shipped map. "
              f"Default: ${STORE_ENV} (paths separated by ':'), else the shipped map.")
NO_CACHE_HELP = ("Parse and validate the store files even if a cached copy of the same "
                 "contents exists, and cache nothing.")
NO_PAGER_HELP = ("Print straight to the terminal: no pager ($PAGER, else less -FRX) for "
                 "output longer than the screen.")
#: The global options that take a value, and those that do not (see :func:`_global_options`).
GLOBAL_VALUE_OPTIONS = ("--store", "-s")
GLOBAL_FLAGS = ("--no-cache", "--no-pager")


@app.callback()
def main_options(
    store: Annotated[list[str] | None, typer.Option(
        "--store", "-s", metavar="PATH", help=STORE_HELP)] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help=NO_CACHE_HELP)] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help=NO_PAGER_HELP)] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=version_callback, is_eager=True,
        help="Print the version and exit.")] = False,
) -> None:
    """Argument maps of policy papers.

    Global options may also follow the command: argmap papers --store mine.yaml.

    Exit codes: 0 ok; 1 a check failed (verify: a quote not found); 2 invalid input
    (store, paper, actor, id or option); 3 an output could not be written; 4 a
    program the command needs (Graphviz) is not installed.
    """
    STATE.reset(list(store or []), use_cache=not no_cache, pager=not no_pager)


_AFTER_COMMAND = [
    inspect.Parameter("global_store", inspect.Parameter.KEYWORD_ONLY, default=None,
                      annotation=Annotated[list[str] | None, typer.Option(
                          "--store", "-s", metavar="PATH", hidden=True, help=STORE_HELP)]),
    inspect.Parameter("global_no_cache", inspect.Parameter.KEYWORD_ONLY, default=False,
                      annotation=Annotated[bool, typer.Option(
                          "--no-cache", hidden=True, help=NO_CACHE_HELP)]),
    inspect.Parameter("global_no_pager", inspect.Parameter.KEYWORD_ONLY, default=False,
                      annotation=Annotated[bool, typer.Option(
                          "--no-pager", hidden=True, help=NO_PAGER_HELP)]),
]


def _global_options(fn: F) -> F:
    """``fn`` also accepting the global options after the command (hidden from its help)."""
    @functools.wraps(fn)
    def wrapper(*args: Any, global_store: list[str] | None = None,
                global_no_cache: bool = False, global_no_pager: bool = False,
                **kwargs: Any) -> Any:
        if global_store or global_no_cache or global_no_pager:
            STATE.add(list(global_store or []), global_no_cache, global_no_pager)
        return fn(*args, **kwargs)

    signature = inspect.signature(fn, eval_str=True)
    for param in signature.parameters.values():
        for info in getattr(param.annotation, "__metadata__", ()):
            decls = {getattr(info, "default", None), *(getattr(info, "param_decls", ()) or ())}
            clash = decls & {*GLOBAL_VALUE_OPTIONS, *GLOBAL_FLAGS}
            if clash or param.name in {p.name for p in _AFTER_COMMAND}:
                raise TypeError(f"{fn.__name__}: {param.name} takes a global option's name "
                                f"({', '.join(sorted(map(str, clash))) or param.name})")
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *_AFTER_COMMAND])
    wrapper.__annotations__ = {**fn.__annotations__,
                               **{p.name: p.annotation for p in _AFTER_COMMAND}}
    return wrapper  # type: ignore[return-value]


def command(target: typer.Typer = app, name: str | None = None) -> Callable[[F], F]:
    def register(fn: F) -> F:
        wrapped = handles_errors(_global_options(fn))
        if target is app:
            COMMANDS[name or fn.__name__.replace("_", "-")] = wrapped
        return target.command(name)(wrapped)
    return register



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


def selection(paper: list[str] | None, actor: list[str] | None, topic: list[str] | None,
               rel_type: list[str] | None, around: str | None, depth: int) -> Any:
    from ..selection import select

    return select(STATE.load(), papers=paper or [], actors=actor or [], topics=topic or [],
                  types=rel_type or [], around=around, depth=depth)


@overload
def check_choice(value: str, choices: tuple[str, ...], what: str) -> str: ...
@overload
def check_choice(value: None, choices: tuple[str, ...], what: str) -> None: ...
@overload
def check_choice(value: str | None, choices: tuple[str, ...], what: str) -> str | None: ...


def check_choice(value: str | None, choices: tuple[str, ...], what: str) -> str | None:
    """The choice ``value`` names, in any case; an unknown one is an error with close matches."""
    from ..lookup import resolve_word

    return None if value is None else resolve_word(value, choices, what)

