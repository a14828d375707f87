#!/usr/bin/env python3
"""argmap's speed and memory benchmark: medians, and ratios against baselines run here.

    python benchmarks/run.py            # the full run (a few minutes)
    python benchmarks/run.py --quick    # fewer repetitions, no 100,000-claim first loads
    python benchmarks/run.py --startup  # only the start-up rows (import floor, completion)

Every figure is the median of several runs of a fresh process (wall time, and
the peak resident memory of that process), measured on this machine in this
run, so ratios compare like with like. It writes synthetic stores in argmap's
own format (a seeded generator below) to a temporary folder, and a temporary
parsed-store cache, so nothing in the user's cache is touched.

Targets (from the performance and terminal issues):
- `argmap compare bayan baidar`, `goals --actor us` and `check` on the shipped map,
  with its cache, printing into a pipe, no slower than
  `python -c "import typer, pydantic, yaml"` (ratio <= 1.0);
- shell completion (--install-completion) adds at most 10 ms to the start-up of the
  whole app;
- 10,000 claims: first load <= 2 s, cached <= 0.5 s;
- 100,000 claims: first load <= 15 s, cached <= 2 s, peak memory cached <= 600 MB;
- every query command on 100,000 claims <= 5 s;
- `export dot` of 10,000 claims <= 0.3 x the Argdown CLI's `map --format dot` on the
  same map (when the Argdown CLI is installed: $ARGDOWN_CLI or `argdown` on PATH);
- the HTML page of the shipped map: <= 3 MB, and its first paint in headless Chromium
  <= 2 s (first-contentful-paint, from navigation start); the 10,000-claim page still
  opens (it starts on the overview and draws one paper at a time). The page timings
  need Playwright (the dev extra) and Chromium ($ARGMAP_CHROMIUM or `chromium` on
  PATH); without them those rows say so.
- `verify` with one missing quote in 1 MB of text: the closest-passage search costs
  <= 0.1 s (CPU time of the run with the missing quote, less that of the same run with
  every quote found: a difference of a few hundredths, which the noise of wall time
  on a shared machine would hide);
- a 200-word `search` on 100,000 claims <= 3 s (and 5,000 words within the 5 s of
  any query);
- `whatif` and `path` on a 50,000-relation cycle of `supports`, printing every claim
  that falls and every step (100,000 and 50,000 lines) <= 3 s: the 200-word search's
  bound, well inside the 5 s of any query on 100,000 claims, and it fails at once on
  the quadratic work these did before (17-20 s). The ratio to the cached load of the
  same map is shown beside it; it is not the target, as a faster load raises it.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

KINDS = ["claim", "fact", "goal", "scenario", "prediction", "recommendation", "thesis"]
ACTORS = ["us", "iraq", "iran", "kurds", "sunnis", "pmf", "nato", "china", "russia", "turkey"]
CROSS = ["agrees", "conflicts", "supports", "attacks", "confirms", "refutes"]


def generate(path: Path, claims: int, papers: int = 20, seed: int = 7) -> None:
    """A synthetic store: ``claims`` claims over ``papers`` papers, ~1.2 relations a claim."""
    rnd = random.Random(seed)
    per = claims // papers
    out = ["papers:"]
    for p in range(papers):
        out += [f"  - key: p{p}", f"    title: Synthetic paper {p}",
                f"    authors: [{{name: Author{p} Surname{p % 7}}}]",
                f"    date: \"{2000 + p % 20}-{1 + p % 12:02d}\"", "    kind: study"]
    out.append("actors:")
    out += [f"  - {{key: {a}, name: Actor {a}, kind: state}}" for a in ACTORS]
    out.append("topics:")
    out += [f"  - {{key: t{t}, name: Topic number {t}}}" for t in range(20)]
    out.append("claims:")
    ids = []
    for p in range(papers):
        for i in range(per):
            kind = rnd.choice(KINDS)
            cid = f"p{p}.c.n{i}"
            ids.append(cid)
            words = " ".join(rnd.choice(["river", "treaty", "troops", "oil", "trade", "bases",
                                         "sanctions", "dialogue", "alliance", "talks"])
                             for _ in range(8))
            actor = f"\n    actor: {rnd.choice(ACTORS)}" if kind in ("goal", "recommendation") \
                else ""
            out.append(f"  - id: {cid}\n    paper: p{p}\n    kind: {kind}{actor}\n"
                       f"    topics: [t{rnd.randrange(20)}]\n"
                       f"    text: Claim {i} of paper {p} on {words}.\n"
                       f"    quote: \"quote {i} of paper {p}: {words}\"")
    out.append("relations:")
    seen = set()
    for n, cid in enumerate(ids):
        p, i = cid.split(".")[0], int(cid.rsplit("n", 1)[1])
        if i > 0:
            out.append(f"  - {{from: {cid}, to: {p}.c.n{i - 1}, type: supports}}")
        if n % 5 == 0:
            other = rnd.choice(ids)
            kind = rnd.choice(CROSS)
            key = (min(cid, other), max(cid, other), kind)
            if other.split(".")[0] != p and key not in seen:
                seen.add(key)
                out.append(f"  - {{from: {cid}, to: {other}, type: {kind}, "
                           f"rationale: Synthetic cross-paper relation {n}.}}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


WORDS = ["river", "treaty", "troops", "oil", "trade", "bases", "sanctions", "dialogue",
         "alliance", "talks", "the", "of", "and", "water", "season", "summer", "flood", "dam",
         "farms", "border", "minister", "parliament", "agreement", "withdrawal", "economy"]


def generate_cycle(path: Path, claims: int) -> None:
    """One paper whose claims each support the next, the last the first: ``claims`` relations."""
    out = ["papers:", "  - {key: p0, title: A cycle, authors: [{name: A Author}], date: '2020', "
           "kind: study}", "claims:"]
    out += [f"  - {{id: p0.c.n{i}, paper: p0, kind: claim, text: Claim {i} of the cycle., "
            f"quote: quote {i} of the cycle}}" for i in range(claims)]
    out.append("relations:")
    out += [f"  - {{from: p0.c.n{i}, to: p0.c.n{(i + 1) % claims}, type: supports}}"
            for i in range(claims)]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def generate_text(folder: Path, size: int, seed: int = 11) -> tuple[Path, Path, Path]:
    """A ``size``-character paper text, and two stores quoting it: one whose quotes are all
    found, and the same with one more claim whose quote has one word changed."""
    rnd = random.Random(seed)
    lines, length = [], 0
    while length < size:
        line = " ".join(rnd.choice(WORDS) for _ in range(12)).capitalize() + "."
        lines.append(line)
        length += len(line) + 1
    (folder / "paper.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    head = ["papers:", "  - {key: p0, title: A long paper, authors: [{name: A Author}], "
            "date: '2020', kind: study, source: paper.txt}", "claims:"]
    found = [f"  - {{id: p0.c.n{i}, paper: p0, kind: claim, text: Claim {i}., "
             f"quote: \"{lines[i * len(lines) // 10]}\"}}" for i in range(10)]
    words = lines[len(lines) // 2].split()
    words[5] = "changed"
    missing = f"  - {{id: p0.c.missing, paper: p0, kind: claim, text: Missing., " \
              f"quote: \"{' '.join(words)}\"}}"
    all_found, one_missing = folder / "found.yaml", folder / "missing.yaml"
    all_found.write_text("\n".join([*head, *found]) + "\n", encoding="utf-8")
    one_missing.write_text("\n".join([*head, *found, missing]) + "\n", encoding="utf-8")
    return folder, all_found, one_missing


def query_words(count: int) -> str:
    """``count`` words of a search: the store's own words, common ones, and words it lacks."""
    pool = [*WORDS, "claim", "quote", "paper"] + [f"absent{i}" for i in range(count)]
    rnd = random.Random(count)
    return " ".join(rnd.choice(pool) for _ in range(count))


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process."""
    wall, peak, _ = run_measured(cmd, env)
    return wall, peak


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def median(cmd: list[str], env: dict[str, str], runs: int,
           before: list[str] | None = None) -> tuple[float, float]:
    walls, peaks = [], []
    for _ in range(runs):
        if before is not None:  # e.g. empty the cache, for first-load timings
            shutil.rmtree(before[0], ignore_errors=True)
        wall, peak = run_once(cmd, env)
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), max(peaks)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
FIRST_PAINT = """() => new Promise((done) => {
    const seen = performance.getEntriesByName('first-contentful-paint')[0];
    if (seen) { done(seen.startTime); return; }
    new PerformanceObserver((list) => {
        const entry = list.getEntries().find((e) => e.name === 'first-contentful-paint');
        if (entry) done(entry.startTime);
    }).observe({type: 'paint', buffered: true});
})"""
MAP_BUILT = """() => new Promise((done) => {
    const check = () => {
        const mark = performance.getEntriesByName('argmap-map-built')[0];
        if (mark) done(mark.startTime);
        else if (performance.now() > 120000) done(NaN);  // never built: say so, do not hang
        else setTimeout(check, 10);
    };
    check();
})"""
OPEN_MAP = """() => new Promise((done) => {
    const start = performance.now();
    document.querySelector('#tab-map').click();
    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
})"""


def page_timings(page: Path, runs: int) -> dict[str, list[float]] | str:
    """Seconds, for each run in a fresh headless Chromium tab: the first paint and the
    map built (both from navigation start), and the Map tab's opening; or why they
    cannot be measured here."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "skipped: Playwright not installed"
    chromium = os.environ.get("ARGMAP_CHROMIUM") or next(
        (found for name in ("chromium", "chromium-browser", "google-chrome")
         if (found := shutil.which(name))), None)
    if chromium is None:
        return "skipped: Chromium not installed"
    times: dict[str, list[float]] = {"paint": [], "built": [], "open": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            tab = context.new_page()
            tab.goto(page.as_uri())
            times["paint"].append(tab.evaluate(FIRST_PAINT) / 1000)
            times["built"].append(tab.evaluate(MAP_BUILT) / 1000)
            times["open"].append(tab.evaluate(OPEN_MAP) / 1000)
            context.close()
        browser.close()
    return times


def page_rows(row: Any, argmap: list[str], env: dict[str, str], runs: int, work: Path,
              label: str, store: Path | None) -> None:
    """The HTML page of a map: export time and size, then its timings in Chromium."""
    page = work / f"{'shipped' if store is None else 'large'}.html"
    given = [] if store is None else ["--store", str(store)]
    wall, peak = median([*argmap, *given, "export", "html", "-o", str(page)], env, runs)
    size = page.stat().st_size / 2 ** 20
    row(f"{label}: export html ({size:.2f} MB)", wall, peak, "<= 3 MB" if store is None else "",
        ("ok" if size <= 3 else "TOO BIG") if store is None else "")
    timings = page_timings(page, runs)
    if isinstance(timings, str):
        row(f"{label}: page first paint (headless Chromium)", math.nan, math.nan, "", timings)
        return
    first = statistics.median(timings["paint"])
    row(f"{label}: page first paint (headless Chromium)", first, math.nan,
        "<= 2 s" if store is None else "", "ok" if first <= 2 else "SLOW")
    what = "whole map" if store is None else "first paper"
    row(f"{label}: page has built the {what}", statistics.median(timings["built"]), math.nan,
        "", "from navigation start")
    row(f"{label}: then the Map tab opens in", statistics.median(timings["open"]), math.nan, "", "")


def package_folder() -> Path:
    """The folder argmap is imported from by this Python (a checkout or site-packages)."""
    out = subprocess.run([sys.executable, "-c", "import argmap, os; print(os.path.dirname("
                          "argmap.__file__))"], check=True, capture_output=True, text=True)
    return Path(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 100k first loads")
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement")
    parser.add_argument("--startup", action="store_true",
                        help="only the start-up rows: the import floor and shell completion")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 7)
    exe = Path(sys.executable).parent / "argmap"
    argmap = [str(exe)] if exe.exists() else [sys.executable, "-m", "argmap"]
    work = Path(tempfile.mkdtemp(prefix="argmap-bench-"))
    cache = work / "cache"
    env = {**os.environ, "ARGMAP_CACHE_DIR": str(cache), "COLUMNS": "100"}
    for name in ("ARGMAP_STORE", "ARGMAP_SOURCES"):
        env.pop(name, None)
    # An installed wheel carries argmap's bytecode (pip compiles it); an editable install
    # under PYTHONDONTWRITEBYTECODE would compile every module on every run and measure
    # the compiler. Compile it once here, as pip would, so like is compared with like.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package_folder())],
                   check=True, stdout=subprocess.DEVNULL)
    rows: list[tuple[str, float, float, str, str]] = []

    def row(name: str, wall: float, peak: float, target: str, verdict: str) -> None:
        rows.append((name, wall, peak, target, verdict))
        print(f"  measured: {name}", file=sys.stderr)

    baseline = [sys.executable, "-c", "import typer, pydantic, yaml"]
    # the import floor: a query printed into a pipe (rich is for terminals only)
    floor = {"compare bayan baidar": [*argmap, "compare", "bayan", "baidar"],
             "goals --actor us": [*argmap, "goals", "--actor", "us"],
             "check": [*argmap, "check"]}
    run_once(floor["compare bayan baidar"], env)  # fill the cache
    # interleaved, so that drift in the machine's speed hits all alike
    rounds = [(run_measured(baseline, env), *(run_measured(cmd, env) for cmd in floor.values()))
              for _ in range(3 * runs)]
    base = statistics.median(r[0][0] for r in rounds)
    base_cpu = statistics.median(r[0][2] for r in rounds)
    row("baseline: python -c 'import typer, pydantic, yaml'", base,
        max(r[0][1] for r in rounds), "", "")
    for n, name in enumerate(floor, 1):
        wall = statistics.median(r[n][0] for r in rounds)
        cpu = statistics.median(r[n][2] for r in rounds)
        # CPU time (user + system) as well: other load on the machine disturbs it far less
        row(f"{name} (shipped map, cached, in a pipe)", wall, max(r[n][1] for r in rounds),
            "ratio <= 1.0", f"ratio {wall / base:.2f} (CPU {cpu / base_cpu:.2f})")
    # shell completion: the options it adds to the whole app (help, version, completion
    # requests); an app built for one command (app_for) leaves them out
    whole = ("import sys; from argmap import cli; cli.app._add_completion = {}; "
             "sys.argv[0] = 'argmap'; cli.main()")
    with_completion = [sys.executable, "-c", whole.format(True), "--version"]
    without = [sys.executable, "-c", whole.format(False), "--version"]
    pairs = [(run_measured(without, env), run_measured(with_completion, env))
             for _ in range(5 * runs)]
    off = statistics.median(p[0][0] for p in pairs)
    on = statistics.median(p[1][0] for p in pairs)
    # the verdict compares CPU time (user + system), which other load on the machine
    # disturbs far less than wall time
    cpu = statistics.median(p[1][2] for p in pairs) - statistics.median(p[0][2] for p in pairs)
    row("argmap --version (whole app), completion off", off, max(p[0][1] for p in pairs),
        "", "")
    row("argmap --version (whole app), completion on", on, max(p[1][1] for p in pairs),
        "<= 10 ms more", f"{(on - off) * 1000:+.1f} ms wall, {cpu * 1000:+.1f} ms CPU")
    if args.startup:
        report(rows)
        shutil.rmtree(work, ignore_errors=True)
        return
    wall, peak = median([*argmap, "--no-cache", "compare", "bayan", "baidar"], env, runs)
    row("compare bayan baidar (--no-cache)", wall, peak, "", f"ratio {wall / base:.2f}")
    # before the synthetic stores: a process forked from a large parent reports its size
    page_rows(row, argmap, env, runs, work, "shipped map", None)

    sizes = [10_000] + ([] if args.quick else [100_000])
    for size in sizes:
        store = work / f"s{size}.yaml"
        generate(store, size)
        check = [*argmap, "--store", str(store), "check"]
        first_runs = runs if size <= 10_000 else 3
        wall, peak = median(check, env, first_runs, before=[str(cache)])
        limit = 2.0 if size == 10_000 else 15.0
        row(f"{size:,} claims: first load (check)", wall, peak, f"<= {limit:g} s",
            "ok" if wall <= limit else "SLOW")
        run_once(check, env)
        wall, peak = median(check, env, runs)
        limit = 0.5 if size == 10_000 else 2.0
        verdict = "ok" if wall <= limit else "SLOW"
        if size == 100_000:
            verdict += ", memory ok" if peak <= 600 else ", MEMORY"
        row(f"{size:,} claims: cached load (check)", wall, peak,
            f"<= {limit:g} s" + (", <= 600 MB" if size == 100_000 else ""), verdict)
        if size == 100_000 or args.quick:
            queries = [["compare", "p0", "p1"], ["cruxes"], ["consensus"], ["matrix"],
                       ["whatif", "--deny", "p0.c.n0"], ["agreements"], ["conflicts"],
                       ["search", "river treaty"], ["timeline"], ["scenarios"],
                       ["deps", "p3.c.n10"], ["path", "p0.c.n5", "p1.c.n5"],
                       ["goals", "--actor", "us"], ["papers"]]
            for query in queries:
                wall, peak = median([*argmap, "--store", str(store), *query, "--json"], env,
                                    max(1, runs // 2))
                row(f"{size:,} claims: {' '.join(query)}", wall, peak, "<= 5 s",
                    "ok" if wall <= 5 else "SLOW")
            for count, limit in ((200, 3.0), (5_000, 5.0)):
                wall, peak = median([*argmap, "--store", str(store), "search",
                                     query_words(count), "--json"], env, max(1, runs // 2))
                row(f"{size:,} claims: search, {count:,} words", wall, peak, f"<= {limit:g} s",
                    "ok" if wall <= limit else "SLOW")
            wall, peak = median([*argmap, "--store", str(store), "lint"], env, 1)
            row(f"{size:,} claims: lint (a curation check, not a query)", wall, peak, "", "")
        if size == 10_000:
            dot = [*argmap, "--store", str(store), "export", "dot", "-o", str(work / "m.dot")]
            ours, peak = median(dot, env, runs)
            cli = os.environ.get("ARGDOWN_CLI") or shutil.which("argdown")
            if cli:
                source = work / "m.argdown"
                run_once([*argmap, "--store", str(store), "export", "argdown", "-o",
                          str(source)], env)
                theirs, their_peak = median([cli, "map", "--format", "dot", str(source),
                                             str(work / "argdown-out")], env,
                                            max(1, runs // 2))
                row("10,000 claims: Argdown CLI map --format dot", theirs, their_peak, "", "")
                row("10,000 claims: export dot", ours, peak, "<= 0.3 x Argdown",
                    f"ratio {ours / theirs:.2f}")
            else:
                row("10,000 claims: export dot", ours, peak, "<= 0.3 x Argdown",
                    "Argdown CLI not installed")
            page_rows(row, argmap, env, runs, work, "10,000 claims", store)

    # the closest-passage search for a missing quote: the same verify with and without it,
    # interleaved so that drift in the machine's speed hits both alike; the difference is
    # taken in CPU time, which other processes on the machine disturb less than wall time
    folder, all_found, one_missing = generate_text(work, 1_000_000)
    pairs = [(run_measured([*argmap, "--store", str(all_found), "verify", "--sources", str(folder)],
                        env),
              run_measured([*argmap, "--store", str(one_missing), "verify", "--sources",
                         str(folder)], env)) for _ in range(5 * runs)]
    found = statistics.median(f[0] for f, _ in pairs)
    missing = statistics.median(m[0] for _, m in pairs)
    extra = statistics.median(m[2] for _, m in pairs) - statistics.median(f[2] for f, _ in pairs)
    row("verify, 1 MB text, every quote found", found, max(f[1] for f, _ in pairs), "", "")
    row("verify, 1 MB text, one quote missing", missing, max(m[1] for _, m in pairs),
        "<= +0.1 s (CPU)", f"{extra:+.3f} s CPU, " + ("ok" if extra <= 0.1 else "SLOW"))

    # whatif and path along a 50,000-relation cycle, printing every claim and step
    cycle = work / "cycle.yaml"
    generate_cycle(cycle, 50_000)
    check = [*argmap, "--store", str(cycle), "check"]
    run_once(check, env)  # fill the cache
    load, peak = median(check, env, runs)
    row("50,000-relation cycle: cached load (check)", load, peak, "", "")
    for query in (["whatif", "--deny", "p0.c.n0"], ["path", "p0.c.n0", "p0.c.n25000"]):
        wall, peak = median([*argmap, "--store", str(cycle), *query], env, runs)
        row(f"50,000-relation cycle: {' '.join(query)}", wall, peak, "<= 3 s",
            f"{wall / load:.2f} x check, " + ("ok" if wall <= 3 else "SLOW"))


    report(rows)
    shutil.rmtree(work, ignore_errors=True)


def report(rows: list[tuple[str, float, float, str, str]]) -> None:
    print()
    print(f"{'measurement':<56} {'median s':>9} {'peak MB':>8}  {'target':<22} result")
    for name, wall, peak, target, verdict in rows:
        seconds = "-" if math.isnan(wall) else f"{wall:.3f}"
        memory = "-" if math.isnan(peak) else f"{peak:.0f}"
        print(f"{name:<56} {seconds:>9} {memory:>8}  {target:<22} {verdict}".rstrip())


if __name__ == "__main__":
    main()
