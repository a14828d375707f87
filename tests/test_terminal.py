"""Terminals and pipes, through real processes: closed pipes, ASCII locales, narrow
terminals, the pager, global options after the command, completion, and rich only
on a terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import shlex
import struct
import subprocess
import sys
import termios
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated

import pytest
import typer

from argmap import queries
from argmap.cli import app_for
from argmap.commands.base import command
from argmap.store import load
from argmap.terminal import degrade

from .conftest import MINI, MINI_SOURCES, run
from .viewcases import SHIPPED, mini_cases

ARGMAP = [sys.executable, "-m", "argmap"]
#: The heading compare bayan baidar prints above its agreements, counted from the map.
AGREEMENTS = f"Agreements ({len(queries.compare(load(), 'bayan', 'baidar')['agreements'])})"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def environ(**changes: str | None) -> dict[str, str]:
    env = dict(os.environ)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def every_command(tmp: Path) -> list[tuple[str, ...]]:
    """A command line for every command (and help, version, JSON, exports to stdout)."""
    return [*SHIPPED, *mini_cases(tmp),
            ("compare", "bayan", "baidar", "--json"), ("papers", "--json"), ("--help",),
            ("--version",), ("compare", "--help"), ("export", "json"), ("export", "dot"),
            ("export", "argdown", "--paper", "matar"), ("schema",), ("brief", "matar"),
            ("matrix", "--csv"), ("lint",),
            ("verify", "--sources", str(MINI_SOURCES), "--store", str(MINI)),
            ("render", "-o", str(tmp / "a.svg"), "--around", "matar.thesis.ally-with-us",
             "--depth", "0"),
            ("new", "topic", "t", "--name", "T", "--to", str(tmp / "new.yaml"))]


def in_parallel(commands: Sequence[Sequence[str]], **popen: object
                ) -> list[subprocess.CompletedProcess[bytes]]:
    def one(args: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(list(args), capture_output=True, timeout=120, **popen)  # type: ignore[call-overload, no-any-return]
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(one, commands))


#: Runs several command lines in one process, through the entry point, each followed by
#: a line with its exit code and whether rich has been imported so far.
MANY = """
import json, sys
from argmap import cli
for args in json.loads(sys.argv[1]):
    sys.argv = ["argmap", *args]
    try:
        cli.main()
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    sys.stdout.write(f"\\n=== exit {code} rich {'rich' in sys.modules}\\n")
    sys.stdout.flush()
