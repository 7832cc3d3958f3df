"""Bad-submission (issue 7) and hostile (issues 13 and 19) corpora through the sandboxed autograder.

One batch grades every corpus notebook together with three control students;
each case then gets its own assertion (batch finished, score bounded, status
and French reason, controls equal to a clean run, gradebook and checkout
untouched, nothing alive 15 s later, no hidden-test line in any returned
page).
"""

from __future__ import annotations

import html
import re
import sys
import time
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import sandbox_corpus as sc  # noqa: E402

from crmkit.grading import sandbox  # noqa: E402
from crmkit.grading.autograde import autograde, load_outcomes  # noqa: E402
from crmkit.grading.retours import build_retours  # noqa: E402

pytestmark = pytest.mark.skipif(
    sandbox._bwrap() is None or sys.platform != "linux", reason="bubblewrap requis"
)

LIMITS = {"time_limit": 15, "memory_limit_mb": 1024, "jobs": 2, "progress": False}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = sc.make_course(tmp_path_factory.mktemp("cours") / "c")
    controls = {
        "controle_1": sc.honest(course),
        "controle_2": sc.partial(course),
        "controle_3": sc.blank(course),
    }
    for name, nb in controls.items():
        course.submit(name, {course.nb_name: nb})
    clean = {o.student_id: o for o in autograde(course.root, course.assignment, **LIMITS)}
    corpus = {**sc.bad_corpus(course), **sc.hostile_corpus(course)}
    for name, (files, _statuses, _kind) in corpus.items():
        course.submit(name, files)
    git_before = sc.git_status()
    started = time.monotonic()
    batch = autograde(course.root, course.assignment, regrade=True, **LIMITS)
    elapsed = time.monotonic() - started
    time.sleep(max(0.0, 15 - (time.monotonic() - started - elapsed)))  # 15 s after the batch
    build_retours(course.root, course.assignment)
    return {
        "course": course,
        "clean": clean,
        "batch": {o.student_id: o for o in batch},
        "corpus": corpus,
        "git_before": git_before,
        "git_after": sc.git_status(),
        "alive": sc.processes_with_token(),
        "elapsed": elapsed,
    }


def test_batch_finishes_and_reports_everyone(graded):
    assert set(graded["batch"]) == set(graded["corpus"]) | set(graded["clean"])
    saved = load_outcomes(graded["course"].root, graded["course"].assignment)
    assert set(saved) == set(graded["batch"])
    assert all(o.sandboxed for o in graded["batch"].values())


def test_controls_equal_clean_run(graded):
    sc.assert_controls_unchanged(graded["clean"], graded["batch"])
    assert graded["clean"]["controle_1"].score == graded["clean"]["controle_1"].max_score
    assert 0 < graded["clean"]["controle_2"].score < graded["clean"]["controle_1"].score


def test_gradebook_checkout_and_machine_untouched(graded):
    course = graded["course"]
    scores = sc.gradebook_scores(course)
    for name, outcome in graded["batch"].items():
        assert scores.get(name, 0.0) == outcome.score, name  # the grader wrote, nobody else
    assert graded["git_after"] == graded["git_before"]
    assert not list(course.root.rglob(f"*{sc.TOKEN}*"))
    assert not list(Path("/tmp").glob(f"pwned_{sc.TOKEN}*"))
    assert (
        (course.root / "solutions" / course.assignment / course.nb_name).read_text().startswith("{")
    )
    assert graded["alive"] == []
    assert all(o.survivors == 0 for o in graded["batch"].values())


def _cases():
    # names only (the notebooks are generated in the fixture; a test below
    # checks this list matches the corpus)
    return [
        "b_infinite_loop",
        "b_memory_bomb",
        "b_sys_exit",
        "b_segfault",
        "b_deleted_test_cell",
        "b_deleted_readonly_cell",
        "b_edited_readonly_cell",
        "b_edited_hidden_tests",
        "b_changed_points",
        "b_changed_grade_id",
        "b_reordered_cells",
        "b_corrupt_json",
        "b_empty_file",
        "b_pdf_renamed",
        "b_other_td_same_name",
        "b_other_td_other_name",
        "b_fake_all_passed",
        "b_write_gradebook",
        "b_write_solutions",
        "b_write_other_student",
        "b_huge_output",
        "b_non_utf8_name",
        "b_blank",
        "b_answer_as_markdown",
        "b_duplicated_test_cell",
        "b_not_json_text",
        "b_wrong_answers",
        "b_crash_middle",
        "h_gradebook",
        "h_read_solutions",
        "h_hook_solutions",
        "h_ast_tryexcept",
        "h_custom_exc",
        "h_replace_run_cell",
        "h_fake_do_execute",
        "h_patch_builtins",
        "h_delete_others",
        "h_read_others",
        "h_setsid_child",
        "h_write_package",
        "h_swarm",
        "h_flood",
        "h_os_exit_last",
        "h_sigint_loop_last",
        "h_json_rewrite",
        "h_frame_secrets",
        "h_exporter_forge",
        "h_float_subclass",
        "h_float_frame",
        "h_dunder_objects",
        "h_printed_history",
    ]


