"""The command line: parse options, call the library, render the result.

Every command loads the map, asks :mod:`argmap.queries` (or another library
module) for data, and hands it to :func:`argmap.render.render_result`. The
commands live in :mod:`argmap.commands`, a module per family; this module
gathers them and is the console script's entry point.
"""

import importlib
import sys

import typer

from . import terminal
from .commands.base import (
    APP_SETTINGS,
    COMMANDS,
    GLOBAL_FLAGS,
    GLOBAL_VALUE_OPTIONS,
    app,
    main_options,
    new_app,
)

#: The command modules, in the order their commands appear in ``argmap --help``;
#: each registers its commands on the app when imported.
COMMAND_MODULES = ("lookup", "verify", "exports", "curate", "analysis", "suggest", "imports")
for _name in COMMAND_MODULES:
    importlib.import_module(f".commands.{_name}", __package__)

__all__ = ["app", "app_for", "main"]


def _command_name(argv: list[str]) -> str | None:
    """The command a command line runs, past the global options (None if unclear)."""
    args = iter(argv)
    for arg in args:
        if arg in GLOBAL_VALUE_OPTIONS:
            next(args, None)
        elif arg in GLOBAL_FLAGS or arg.startswith(tuple(f"{o}=" for o in GLOBAL_VALUE_OPTIONS)):
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
    builds just the one it needs. Help, version, shell completion (whose
    requests come with no arguments) and unknown commands use the whole app, so
    what they print is unchanged.
    """
    name = _command_name(argv)
    if name != "new" and name not in COMMANDS:
        return app
    small = typer.Typer(**{**APP_SETTINGS, "add_completion": False})
    small.callback()(main_options)
    if name == "new":
        small.add_typer(new_app, name="new")
    else:
        small.command(name)(COMMANDS[name])
    return small


def main() -> None:
    """Console-script entry point.

    Standard output gets the closed-pipe guard and the encoding fallback of
    :func:`argmap.terminal.guard_stdout` first; what is still buffered is
    flushed here, under that guard, rather than at interpreter exit.
    """
    terminal.guard_stdout()
    try:
        app_for(sys.argv[1:])()
    finally:
        if sys.stdout is not None:
            sys.stdout.flush()