"""
MARK = re.compile(rb"\n=== exit (\d+) rich (True|False)\n")


def run_many(commands: Sequence[Sequence[str]], env: dict[str, str] | None = None
             ) -> list[tuple[int, bool, bytes]]:
    """(exit code, rich imported yet, output) of each command line, run in one process."""
    done = subprocess.run([sys.executable, "-c", MANY, json.dumps([list(c) for c in commands])],
                          capture_output=True, env=env, timeout=300)
    assert done.returncode == 0 and done.stderr == b"", done.stderr.decode()
    parts = MARK.split(done.stdout)
    results = [(int(parts[i + 1]), parts[i + 2] == b"True", parts[i])
               for i in range(0, len(parts) - 1, 3)]
    assert len(results) == len(commands)
    return results


# -- closed pipes ------------------------------------------------------------------------

def test_every_command_exits_0_when_the_reader_has_gone(tmp_path: Path) -> None:
    """The reader closes the pipe before argmap writes: every write fails with EPIPE."""
    def closed(args: tuple[str, ...]) -> tuple[int, bytes]:
        proc = subprocess.Popen([*ARGMAP, *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=environ(PYTHONUNBUFFERED=None))
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read()
        return proc.wait(timeout=120), err
    commands = every_command(tmp_path)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(closed, commands))
    for args, (code, err) in zip(commands, results, strict=True):
        assert (code, err) == (0, b""), (args, err.decode())
    assert "t" in (tmp_path / "new.yaml").read_text(encoding="utf-8")  # written before the echo


def test_every_command_exits_0_under_head(tmp_path: Path) -> None:
    # (the failing verify prints less than head reads, so it keeps its exit code 1: it is
    # in the test above, where the pipe is always closed first)
    commands = [["bash", "-c", f"{shlex.join([*ARGMAP, *args])} | head -1 >/dev/null; "
                 "exit ${PIPESTATUS[0]}"] for args in every_command(tmp_path)
                if not ("verify" in args and "changed" in args[1])]
    results = in_parallel(commands, env=environ(PYTHONUNBUFFERED="1"))
    for args, result in zip(commands, results, strict=True):
        assert (result.returncode, result.stderr) == (0, b""), (args, result.stderr.decode())


def test_output_flushed_at_exit_into_a_closed_pipe_is_exit_0() -> None:
    """What is still buffered when the command returns goes out under the same guard."""
    script = ("import sys; from argmap import cli; sys.argv = ['argmap', 'papers']; "
              "sys.stdout.write('x' * 100)\ncli.main()")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=environ(PYTHONUNBUFFERED=None))
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    assert (proc.wait(timeout=60), proc.stderr.read()) == (0, b"")


# -- ASCII locales -----------------------------------------------------------------------

@pytest.mark.parametrize("locale", [{"PYTHONIOENCODING": "ascii"},
                                    {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0",
                                     "PYTHONIOENCODING": None}],
                         ids=["PYTHONIOENCODING=ascii", "LC_ALL=C"])
def test_every_view_prints_in_an_ascii_locale(tmp_path: Path, locale: dict[str, str | None]
                                              ) -> None:
    commands = [*SHIPPED, *mini_cases(tmp_path), ("--help",),
                ("compare", "bayan", "baidar", "--json")]
    results = run_many(commands, environ(**locale))
    for args, (code, _, out) in zip(commands, results, strict=True):
        expected = 1 if "verify" in args and "changed" in args[1] else 0
        assert code == expected, args
        out.decode("ascii")  # nothing but ASCII
    shown = {args: out.decode() for args, (_, _, out) in zip(commands, results, strict=True)}
    goal = shown[("--store", str(MINI), "show", "south.goal.flow")].splitlines()
    assert goal[1] == ("The downstream state wants a guaranteed minimum flow: C:\\river\\ "
                       "\\u0648\\u0627\\u062f\\u064a \\U0001f30a")
    assert goal[2] == '"a guaranteed minimum flow ... every summer"'
    compare = shown[("--store", str(MINI), "compare", "north", "south")]
    assert "  Jana Novak - Upstream Institute - 2019-05 - 4 claims\n" in compare
    deps = shown[("deps", "bayan.thesis.comprehensive-dialogue")]
    assert "\n  `- supports " in deps
    as_json = shown[("compare", "bayan", "baidar", "--json")]
    assert json.loads(as_json) == json.loads(run("compare", "bayan", "baidar", "--json").stdout)


def test_exports_stay_utf8_and_errors_degrade_in_an_ascii_locale(tmp_path: Path) -> None:
    env = environ(PYTHONIOENCODING="ascii")
    out = tmp_path / "m.json"
    done = subprocess.run([*ARGMAP, "--store", str(MINI), "export", "json", "-o", str(out)],
                          capture_output=True, env=env)
    assert (done.returncode, done.stderr) == (0, b"")
    assert "flow … every summer" in out.read_text(encoding="utf-8")
    piped = subprocess.run([*ARGMAP, "--store", str(MINI), "export", "json"],
                           capture_output=True, env=env)
    assert piped.stdout == out.read_bytes()  # an export is UTF-8 wherever it goes
    wrong = subprocess.run([*ARGMAP, "--store", str(MINI), "show", "north.goal.dám"],
                           capture_output=True, env=env)
    assert wrong.returncode == 2
    assert wrong.stderr.decode("ascii").count("\n") == 1
    assert b"Traceback" not in wrong.stderr


def test_degrade_keeps_what_the_encoding_carries() -> None:
    text = "“Quote” … • └ → é وادي 🌊"
    assert degrade(text, "utf-8") == text
    assert degrade(text, "ascii") == ('"Quote" ... * `- -> e \\u0648\\u0627\\u062f\\u064a '
                                      "\\U0001f30a")
    assert degrade(text, "latin-1") == '"Quote" ... * `- -> é \\u0648\\u0627\\u062f\\u064a ' \
        "\\U0001f30a"


# -- narrow terminals, pseudo-terminals ---------------------------------------------------

def on_pty(args: Sequence[str], env: dict[str, str], rows: int = 24, cols: int = 80
           ) -> tuple[int, str]:
    """Run argmap with a pseudo-terminal as stdin, stdout and stderr: (exit code, screen)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen([*ARGMAP, *args], stdin=slave, stdout=slave, stderr=slave, env=env,
                            close_fds=True)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side has closed
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=60), out.decode("utf-8", "replace").replace("\r\n", "\n")


