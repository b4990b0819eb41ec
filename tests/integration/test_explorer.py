"""The org-chart explorer at /explorer, in a real browser: Debian's headless chromium (installed by
scripts/chromium.py where missing) driven by Playwright, against the API served by uvicorn on
loopback over the demo data. What the page shows is checked against what GraphQL answers.

``EXPLORER_SCREENSHOT=docs/explorer.png`` makes the run also write the README's screenshot.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.async_api import Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from api.app import create_app
from api.settings import Settings
from graph.access import Role
from scripts.chromium import ensure_chromium
from scripts.explorer import BUNDLE, build
from tests.helpers import TODAY, GraphQL, KeyFor, serving

#: How long the page may take to answer a step (a loaded, shared machine).
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def chromium() -> str:
    # Raises (the test errors, with the reason) when chromium can be neither found nor installed.
    return ensure_chromium()


@contextmanager
def _uvicorn(settings: Settings) -> Iterator[str]:
    """The API under uvicorn on a loopback port of its own, in a thread with its own loop."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(300):
        if server.started:
            break
        threading.Event().wait(0.1)
    try:
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture(scope="module")
def live_url(settings: Settings) -> Iterator[str]:
    """Authentication on: the page asks for a key."""
    with _uvicorn(settings.model_copy(update={"rate_limit_capacity": 0})) as url:
        yield url


@pytest.fixture(scope="module")
def open_url(settings: Settings) -> Iterator[str]:
    """As `make run` serves it: authentication off on loopback, the page needs no key."""
    with _uvicorn(
        settings.model_copy(update={"rate_limit_capacity": 0, "auth_required": False})
    ) as url:
        yield url


@pytest.fixture
def page_log() -> list[str]:
    """What the page said (console lines, uncaught errors), for a failure's message."""
    return []


@pytest.fixture
async def page(chromium: str, page_log: list[str]) -> AsyncIterator[Page]:
    async with async_playwright() as playwright:
        # --no-sandbox: the suite may run as root (in a container), where chromium needs it.
        browser = await playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox"]
        )
        try:
            context = await browser.new_context(viewport={"width": 1500, "height": 1000})
            opened = await context.new_page()
            opened.on("console", lambda m: page_log.append(f"console {m.type}: {m.text}"))
            opened.on("pageerror", lambda e: page_log.append(f"page error: {e}"))
            yield opened
        finally:
            await browser.close()


async def _facts(gql: GraphQL) -> dict[str, Any]:
    """What the page should show, from GraphQL: the anchor account (tier 4), its chart, its
    champion (whom champion dependency names) and the scores without them."""
    accounts = await gql("{ accounts(filter: {tiers: [4]}) { edges { node { accountId } } } }")
    (anchor,) = [e["node"]["accountId"] for e in accounts["data"]["accounts"]["edges"]]
    body = await gql(
        """query($id: ID!) { account(id: $id) {
             people { totalCount }
             former: people(status: FORMER) { edges { node { personId name roles { accountId role } } } }
             orgChart { totalCount nodes { personId roles bestStrength person { name } } }
             scores { championDependency { value ranking { person { ownId } } } } } }""",
        variables={"id": anchor},
    )
    account = body["data"]["account"]
    champions = {n["personId"] for n in account["orgChart"]["nodes"] if "CHAMPION" in n["roles"]}
    # The current champion the account depends on most.
    champion = next(
        item["person"]["ownId"]
        for item in account["scores"]["championDependency"]["ranking"]
        if item["person"]["ownId"] in champions
    )
    without = await gql(
        """query($id: ID!, $p: ID!) { account(id: $id) {
             scores(without: [$p]) { championDependency { value } }
             introductionPaths(personId: $p) { steps { target { ownId } } } } }""",
        variables={"id": anchor, "p": champion},
    )
    return {
        "anchor": anchor,
        "account": account,
        "champion": champion,
        "without": without["data"]["account"],
    }


async def _open(page: Page, url: str, key: str, log: list[str]) -> None:
    await page.goto(url)
    # Without credentials the page asks for a key (authentication is on here), kept per tab.
    await page.locator("#key-form").wait_for(state="visible", timeout=WAIT_MS)
    await page.fill("#key", key)
    await page.press("#key", "Enter")
    await _drawn(page, log)


async def _drawn(page: Page, log: list[str]) -> None:
    try:
        await page.locator(".person").first.wait_for(timeout=WAIT_MS)
    except PlaywrightTimeout:
        said = await page.locator("#status").inner_text()
        pytest.fail(f"no org chart drawn; status {said!r}; {log}")


async def _figure(page: Page, field: str) -> str:
    return await page.locator(f'[data-score="{field}"] .value').inner_text()


