"""The HTML page in a real browser: headless Chromium, driven by Playwright, from file://.

Locally these tests skip when Chromium or Playwright is missing; in CI (``CI`` set)
they must run. Playwright drives the system's Chromium (``$ARGMAP_CHROMIUM``, else
``chromium`` on the PATH) and never downloads a browser. Screenshots go to the
test's temporary folder and, when ``$ARGMAP_SCREENSHOTS`` names a folder (as for
the README's pictures in docs/), there too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from argmap.store import load

from .conftest import DATA, run

#: How Chromium starts here: no sandbox (tests may run as root), no GPU, and none of
#: the background connections a fresh profile makes.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-default-apps", "--disable-extensions"]
VIEWPORT = {"width": 1400, "height": 900}


def chromium() -> str | None:
    explicit = os.environ.get("ARGMAP_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def missing(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{why}; CI must run the browser tests (.ci/run installs Chromium)")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed (pip install -e '.[dev]')")
    path = chromium()
    if path is None:
        missing("Chromium is not installed (Debian/Ubuntu: apt-get install chromium)")
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("page") / "map.html"
    assert run("export", "html", "-o", out).exit_code == 0
    return out


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folders = [tmp_path_factory.mktemp("screenshots")]
    if os.environ.get("ARGMAP_SCREENSHOTS"):
        folders.append(Path(os.environ["ARGMAP_SCREENSHOTS"]))
    return folders


@dataclass
class Tab:
    """A page and everything it did: console errors, requests, dialogs."""

    page: Any
    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, code: str, arg: Any = None) -> Any:
        return self.page.evaluate(code, arg)

    def check_clean(self) -> None:
        """No console error, no dialog, and no request but the page's own file."""
        assert self.errors == []
        assert self.dialogs == []
        assert set(self.requests) == {self.url.split("#")[0]}

    def shoot(self, folders: list[Path], name: str) -> None:
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(folder / name), caret="initial")  # adds no style


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def opener(path: Path, fragment: str = "") -> Tab:
        context = browser.new_context(viewport=VIEWPORT)
        contexts.append(context)
        page = context.new_page()
        tab = Tab(page, path.as_uri() + fragment)
        page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: tab.errors.append(str(e)))
        context.on("request", lambda r: tab.requests.append(r.url))
        page.on("websocket", lambda w: tab.requests.append(w.url))

        def dialog(d: Any) -> None:
            tab.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(tab.url)
        page.wait_for_function("window.argmap !== undefined")
        return tab

    yield opener
    for context in contexts:
        context.close()


def show_map(tab: Tab) -> None:
    tab.page.click("#tab-map")
    tab.page.wait_for_function("window.argmap.map().nodes('.claim').length > 0")


def click_claim(tab: Tab, claim_id: str) -> None:
    """Click a claim's box on the canvas, as a person would."""
    where = tab.js("""(id) => {
        const cy = window.argmap.map();
        const node = cy.getElementById(id);
        cy.zoom(1.2); cy.center(node);
        const box = cy.container().getBoundingClientRect();
        const at = node.renderedPosition();
        return {x: box.left + at.x, y: box.top + at.y};
    }""", claim_id)
    tab.page.mouse.click(where["x"], where["y"])


def test_the_shipped_map_opens_on_the_overview_without_errors_or_requests(
        open_page: Any, shipped: Path, shots: list[Path]) -> None:
    tab = open_page(shipped)
    page = tab.page
    assert page.is_visible("#view-overview") and not page.is_visible("#view-map")
    papers = page.eval_on_selector_all("#overview-svg .paper", "els => els.map(e => e.dataset.paper)")
    assert papers == ["bayan", "matar", "alaaldin", "idris", "baidar"]
    label = page.text_content('#overview-svg .arc-label[data-left="bayan"][data-right="matar"]')
    assert label == "23 agreements6 conflicts0 dependencies"
    tab.shoot(shots, "overview.png")
    page.click('#overview-svg .arc-label[data-left="bayan"][data-right="matar"]')
    assert page.is_visible("#view-compare")
    assert page.input_value("#compare-left") == "bayan" and page.input_value("#compare-right") == "matar"
    assert page.url.endswith("#view=compare&left=bayan&right=matar")
    page.click("#tab-overview")
    page.click('#overview-svg .paper[data-paper="idris"]')
    assert page.is_visible("#view-map")
    show_map(tab)
    shipped = load()
    assert tab.js("window.argmap.map().nodes('.claim').length") == len(shipped.claims)
    assert tab.js("window.argmap.map().edges().length") == len(shipped.relations)
    page.click("#fit")
    page.wait_for_timeout(300)
    tab.shoot(shots, "map.png")
    tab.check_clean()


