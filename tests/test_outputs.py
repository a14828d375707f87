"""Where outputs go: files replaced atomically; streams, devices and FIFOs written into, never replaced."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from argmap import output

from .conftest import MINI, ROOT, run

ARGMAP = f"{sys.executable} -m argmap --store {MINI}"


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(["bash", "-c", command], capture_output=True, cwd=cwd, env=env,
                          timeout=60)


def mermaid() -> bytes:
    return run("--store", MINI, "export", "mermaid").stdout.encode("utf-8")


# --- standard output --------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_stdout_by_name_goes_into_a_pipe(tmp_path: Path, target: str) -> None:
    proc = shell(f"{ARGMAP} export mermaid -o {target} | cat", tmp_path)
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert proc.stdout == mermaid()


@pytest.mark.parametrize("target", ["-", "/dev/stdout", "/dev/fd/1"])
def test_stdout_by_name_appends_under_double_redirection(tmp_path: Path, target: str) -> None:
    (tmp_path / "log.txt").write_bytes(b"kept\n")
    proc = shell(f"{ARGMAP} export mermaid -o {target} >> log.txt", tmp_path)
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert (tmp_path / "log.txt").read_bytes() == b"kept\n" + mermaid()


def test_another_inherited_descriptor_is_written_into(tmp_path: Path) -> None:
    (tmp_path / "log.txt").write_bytes(b"kept\n")
    proc = shell(f"{ARGMAP} export mermaid -o /dev/fd/3 3>> log.txt", tmp_path)
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert (tmp_path / "log.txt").read_bytes() == b"kept\n" + mermaid()


def test_a_full_stdout_is_one_line_and_exit_3(tmp_path: Path) -> None:
    proc = shell(f"{ARGMAP} export json > /dev/full", tmp_path)
    assert proc.returncode == 3
    assert proc.stderr.startswith(b"stdout: cannot write: ")
    assert proc.stderr.count(b"\n") == 1  # no traceback, no "Exception ignored" at exit


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path, target: str) -> None:
    # the shipped map's JSON is larger than a pipe's buffer, so the write meets a closed pipe
    proc = shell(f"{sys.executable} -m argmap export json -o {target} | head -c 10", tmp_path)
    assert proc.stdout == b'{\n  "direc'
    assert proc.stderr == b""
    status = shell(f"{sys.executable} -m argmap export json -o {target} | head -c 10; "
                   "echo ${PIPESTATUS[0]} >&2", tmp_path)
    assert status.stderr == b"0\n"


# --- devices and FIFOs ------------------------------------------------------------------------

def device(tmp_path: Path, name: str, minor: int) -> Path:
    """/dev/NAME, or as root a copy of its node: should writing ever replace the node again,
    the system's own device is not the one lost."""
    real = Path("/dev") / name
    if os.geteuid() != 0:
        return real
    copy = tmp_path / name
    try:
        os.mknod(copy, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        os.close(os.open(copy, os.O_WRONLY))
    except OSError:  # a folder mounted nodev
        return real
    return copy


def test_output_to_a_device_writes_into_it(tmp_path: Path) -> None:
    null, full = device(tmp_path, "null", 3), device(tmp_path, "full", 7)
    result = run("--store", MINI, "export", "json", "-o", null)
    assert (result.exit_code, result.stderr) == (0, "")
    assert stat.S_ISCHR(os.stat(null).st_mode)
    failed = run("--store", MINI, "export", "json", "-o", full)
    assert failed.exit_code == 3
    assert failed.stderr.startswith(f"{full}: cannot write: ")
    assert failed.stderr.count("\n") == 1
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_output_to_a_fifo_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    # a daemon: should the FIFO be replaced, its reader would wait forever
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("--store", MINI, "export", "json", "-o", fifo)
    reader.join(timeout=30)
    assert (result.exit_code, result.stderr) == (0, "")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(got[0])["graph"]["format"] == "argmap-node-link"
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_fifo_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    proc = shell(f"(head -c 10 pipe > head.txt &) ; {sys.executable} -m argmap export json -o pipe",
                 tmp_path)
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_fifo_nobody_reads_is_not_waited_on_forever(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    monkeypatch.setattr(output, "FIFO_WAIT", 0.2)
    result = run("--store", MINI, "export", "json", "-o", fifo)
    assert (result.exit_code, result.stderr) == (
        3, f"{fifo}: no process is reading this FIFO (waited 0.2 s)\n")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


# --- files ------------------------------------------------------------------------------------

def test_a_full_disk_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "map.json"
    out.write_text("old", encoding="utf-8")

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output, "_write_all", full)
    result = run("--store", MINI, "export", "json", "-o", out)
    assert (result.exit_code, result.stderr) == (
        3, f"{out}: cannot write: {os.strerror(errno.ENOSPC)}\n")
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.json"]


def test_a_new_output_file_gets_the_mode_the_umask_gives(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        assert run("--store", MINI, "export", "json", "-o", tmp_path / "m.json").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "m.json").stat().st_mode) == 0o640


def test_schema_refuses_to_write_over_a_loaded_store(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "s.yaml"
    store.write_bytes(MINI.read_bytes())
    result = run("--store", store, "schema", "-o", store)
    assert (result.exit_code, result.stderr) == (
        3, f"{store}: refusing to write over a store file that is being read\n")
    monkeypatch.setenv("ARGMAP_STORE", str(store))
    assert run("schema", "-o", store).exit_code == 3
    assert store.read_bytes() == MINI.read_bytes()
    assert run("--store", store, "schema", "-o", tmp_path / "schema.json").exit_code == 0


def test_output_over_a_hard_link_to_a_store_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "s.yaml"
    store.write_bytes(MINI.read_bytes())
    os.link(store, tmp_path / "other.json")
    result = run("--store", store, "export", "json", "-o", tmp_path / "other.json")
    assert result.exit_code == 3
    assert store.read_bytes() == MINI.read_bytes()


# --- `new --to` something that is not a store file --------------------------------------------

def test_new_refuses_a_fifo_and_leaves_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # in a process of its own, with a time limit: reading a FIFO could wait forever
    proc = shell(f"{sys.executable} -m argmap new topic t --name T --to pipe", tmp_path)
    assert (proc.returncode, proc.stderr) == (
        2, b"pipe: not a regular file (a device, FIFO or socket): new writes only to a store "
        b"file\n")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_new_refuses_a_directory_and_leaves_it(tmp_path: Path) -> None:
    folder = tmp_path / "store.yaml"
    folder.mkdir()
    result = run("new", "topic", "t", "--name", "T", "--to", folder)
    assert (result.exit_code, result.stderr) == (2, f"{folder}: is a directory, not a store file\n")
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.yaml"]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_new_refuses_a_device_and_leaves_it(tmp_path: Path) -> None:
    device = tmp_path / "null"  # a copy of /dev/null's node, so nothing real is at stake
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    result = run("new", "topic", "t", "--name", "T", "--to", device)
    assert result.exit_code == 2
    assert stat.S_ISCHR(device.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]