def test_ten_columns_print_readable_lines_in_a_pipe() -> None:
    for args in SHIPPED:
        result = run(*args, env={"COLUMNS": "10"})
        assert result.exit_code == 0, args
        lines = result.stdout.splitlines()
        assert sum(1 for line in lines if len(line.strip()) > 3) >= 1, args
        # laid out for the 20-column minimum (rows under a deep indent keep 10 columns)
        assert all(len(line) <= 40 or len(line.split()) == 1 for line in lines), args
    assert "bayan" in run("papers", env={"COLUMNS": "10"}).stdout.split()


@pytest.mark.parametrize("columns_env", [True, False], ids=["COLUMNS=10", "10-column tty"])
def test_ten_columns_print_readable_lines_on_a_terminal(columns_env: bool) -> None:
    env = environ(COLUMNS="10" if columns_env else None, LINES=None)
    code, screen = on_pty(["--no-pager", "papers"], env, cols=10)
    text = ANSI.sub("", screen)
    assert code == 0
    assert "bayan" in text.split() and "Al-Faisal" in text
    code, screen = on_pty(["--no-pager", "compare", "bayan", "baidar"], env, cols=10)
    assert code == 0
    assert AGREEMENTS in ANSI.sub("", screen)


def test_a_terminal_gets_the_same_text_as_a_pipe_styled() -> None:
    args = ["--no-pager", "search", "alliance friendship", "--limit", "3"]
    code, screen = on_pty(args, environ(COLUMNS="60"))
    assert code == 0 and "\x1b[" in screen
    piped = subprocess.run([*ARGMAP, *args], capture_output=True, env=environ(COLUMNS="60"))
    assert ANSI.sub("", screen) == piped.stdout.decode()


# -- the pager -----------------------------------------------------------------------------

@pytest.fixture
def fake_pager(tmp_path: Path) -> tuple[Path, Path]:
    """A pager that writes its arguments, $LESS and its input to a log file."""
    log = tmp_path / "paged.txt"
    pager = tmp_path / "bin" / "less"
    pager.parent.mkdir()
    pager.write_text(f'#!/bin/sh\n{{ echo "args: $*"; echo "LESS=$LESS"; cat; }} > {log}\n',
                     encoding="utf-8")
    pager.chmod(0o755)
    return pager, log


def test_long_output_on_a_terminal_goes_through_the_pager(fake_pager: tuple[Path, Path]
                                                          ) -> None:
    pager, log = fake_pager
    code, screen = on_pty(["compare", "bayan", "baidar"], environ(PAGER=str(pager), LESS=None))
    assert code == 0
    assert "Agreements" not in screen
    paged = log.read_text(encoding="utf-8")
    assert paged.startswith("args: \nLESS=FRX\n")
    assert "\x1b[" in paged and AGREEMENTS in ANSI.sub("", paged)


def test_the_default_pager_is_less_frx(fake_pager: tuple[Path, Path]) -> None:
    pager, log = fake_pager
    env = environ(PAGER=None, LESS="-S", PATH=f"{pager.parent}:{os.environ['PATH']}")
    assert on_pty(["conflicts"], env)[0] == 0
    assert log.read_text(encoding="utf-8").startswith("args: -FRX\nLESS=-S\n")


@pytest.mark.parametrize("args", [["--no-pager", "compare", "bayan", "baidar"],
                                  ["compare", "bayan", "baidar", "--no-pager"]],
                         ids=["before", "after"])
def test_no_pager(fake_pager: tuple[Path, Path], args: list[str]) -> None:
    pager, log = fake_pager
    code, screen = on_pty(args, environ(PAGER=str(pager)))
    assert code == 0 and not log.exists()
    assert AGREEMENTS in ANSI.sub("", screen)


