"""Reading stores: each read once, pipes read to their end, devices and FIFOs never a hang."""

from __future__ import annotations

import builtins
import io
import json
import os
import pty
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from argmap import cache, reading
from argmap.store import load

from .conftest import MINI, run

MINI_BYTES = MINI.read_bytes()
LAKE = MINI.read_text(encoding="utf-8").replace("The River Treaty", "The Lake Treaty")
#: Run argmap in a fresh process; the first argument lowers the pipe wait (seconds).
LAUNCH = ("import sys\nimport argmap.reading as r\nr.PIPE_WAIT_SECONDS = float(sys.argv[1])\n"
          "sys.argv = ['argmap', *sys.argv[2:]]\nfrom argmap.cli import main\nmain()\n")


def argmap_process(*args: str | os.PathLike[str], wait: float = 30.0, cache_dir: Path,
                   timeout: float = 60.0, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """argmap in a subprocess, killed (and the test failed) if it outlives ``timeout``."""
    env = {"ARGMAP_CACHE_DIR": str(cache_dir), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-c", LAUNCH, str(wait), *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=timeout,
                          **kwargs)  # type: ignore[call-overload, no-any-return]


def titles(stdout: str) -> list[str]:
    return [p["title"] for p in json.loads(stdout)]


def one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "store.fifo"
    os.mkfifo(path)
    return path


def writer(fifo: Path, data: bytes, *, pause: float = 0.0) -> threading.Thread:
    """A thread that opens ``fifo`` for writing (waiting for a reader), writes ``data`` after
    ``pause`` and closes it."""
    def write() -> None:
        try:
            fd = os.open(fifo, os.O_WRONLY)
        except OSError:
            return
        try:
            time.sleep(pause)
            os.write(fd, data)
        except BrokenPipeError:
            pass
        finally:
            os.close(fd)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def release(fifo: Path, thread: threading.Thread) -> None:
    """Let a writer still waiting for a reader go (a test that failed early), then join it."""
    if thread.is_alive():
        try:
            fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass
    thread.join(timeout=10)
    assert not thread.is_alive()


# -- one read per store file ------------------------------------------------------------------


def test_each_store_is_opened_once_per_run(tmp_path: Path, cache_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "s.yaml"
    store.write_bytes(MINI_BYTES)
    opened: list[str] = []

    def counting(real: Any) -> Any:
        def opener(path: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(path, str | os.PathLike) and Path(path) == store:
                opened.append(str(path))
            return real(path, *args, **kwargs)
        return opener

    # every way of opening a file: os.open, open(), io.open (Path.read_bytes)
    monkeypatch.setattr(os, "open", counting(os.open))
    monkeypatch.setattr(builtins, "open", counting(builtins.open))
    monkeypatch.setattr(io, "open", counting(io.open))
    assert run("--store", store, "check").exit_code == 0  # a miss: parsed and cached
    assert run("--store", store, "check").exit_code == 0  # a hit
    assert run("--no-cache", "--store", store, "check").exit_code == 0
    assert opened == [str(store)] * 3


def test_a_store_replaced_between_hashing_and_parsing_cannot_poison_the_cache(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "s.yaml"
    store.write_bytes(MINI_BYTES)
    real_key_for = cache.key_for

    def key_then_replace(contents: list[bytes]) -> str:
        key = real_key_for(contents)
        store.write_text(LAKE, encoding="utf-8")  # another writer replaces the store now
        return key

    monkeypatch.setattr(cache, "key_for", key_then_replace)
    first = run("--store", store, "papers", "--json")
    monkeypatch.setattr(cache, "key_for", real_key_for)
    assert first.exit_code == 0
    # the answer, and the entry, are those of the bytes that were hashed
    assert titles(first.stdout)[0] == "The River Treaty: a view from upstream"
    key = real_key_for([MINI_BYTES])
    assert [p.stem for p in cache_dir.glob("*.json")] == [key]
    cached = cache.read(key, [str(store)], len(MINI_BYTES))
    fresh = load([MINI])
    assert cached is not None
    for part in ("papers", "actors", "topics", "claims", "relations", "events"):
        assert getattr(cached, part) == getattr(fresh, part), part
    # the next run reads the new bytes, and answers from them
    assert titles(run("--store", store, "papers", "--json").stdout)[0] == (
        "The Lake Treaty: a view from upstream")
    assert titles(run("--no-cache", "--store", store, "papers", "--json").stdout)[0] == (
        "The Lake Treaty: a view from upstream")


def test_a_validation_error_is_located_in_the_bytes_that_were_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the error is located by parsing again: the same bytes, never the file as it is now
    store = tmp_path / "s.yaml"
    bad = MINI.read_text(encoding="utf-8").replace("    kind: study\n", "    kind: stduy\n")
    store.write_text(bad, encoding="utf-8")
    real_read = reading.read_store

    def read_then_replace(path: str, display: str | None = None) -> bytes:
        raw = real_read(path, display)
        store.write_text("# replaced\n" * 40 + LAKE, encoding="utf-8")
        return raw

    monkeypatch.setattr(reading, "read_store", read_then_replace)
    result = run("--store", store, "check")
    assert result.exit_code == 2
    line = bad.splitlines().index("    kind: stduy") + 1
    assert one_line(result.stderr).startswith(f"{store}:{line}:11: north: ")


# -- pipes: /dev/stdin, <(...), FIFOs -----------------------------------------------------------


def test_a_store_piped_to_dev_stdin(cache_dir: Path) -> None:
    for _ in range(2):  # a cache miss, then a hit: the same answer
        done = argmap_process("--store", "/dev/stdin", "papers", "--json", cache_dir=cache_dir,
                              input=MINI_BYTES.decode())
        assert (done.returncode, done.stderr) == (0, "")
        assert titles(done.stdout)[0] == "The River Treaty: a view from upstream"
    done = argmap_process("--store", "/dev/stdin", "check", cache_dir=cache_dir, input=LAKE)
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == "valid: /dev/stdin"
    done = argmap_process("--store", "/dev/stdin", "papers", "--json", cache_dir=cache_dir,
                          input=LAKE)
    assert titles(done.stdout)[0] == "The Lake Treaty: a view from upstream"


def test_an_empty_pipe_is_an_empty_store(cache_dir: Path) -> None:
    done = argmap_process("--store", "/dev/stdin", "check", cache_dir=cache_dir, input="")
    assert done.returncode == 2
    assert one_line(done.stderr).startswith("/dev/stdin:1:1: the store is empty")


def test_a_store_from_process_substitution(cache_dir: Path) -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, MINI_BYTES)  # fits in the pipe's buffer
    os.close(write_end)
    try:
        done = argmap_process("--store", f"/dev/fd/{read_end}", "papers", "--json",
                              cache_dir=cache_dir, pass_fds=(read_end,))
    finally:
        os.close(read_end)
    assert (done.returncode, done.stderr) == (0, "")
    assert titles(done.stdout)[0] == "The River Treaty: a view from upstream"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for <(...)")
def test_a_store_from_bash_process_substitution(tmp_path: Path, cache_dir: Path) -> None:
    store = tmp_path / "s.yaml"
    store.write_text(LAKE, encoding="utf-8")
    script = f'"{sys.executable}" -m argmap --store <(cat "{store}") papers --json'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60,
                          env={"ARGMAP_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin"})
    assert (done.returncode, done.stderr) == (0, "")
    assert titles(done.stdout)[0] == "The Lake Treaty: a view from upstream"


def test_a_fifo_is_read_from_its_writer(fifo: Path, cache_dir: Path) -> None:
    thread = writer(fifo, MINI_BYTES, pause=0.3)
    try:
        result = run("--store", fifo, "papers", "--json")
    finally:
        release(fifo, thread)
    assert (result.exit_code, result.stderr) == (0, "")
    assert titles(result.stdout)[0] == "The River Treaty: a view from upstream"


def test_a_fifo_with_no_writer_is_an_error_not_a_hang(fifo: Path, cache_dir: Path) -> None:
    started = time.monotonic()
    done = argmap_process("--store", fifo, "check", wait=0.5, cache_dir=cache_dir, timeout=30)
    assert time.monotonic() - started < 20
    assert done.returncode == 2
    assert one_line(done.stderr) == (f"{fifo}: nothing was written to this pipe in 0.5 s: start "
                                     "its writer first, or name a file")


def test_a_fifo_whose_writer_stalls_is_an_error_not_a_hang(
        fifo: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "PIPE_WAIT_SECONDS", 0.3)
    # a writer that sent part of a store and keeps the FIFO open (O_RDWR: no waiting
    # for a reader, and the part is in the pipe before argmap opens it)
    fd = os.open(fifo, os.O_RDWR)
    try:
        os.write(fd, MINI_BYTES[:200])
        result = run("--store", fifo, "check")
    finally:
        os.close(fd)
    assert result.exit_code == 2
    assert one_line(result.stderr) == (f"{fifo}: the pipe sent nothing for 0.3 s before its end: "
                                       "is its writer stuck?")


def test_a_fifo_whose_writer_writes_nothing_is_an_empty_store(fifo: Path, cache_dir: Path) -> None:
    thread = writer(fifo, b"", pause=0.2)
    try:
        result = run("--store", fifo, "check")
    finally:
        release(fifo, thread)
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith(f"{fifo}:1:1: the store is empty")


def test_diff_reads_fifos_and_gives_up_on_a_silent_one(
        tmp_path: Path, fifo: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new = tmp_path / "new.yaml"
    new.write_text(LAKE, encoding="utf-8")
    thread = writer(fifo, MINI_BYTES)
    try:
        result = run("diff", fifo, new, "--json")
    finally:
        release(fifo, thread)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["old"] == str(fifo)
    monkeypatch.setattr(reading, "PIPE_WAIT_SECONDS", 0.2)
    for args in ((fifo, new), (new, fifo)):
        result = run("diff", *args)
        assert result.exit_code == 2
        assert one_line(result.stderr).startswith(f"{fifo}: nothing was written to this pipe")


# -- devices, directories, sizes ---------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_at_once(device: str, tmp_path: Path, cache_dir: Path) -> None:
    started = time.monotonic()
    for args in (("--store", device, "check"), ("diff", device, MINI), ("diff", MINI, device)):
        done = argmap_process(*args, cache_dir=cache_dir, timeout=30)
        assert done.returncode == 2, args
        assert one_line(done.stderr) == (f"{device}: is a character device, not a store file: "
                                         "name a file, or pipe the store in")
    assert time.monotonic() - started < 20


def test_a_terminal_is_refused(cache_dir: Path) -> None:
    leader, follower = pty.openpty()
    try:
        done = argmap_process("--store", "/dev/stdin", "check", cache_dir=cache_dir, timeout=30,
                              stdin=follower)
    finally:
        os.close(leader)
        os.close(follower)
    assert done.returncode == 2
    assert one_line(done.stderr).startswith("/dev/stdin: is a terminal, not a store file: pipe "
                                            "a store in")


def test_a_directory_is_refused(tmp_path: Path, cache_dir: Path) -> None:
    result = run("--store", tmp_path, "check")
    assert result.exit_code == 2
    assert one_line(result.stderr) == f"{tmp_path}: is a directory, not a store file"


def test_a_store_over_the_size_bound_is_refused(
        tmp_path: Path, fifo: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_STORE_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_bytes(MINI_BYTES)
    message = "larger than 1000 bytes, the most argmap reads from a store"
    result = run("--store", big, "check")
    assert (result.exit_code, one_line(result.stderr)) == (2, f"{big}: {message}")
    result = run("diff", big, MINI)
    assert (result.exit_code, one_line(result.stderr)) == (2, f"{big}: {message}")
    # a pipe that never ends is read no further than the bound
    endless = threading.Event()

    def flood() -> None:
        fd = os.open(fifo, os.O_WRONLY)
        try:
            while not endless.is_set():
                os.write(fd, b"#" * 4096 + b"\n")
        except BrokenPipeError:
            pass
        finally:
            os.close(fd)

    thread = threading.Thread(target=flood, daemon=True)
    thread.start()
    try:
        result = run("--store", fifo, "check")
    finally:
        endless.set()
        release(fifo, thread)
    assert (result.exit_code, one_line(result.stderr)) == (2, f"{fifo}: {message}")


def test_the_shipped_bound_is_256_mb() -> None:
    assert reading.MAX_STORE_BYTES == 256 * 1024 * 1024
    assert reading.size_words(reading.MAX_STORE_BYTES) == "256 MB"


def test_a_regular_file_without_a_known_size_is_read_to_its_end() -> None:
    # /proc files report a size of 0; they are read to their end all the same
    raw = reading.read_regular("/proc/self/status", 1 << 20)
    assert raw.startswith(b"Name:")


def test_read_regular_refuses_what_is_not_a_regular_file(tmp_path: Path, fifo: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(MINI)
    for path, kind in ((fifo, "a FIFO"), (Path("/dev/zero"), "a character device"),
                       (tmp_path, "a directory")):
        with pytest.raises(reading.NotRegularFile) as info:
            reading.read_regular(path, 1 << 20)
        assert info.value.kind == kind
    assert reading.read_regular(link, 1 << 20) == MINI_BYTES
    with pytest.raises(OSError):
        reading.read_regular(link, 1 << 20, follow_symlinks=False)
    with pytest.raises(reading.TooLarge):
        reading.read_regular(MINI, 100)


def test_the_readme_states_the_bounds_in_force() -> None:
    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(
        encoding="utf-8").split())
    assert f"at most {reading.PIPE_WAIT_SECONDS:g} seconds for a pipe" in readme
    assert f"larger than {reading.size_words(reading.MAX_STORE_BYTES)}, the most argmap reads" \
        in readme
    assert f"at most {cache.ENTRY_FACTOR} times its stores' size plus 1 MB" in readme
