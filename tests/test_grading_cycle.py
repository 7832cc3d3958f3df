"""The whole teacher cycle of the README, in a temp folder, on the warm-up TD.

release → Moodle ≥ 4.1 "download all" zip → collect (with the downloaded
grading worksheet as roster) → autograde → feedback (with the Moodle feedback
zip) → export (filling the worksheet) → report, then the exported grades are
checked: the solved copy gets every auto-graded point, the half-solved copy
exactly the points of the questions it answered; the filled worksheet and the
feedback zip go through Moodle's importer rules (tests/fixtures/moodle_regles.py).
Falls back to a tiny built-in TD while solutions/td0_prise_en_main is absent.
"""

from __future__ import annotations

import copy
import csv
import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from grading_mini import TD as MINI_TD  # noqa: E402
from grading_mini import make_mini_course  # noqa: E402
from moodle_formats import Participant, download_zip, entry, worksheet  # noqa: E402
from moodle_regles import MoodleAssignment, import_feedback_zip, import_worksheet  # noqa: E402

from crmkit.cli import main  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
WARM_UP = "td0_prise_en_main"

pytestmark = pytest.mark.slow


def _course(tmp: Path) -> tuple[Path, str]:
    src = REPO / "solutions" / WARM_UP
    root = tmp / "cours"
    if (src / f"{WARM_UP}.ipynb").is_file():
        root.mkdir()
        shutil.copy(REPO / "nbgrader_config.py", root)
        shutil.copytree(src, root / "solutions" / WARM_UP)
        return root, WARM_UP
    return make_mini_course(root), MINI_TD


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _strip_markers(source: str) -> str:
    return "\n".join(
        line for line in source.splitlines() if not re.match(r"\s*### (BEGIN|END) SOLUTION", line)
    )


def _solved(student, source, only: set[str] | None = None):
    """Student version with the source's solution cells pasted back (all or *only*)."""
    answers = {_meta(c)["grade_id"]: c.source for c in source.cells if _meta(c).get("solution")}
    nb = copy.deepcopy(student)
    for cell in nb.cells:
        gid = _meta(cell).get("grade_id")
        if _meta(cell).get("solution") and (only is None or gid in only):
            cell.source = _strip_markers(answers[gid])
    return nb


def _expected_points(source, answered: set[str] | None) -> float:
    """Auto-graded points of the test cells that follow an answered solution cell."""
    total, current = 0.0, None
    for cell in source.cells:
        meta = _meta(cell)
        if meta.get("solution") and cell.cell_type == "code":
            current = meta["grade_id"]
        if meta.get("grade") and not meta.get("solution") and cell.cell_type == "code":
            if answered is None or current in answered:
                total += float(meta.get("points", 0))
    return total


