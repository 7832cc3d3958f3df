"""Honest and wrong submissions: the sandboxed engine gives serial nbgrader's exact scores."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import sandbox_corpus as sc  # noqa: E402

from crmkit.grading import autograde as ag  # noqa: E402
from crmkit.grading import sandbox  # noqa: E402


def _cell_scores(root: Path, assignment: str) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root}/grading/gradebook.db") as gb:
        return {
            (sub.student.id, grade.name): grade.score
            for sub in gb.assignment_submissions(assignment)
            for nb in sub.notebooks
            for grade in nb.grades
        }


@pytest.fixture(scope="module")
def two_courses(tmp_path_factory):
    base = tmp_path_factory.mktemp("equiv")
    course = sc.make_course(base / "engine")
    subs = {
        "honnete": sc.honest(course),
        "partiel": sc.partial(course),
        "vide": sc.blank(course),
        "faux_1": sc.wrong(course, [1]),
        "faux_2": sc.wrong(course, [2]),
    }
    for name, nb in subs.items():
        course.submit(name, {course.nb_name: nb})
    plain = base / "plain"
    shutil.copytree(course.root, plain)
    sc.nbgrader(plain, "autograde", course.assignment)
    return course, plain


@pytest.mark.skipif(sandbox._bwrap() is None, reason="bubblewrap requis")
def test_same_scores_as_serial_nbgrader(two_courses):
    course, plain = two_courses
    outcomes = ag.autograde(course.root, course.assignment, jobs=2, progress=False)
    expected = _cell_scores(plain, course.assignment)
    got = _cell_scores(course.root, course.assignment)
    assert got == expected
    assert {o.status for o in outcomes} == {"ok"}
    scores = {o.student_id: o.score for o in outcomes}
    assert scores["honnete"] == 8 and scores["vide"] == 0 and scores["faux_1"] < 8


def test_resume_skips_graded_and_student_option_regrades(two_courses):
    course, _ = two_courses
    if not (course.root / "grading" / "outcomes").exists():
        pytest.skip("needs the previous test")
    assert ag.autograde(course.root, course.assignment, progress=False) == []
    again = ag.autograde(course.root, course.assignment, students=["vide"], progress=False)
    assert [o.student_id for o in again] == ["vide"]


def test_no_sandbox_is_recorded(two_courses):
    course, _ = two_courses
    out = ag.autograde(
        course.root, course.assignment, students=["honnete"], sandbox=False, progress=False
    )
    assert out[0].sandboxed is False and out[0].score == 8
    assert "SANS bac à sable" in ag.summary_table(out)


def test_missing_bwrap_stops_with_french_message(two_courses, monkeypatch, capsys):
    course, _ = two_courses
    monkeypatch.setattr(sandbox, "_bwrap", lambda: None)
    sandbox.check_available.cache_clear()
    try:
        with pytest.raises(sandbox.SandboxIndisponible, match="--no-sandbox"):
            ag.autograde(course.root, course.assignment, progress=False)
        parser = __import__("argparse").ArgumentParser()
        ag.add_arguments(parser)
        args = parser.parse_args([course.assignment, "--course-root", str(course.root)])
        assert ag.run(args) == 2
        assert "bubblewrap" in capsys.readouterr().err
    finally:
        sandbox.check_available.cache_clear()


def test_unknown_assignment_is_explained(two_courses):
    course, _ = two_courses
    with pytest.raises(ag.AutogradeError, match="crmkit grading release"):
        ag.autograde(course.root, "td_inexistant", sandbox=False, progress=False)