def test_no_pager_for_short_output_or_off_a_terminal(fake_pager: tuple[Path, Path]) -> None:
    pager, log = fake_pager
    code, screen = on_pty(["papers"], environ(PAGER=str(pager)), rows=50)
    assert code == 0 and not log.exists() and "bayan" in screen
    piped = subprocess.run([*ARGMAP, "compare", "bayan", "baidar"], capture_output=True,
                           env=environ(PAGER=str(pager)))
    assert piped.returncode == 0 and not log.exists()
    assert AGREEMENTS in piped.stdout.decode()


@pytest.mark.parametrize("value", ["/nonexistent/pager", "", "cat"])
def test_no_pager_when_there_is_none(value: str) -> None:
    code, screen = on_pty(["compare", "bayan", "baidar"], environ(PAGER=value))
    assert code == 0
    assert AGREEMENTS in ANSI.sub("", screen) and "Traceback" not in screen


def test_quitting_the_pager_early_is_exit_0(tmp_path: Path) -> None:
    pager = tmp_path / "quits"
    pager.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    pager.chmod(0o755)
    code, screen = on_pty(["compare", "bayan", "baidar"], environ(PAGER=str(pager)))
    assert (code, screen) == (0, "")


# -- global options after the command, completion, rich only on a terminal ----------------

def test_global_options_after_the_command(tmp_path: Path) -> None:
    before = run("--store", MINI, "papers")
    assert before.exit_code == 0 and "north" in before.stdout
    assert run("papers", "--store", MINI).stdout == before.stdout
    assert run("papers", f"--store={MINI}").stdout == before.stdout
    assert run("papers", "-s", MINI, "--no-cache", "--no-pager").stdout == before.stdout
    assert run("compare", "north", "south", "--no-cache", "--store", MINI).stdout == \
        run("--store", MINI, "compare", "north", "south").stdout
    extra = tmp_path / "more.yaml"
    extra.write_text("papers:\n  - {key: east, title: East, authors: [{name: Ivo Petrov}], "
                     "date: '2021', kind: article}\n", encoding="utf-8")
    both = run("--store", MINI, "papers", "--store", extra, "--json")
    assert [p["key"] for p in json.loads(both.stdout)] == ["north", "south", "east"]
    assert "--store" not in run("papers", "--help").stdout  # accepted, not advertised twice
    # through the entry point, which builds only the command being run
    for args in (["papers", "--store", str(MINI)], ["--store", str(MINI), "papers"]):
        done = subprocess.run([*ARGMAP, *args], capture_output=True, env=environ(COLUMNS="100"))
        assert (done.returncode, done.stdout.decode()) == (0, before.stdout)
    new = subprocess.run([*ARGMAP, "new", "topic", "t", "--name", "T", "--to",
                          str(tmp_path / "n.yaml"), "--store", str(MINI)], capture_output=True)
    assert new.returncode == 0, new.stderr


def test_shell_completion_is_on_for_the_whole_app_only() -> None:
    help_text = run("--help").stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text
    assert app_for(["papers"])._add_completion is False  # queries do not build it
    script = Path(sys.executable).parent / "argmap"  # the console script names the variable
    if not script.exists():
        pytest.skip(f"the console script is not installed beside {sys.executable}")
    done = subprocess.run([str(script)], capture_output=True, env=environ(
        _ARGMAP_COMPLETE="complete_bash", COMP_WORDS="argmap comp", COMP_CWORD="1"))
    assert (done.returncode, done.stdout.split()) == (0, [b"compare"])


def test_rich_is_imported_only_on_a_terminal(tmp_path: Path) -> None:
    commands = every_command(tmp_path)
    for args, (_, rich, _) in zip(commands, run_many(commands), strict=True):
        assert not rich, args
    code, screen = on_pty(["--no-pager", "papers"], environ())
    assert code == 0 and "\x1b[" in screen


def test_a_command_may_not_take_a_global_options_name() -> None:
    def clashing(short: Annotated[str, typer.Option("-s", help="x")] = "") -> None:
        """A command whose option would hide --store's short name."""

    with pytest.raises(TypeError, match="clashing: short takes a global option's name"):
        command(typer.Typer())(clashing)
