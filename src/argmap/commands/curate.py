"""For curators: lint, schema, diff, and new entries in a store file."""

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ..errors import ArgmapError, ExitCode, LookupFailed, StoreError
from ..lookup import resolve_actor, resolve_claim, resolve_paper_key, resolve_topic, resolve_word
from ..render import render_result
from ..store import STORE_ENV, ArgMap
from ..vocab import ACTOR_KINDS, CLAIM_KINDS, PAPER_KINDS, RELATION_TYPES, VALENCES
from .base import STATE, JsonOpt, OutputOpt, command, new_app

T = TypeVar("T")


@command()
def lint(
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when there is any warning.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Curation warnings (valid, but probably not meant); each names its id and file:line."""
    from ..lint import lint as run_lint

    data = run_lint(STATE.load())
    render_result("lint", data, as_json)
    if strict and data["warnings"]:
        raise typer.Exit(int(ExitCode.CHECK_FAILED))


@command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of store files (for editors' YAML language servers)."""
    from ..jsontext import dumps
    from ..output import write_text
    from ..schema import store_schema

    write_text(dumps(store_schema()), output, STATE.paths)


@command()
def diff(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="The older store file.")],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The newer store file.")],
    as_json: JsonOpt = False,
) -> None:
    """What changed in meaning between two versions of a store file."""
    from ..diff import diff as run_diff

    render_result("diff", run_diff(old, new), as_json)


def _target(to: Path | None, default: str | None = None) -> Path:
    if to is not None:
        return to
    if default is None:
        raise ArgmapError("say which store file to add to: --to FILE", what="new")
    return Path(default)


def _context() -> list[Path]:
    """The other store files the map is read with: --store or ARGMAP_STORE, if given."""
    return STATE.paths if STATE.stores or os.environ.get(STORE_ENV) else []


def _current_map(to: Path) -> tuple[ArgMap, bool]:
    """The map a new entry joins, and whether it is whole: the other store files, and
    the target file if it has entries.

    Names on the command line (an actor's alias, a topic's name) are resolved
    against it, as every other command resolves them. A target that does not
    validate yet (``claims: ~  # later``) is left out, and the map is not whole:
    names it alone defines are then passed on as given, and the edit itself,
    validated under the store's lock, has the last word.
    """
    from ..store import load

    target = Path(os.path.realpath(to))
    others = [p for p in _context() if Path(os.path.realpath(p)) != target]
    whole = True
    if to.is_file() and to.stat().st_size:
        try:
            return load([*others, to], use_cache=STATE.use_cache), True
        except StoreError:
            whole = False
    return (load(others, use_cache=STATE.use_cache) if others else ArgMap()), whole


def _named(resolve: Callable[[ArgMap, str], T], amap: ArgMap, token: str, whole: bool) -> T | str:
    """``resolve(amap, token)``; on a map that is not whole, an unknown name as given."""
    try:
        return resolve(amap, token)
    except LookupFailed:
        if whole:
            raise
        return token


def _add(section: str, to: Path, entry: dict[str, Any]) -> None:
    from ..editing import add_entry, entry_name

    add_entry(to, section, entry, _context())
    typer.echo(f"added {entry_name(section, entry)} to {to}")


def _waivers(given: list[str] | None, section: str) -> dict[str, str]:
    """``RULE=REASON`` options as a ``waive:`` mapping; rules are lint's, for this section."""
    if not given:
        return {}
    from ..lint import RULES

    rules = tuple(r for r in RULES if r.startswith("paper-") == (section == "papers"))
    out: dict[str, str] = {}
    for item in given:
        rule, sep, reason = item.partition("=")
        if not sep or not reason.strip():
            raise ArgmapError("write --waive RULE=REASON: a waived rule needs its reason",
                              what=item)
        rule = resolve_word(rule, rules, f"lint rule for {section}")
        if rule in out:
            raise ArgmapError(f"rule {rule!r} is waived twice", what=item)
        out[rule] = reason.strip()
    return out


ToOpt = Annotated[Path | None, typer.Option(
    "--to", metavar="FILE", help="The store file to add to (created if missing).")]
WaiveOpt = Annotated[list[str] | None, typer.Option(
    "--waive", metavar="RULE=REASON",
    help="Waive a lint rule here, with the reason; repeat for several.")]


