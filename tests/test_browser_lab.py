"""Real-browser test: the course runs in JupyterLab, in headless Chromium.

A JupyterLab server is started on a free local port with a random token, on a
temporary copy of ``course/`` and ``exercises/`` (so autosave never touches the
checkout), and driven with Playwright's Python API against Debian's Chromium.
Screenshots go to ``artifacts/browser/`` (git-ignored). The server is stopped
in a ``finally`` even when the test fails.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser import MENU_FILE, MENU_RUN, menu, needs_chromium, run_all, wait_for_kernel

WIDGET_NOTEBOOK = "course/02_base_de_donnees_scoring.ipynb"  # mailing-depth simulator
WIDGET_RESULT = "Profondeur optimale"  # start of the sentence the simulator shows
TD_ID = "td0_prise_en_main"
TD_NOTEBOOK = f"exercises/{TD_ID}/{TD_ID}.ipynb"
COURSE_ID = "grc-marketing-direct"

pytestmark = [pytest.mark.browser, needs_chromium]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def artifacts(repo_root) -> Path:
    folder = repo_root / "artifacts" / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def lab(repo_root, tmp_path_factory):
    """A running JupyterLab on a copy of the course; yields its base URL and token."""
    root = tmp_path_factory.mktemp("lab")
    for folder in ("course", "exercises"):
        shutil.copytree(repo_root / folder, root / folder)
    # An nbgrader exchange holding one released TD, for the student's assignment list.
    outbound = root / "exchange" / COURSE_ID / "outbound" / TD_ID
    shutil.copytree(repo_root / "exercises" / TD_ID, outbound)
    (root / "exchange").chmod(0o777)
    (root / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Exchange.root = {str(root / 'exchange')!r}\n"
    )
    # JupyterLab 4 only renders the cells in view ("windowing"): render them all,
    # so outputs far down the notebook can be found.
    settings = root / "_settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    # No news pop-up over the cells: the course's lab overrides turn it off
    # (jupyter/labconfig/default_setting_overrides.json, as on the hub and Binder).
    port, token = _free_port(), secrets.token_hex(16)
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    log = open(root / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [
            os.path.join(bin_dir, "jupyter"),
            "lab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={root / '_settings'}",
            # a fresh workspace: no tabs (and kernels) restored from an earlier run
            f"--LabApp.workspaces_dir={root / '_workspaces'}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        env=env,
        cwd=root,  # nbgrader reads nbgrader_config.py from the server's working folder
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((root / "jupyterlab.log").read_text()) from None
                time.sleep(0.5)
        yield base, token
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def _open_and_run_all(browser, lab, notebook: str):
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    # One fresh workspace per notebook: no tab of another test is restored next to it.
    workspace = Path(notebook).stem
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached", timeout=90_000)
    wait_for_kernel(page)  # a « Run All » sent before the kernel is connected runs nothing
    run_all(page)
    return page


def _wait_for(page, locator, artifacts: Path, name: str) -> None:
    """Wait for ``locator``; a full-page screenshot is left behind when it never shows."""
    try:
        locator.wait_for(timeout=150_000)
    except Exception:
        page.screenshot(path=str(artifacts / f"{name}_echec.png"), full_page=True)
        raise


def _result_state(page, output) -> str:
    """Everything the widget shows except the slider itself (its readout would change anyway)."""
    return output.evaluate(
        """(el) => {
            const parts = [];
            el.querySelectorAll('.widget-html-content, .widget-label, .widget-output, img, svg, pre')
              .forEach((n) => {
                if (n.closest('.widget-slider')) return;
                parts.push(n.tagName === 'IMG' ? n.getAttribute('src') : n.innerText || n.innerHTML);
              });
            return parts.join('\\n');
        }"""
    )


def test_widget_slider_updates_the_result(browser, lab, artifacts):
    page = _open_and_run_all(browser, lab, WIDGET_NOTEBOOK)
    try:
        handle = page.locator(".widget-slider .noUi-handle").first
        _wait_for(page, handle, artifacts, "widget")
        output = page.locator(".jp-OutputArea-output", has=page.locator(".widget-slider")).first
        output.scroll_into_view_if_needed()
        page.wait_for_timeout(2000)
        before = _result_state(page, output)
        assert WIDGET_RESULT in before, "the simulator shows no result next to its sliders"
        page.screenshot(path=str(artifacts / "widget_avant.png"))
        handle.focus()
        for _ in range(8):
            page.keyboard.press("ArrowRight")
        deadline = time.monotonic() + 30
        after = before
        while after == before and time.monotonic() < deadline:
            page.wait_for_timeout(500)
            after = _result_state(page, output)
        page.screenshot(path=str(artifacts / "widget_apres.png"))
        assert after != before, "moving the slider did not change the displayed result"
        assert WIDGET_RESULT in after
    finally:
        page.close()


def test_td_self_check_shows_french_feedback(browser, lab, artifacts):
    page = _open_and_run_all(browser, lab, TD_NOTEBOOK)
    try:
        feedback = page.locator(".jp-OutputArea-output", has_text="pas encore").first
        _wait_for(page, feedback, artifacts, "autoverification")
        feedback.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "autoverification.png"))
        outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
        assert not any("Traceback" in text for text in outputs), (
            "a raw traceback reached the student"
        )
    finally:
        page.close()


def test_interface_is_in_french(browser, lab, artifacts):
    """The menus are French with no click from the student (settings overrides)."""
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{base}/lab/workspaces/francais?reset&token={token}")
        menu(page, MENU_FILE).wait_for(timeout=90_000)
        labels = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert MENU_FILE in labels and MENU_RUN in labels, labels
        assert "File" not in labels and "Run" not in labels, labels
        menu(page, MENU_RUN).click()
        items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
        page.screenshot(path=str(artifacts / "lab_francais.png"))
        # (« Exécuter toutes les cellules » itself is clicked by the notebook tests)
        assert any(item.startswith("Exécuter la cellule") for item in items), items
        # nor a « news » question over the cells (overrides: fetchNews false)
        page.wait_for_timeout(3_000)
        assert page.get_by_text("Souhaitez-vous", exact=False).count() == 0
    finally:
        page.close()


def test_nbgrader_assignment_list_lists_the_released_td(browser, lab, artifacts):
    """nbgrader's student panel still works in the French interface: it lists the TD
    released in the exchange and fetches it."""
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{base}/lab/workspaces/nbgrader?reset&token={token}")
        menu(page, "Nbgrader").click()
        page.locator(".lm-Menu-itemLabel", has_text="Assignment List").first.click()
        released = page.locator("#released_assignments_list")
        released.wait_for(timeout=60_000)
        try:
            released.get_by_text(TD_ID).wait_for(timeout=60_000)
        except Exception:
            page.screenshot(path=str(artifacts / "nbgrader_echec.png"))
            raise
        page.screenshot(path=str(artifacts / "nbgrader_assignment_list.png"))
        released.get_by_role("button", name=re.compile("Fetch")).first.click()
        page.locator("#fetched_assignments_list").get_by_text(TD_ID).first.wait_for(timeout=60_000)
        page.screenshot(path=str(artifacts / "nbgrader_assignment_list.png"))
    finally:
        page.close()
