"""`export` and `report` read the gradebook: manual grades, broken copies, Moodle file."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from grading_mini import TD, answered, make_mini_course  # noqa: E402

from crmkit.cli import main  # noqa: E402


def _read(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    key = "etudiant" if "etudiant" in rows[0] else "Identifiant"
    return {r[key]: r for r in rows}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    from crmkit.grading import sandbox

    root = make_mini_course(tmp_path_factory.mktemp("export") / "cours")
    cr = ["--course-root", str(root)]
    assert main(["grading", "release", *cr]) == 0
    student = nbformat.read(root / "exercises" / TD / f"{TD}.ipynb", as_version=4)
    src = root.parent / "copies"
    src.mkdir()
    nbformat.write(answered(student), src / "juste.ipynb")
    nbformat.write(answered(student, cout=19_000, nb_lignes=4), src / "faux.ipynb")
    (src / "casse.ipynb").write_text('{"cells": [', encoding="utf-8")
    assert main(["grading", "collect", TD, str(src), *cr]) == 0
    extra = []
    try:
        sandbox.check_available()
    except sandbox.SandboxIndisponible:
        extra = ["--no-sandbox"]
    main(["grading", "autograde", TD, "--jobs", "2", *cr, *extra])
    return root


def test_export_before_grading_is_a_french_error(tmp_path, capsys):
    root = make_mini_course(tmp_path / "cours")
    assert main(["grading", "export", TD, "--course-root", str(root)]) == 2
    assert "lancez d'abord « crmkit grading autograde td_mini »" in capsys.readouterr().err


def test_grades_csv_per_item_and_broken_copy(graded):
    assert main(["grading", "export", TD, "--course-root", str(graded)]) == 0
    notes = _read(graded / "grading" / "export" / f"notes_{TD}.csv")
    assert list(notes["juste"])[:7] == [
        "etudiant",
        "td",
        "test_cout",
        "test_lignes",
        "texte",
        "total",
        "max",
    ]
    juste, faux, casse = notes["juste"], notes["faux"], notes["casse"]
    assert (juste["test_cout"], juste["test_lignes"], juste["texte"]) == ("2", "1", "")
    assert (juste["total"], juste["max"], juste["a_corriger_a_la_main"]) == ("3", "5", "oui")
    assert (faux["test_cout"], faux["test_lignes"], faux["total"]) == ("0", "0", "0")
    assert casse["statut"] == "notebook_invalide" and casse["total"] == "0"


def test_manual_grade_from_formgrader_reaches_moodle_file(graded):
    from nbgrader.api import Gradebook

    db = f"sqlite:///{graded / 'grading' / 'gradebook.db'}"
    with Gradebook(db, "grc-marketing-direct") as gb:  # what the formgrader does on "save"
        grade = gb.find_grade("texte", TD, TD, "juste")
        grade.manual_score = 1.5
        grade.needs_manual_grade = False
        gb.db.commit()
    assert main(["grading", "export", TD, "--sur", "20", "--course-root", str(graded)]) == 0
    notes = _read(graded / "grading" / "export" / f"notes_{TD}.csv")
    juste = notes["juste"]
    assert (juste["texte"], juste["total"], juste["a_corriger_a_la_main"]) == ("1.5", "4.5", "non")
    with (graded / "grading" / "export" / f"moodle_{TD}.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [
        "Identifiant",
        "Nom complet",
        "Adresse de courriel",
        "Numéro d'identification",
        "Note",
        "Note maximale",
    ]
    notes_sur_20 = sorted((r["Note"], r["Note maximale"]) for r in rows)
    assert notes_sur_20 == [("0", "20"), ("0", "20"), ("18", "20")]


def test_report_tables_and_plots(graded):
    assert main(["grading", "report", TD, "--course-root", str(graded)]) == 0
    folder = graded / "grading" / "rapports" / TD
    with (folder / "items.csv").open(encoding="utf-8") as fh:
        items = list(csv.DictReader(fh))
    # hardest first: test_cout and test_lignes both 1 right out of 2 copies graded
    rates = {r["item"]: r["reussite_pct"] for r in items}
    assert rates["test_cout"] == rates["test_lignes"] == "50.0"
    assert [r["item"] for r in items] == ["test_cout", "test_lignes", "texte"]
    assert rates["texte"] == "75.0"  # 1.5/2 on the single manually graded copy
    md = (folder / "rapport.md").read_text(encoding="utf-8")
    assert "| copies | 3 |" in md and "statut « notebook_invalide » | 1" in md
    for png in ("distribution.png", "items.png"):
        assert (folder / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
