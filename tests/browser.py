"""Test helper: Debian's Chromium driven by Playwright, and the JupyterLab gestures.

Used by ``tests/test_browser_*.py`` (through the ``browser`` fixture of
``conftest.py``) and by the hub's web-UI test::

    from browser import RUN_ALL, chromium, run_all, wait_for_kernel

    with chromium() as navigateur:
        page = navigateur.new_page()
        ...
        wait_for_kernel(page)  # a real kernel, connected and idle
        run_all(page)

JupyterLab is in French wherever the course serves it
(``jupyter/labconfig/default_setting_overrides.json``, installed into the venv
by ``make venv``), so the menus are driven by their French labels.

>>> Path(CHROMIUM).name
'chromium'
>>> "--no-sandbox" in CHROMIUM_ARGS
True
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="chromium absent (make test l'installe)"
)

MENU_FILE = "Fichier"
MENU_RUN = "Exécution"
RUN_ALL = "Exécuter toutes les cellules"
KERNEL_IDLE = "Inactif"  # the status bar's « Python 3 (ipykernel) | Inactif »


@contextmanager
def chromium() -> Iterator:
    """A headless Chromium (Playwright ``Browser``), closed on the way out."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield navigateur
        finally:
            navigateur.close()


def menu(page, label: str):
    """The menu bar item whose label is exactly *label*."""
    return page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{label}$")).first


def wait_for_kernel(page, timeout: float = 120_000) -> None:
    """Wait until the open notebook has a kernel, connected and idle.

    Not the toolbar's execution indicator: its ``data-status`` reads ``idle``
    from the moment the notebook opens, before any kernel exists, and a
    « Exécuter toutes les cellules » sent then runs nothing (JupyterLab finds no
    kernel and clears the prompts). The status bar names the kernel and its
    state only once the kernel's websocket is connected.
    """
    page.locator(
        ".jp-StatusBar-TextItem", has_text=re.compile(rf"\| {KERNEL_IDLE}$")
    ).first.wait_for(timeout=timeout)


def run_all(page) -> None:
    """« Exécution › Exécuter toutes les cellules » (the exact item, not « Redémarrer … »)."""
    menu(page, MENU_RUN).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^{RUN_ALL}$")).first.click()
