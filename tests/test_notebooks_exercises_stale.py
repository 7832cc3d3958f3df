"""``exercises/`` must be exactly what ``make exercises`` would generate from ``solutions/``."""

import nbformat
from notebook_files import REPO_ROOT
from roundtrip import course_root

from crmkit.grading.release import release, stale_report

TD = "td0_prise_en_main"


def test_exercises_match_the_sources():
    report = stale_report(REPO_ROOT)
    details = "\n".join(f"- {td} : {', '.join(notes)}" for td, notes in report.items())
    assert not report, (
        "exercises/ n'est pas à jour par rapport à solutions/ ; lancez `make exercises` :\n"
        + details
    )


def _edit(path, grade_id, transform):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = transform(cell.source)
    nbformat.write(nb, path)


def test_the_check_fails_when_a_solution_changes(tmp_path):
    root = course_root(TD, tmp_path / "cours")
    release(root, [TD])
    assert stale_report(root) == {}
    source = root / "solutions" / TD / f"{TD}.ipynb"

    # Volatile metadata only: still up to date.
    nb = nbformat.read(source, as_version=4)
    nb.metadata["language_info"] = {"name": "python", "version": "3.99"}
    nbformat.write(nb, source)
    assert stale_report(root) == {}

    # A statement edited in the source: stale.
    _edit(source, "q1_enonce", lambda s: s.replace("12\xa0500", "12\xa0600"))
    assert TD in stale_report(root)
    release(root, [TD])
    assert stale_report(root) == {}

    # The visible part of a locked test cell edited: stale.
    _edit(source, "q2_test", lambda s: s.replace('verifier("q2"', 'verifier( "q2"'))
    assert TD in stale_report(root)
