"""`crmkit grading release` / `check` on a tiny course in a temp folder."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from grading_mini import TD, make_mini_course  # noqa: E402

from crmkit.cli import main  # noqa: E402
from crmkit.grading.release import release, stale_assignments  # noqa: E402


@pytest.fixture()
def course(tmp_path: Path) -> Path:
    return make_mini_course(tmp_path / "cours")


def test_release_builds_student_version_without_gradebook(course, capsys):
    assert main(["grading", "release", "--course-root", str(course)]) == 0
    out = course / "exercises" / TD
    assert sorted(p.name for p in out.iterdir()) == ["td_mini.ipynb", "ventes.csv"]
    text = (out / "td_mini.ipynb").read_text(encoding="utf-8")
    assert "20_000 * 1.0" not in text  # solution removed
    assert "nb_lignes == 3" not in text  # hidden test removed
    assert "Car le mailing" not in text  # written answer removed
    assert "Écrivez votre réponse ici" in text  # French stub from nbgrader_config.py
    assert not list(course.rglob("*.db"))  # no gradebook left in the course
    assert "Version étudiante générée" in capsys.readouterr().out
    assert stale_assignments(course) == []
    assert main(["grading", "check", "--course-root", str(course)]) == 0


def test_check_fails_when_source_changes(course, capsys):
    release(course)
    src = course / "solutions" / TD / f"{TD}.ipynb"
    nb = nbformat.read(src, as_version=4)
    nb.cells[0].source += "\nNouvelle consigne."
    nbformat.write(nb, src)
    assert stale_assignments(course) == [TD]
    assert main(["grading", "check", "--course-root", str(course)]) == 1
    err = capsys.readouterr().err
    assert "n'est pas à jour pour : td_mini" in err and "make exercises" in err
    release(course, [TD])
    assert stale_assignments(course) == []


def test_check_ignores_volatile_metadata_but_not_edits(course):
    release(course)
    path = course / "exercises" / TD / f"{TD}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.metadata["language_info"] = {"name": "python", "version": "3.99"}
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2025-01-01"}
    nbformat.write(nb, path)
    assert stale_assignments(course) == []
    nb.cells[2].source = "cout = 20000  # réponse laissée par erreur"
    nbformat.write(nb, path)
    assert stale_assignments(course) == [TD]


def test_extra_missing_and_orphan_folders_are_stale(course):
    release(course)
    (course / "exercises" / TD / "en_trop.txt").write_text("x", encoding="utf-8")
    (course / "exercises" / "td_ancien").mkdir()
    (course / "exercises" / "td_ancien" / "td_ancien.ipynb").write_text("{}", encoding="utf-8")
    assert stale_assignments(course) == ["td_ancien", TD]
    release(course)  # all TDs: rebuilds and removes folders without a source
    assert not (course / "exercises" / "td_ancien").exists()
    assert stale_assignments(course) == []


def test_unknown_td_is_a_french_error(course, capsys):
    assert main(["grading", "release", "td_inconnu", "--course-root", str(course)]) == 2
    err = capsys.readouterr().err
    assert "TD inconnu : td_inconnu" in err and "td_mini" in err
    assert not (course / "exercises").exists()


def test_register_fills_the_course_gradebook(course):
    from nbgrader.api import Gradebook

    from crmkit.grading.release import register

    register(course, TD)
    db = course / "grading" / "gradebook.db"
    assert db.is_file()
    assert not (course / "exercises").exists()  # register does not release
    with Gradebook(f"sqlite:///{db}", "grc-marketing-direct") as gb:
        assignment = gb.find_assignment(TD)
        assert assignment.max_score == 5
        assert [nb.name for nb in assignment.notebooks] == [TD]


def test_fast_alembic_head_matches_alembic():
    """The cached head read from nbgrader's migration files equals `alembic heads`."""
    import os
    import subprocess

    from nbgrader.dbutil import _temp_alembic_ini

    from crmkit.grading.release import alembic_head

    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    with _temp_alembic_ini("sqlite:////tmp/unused.db") as ini:
        out = subprocess.check_output(["alembic", "-c", ini, "heads"], env=env, text=True)
    assert alembic_head() == out.split()[0]