def _hidden_lines(source) -> list[str]:
    from crmkit.grading.masquage import lignes_cachees

    lines = []
    for cell in source.cells:
        if cell.cell_type == "code":
            lines += lignes_cachees(cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
    return lines


def _page_text(path: Path) -> str:
    """What a student reads on an HTML page: tags (syntax highlighting) removed."""
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def test_full_cycle_from_moodle_zip_to_exported_grades(tmp_path, capsys):
    from crmkit.grading import sandbox

    root, td = _course(tmp_path)
    cr = ["--course-root", str(root)]
    assert main(["grading", "release", *cr]) == 0
    assert main(["grading", "check", *cr]) == 0

    student = nbformat.read(root / "exercises" / td / f"{td}.ipynb", as_version=4)
    source = nbformat.read(root / "solutions" / td / f"{td}.ipynb", as_version=4)
    code_answers = [
        _meta(c)["grade_id"]
        for c in source.cells
        if _meta(c).get("solution") and c.cell_type == "code"
    ]
    first = {code_answers[0]}
    copies = {
        "101": ("Léa Martin", _solved(student, source)),
        "103": ("Zoé O'Brien", _solved(student, source, first)),
    }
    z = download_zip(
        tmp_path / "travaux.zip",
        {
            **{
                entry(n, pid, f"{td}.ipynb", "v41"): nbformat.writes(nb).encode()
                for pid, (n, nb) in copies.items()
            },
            "Ali Ben_104_assignsubmission_file/": None,
        },
    )
    people = [Participant(pid, n, f"e{pid}@iut.example.fr") for pid, (n, _) in copies.items()]
    roster = tmp_path / "Notes.csv"
    roster.write_text(worksheet(people, "fr"), encoding="utf-8")
    assert main(["grading", "collect", td, str(z), "--roster", str(roster), *cr]) == 0
    assert "dossier vide" in capsys.readouterr().out

    extra = []
    try:
        sandbox.check_available()
    except sandbox.SandboxIndisponible:
        extra = ["--no-sandbox"]
    assert main(["grading", "autograde", td, "--jobs", "2", *cr, *extra]) == 0
    assert main(["grading", "feedback", td, "--zip-moodle", *cr]) == 0
    assert main(["grading", "export", td, "--feuille", str(roster), *cr]) == 0
    assert main(["grading", "report", td, *cr]) == 0

    with (root / "grading" / "export" / f"notes_{td}.csv").open(encoding="utf-8") as fh:
        notes = {r["etudiant"]: r for r in csv.DictReader(fh)}
    full = _expected_points(source, None)
    assert full > 0
    assert float(notes["e101@iut.example.fr"]["total"]) == full
    assert float(notes["e103@iut.example.fr"]["total"]) == _expected_points(source, first)
    assert {r["statut"] for r in notes.values()} == {"ok"}
    max_auto_and_manual = sum(
        float(_meta(c).get("points", 0)) for c in source.cells if _meta(c).get("grade")
    )
    assert float(notes["e101@iut.example.fr"]["max"]) == max_auto_and_manual

    with (root / "grading" / "export" / f"moodle_{td}.csv").open(encoding="utf-8") as fh:
        moodle = {r["Adresse de courriel"]: r for r in csv.DictReader(fh)}
    lea = moodle["e101@iut.example.fr"]
    assert lea["Identifiant"] == "Participant 101" and lea["Nom complet"] == "Léa Martin"
    assert float(lea["Note"]) == round(full * 20 / max_auto_and_manual, 2)
    filled = (root / "grading" / "export" / f"feuille_{td}.csv").read_text(encoding="utf-8")
    graded = import_worksheet(filled, MoodleAssignment({"101": (None, 0), "103": (None, 0)}, 20))
    assert graded.imported["101"] == round(full * 20 / max_auto_and_manual, 2)
    assert graded.feedback["103"].startswith("Correction automatique")
    taken = import_feedback_zip(
        root / "grading" / "export" / f"retours_{td}_moodle.zip", {"101", "103"}
    )
    assert taken == {pid: [f"{td}.html", f"{td}_note.txt"] for pid in copies}

    hidden = _hidden_lines(source)
    assert hidden, "the TD has no hidden tests to check the feedback against"
    for pid in copies:
        folder = root / "grading" / "retours" / f"e{pid}@iut.example.fr"
        assert (folder / f"{td}.html").is_file() and (folder / f"{td}_note.txt").is_file()
        page = _page_text(folder / f"{td}.html")
        assert not [line for line in hidden if line in page], "hidden tests in the feedback"
    # The check above can fail: nbgrader's own rendering shows them.
    assert main(["grading", "feedback", td, "--montrer-tests-caches", *cr]) == 0
    page = _page_text(root / "grading" / "retours" / "e101@iut.example.fr" / f"{td}.html")
    assert [line for line in hidden if line in page]
    # One student's feedback again (a copy graded anew): the others' folders stay as they are.
    capsys.readouterr()
    assert main(["grading", "feedback", td, "--student", "e103@iut.example.fr", *cr]) == 0
    assert "1 dossier de retour" in capsys.readouterr().out
    relu = _page_text(root / "grading" / "retours" / "e103@iut.example.fr" / f"{td}.html")
    assert not [line for line in hidden if line in relu], "hidden tests in the feedback"
    assert _page_text(root / "grading" / "retours" / "e101@iut.example.fr" / f"{td}.html") == page
    assert main(["grading", "feedback", td, "--student", "e999@iut.example.fr", *cr]) != 0
    assert "aucune copie corrigée de e999@iut.example.fr" in capsys.readouterr().err
    rapport = root / "grading" / "rapports" / td
    assert {"rapport.md", "distribution.png", "items.png"} <= {p.name for p in rapport.iterdir()}
    assert main(["grading", "check", *cr]) == 0  # grading left exercises/ as released
