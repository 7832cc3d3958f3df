"""`crmkit grading collect`: Moodle zips and folders, with every problem reported."""

from __future__ import annotations

import hashlib
import os
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from grading_mini import make_mini_course  # noqa: E402

from crmkit.cli import main  # noqa: E402
from crmkit.grading.collect import CollectError, collect, read_students  # noqa: E402

TD = "td0_prise_en_main"


def _nb(tag: str) -> str:
    return nbformat.writes(new_notebook(cells=[new_code_cell(f"x = {tag!r}")]))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _submitted(course: Path, student: str) -> Path:
    return course / "grading" / "submitted" / student / TD / f"{TD}.ipynb"


@pytest.fixture()
def course(tmp_path: Path) -> Path:
    return make_mini_course(tmp_path / "cours")


def _moodle_zip(path: Path) -> Path:
    old, new = (2025, 3, 1, 10, 0, 0), (2025, 3, 2, 9, 30, 0)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"Léa Martin_101_assignsubmission_file_/{TD}.ipynb", _nb("lea"))
        # two notebooks, neither with the expected name: the newest wins
        z.writestr(
            zipfile.ZipInfo(f"Paul Durand_102_assignsubmission_file_/{TD}.ipynb.bak", new), "x"
        )
        z.writestr(
            zipfile.ZipInfo(f"Paul Durand_102_assignsubmission_file_/{TD} (1).ipynb", old),
            _nb("paul-vieux"),
        )
        z.writestr(
            zipfile.ZipInfo(f"Paul Durand_102_assignsubmission_file_/Copie de {TD}.ipynb", new),
            _nb("paul-recent"),
        )
        z.writestr("Ali Ben_103_assignsubmission_file_/", b"")  # empty folder
        z.writestr("Zoé Roy_104_assignsubmission_file_/rapport.pdf", b"%PDF-1.4")  # no notebook
        z.writestr("Eve QQQ_105_assignsubmission_file_/QQQ.ipynb", _nb("eve"))  # non-UTF-8 below
        z.writestr("Max Lin_106_assignsubmission_file_/td0.ipynb", b"{ pas du json")
        z.writestr("__MACOSX/._truc", b"junk")
        z.writestr(f"Ina Sow_107_assignsubmission_file_{TD}.ipynb", _nb("ina"))  # flat layout
    raw = path.read_bytes().replace(b"QQQ", b"\xe9\xe0\xe8")  # latin-1 bytes, no UTF-8 flag
    path.write_bytes(raw)
    return path


def test_moodle_zip_imports_and_reports_every_problem(course, tmp_path, capsys):
    z = _moodle_zip(tmp_path / "travaux.zip")
    before = _sha(z)
    assert main(["grading", "collect", TD, str(z), "--course-root", str(course)]) == 0
    out = capsys.readouterr().out
    assert _sha(z) == before  # original untouched
    students = sorted(p.name for p in (course / "grading" / "submitted").iterdir())
    assert students == ["101", "102", "105", "106", "107"]
    assert "paul-recent" in _submitted(course, "102").read_text(encoding="utf-8")
    assert "lea" in _submitted(course, "101").read_text(encoding="utf-8")
    assert "ina" in _submitted(course, "107").read_text(encoding="utf-8")
    assert (
        "plusieurs notebooks" in out
        and "le plus récent" in out
        and "paul-vieux" not in _submitted(course, "102").read_text(encoding="utf-8")
    )
    assert f"Copie de {TD}.ipynb : nom de fichier inattendu" in out
    assert "Ali Ben_103_assignsubmission_file_ : dossier vide" in out
    assert "rapport.pdf : pas un notebook" in out and "étudiant 104 : aucun notebook remis" in out
    assert "encodage non UTF-8" in out
    assert "td0.ipynb : contenu qui n'est pas un notebook valide" in out
    assert "ipynb.bak : pas un notebook" in out
    assert "__MACOSX" not in out
    assert read_students(course)["101"]["nom_complet"] == "Léa Martin"
    # a second import of the same zip changes nothing
    report = collect(course, TD, z)
    assert report.imported == {} and len(report.unchanged) == 5


def test_not_a_zip_is_reported_not_raised(course, tmp_path, capsys):
    fake = tmp_path / "travaux.zip"
    fake.write_bytes(b"%PDF-1.4 pas une archive")
    assert main(["grading", "collect", TD, str(fake), "--course-root", str(course)]) == 1
    assert "ce n'est pas une archive zip" in capsys.readouterr().out
    assert not (course / "grading" / "submitted").exists()
    with pytest.raises(CollectError, match="source introuvable"):
        collect(course, TD, tmp_path / "absent.zip")


def test_folder_of_notebooks_keeps_originals(course, tmp_path):
    src = tmp_path / "copies"
    src.mkdir()
    (src / "dupont_jean.ipynb").write_text(_nb("jean"), encoding="utf-8")
    (src / "e2").mkdir()
    (src / "e2" / TD).mkdir()
    (src / "e2" / TD / f"{TD}.ipynb").write_text(_nb("e2"), encoding="utf-8")
    (src / "vide").mkdir()
    (src / "notes.txt").write_text("x", encoding="utf-8")
    bad = os.path.join(os.fsencode(src), b"\xe9l\xe8ve.ipynb")
    with open(bad, "wb") as fh:
        fh.write(_nb("bad-name").encode())
    stamp = {p: (p.stat().st_mtime, _sha(p)) for p in src.rglob("*") if p.is_file()}
    time.sleep(0.01)
    report = collect(course, TD, src)
    text = report.text()
    assert sorted(report.imported) == ["dupont_jean", "e2", "élève"]
    assert "vide : dossier vide" in text and "notes.txt : pas un notebook" in text
    assert "encodage non UTF-8" in text
    assert {p: (p.stat().st_mtime, _sha(p)) for p in src.rglob("*") if p.is_file()} == stamp


def test_roster_maps_participants_to_student_ids(course, tmp_path):
    z = tmp_path / "travaux.zip"
    with zipfile.ZipFile(z, "w") as f:
        f.writestr(f"Léa Martin_101_assignsubmission_file_/{TD}.ipynb", _nb("lea"))
        f.writestr(f"Inconnu X_999_assignsubmission_file_/{TD}.ipynb", _nb("x"))
    roster = tmp_path / "feuille.csv"
    roster.write_text(
        "Identifiant;Nom complet;Adresse de courriel;Statut\n"
        "Participant 101;Léa Martin;lea.martin@etu.example.fr;Remis\n",
        encoding="utf-8",
    )
    report = collect(course, TD, z, roster=roster)
    assert list(report.imported) == ["lea.martin@etu.example.fr"]
    assert "participant 999 (Inconnu X) absent de la liste" in report.text()
    row = read_students(course)["lea.martin@etu.example.fr"]
    assert (row["id_moodle"], row["courriel"]) == ("101", "lea.martin@etu.example.fr")
    bad = tmp_path / "mauvaise.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CollectError, match="Identifiant"):
        collect(course, TD, z, roster=bad)
