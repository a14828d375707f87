"""Command lines that show every view, for the width, terminal and pipe tests."""

from __future__ import annotations

from pathlib import Path

from .conftest import MINI, MINI_SOURCES

#: On the shipped map: one command line per view (some views twice).
SHIPPED = [
    ("papers",), ("actors",), ("topics",), ("goals", "--actor", "us"),
    ("compare", "bayan", "baidar"), ("compare", "matar", "alaaldin"),
    ("show", "bayan.conclusion.friendship-not-alliance"), ("check",),
    ("agreements", "bayan", "matar"), ("conflicts",),
    ("deps", "bayan.thesis.comprehensive-dialogue"),
    ("path", "bayan.conclusion.friendship-not-alliance", "baidar.thesis.regional-movement"),
    ("path", "bayan.conclusion.friendship-not-alliance", "bayan.conclusion.friendship-not-alliance"),
    ("search", "alliance friendship"), ("matrix",), ("cruxes",), ("consensus",),
    ("scenarios",), ("timeline",), ("whatif", "--deny", "matar.dark.scenario"),
]


def changed_store(folder: Path) -> Path:
    """The test store with a reworded quote (verify fails) and lint warnings; diff sees both."""
    store = folder / "changed.yaml"
    if not store.exists():
        text = MINI.read_text(encoding="utf-8").replace(
            "Sharing by season is the only fair rule", "Sharing by season is the only just rule"
        ).replace("    actor: upstream\n    topics: [dams]\n", "    topics: [dams]\n")
        text += ("  - {from: north.thesis.share, to: north.scenario.no-deal, type: depends_on}\n"
                 "  - {from: north.scenario.no-deal, to: north.thesis.share, type: depends_on}\n")
        store.write_text(text, encoding="utf-8")
    return store


def mini_cases(folder: Path) -> list[tuple[str, ...]]:
    """Views on the test store (Arabic, an emoji, quotes, markup-like text) and its variants."""
    changed = str(changed_store(folder))
    store = ("--store", str(MINI))
    return [
        (*store, "goals"), (*store, "papers"),
        (*store, "show", "north.scenario.no-deal", "--sources", str(MINI_SOURCES), "-C", "1"),
        (*store, "show", "south.goal.flow"),
        (*store, "verify", "--sources", str(MINI_SOURCES), "--coverage"),
        ("--store", changed, "verify", "--sources", str(MINI_SOURCES)),
        ("--store", changed, "lint"), ("diff", str(MINI), changed),
        (*store, "search", "flow"), (*store, "scenarios"), (*store, "timeline"),
        (*store, "compare", "north", "south"),
    ]