async def test_the_explorer_shows_the_anchor_account_and_its_what_if(
    demo: None,
    gql: GraphQL,
    key_for: KeyFor,
    live_url: str,
    page: Page,
    page_log: list[str],
) -> None:
    facts = await _facts(gql)
    account = facts["account"]
    key = await key_for(Role.VIEWER, name="explorer")
    await _open(page, f"{live_url}/explorer?account={facts['anchor']}", key, page_log)

    # Every current person of the anchor is drawn, once.
    assert account["people"]["totalCount"] == account["orgChart"]["totalCount"] > 10
    drawn = await page.locator(".person").evaluate_all("els => els.map(e => e.dataset.personId)")
    assert sorted(drawn) == sorted(n["personId"] for n in account["orgChart"]["nodes"])
    assert await page.locator("#count").get_attribute("data-count") == str(len(drawn))

    # Each person's colour is the legend's colour of their best strength, as GraphQL says it.
    strengths = {n["personId"]: n["bestStrength"] or "NONE" for n in account["orgChart"]["nodes"]}
    legend = await page.locator("[data-legend]").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.legend, getComputedStyle(e).backgroundColor]))"
    )
    assert len(set(legend.values())) == len(legend) == 5, legend
    fills = await page.locator(".person").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.personId, getComputedStyle(e.querySelector('.box')).fill]))"
    )
    assert {fills[p] for p in fills} <= set(legend.values())
    for person_id, strength in strengths.items():
        assert fills[person_id] == legend[strength], (person_id, strength)
    champion = facts["champion"]
    assert strengths[champion] != "NONE"
    # ... with a badge for each of their buying roles.
    badges = await page.locator(".person").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.personId,"
        " [...e.querySelectorAll('[data-role]')].map(b => b.dataset.role)]))"
    )
    assert badges == {n["personId"]: n["roles"] for n in account["orgChart"]["nodes"]}
    assert "CHAMPION" in badges[champion]

    # What-if: choosing the champion shows champion dependency without them.
    before = await _figure(page, "championDependency")
    assert before == f"{account['scores']['championDependency']['value']:.1f}"
    expected = f"{facts['without']['scores']['championDependency']['value']:.1f}"
    assert expected != before
    node = page.locator(f'.person[data-person-id="{champion}"]')
    await node.click()
    await page.wait_for_function(
        """([field, value]) => document.querySelector(`[data-score="${field}"] .value`)
             ?.dataset.value === value""",
        arg=["championDependency", expected],
        timeout=WAIT_MS,
    )
    # ... and our warm path to them, highlighted on the chart.
    if facts["without"]["introductionPaths"]:
        await page.locator(f'.person.on-path[data-person-id="{champion}"]').wait_for(
            timeout=WAIT_MS
        )

    # With the keyboard: Esc clears the choice, Enter on a focused person makes it again.
    await page.keyboard.press("Escape")
    await page.wait_for_function(
        "v => document.querySelector('[data-score=\"championDependency\"] .value')"
        "?.dataset.value === v",
        arg=before,
        timeout=WAIT_MS,
    )
    await node.focus()
    await page.keyboard.press("Enter")
    await page.wait_for_function(
        "v => document.querySelector('[data-score=\"championDependency\"] .value')"
        "?.dataset.value === v",
        arg=expected,
        timeout=WAIT_MS,
    )
    await page.keyboard.press("ArrowLeft")  # to the champion's manager
    focused = await page.evaluate("document.activeElement?.dataset?.personId ?? null")
    assert focused not in (None, champion)

    screenshot = os.environ.get("EXPLORER_SCREENSHOT")
    if screenshot:
        await page.screenshot(path=Path(screenshot))


async def test_the_as_of_slider_a_year_back_shows_the_champion_who_has_left(
    demo: None,
    gql: GraphQL,
    key_for: KeyFor,
    live_url: str,
    page: Page,
    page_log: list[str],
) -> None:
    facts = await _facts(gql)
    left = [
        p["node"]
        for p in facts["account"]["former"]["edges"]
        if {"accountId": facts["anchor"], "role": "CHAMPION"} in p["node"]["roles"]
    ]
    assert left, "the demo's anchor has a champion who left"
    gone = left[0]["personId"]
    key = await key_for(Role.VIEWER, name="explorer")
    await _open(page, f"{live_url}/explorer?account={facts['anchor']}", key, page_log)
    assert await page.locator(f'.person[data-person-id="{gone}"]').count() == 0
    assert await page.locator(f'#former [data-person-id="{gone}"]').count() == 1

    year_ago = (TODAY - timedelta(days=365)).isoformat()
    slider = page.locator("#as-of")
    await slider.evaluate(
        "el => { el.value = '-365'; el.dispatchEvent(new Event('input'));"
        " el.dispatchEvent(new Event('change')); }"
    )
    assert await page.locator("#as-of-label").inner_text() == year_ago
    await page.locator(f'.person[data-person-id="{gone}"]').wait_for(timeout=WAIT_MS)
    assert await page.locator(f'#former [data-person-id="{gone}"]').count() == 0
    await page.locator("#scores-as-of", has_text=year_ago).wait_for(timeout=WAIT_MS)


