"""Shared pytest fixtures."""

import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = str(Path(sys.executable).parent)

# nbgrader shells out to ``alembic``: the venv's bin must come first on PATH.
if not os.environ.get("PATH", "").startswith(VENV_BIN + os.pathsep):
    os.environ["PATH"] = VENV_BIN + os.pathsep + os.environ.get("PATH", "")

# Headless matplotlib everywhere in tests.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the tests marked ``browser`` (see tests/browser.py)."""
    from browser import chromium

    with chromium() as navigateur:
        yield navigateur


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout's root folder."""
    return REPO_ROOT


# --- site fixture (issue 24) ---------------------------------------------------
# Teacher-only material planted in the site's build copy: it must never be published.
ENSEIGNANT_MARQUEUR = "MARQUEUR-ENSEIGNANT-7f3a9c : corrigé réservé à l'enseignant"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The course site built by Sphinx (``make site``'s command) from a copy of the course.

    The copy holds planted ``enseignant/`` folders (a solution notebook and a marked note,
    at the root, in ``course/`` and as ``exercises/enseignant/``): the leak tests check that
    none of it is published. Only ``course/00_demarrer`` is executed (a quick check that
    executed pages show outputs); ``make site`` executes every course notebook.
    Returns ``(copy_root, output_dir)``.
    """
    import json
    import shutil
    import subprocess

    racine = tmp_path_factory.mktemp("site_repo")
    shutil.copytree(
        REPO_ROOT / "site",
        racine / "site",
        symlinks=True,
        ignore=shutil.ignore_patterns("node_modules", "_build"),
    )
    (racine / "site" / "node_modules").symlink_to(REPO_ROOT / "site" / "node_modules")
    for dossier in ("course", "exercises"):
        shutil.copytree(REPO_ROOT / dossier, racine / dossier)
    solution = sorted((REPO_ROOT / "solutions").glob("*/*.ipynb"))[0]
    note = {
        "cells": [
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": f"# Corrigé\n\n{ENSEIGNANT_MARQUEUR}",
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for dossier in (
        racine / "enseignant",
        racine / "course" / "enseignant",
        racine / "exercises" / "enseignant",
    ):
        dossier.mkdir()
        shutil.copy(solution, dossier / "corrige.ipynb")
        (dossier / "note.ipynb").write_text(json.dumps(note), encoding="utf-8")
        (dossier / "bareme.md").write_text(f"# Barème\n\n{ENSEIGNANT_MARQUEUR}\n", encoding="utf-8")
    sortie = racine / "_site"
    autres = ",".join(
        f"course/{p.name}" for p in sorted((REPO_ROOT / "course").glob("*.ipynb"))[1:]
    )
    proc = subprocess.run(
        [
            str(Path(VENV_BIN) / "sphinx-build"),
            "-q",
            "-b",
            "html",
            str(racine / "site"),
            str(sortie),
        ],
        env=dict(os.environ, CRMKIT_SITE_EXECUTION="force", CRMKIT_SITE_NON_EXECUTES=autres),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    return racine, sortie


# --- end site fixture ------------------------------------------------------------


@pytest.fixture(autouse=True)
def _hints_start_from_the_first():
    """Each test sees every TD's hints from the first one, whatever ran before it in
    the same worker (``indice`` counts the hints already given, per question)."""
    for name, module in list(sys.modules.items()):
        questions = (
            getattr(module, "QUESTIONS", None) if name.startswith("crmkit.exercices.") else None
        )
        if questions is not None:
            questions._indices_vus.clear()
    yield
