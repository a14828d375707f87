"""Adding a paper without friction: quotes checked, names resolved, the shipped map named."""

from __future__ import annotations

import json

from .conftest import MINI, run

# 6. check names the shipped map as @shipped

def test_check_names_the_stores_as_given() -> None:
    result = run("--store", "@shipped", "--store", MINI, "check")
    assert result.stdout.splitlines()[0] == f"valid: @shipped, {MINI}"
    data = json.loads(run("check", "--json").stdout)
    assert data["files"] == ["@shipped"]
    assert json.loads(run("check", "--json", env={"ARGMAP_STORE": f"{MINI}:@shipped"}).stdout)[
        "files"] == [str(MINI), "@shipped"]