def test_a_click_on_a_claim_opens_its_panel_and_its_relations_lead_on(
        open_page: Any, shipped: Path, shots: list[Path]) -> None:
    amap = load()
    claim = amap.claims["matar.thesis.ally-with-us"]
    tab = open_page(shipped)
    show_map(tab)
    click_claim(tab, claim.id)
    page = tab.page
    page.wait_for_selector("#panel blockquote.quote")
    assert page.text_content("#panel blockquote.quote") == claim.quote
    assert page.text_content("#panel h2") == claim.text
    citation = page.text_content("#panel .citation")
    paper = amap.papers[claim.paper]
    assert paper.title in citation and paper.authors[0].name in citation
    assert paper.date in citation and f"Section: {claim.section}." in citation
    assert "Iraq (state and government) (iraq)" in page.text_content("#panel dl")
    shown = page.eval_on_selector_all("#panel li[data-other]", "els => els.map(e => e.dataset.other)")
    related = Counter(r.target if r.source == claim.id else r.source
                      for r in amap.relations_of[claim.id])
    assert Counter(shown) == related
    rationales = page.eval_on_selector_all("#panel li .why", "els => els.map(e => e.textContent)")
    assert sorted(rationales) == sorted(r.rationale for r in amap.relations_of[claim.id] if r.rationale)
    assert page.url.endswith(f"#claim={claim.id}")
    page.wait_for_timeout(400)  # the map's move to the claim
    tab.shoot(shots, "panel.png")
    other = shown[0]
    page.click(f'#panel li[data-other="{other}"] button.claim-link')
    page.wait_for_function("(id) => window.argmap.state().claim === id", arg=other)
    assert page.text_content("#panel h2") == amap.claims[other].text
    assert tab.js("(id) => window.argmap.map().getElementById(id).hasClass('focus')", other)
    page.go_back()
    page.wait_for_function("(id) => window.argmap.state().claim === id", arg=claim.id)
    assert page.text_content("#panel h2") == claim.text
    tab.check_clean()


def quote_only_word(amap: Any) -> tuple[str, str]:
    """A claim and a word of its quote that is in no claim's text and in few quotes."""
    words: Counter[str] = Counter()
    for c in amap.claims.values():
        words.update(set(re.findall(r"[a-z]{7,}", c.quote.lower())))
    texts = " ".join(c.text.lower() for c in amap.claims.values())
    for c in amap.claims.values():
        for word in sorted(set(re.findall(r"[a-z]{7,}", c.quote.lower()))):
            if words[word] == 1 and word not in texts:
                return c.id, word
    raise AssertionError("no quote-only word")


def test_search_lists_and_highlights_a_claim_found_by_a_word_of_its_quote(
        open_page: Any, shipped: Path) -> None:
    claim_id, word = quote_only_word(load())
    tab = open_page(shipped)
    show_map(tab)
    tab.page.fill("#search", word.upper())
    tab.page.wait_for_selector("#results li")
    found = tab.page.eval_on_selector_all("#results li [data-id]", "els => els.map(e => e.dataset.id)")
    assert found == [claim_id]
    assert tab.page.text_content("#results h2") == f"1 claim matches “{word.upper()}”"
    assert tab.page.text_content("#results mark").lower() == word
    assert tab.js("(id) => window.argmap.map().getElementById(id).hasClass('match')", claim_id)
    assert tab.js("window.argmap.map().nodes('.claim.match').length") == 1
    tab.page.click(f'#results [data-id="{claim_id}"]')
    tab.page.wait_for_function("(id) => window.argmap.state().claim === id", arg=claim_id)
    by_id = claim_id.split(".", 1)[1]
    tab.page.fill("#search", by_id)
    tab.page.wait_for_function(
        "(id) => [...document.querySelectorAll('#results li [data-id]')].some(e => e.dataset.id === id)",
        arg=claim_id)
    tab.check_clean()


