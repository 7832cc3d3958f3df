"""Real-browser test of the built site (``make site``), served locally, in headless Chromium.

The site is the one ``built_site`` (conftest) builds with Sphinx. It is served by
``python -m http.server`` on a free local port; every request to another host is blocked
and recorded, so the tests also prove that a reader needs no network (MathJax included).
Screenshots go to ``artifacts/site/`` (git-ignored).
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser import needs_chromium

COURSE_PAGE = "course/02_base_de_donnees_scoring.html"  # break-even formulas
TD_ID = "td1_enjeux_crm"

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture(scope="module")
def artifacts(repo_root) -> Path:
    folder = repo_root / "artifacts" / "site"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def served(built_site):
    """Base URL of the built site served on 127.0.0.1; the server stops in a finally."""
    _, sortie = built_site
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(sortie)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/index.html", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def page(browser, served):
    """A page that may only reach the local site; other requests are blocked and listed."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(served):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    p = context.new_page()
    p.set_default_timeout(30_000)
    yield p
    context.close()
    assert not blocked, f"the site tried to reach the network: {blocked[:5]}"


def test_search_finds_stobachoff(page, served, artifacts):
    page.goto(f"{served}/index.html")
    page.locator(".search-button__button").first.click()
    champ = page.locator("input[type=search]:visible").first
    champ.fill("Stobachoff")
    champ.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=Stobachoff"))
    resultats = page.locator("#search-results li")
    resultats.first.wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "recherche_stobachoff.png"))
    titres = resultats.locator("a").all_inner_texts()
    assert any(t.startswith("1. Les enjeux") for t in titres), titres
    assert any(t.startswith("TD 1 ") for t in titres), titres
    # a word found nowhere gives no result
    page.goto(f"{served}/search.html?q=Zyxwvutsrq")
    resume = page.locator("#search-results .search-summary")
    resume.wait_for()
    page.wait_for_function(
        "() => document.querySelector('#search-results .search-summary').innerText.trim() !== ''"
    )
    assert page.locator("#search-results li").count() == 0


def test_navigation_sidebar_next_and_previous(page, served):
    page.goto(f"{served}/index.html")
    page.locator("nav.bd-links a", has_text="1. Les enjeux").first.click()
    page.wait_for_url(re.compile(r"course/01_enjeux_relation_client\.html"))
    assert "Les enjeux de la relation client" in page.locator("h1").first.inner_text()
    page.locator("a.right-next").click()
    page.wait_for_url(re.compile(rf"exercises/{TD_ID}/{TD_ID}\.html"))
    assert page.locator("h1").first.inner_text().startswith("TD 1 ")
    assert "version étudiant" in page.locator(".crmkit-fiche").inner_text()
    page.locator("a.left-prev").click()
    page.wait_for_url(re.compile(r"course/01_enjeux_relation_client\.html"))
    # the sidebar marks the current page
    assert "1. Les enjeux" in page.locator("nav.bd-links .current").first.inner_text()


def test_formula_is_rendered_by_the_sites_own_mathjax(page, served, artifacts):
    page.goto(f"{served}/{COURSE_PAGE}")
    formule = page.locator("div.math mjx-container").first
    formule.wait_for()
    formule.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "page_cours.png"))
    # MathJax replaced the TeX source by its own rendering (fraction with its parts)
    assert formule.locator("mjx-frac").count() >= 1 or page.locator("mjx-frac").count() >= 1
    assert "\\frac" not in page.locator("div.math").nth(1).inner_text()
    assert formule.bounding_box()["height"] > 10


def test_download_button_serves_the_student_notebook(page, served, repo_root):
    page.goto(f"{served}/exercises/{TD_ID}/{TD_ID}.html")
    page.locator(".dropdown-download-buttons button.dropdown-toggle").click()
    lien = page.locator("a.btn-download-source-button")
    lien.wait_for()
    assert lien.inner_text().strip() == ".ipynb"
    reponse = page.request.get(f"{served}/exercises/{TD_ID}/" + lien.get_attribute("href"))
    assert reponse.ok
    eleve = (repo_root / "exercises" / TD_ID / f"{TD_ID}.ipynb").read_bytes()
    assert reponse.body() == eleve
    assert b"BEGIN SOLUTION" not in reponse.body()
