"""Issue 19's resource and feedback corpus through the sandboxed autograder.

One batch grades the attacks of ``fixtures/sandbox_corpus_ressources.py``
with two control students; then the feedback pages are generated. For each
case: the batch finishes, the attacker gets no more than the honest score
(the points earned before the attack are kept), the controls equal a clean
run, nothing of the attacker is left (processes, files on the host), the
returned pages hold no hidden-test line, and the report names what
happened in French.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import sandbox_corpus as sc  # noqa: E402
import sandbox_corpus_ressources as scr  # noqa: E402

from crmkit.grading import sandbox  # noqa: E402
from crmkit.grading.autograde import autograde  # noqa: E402
from crmkit.grading.masquage import secretes_du_cours  # noqa: E402
from crmkit.grading.outcome import STATUTS  # noqa: E402
from crmkit.grading.release import load_config  # noqa: E402
from crmkit.grading.retours import RetoursReport, _pages_sans_fuite, build_retours  # noqa: E402
from crmkit.grading.tests_caches import normaliser, trouvees  # noqa: E402

pytestmark = pytest.mark.skipif(
    sandbox._bwrap() is None or sys.platform != "linux", reason="bubblewrap requis"
)

CASES = [
    "r_history",
    "r_tmpfs",
    "r_memfd",
    "r_disk",
    "r_deleted_open",
    "r_many_files",
    "r_tmpfs_files",
    "r_deep_tree",
    "r_deleted_tests",
    "r_deleted_answer_and_test",
]

MESSAGES = {
    "memoire_depassee": "mémoire dépassée (fichiers en mémoire compris)",
    "quota_disque_depasse": "quota disque dépassé",
    "fichiers_depasses": "trop de fichiers créés",
}


def _leftovers() -> list[Path]:
    tmp = Path(tempfile.gettempdir())
    found = []
    for pattern in ("crmkit-grade-*", "crmkit-stage-*"):
        for job in tmp.glob(pattern):
            found += [p for p in job.glob(f"**/{sc.TOKEN}*")]
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = sc.make_course(tmp_path_factory.mktemp("cours") / "c")
    controls = {"controle_1": sc.honest(course), "controle_2": sc.partial(course)}
    for name, nb in controls.items():
        course.submit(name, {course.nb_name: nb})
    clean = {o.student_id: o for o in autograde(course.root, course.assignment, **scr.LIMITS)}
    corpus = scr.corpus(course)
    for name, (files, _statuses, _kind) in corpus.items():
        course.submit(name, files)
    batch = autograde(course.root, course.assignment, regrade=True, **scr.LIMITS)
    found = {"leftovers": _leftovers(), "alive": sc.processes_with_token()}
    shown = build_retours(course.root, course.assignment)
    by_student = {o.student_id: o for o in batch}
    return dict(course=course, clean=clean, batch=by_student, corpus=corpus, retours=shown, **found)


def test_case_list_matches_corpus(graded):
    assert sorted(CASES) == sorted(graded["corpus"])


def test_controls_equal_clean_run(graded):
    assert set(graded["batch"]) == set(graded["corpus"]) | set(graded["clean"])
    sc.assert_controls_unchanged(graded["clean"], graded["batch"])
    honest, partial = graded["clean"]["controle_1"], graded["clean"]["controle_2"]
    assert honest.score == honest.max_score and 0 < partial.score < honest.score


def test_nothing_of_the_attackers_left(graded):
    assert graded["alive"] == []
    assert graded["leftovers"] == []
    assert all(o.survivors == 0 for o in graded["batch"].values())


@pytest.mark.parametrize("name", CASES)
def test_case(graded, name):
    _files, statuses, kind = graded["corpus"][name]
    outcome = graded["batch"][name]
    honest = graded["clean"]["controle_1"].score
    partial = graded["clean"]["controle_2"].score
    sc.assert_case(outcome, statuses, kind, bound=honest, honest=honest, partial=partial)
    if outcome.status != "ok":  # the hit is named in French, with the cell
        assert MESSAGES[outcome.status] in outcome.message
        assert STATUTS[outcome.status] == MESSAGES[outcome.status].split(" (")[0]
        assert "à la cellule" in outcome.message


def test_returned_pages_hold_no_hidden_line(graded):
    course = graded["course"]
    hidden = [normaliser(line) for line in scr.hidden_lines(course)]
    assert len(hidden) == 4
    pages = sorted((course.root / "grading" / "retours").glob("*/*.html"))
    assert len(pages) == len(graded["batch"])
    assert graded["retours"].withheld == {}
    for page in pages:
        assert trouvees(page.read_text(encoding="utf-8"), hidden) == [], page
    history = (course.root / "grading" / "retours" / "r_history" / "mini.html").read_text()
    # Test cells never reach the kernel (out-of-process verdict): the printed
    # history holds the student's own cells only, and no hidden line (checked above).
    assert "mini" in history


def test_the_page_check_sees_unmasked_pages(graded):
    """nbgrader's own rendering (hidden tests shown) fails the check used on our pages."""
    from nbconvert import HTMLExporter
    from nbgrader.coursedir import CourseDirectory

    course = graded["course"]
    config = load_config(course.root)
    info = {
        "db_url": CourseDirectory(config=config).db_url,
        "assignment": course.assignment,
        "notebook": course.assignment,
        "student": "r_history",
    }
    secret = secretes_du_cours(info, config)
    assert sorted(secret) == sorted(normaliser(x) for x in scr.hidden_lines(course))
    graded_nb = course.root / "grading" / "autograded" / "r_history" / "mini" / "mini.ipynb"
    page, _ = HTMLExporter().from_filename(str(graded_nb))
    assert sorted(trouvees(page, secret)) == sorted(secret)
    # the gate of build_retours withholds such a page and says so
    leaking = graded_nb.parent / "mini.html"
    leaking.write_text(page, encoding="utf-8")
    report = RetoursReport(course.assignment)
    kept = _pages_sans_fuite(course.root, course.assignment, "r_history", [leaking], report)
    assert kept == [] and not leaking.exists()
    assert report.withheld == {"r_history": ["mini.html"]}
    assert "page mini.html retenue : un test caché y apparaissait encore" in report.text()


def test_quota_hit_named_in_note(graded):
    course = graded["course"]
    note = (course.root / "grading" / "retours" / "r_disk" / "mini_note.txt").read_text()
    assert "quota disque dépassé" in note
    note = (course.root / "grading" / "retours" / "r_many_files" / "mini_note.txt").read_text()
    assert "trop de fichiers créés" in note


def test_deleted_test_cells_are_restored_with_a_french_note(graded):
    from crmkit.grading.autograde import _load_course, _prepare

    course = graded["course"]
    loaded = _load_course(course.root, course.assignment, True)
    folder = course.root / "grading" / "submitted" / "r_deleted_tests" / course.assignment
    prep = _prepare(loaded, "r_deleted_tests", folder)
    try:
        nb = prep.notebooks[course.assignment]
    finally:
        shutil.rmtree(prep.staging, ignore_errors=True)
    restored = [c for c in nb.cells if "manquait dans le dépôt" in c.source]
    assert len(restored) == 3  # the three test cells, hidden tests included
    assert all("### BEGIN HIDDEN TESTS" in c.source for c in restored)
    # answer and test both deleted: nbgrader cannot place the test, grading goes on
    outcome = graded["batch"]["r_deleted_answer_and_test"]
    last = [c for c in outcome.cells if c.grade_id == "test_b"][0]
    assert outcome.score == graded["clean"]["controle_1"].score - last.max_score