@command(new_app, "paper")
def new_paper(
    key: Annotated[str, typer.Argument(metavar="KEY", help="The paper's key, e.g. smith2024.")],
    title: Annotated[str, typer.Option(help="The paper's title.")],
    date: Annotated[str, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD.")],
    author: Annotated[list[str] | None, typer.Option(
        help="An author's full name (a person); repeat for several, in order.")] = None,
    affiliation: Annotated[list[str] | None, typer.Option(
        help="The affiliation of the --author in the same position (the first --affiliation "
        "is the first author's); \"\" for none; repeat.")] = None,
    org_author: Annotated[list[str] | None, typer.Option(
        "--org-author", help="An organisation that is an author, named by its whole name "
        "(listed after the --author people); repeat.")] = None,
    kind: Annotated[str, typer.Option(help="study, analysis, article, opinion, report, book "
                                      "or other.")] = "article",
    publisher: Annotated[str | None, typer.Option(help="The publisher.")] = None,
    date_note: Annotated[str | None, typer.Option(
        "--date-note", help="The date in words, e.g. \"2020, before the first round\".")] = None,
    alias: Annotated[list[str] | None, typer.Option(help="Another name for the paper.")] = None,
    source: Annotated[str | None, typer.Option(help="File name of its text, for verify.")] = None,
    waive: WaiveOpt = None,
    to: ToOpt = None,
) -> None:
    """Add a paper with its title, authors and date (default file: KEY.yaml)."""
    people, affiliations, orgs = author or [], affiliation or [], org_author or []
    if not people and not orgs:
        raise ArgmapError("a paper needs an author: --author NAME or --org-author NAME",
                          what=key)
    if len(affiliations) > len(people):
        raise ArgmapError(f"{len(affiliations)} --affiliation for {len(people)} --author: each "
                          "affiliation belongs to the --author in the same position", what=key)
    affiliations += [""] * (len(people) - len(affiliations))
    authors = [{"name": name, "affiliation": org.strip() or None}
               for name, org in zip(people, affiliations, strict=True)]
    authors += [{"name": name, "kind": "organization"} for name in orgs]
    entry = {
        "key": key, "title": title, "authors": authors, "aliases": alias or [],
        "publisher": publisher, "date": date, "date_note": date_note,
        "kind": resolve_word(kind, PAPER_KINDS, "paper kind"), "source": source,
        "waive": _waivers(waive, "papers")}
    _add("papers", _target(to, f"{key}.yaml"), entry)


@command(new_app, "actor")
def new_actor(
    key: Annotated[str, typer.Argument(metavar="KEY", help="The actor's key, e.g. us.")],
    name: Annotated[str, typer.Option(help="The actor's name.")],
    kind: Annotated[str, typer.Option(help="state, sub-state, non-state, institution, "
                                      "organization, alliance, group or person.")] = "state",
    alias: Annotated[list[str] | None, typer.Option(help="Another name; repeat.")] = None,
    to: ToOpt = None,
) -> None:
    """Add an actor (a state, group, institution...) that claims can name."""
    _add("actors", _target(to), {"key": key, "name": name,
                                 "kind": resolve_word(kind, ACTOR_KINDS, "actor kind"),
                                 "aliases": alias or []})


@command(new_app, "topic")
def new_topic(
    key: Annotated[str, typer.Argument(metavar="KEY", help="The topic's key.")],
    name: Annotated[str, typer.Option(help="The topic's name.")],
    to: ToOpt = None,
) -> None:
    """Add a topic that claims can be filed under."""
    _add("topics", _target(to), {"key": key, "name": name})


@command(new_app, "claim")
def new_claim(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="paper.group.slug")],
    kind: Annotated[str, typer.Option(help="thesis, claim, fact, goal, scenario, condition, "
                                      "consequence, recommendation, prediction or question.")],
    text: Annotated[str, typer.Option(help="The claim in your own words.")],
    quote: Annotated[str, typer.Option(help="A short verbatim quote from the paper (at least "
                                       "4 words and 20 characters).")],
    actor: Annotated[str | None, typer.Option(help="Whose goal; whom it addresses (key, name "
                                              "or alias).")] = None,
    topic: Annotated[list[str] | None, typer.Option(help="A topic (key or name); repeat.")] = None,
    section: Annotated[str | None, typer.Option(help="The paper's section.")] = None,
    valence: Annotated[str | None, typer.Option(help="benefit, cost or harm "
                                                "(consequences).")] = None,
    sources: Annotated[str | None, typer.Option(
        "--sources", metavar="DIR", help="Folder of the papers' texts: refuse a quote that is "
        "not in its paper's text (default: $ARGMAP_SOURCES).")] = None,
    waive: WaiveOpt = None,
    to: ToOpt = None,
) -> None:
    """Add a claim; its paper is the first part of its id. Its quote is checked against the
    paper's text when the sources folder is known."""
    from ..quotecheck import check_in_source, check_length
    from ..sources import SOURCES_ENV, sources_dir

    target = _target(to)
    amap, whole = _current_map(target)
    paper_key = str(_named(resolve_paper_key, amap, claim_id.split(".", 1)[0], whole))
    paper = amap.papers.get(paper_key)
    entry = {
        "id": claim_id, "paper": paper_key, "kind": resolve_word(kind, CLAIM_KINDS, "claim kind"),
        "actor": _named(resolve_actor, amap, actor, whole) if actor is not None else None,
        "topics": [_named(resolve_topic, amap, t, whole) for t in topic or []],
        "section": section,
        "text": text, "quote": quote,
        "valence": resolve_word(valence, VALENCES, "valence") if valence is not None else None,
        "waive": _waivers(waive, "claims")}
    check_length(quote, claim_id)
    if not (sources or os.environ.get(SOURCES_ENV)):
        unchecked = f"pass --sources DIR or set {SOURCES_ENV} to check it"
    elif paper is None:
        unchecked = f"{target} does not validate yet, so paper {paper_key!r} is not known"
    elif paper.source is None:
        unchecked = f"paper {paper.key!r} names no source file"
    else:
        check_in_source(amap, paper.key, quote, sources_dir(sources), claim_id)
        unchecked = ""
    _add("claims", target, entry)
    if unchecked:
        sys.stderr.write(f"warning: {claim_id}: quote not checked against the paper's text: "
                         f"{unchecked}\n")


@command(new_app, "relation")
def new_relation(
    source: Annotated[str, typer.Argument(metavar="FROM", help="A claim id.")],
    target: Annotated[str, typer.Argument(metavar="TO", help="A claim id.")],
    rel_type: Annotated[str, typer.Option("--type", help="supports, attacks, agrees, conflicts, "
                                          "depends_on, leads_to, answers, confirms or refutes.")],
    rationale: Annotated[str | None, typer.Option(help="Why it holds, in one line "
                                                  "(required across papers).")] = None,
    to: ToOpt = None,
) -> None:
    """Add a relation between two claims."""
    file = _target(to)
    amap, whole = _current_map(file)
    rel_type = resolve_word(rel_type, RELATION_TYPES, "relation type")
    for end in (source, target):
        _named(resolve_claim, amap, end, whole)
    _add("relations", file, {"from": source, "to": target, "type": rel_type,
                             "rationale": rationale})
