"""What changed in meaning between two versions of a store file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .models import Relation, StoreFile
from .store import load_file
from .vocab import SYMMETRIC

#: Claim fields whose change is reported, and the word for it.
CLAIM_CHANGES = {"text": "reworded", "quote": "requoted", "kind": "rekinded",
                 "actor": "reassigned", "topics": "retopiced", "paper": "moved",
                 "section": "resectioned", "valence": "revalenced"}


def _relations(store: StoreFile) -> dict[tuple[str, str], dict[tuple[str, str, str], Relation]]:
    """Relations by the (unordered) pair of claims they join, then by (type, from, to)."""
    out: dict[tuple[str, str], dict[tuple[str, str, str], Relation]] = {}
    for rel in store.relations:
        a, b = sorted((rel.source, rel.target))
        ends = (a, b) if rel.type in SYMMETRIC else (rel.source, rel.target)
        out.setdefault((a, b), {})[(rel.type, *ends)] = rel
    return out


def _rel(rel: Relation) -> dict[str, Any]:
    return {"from": rel.source, "to": rel.target, "type": rel.type, "rationale": rel.rationale}


def diff(old_path: Path, new_path: Path) -> dict[str, Any]:
    """Claims added, removed and changed (field by field); relations added, removed, retyped.

    Each file is read and validated on its own (references into other files are
    not resolved), so a partial store, such as one user's papers, can be compared.
    """
    old, _ = load_file(old_path)
    new, _ = load_file(new_path)
    old_claims = {c.id: c for c in old.claims}
    new_claims = {c.id: c for c in new.claims}
    changed = []
    for cid in sorted(old_claims.keys() & new_claims.keys()):
        a, b = old_claims[cid].model_dump(), new_claims[cid].model_dump()
        fields = [f for f in CLAIM_CHANGES if a.get(f) != b.get(f)]
        if fields:
            changed.append({"id": cid, "changes": [CLAIM_CHANGES[f] for f in fields],
                            "fields": {f: {"old": a.get(f), "new": b.get(f)} for f in fields}})
    old_rels, new_rels = _relations(old), _relations(new)
    added, removed, retyped = [], [], []
    for key in sorted(old_rels.keys() | new_rels.keys()):
        before, after = old_rels.get(key, {}), new_rels.get(key, {})
        gone = sorted(before.keys() - after.keys())
        came = sorted(after.keys() - before.keys())
        while gone and came:  # the same two claims, joined by another type now
            g, c = gone.pop(0), came.pop(0)
            retyped.append({"from": after[c].source, "to": after[c].target,
                            "old_type": g[0], "new_type": c[0], "rationale": after[c].rationale})
        removed += [_rel(before[t]) for t in gone]
        added += [_rel(after[t]) for t in came]
    return {
        "old": str(old_path), "new": str(new_path),
        "claims": {
            "added": [new_claims[i].id for i in sorted(new_claims.keys() - old_claims.keys())],
            "removed": [old_claims[i].id for i in sorted(old_claims.keys() - new_claims.keys())],
            "changed": changed,
        },
        "relations": {"added": added, "removed": removed, "retyped": retyped},
        "dismissed": _dismissed(old, new),
        "papers": {
            "added": sorted({p.key for p in new.papers} - {p.key for p in old.papers}),
            "removed": sorted({p.key for p in old.papers} - {p.key for p in new.papers}),
        },
    }


def _dismissed(old: StoreFile, new: StoreFile) -> dict[str, list[dict[str, str]]]:
    """Dismissed pairs added and removed (a pair is unordered; a new reason is no change)."""
    def pairs(store: StoreFile) -> dict[tuple[str, str], dict[str, str]]:
        return {tuple(sorted((d.a, d.b))): {"a": d.a, "b": d.b, "reason": d.reason}  # type: ignore[misc]
                for d in store.dismissed}
    before, after = pairs(old), pairs(new)
    return {"added": [after[k] for k in sorted(after.keys() - before.keys())],
            "removed": [before[k] for k in sorted(before.keys() - after.keys())]}