def test_the_committed_bundle_is_built_from_its_sources(tmp_path: Path) -> None:
    fresh = build(tmp_path / "explorer.js")
    assert fresh.read_bytes() == BUNDLE.read_bytes(), "run `make explorer` and commit the bundle"


async def test_the_page_and_its_script_are_served(anonymous: Any) -> None:
    page = await anonymous.get("/explorer")
    assert page.status_code == 200
    assert '/explorer-assets/explorer.js"' in page.text
    script = await anonymous.get("/explorer-assets/explorer.js")
    assert script.status_code == 200 and "ExplorerChart" in script.text


async def test_explorer_false_serves_neither(settings: Settings) -> None:
    async with serving(settings.model_copy(update={"explorer": False})) as http:
        assert (await http.get("/explorer")).status_code == 404
        assert (await http.get("/explorer-assets/explorer.js")).status_code == 404


async def test_a_chart_loaded_lazily_expands_with_the_keyboard(
    demo: None,
    gql: GraphQL,
    open_url: str,
    page: Page,
    page_log: list[str],
) -> None:
    facts = await _facts(gql)
    top = await gql(
        """query($id: ID!) { account(id: $id) { orgChart(depth: 1) {
             nodes { personId depth hiddenDescendants } } } }""",
        variables={"id": facts["anchor"]},
    )
    nodes = top["data"]["account"]["orgChart"]["nodes"]
    # ?depth=1: the top two levels only, whatever the chart's size, as a large chart starts.
    # As on `make run`: no key asked for, none given.
    await page.goto(f"{open_url}/explorer?account={facts['anchor']}&depth=1")
    await _drawn(page, page_log)
    assert await page.locator("#key-form").is_hidden()
    assert await page.locator(".person").count() == len(nodes)
    deeper = next(n for n in nodes if n["depth"] == 1 and n["hiddenDescendants"] > 0)
    below = await gql(
        """query($id: ID!, $root: ID!) { account(id: $id) {
             orgChart(rootPersonId: $root, depth: 2) { nodes { personId } } } }""",
        variables={"id": facts["anchor"], "root": deeper["personId"]},
    )
    added = len(below["data"]["account"]["orgChart"]["nodes"]) - 1
    assert 0 < added <= deeper["hiddenDescendants"]
    await page.locator(f'.person[data-person-id="{deeper["personId"]}"]').focus()
    await page.keyboard.press("e")
    await page.wait_for_function(
        "n => document.querySelectorAll('.person').length === n",
        arg=len(nodes) + added,
        timeout=WAIT_MS,
    )
    # The expanded people hang below the one expanded.
    await page.keyboard.press("ArrowRight")
    child = await page.evaluate("document.activeElement?.dataset?.personId ?? null")
    assert child in {n["personId"] for n in below["data"]["account"]["orgChart"]["nodes"]}
    assert child != deeper["personId"]


async def test_a_dotted_line_is_drawn_dashed_beside_the_tree(
    demo: None,
    gql: GraphQL,
    key_for: KeyFor,
    live_url: str,
    page: Page,
    page_log: list[str],
) -> None:
    facts = await _facts(gql)
    chart = await gql(
        "query($id: ID!) { account(id: $id) { orgChart { nodes { personId parentId } } } }",
        variables={"id": facts["anchor"]},
    )
    nodes = chart["data"]["account"]["orgChart"]["nodes"]
    # Two people of the chart, neither the other's solid-line manager.
    person, manager = next(
        (a["personId"], b["personId"])
        for a in nodes
        for b in nodes
        if a["personId"] != b["personId"]
        and a["parentId"] not in (None, b["personId"])
        and b["parentId"] != a["personId"]
    )
    added = await gql(
        "mutation($p: ID!, $m: ID!) { setDottedLine(personId: $p, managerId: $m) {"
        " userErrors { code message } } }",
        variables={"p": person, "m": manager},
    )
    assert added["data"]["setDottedLine"]["userErrors"] == []
    key = await key_for(Role.VIEWER, name="explorer")
    await _open(page, f"{live_url}/explorer?account={facts['anchor']}", key, page_log)
    line = page.locator(f'path.line.dotted[data-source="{person}"][data-target="{manager}"]')
    await line.wait_for(timeout=WAIT_MS)
    assert await line.evaluate("el => getComputedStyle(el).strokeDasharray") not in ("", "none")
    # The solid lines are not dashed.
    solid = page.locator("path.line.solid").first
    assert await solid.evaluate("el => getComputedStyle(el).strokeDasharray") in ("", "none")
