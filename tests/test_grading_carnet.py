"""Which gradebook ``crmkit grading`` uses (``--db-url``, ``CRMKIT_DB_URL``) and a server that is down."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crmkit.grading.release import load_config

REPO = Path(__file__).resolve().parents[1]
CRMKIT = str(Path(sys.executable).parent / "crmkit")
DOWN = "postgresql+psycopg://correcteur:s3cr3t@127.0.0.1:1/grc"  # nothing listens on port 1


@pytest.fixture
def cours(tmp_path) -> Path:
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    return tmp_path


def test_course_config_reads_the_url_from_the_environment(cours, monkeypatch):
    monkeypatch.delenv("CRMKIT_DB_URL", raising=False)
    assert load_config(cours).CourseDirectory.db_url == "sqlite:///" + str(
        cours / "grading" / "gradebook.db"
    )
    monkeypatch.setenv("CRMKIT_DB_URL", "postgresql+psycopg://u@h:5432/b")
    assert load_config(cours).CourseDirectory.db_url == "postgresql+psycopg://u@h:5432/b"


@pytest.mark.parametrize("commande", [["export", "td0"], ["autograde", "td0", "--jobs", "1"]])
def test_gradebook_server_down_is_a_french_error_and_nothing_is_written(cours, commande):
    env = {k: v for k, v in os.environ.items() if k != "CRMKIT_DB_URL"}
    r = subprocess.run(
        [CRMKIT, "grading", *commande, "--course-root", str(cours), "--db-url", DOWN],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stderr.startswith("Erreur : le carnet de notes (postgresql+psycopg://correcteur:***@")
    assert "ne répond pas" in r.stderr and "rien n'a été écrit" in r.stderr
    assert "s3cr3t" not in r.stderr and "Traceback" not in r.stderr
    assert sorted(p.name for p in cours.iterdir()) == ["nbgrader_config.py"]


def test_environment_variable_works_like_the_option(cours):
    env = dict(os.environ, CRMKIT_DB_URL=DOWN)
    r = subprocess.run(
        [CRMKIT, "grading", "report", "td0", "--course-root", str(cours)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "ne répond pas" in r.stderr


def test_sqlite_gradebook_is_not_checked_by_a_connection(cours):
    """A SQLite file is nbgrader's business: no early error, the command runs as before."""
    env = {k: v for k, v in os.environ.items() if k != "CRMKIT_DB_URL"}
    r = subprocess.run(
        [CRMKIT, "grading", "export", "td0", "--course-root", str(cours)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    assert "ne répond pas" not in r.stderr
    assert "pas de carnet de notes" in r.stderr  # export's own message, as before