def test_a_paper_filter_hides_that_papers_claims(open_page: Any, shipped: Path) -> None:
    tab = open_page(shipped)
    show_map(tab)
    visible = """(paper) => window.argmap.map().nodes('.claim')
        .filter(n => n.id().startsWith(paper + '.') && n.visible()).length"""
    assert tab.js(visible, "baidar") == 66
    tab.page.uncheck('#filters input[data-group="papers"][value="baidar"]')
    assert tab.js(visible, "baidar") == 0
    assert tab.js(visible, "bayan") == 173
    assert not any(i.startswith("baidar.") for i in tab.js("window.argmap.visibleClaims()"))
    assert tab.page.url.endswith("#view=map&papers=bayan,matar,alaaldin,idris")
    tab.page.uncheck('#filters input[data-group="types"][value="agrees"]')
    assert tab.js("window.argmap.map().edges('[type = \"agrees\"]').filter(e => e.visible()).length") == 0
    tab.page.click('#filters fieldset[data-group="kinds"] legend button:text("none")')
    assert tab.js(visible, "bayan") == 0
    tab.page.check('#filters input[data-group="kinds"][value="thesis"]')
    assert tab.js(visible, "bayan") == 1
    tab.check_clean()


def test_the_compare_view_lists_what_compare_gives(open_page: Any, shipped: Path) -> None:
    expected = json.loads(run("compare", "bayan", "baidar", "--json").stdout)
    tab = open_page(shipped)
    tab.page.click("#tab-compare")
    tab.page.select_option("#compare-left", "bayan")
    tab.page.select_option("#compare-right", "baidar")
    for category in ("agreements", "conflicts", "dependencies"):
        rows = tab.page.eval_on_selector_all(
            f'#view-compare section[data-category="{category}"] li.pair',
            "els => els.map(e => [e.dataset.left, e.dataset.right, e.dataset.type])")
        assert rows == [[e["left"]["id"], e["right"]["id"], e["type"]] for e in expected[category]]
    assert len(expected["agreements"]) == 11  # the list compared is not empty
    assert tab.page.url.endswith("#view=compare&left=bayan&right=baidar")
    tab.check_clean()


def test_a_link_to_a_claim_opens_the_page_on_it(open_page: Any, shipped: Path) -> None:
    claim = load().claims["bayan.track3.scenario"]
    tab = open_page(shipped, f"#claim={claim.id}")
    assert tab.page.is_visible("#view-map") and tab.page.is_visible("#panel")
    assert tab.page.text_content("#panel h2") == claim.text
    assert tab.page.text_content("#panel blockquote.quote") == claim.quote
    tab.page.wait_for_function(
        "(id) => window.argmap.map().getElementById(id).hasClass('focus')", arg=claim.id)
    tab.check_clean()


def test_store_strings_are_shown_as_text_and_run_nothing(open_page: Any, tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    assert run("--store", DATA / "hostile.yaml", "export", "html", "-o", out).exit_code == 0
    tab = open_page(out, "#claim=left.claim.img")
    page = tab.page
    assert page.text_content("#panel h2") == "<img src=x onerror=alert(1)>"
    assert page.text_content("#panel blockquote.quote").startswith(
        "</script><script>alert('quote')</script>")
    assert "</script><script>alert('title')</script>" in page.text_content("#panel .citation")
    assert "<svg onload=alert('actor')>" in page.text_content("#panel dl")
    assert page.text_content("#panel li .why") == (
        "<iframe src=\"javascript:alert('rationale')\"></iframe>")
    page.click("#tab-compare")
    assert page.text_content("#view-compare li.pair .why") == (
        "<iframe src=\"javascript:alert('rationale')\"></iframe>")
    page.fill("#search", "pomegranate")
    page.wait_for_selector("#results li")
    page.click("#tab-overview")
    assert "</script><script>alert('title')</script>" in page.eval_on_selector(
        '#overview-svg .paper[data-paper="left"] title', "e => e.textContent")
    for tag in ("img", "iframe", "i", "b", "a[href]", "svg svg", "body style"):
        assert page.query_selector_all(tag) == [], tag
    assert page.evaluate("document.scripts.length") == 3
    page.wait_for_timeout(300)
    tab.check_clean()
