from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini.yaml"
MINI_SOURCES = DATA / "mini-sources"
#: The five papers' texts live beside the project, never inside it.
SHARED_SOURCES = ROOT.parent / "shared" / "sources"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[None]:
    for name in ("ARGMAP_STORE", "ARGMAP_SOURCES"):
        monkeypatch.delenv(name, raising=False)
    # the parsed-store cache of the tests lives in a temporary folder, never in ~/.cache
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("COLUMNS", "100")
    yield


def run(*args: str | os.PathLike[str], env: dict[str, str] | None = None) -> Run:
    """Invoke the CLI in-process, as a user would type it."""
    runner = CliRunner()
    result = runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def mini(*args: str | os.PathLike[str]) -> Run:
    return run("--store", MINI, *args)


@pytest.fixture
def shared_sources() -> Path:
    if not SHARED_SOURCES.is_dir():
        if os.environ.get("ARGMAP_REQUIRE_SOURCES"):
            pytest.fail(f"ARGMAP_REQUIRE_SOURCES is set but {SHARED_SOURCES} is missing")
        pytest.skip(f"the papers' texts are not at {SHARED_SOURCES} (they live beside the "
                    "project, in ../shared/sources)")
    return SHARED_SOURCES