def test_case_list_matches_corpus(graded):
    assert sorted(_cases()) == sorted(graded["corpus"])
    assert len([c for c in _cases() if c.startswith("b_")]) >= 25


@pytest.mark.parametrize("name", _cases())
def test_corpus_case(graded, name):
    files, statuses, kind = graded["corpus"][name]
    outcome = graded["batch"][name]
    honest = graded["clean"]["controle_1"].score
    partial = graded["clean"]["controle_2"].score
    bound = partial if name.startswith("h_") else honest
    sc.assert_case(outcome, statuses, kind, bound=bound, honest=honest, partial=partial)


def test_crash_keeps_earned_points_and_names_reason(graded):
    outcome = graded["batch"]["b_crash_middle"]
    earned = [c for c in outcome.cells if c.score]
    zeroed = [c for c in outcome.cells if not c.score]
    assert earned and zeroed
    assert all(c.reason is None for c in earned)
    assert all("non exécutée : le noyau s'est arrêté à la cellule" in c.reason for c in zeroed)


def test_faked_execution_changes_nothing(graded):
    # test cells never reach the kernel: a rewritten do_execute sees none of them
    outcome = graded["batch"]["h_fake_do_execute"]
    assert (outcome.status, outcome.score) == ("ok", graded["clean"]["controle_2"].score)


def _autograded(graded, student: str) -> nbformat.NotebookNode:
    course = graded["course"]
    path = course.root / "grading" / "autograded" / student / course.assignment / course.nb_name
    return nbformat.read(path, as_version=4)


def _outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts += [str(out.get("text", "")), str(out.get("evalue", ""))]
            parts += [str(t) for t in out.get("traceback", [])]
            parts += [str(v) for v in out.get("data", {}).values()]
    return "\n".join(parts)


def _page_text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def test_returned_pages_hold_no_hidden_test_line(graded):
    course = graded["course"]
    hidden = sc.hidden_lines(course)
    assert hidden
    pages = list((course.root / "grading" / "retours").glob(f"*/{course.assignment}*.html"))
    assert len(pages) >= len(graded["clean"]) + 10
    for page in pages:
        text = _page_text(page)
        leaked = [line for line in hidden if line in text]
        assert not leaked, (page.parent.name, leaked)
    # the check can fail: the graded notebook itself still holds the hidden tests
    assert any(line in _page_text_of_notebook(graded, "controle_1") for line in hidden)


def _page_text_of_notebook(graded, student: str) -> str:
    return "\n".join(c.source for c in _autograded(graded, student).cells)


@pytest.mark.parametrize("name", ["h_float_subclass", "h_float_frame", "h_dunder_objects"])
def test_lying_values_are_refused_and_named(graded, name):
    outcome = graded["batch"][name]
    assert outcome.status == "reponse_refusee", outcome.message
    assert outcome.score == graded["clean"]["controle_2"].score
    assert "réponse refusée à la cellule" in outcome.message
    assert "ce n'est pas une valeur simple" in outcome.message
    reasons = [c.reason for c in outcome.cells if c.reason]
    assert reasons and all("« " in r for r in reasons)
    page = (
        graded["course"].root / "grading" / "retours" / name / f"{graded['course'].assignment}.html"
    )
    assert "ce n'est pas une valeur simple" in _page_text(page)
    if name == "h_float_subclass":
        assert "sous-classe de float" in outcome.message


def test_forged_export_is_refused(graded):
    outcome = graded["batch"]["h_exporter_forge"]
    assert outcome.status == "reponse_refusee"
    assert outcome.score == 0  # even the right first answer is lost: its export was forged
    assert "donnée invalide" in outcome.message


def test_no_secret_in_the_kernel(graded):
    text = _outputs_text(_autograded(graded, "h_frame_secrets"))
    assert "SECRETS=[] MODULES=[]" in text, text[:2000]


def test_printed_history_holds_no_hidden_test(graded):
    text = _outputs_text(_autograded(graded, "h_printed_history"))
    assert "HISTOIRE" in text and "get_ipython()" in text  # the attack ran and printed
    assert "BEGIN HIDDEN" not in text
    assert not [line for line in sc.hidden_lines(graded["course"]) if line in text]


def test_serialisation_rewrite_changes_no_verdict(graded):
    outcome = graded["batch"]["h_json_rewrite"]
    assert outcome.score == graded["clean"]["controle_2"].score
