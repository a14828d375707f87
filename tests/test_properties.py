"""Property tests for the loader: any text is a map or our own error; round trips hold."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.errors import ArgmapError
from argmap.export_json import to_node_link
from argmap.selection import everything
from argmap.store import load

#: A few hundred examples locally; a few thousand in CI (CI=true).
SETTINGS = settings(max_examples=2000 if os.environ.get("CI") else 300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

yamlish = st.text(alphabet=st.sampled_from([*"abc :-[]{}&*!<>|#'\"\n\t\\?,0%@`~", "é", "\x00"]),
                  max_size=80)
fragments = st.lists(st.sampled_from([
    "papers:", "claims:", "relations:", "  - ", "key: p", "id: p.c", "&a ", "*a", "!!str ",
    "!!python/object:os.system ", "<<: ", "- ", "{", "}", "[", "]", '"', "'", "\n", "  ",
    "text: no", "---\n", "...\n", ": ", "? ", "\t", "kind: claim", "\ufeff", "%YAML 1.1\n",
]), max_size=30).map("".join)


@SETTINGS
@given(st.one_of(yamlish, fragments))
def test_any_text_loads_or_raises_our_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load([path])
    except ArgmapError as exc:
        assert exc.message.count("\n") == 0
        assert exc.message.startswith(str(path))


@SETTINGS
@given(st.binary(max_size=60))
def test_any_bytes_load_or_raise_our_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(raw)
    with contextlib.suppress(ArgmapError):
        load([path])


words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                max_size=30).filter(lambda s: s.strip() == s and s != "")
keys = st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True)


@st.composite
def stores(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]], list[tuple[str, str, str]]]:
    paper = draw(keys)
    ids = draw(st.lists(keys, min_size=1, max_size=6, unique=True))
    claims = [(f"{paper}.c.{i}", draw(words)) for i in ids]
    rels = draw(st.lists(st.tuples(st.sampled_from([c[0] for c in claims]),
                                   st.sampled_from([c[0] for c in claims]),
                                   st.sampled_from(["supports", "attacks", "leads_to"])),
                         max_size=6, unique_by=lambda r: (r[0], r[1], r[2])))
    rels = [r for r in rels if r[0] != r[1]]
    lines = ["papers:", f"  - key: {json.dumps(paper)}", "    title: T",
             "    authors: [{name: A}]", "    date: '2020'", "    kind: study", "claims:"]
    for cid, text in claims:
        scalar = json.dumps(text, ensure_ascii=False)
        lines += [f"  - id: {cid}", f"    paper: {paper}", "    kind: claim",
                  f"    text: {scalar}", f"    quote: {scalar}"]
    lines.append("relations:" if rels else "relations: []")
    for src, dst, kind in rels:
        lines.append(f"  - {{from: {src}, to: {dst}, type: {kind}}}")
    return "\n".join(lines) + "\n", claims, rels


@SETTINGS
@given(stores())
def test_generated_store_round_trips_through_json(
        tmp_path: Path, store: tuple[str, list[tuple[str, str]], list[tuple[str, str, str]]]
) -> None:
    text, claims, rels = store
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    amap = load([path])
    data = json.loads(json.dumps(to_node_link(amap, everything(amap))))
    assert sorted((n["id"], n["text"]) for n in data["nodes"]) == sorted(claims)
    assert sorted((e["source"], e["target"], e["type"]) for e in data["links"]) == sorted(rels)
