"""argmap suggest --review: relate, dismiss, skip or quit, fed by stdin and in a terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from typer.testing import CliRunner

from argmap.cli import app

from .conftest import MINI

ANSWERS = ("agre\nagrees\nDrought downstream is what the minimum flow guards against.\n"
           "d\nNot the same subject.\nq\n")


def appended(path: Path) -> str:
    """What a review added to a copy of the mini store."""
    original = MINI.read_text(encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original)
    return text[len(original):]


EXPECTED_TAIL = (
    "  - from: north.consequence.drought\n"
    "    to: south.goal.flow\n"
    "    type: agrees\n"
    "    rationale: \"Drought downstream is what the minimum flow guards against.\"\n"
    "\n"
    "dismissed:\n"
    "  - a: north.thesis.share\n"
    "    b: south.goal.flow\n"
    "    reason: \"Not the same subject.\"\n")


def copy_of_mini(tmp_path: Path) -> Path:
    path = tmp_path / "river.yaml"
    path.write_bytes(MINI.read_bytes())
    return path


def review(path: Path, answers: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["--store", str(path), "suggest", "--method", "lexical", "--review", "--to",
              str(path), *extra], input=answers, catch_exceptions=False)
    return result.exit_code, result.stdout


def test_review_from_stdin_writes_the_relation_and_the_dismissal(tmp_path: Path) -> None:
    path = copy_of_mini(tmp_path)
    code, out = review(path, ANSWERS)
    assert code == 0
    assert appended(path) == EXPECTED_TAIL
    lines = out.splitlines()
    # best first: the strongest pair of all, then the next
    assert lines[0] == "[1/9] 0.018  agree, agrees"
    assert lines[1:8] == [
        "  A north: Acting alone brings drought downstream.",
        "    “acting alone brings drought to the \"lower valley\"”  [consequence] "
        "north.consequence.drought",
        "  B south: The downstream state wants a guaranteed minimum flow: C:\\river\\ وادي 🌊",
        "    “a guaranteed minimum flow … every summer”  [goal] south.goal.flow",
        "  why: words: downstream; topics: water; same actor: downstream",
        "relation type (<type: from B to A), d dismiss, s skip, q quit: unknown answer 'agre'; "
        "did you mean agrees? (types: supports, attacks, agrees, conflicts, depends_on, "
        "leads_to, answers, confirms, refutes)",
        "relation type (<type: from B to A), d dismiss, s skip, q quit: rationale (one line): "
        f"added relation north.consequence.drought -agrees-> south.goal.flow to {path}"]
    assert "[2/9] 0.010  agree, agrees" in lines
    assert "  A north: The treaty should share the river's water by season." in lines
    assert f"relation type (<type: from B to A), d dismiss, s skip, q quit: reason (one line): " \
           f"dismissed north.thesis.share / south.goal.flow in {path}" in lines
    assert "[3/9] 0.010  agree, agrees" in lines
    assert lines[-1] == ("relation type (<type: from B to A), d dismiss, s skip, q quit: "
                         "reviewed 2 of 9: 1 related, 1 dismissed, 0 skipped")
    # answered pairs are not proposed again
    code, out = review(path, "q\n")
    assert out.splitlines()[0] == "[1/7] 0.010  agree, agrees"


def test_reverse_skip_and_end_of_input(tmp_path: Path) -> None:
    path = copy_of_mini(tmp_path)
    # "<type" writes the relation from the second claim shown (B) to the first (A)
    code, out = review(path, "s\n\n<depends_on\n\nSharing by season is at stake only if the talks fail.\n",
                       "--paper", "north", "--with", "south", "--limit", "1", "--min-score",
                       "0.01")
    assert code == 0
    assert appended(path) == (
        "  - from: south.claim.share\n"
        "    to: north.scenario.no-deal\n"
        "    type: depends_on\n"
        "    rationale: \"Sharing by season is at stake only if the talks fail.\"\n")
    lines = out.splitlines()
    assert "rationale (one line): a rationale is needed (or end the input to stop)" in out
    assert lines[-1] == "reviewed 3 of 3: 1 related, 0 dismissed, 2 skipped"


def test_an_invalid_answer_writes_nothing_and_asks_again(tmp_path: Path) -> None:
    path = copy_of_mini(tmp_path)
    before = path.read_bytes()
    # the input ends while the reason is asked for: nothing half-written
    code, out = review(path, "d\n")
    assert code == 0
    assert path.read_bytes() == before
    assert out.splitlines()[-1] == "reviewed 0 of 9: 0 related, 0 dismissed, 0 skipped"


def test_review_writes_to_a_new_file_beside_the_map(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    result = CliRunner().invoke(
        app, ["--store", str(MINI), "suggest", "--method", "lexical", "--review", "--to",
              str(mine), "north.goal.dam", "--limit", "1"],
        input="conflicts\nA dam upstream and a guaranteed flow downstream compete.\n",
        catch_exceptions=False)
    assert result.exit_code == 0
    note = result.stdout.split("\n[1/1]")[0]
    assert " ".join(note.split()) == (
        f"note: {mine} is new; read it with the map next time (--store {mine}) so that what "
        "you answer now is not proposed again")
    assert mine.read_text(encoding="utf-8") == (
        "relations:\n"
        "  - from: north.goal.dam\n"
        "    to: south.goal.flow\n"
        "    type: conflicts\n"
        "    rationale: \"A dam upstream and a guaranteed flow downstream compete.\"\n")


def test_review_in_a_real_terminal(tmp_path: Path) -> None:
    path = copy_of_mini(tmp_path)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "argmap", "--store", str(path), "suggest", "--method", "lexical",
         "--review", "--to", str(path)],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    output = b""
    deadline = time.monotonic() + 60
    answers = [line + "\n" for line in ANSWERS.splitlines()]
    try:
        while time.monotonic() < deadline:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed: the program has ended
                break
            if not chunk:
                break
            output += chunk
            # answer each prompt as a person would, once it is on the screen
            while answers and output.count(b": ") > 0 and output.rstrip().endswith(b":"):
                os.write(master, answers.pop(0).encode())
                break
        proc.wait(timeout=30)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, output.decode(errors="replace")
    assert appended(path) == EXPECTED_TAIL
    text = output.decode("utf-8", errors="replace").replace("\r\n", "\n")
    assert "reviewed 2 of 9: 1 related, 1 dismissed, 0 skipped" in text
    shown = [line for line in text.splitlines() if line.startswith("  ")]
    assert "  A north: The treaty should share the river's water by season." in shown
    assert all(len(line) <= 80 for line in shown)
