"""`crmkit grading collect`: Moodle zips and folders, with every problem reported."""

from __future__ import annotations

import hashlib
import os
import sys
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from grading_mini import make_mini_course  # noqa: E402

from crmkit.cli import main  # noqa: E402
from crmkit.grading.collect import (  # noqa: E402
    CollectError,
    collect,
    read_participants,
    read_students,
)

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


# --------------------------------------------------------------------------- every Moodle layout

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from moodle_formats import Participant, download_zip, entry, worksheet  # noqa: E402

REMIS = datetime(2025, 3, 3, 10, 5)
PEOPLE = [
    Participant("501", "Léa Martin", "lea@etu.example.fr", "E501", remis=REMIS),
    Participant("502", "Zoé O'Brien", "zoe@etu.example.fr", "E502", remis=REMIS),
    # Moodle turned the "_" of "Jean_Paul" into a space in the folder name
    Participant("503", "Jean_Paul Roy", "jp@etu.example.fr", "E503", remis=REMIS),
]


def _layout_zip(path: Path, layout: str, extras: bool = False) -> Path:
    files = {
        entry("Léa Martin", "501", f"{TD}.ipynb", layout): _nb("lea").encode(),
        entry("Zoé O'Brien", "502", f"{TD}.ipynb", layout): _nb("zoe").encode(),
        entry("Jean_Paul Roy", "503", f"{TD}.ipynb", layout): _nb("jp").encode(),
    }
    if extras:  # a second (older) notebook, a PDF, and, for folder layouts, an empty folder
        files[entry("Léa Martin", "501", f"{TD} (1).ipynb", layout)] = _nb("lea-brouillon").encode()
        files[entry("Zoé O'Brien", "502", "rapport.pdf", layout)] = b"%PDF-1.4"
        if layout != "plat":
            files[entry("Ali Ben", "504", "", layout)] = None
    return download_zip(path, files)


@pytest.mark.parametrize("layout", ["v41", "v40", "plat"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_layout_and_language_maps_participants(course, tmp_path, layout, lang):
    z = _layout_zip(tmp_path / "travaux.zip", layout, extras=True)
    roster = tmp_path / "feuille.csv"
    roster.write_text(worksheet(PEOPLE, lang), encoding="utf-8")
    report = collect(course, TD, z, roster=roster)
    assert sorted(report.imported) == ["E501", "E502", "E503"], report.text()
    text = report.text()
    assert (
        f"étudiant E501 : plusieurs notebooks ; gardé {entry('Léa Martin', '501', f'{TD}.ipynb', layout)}"
        in text
    )
    assert "rapport.pdf : pas un notebook (.ipynb), fichier ignoré (étudiant E502)" in text
    assert ("Ali Ben_504_assignsubmission_file" in text and "dossier vide" in text) == (
        layout != "plat"
    )
    assert "lea-brouillon" not in _submitted(course, "E501").read_text(encoding="utf-8")
    assert "zoe" in _submitted(course, "E502").read_text(encoding="utf-8")
    people = read_participants(course, TD)
    assert (
        people["E503"]["id_moodle"] == "503" and people["E501"]["courriel"] == "lea@etu.example.fr"
    )
    # the worksheet's submission date became nbgrader's timestamp (UTC, explicit offset)
    stamp = (_submitted(course, "E501").parent / "timestamp.txt").read_text(encoding="utf-8")
    assert datetime.fromisoformat(stamp.strip()) == REMIS.astimezone()


def test_without_roster_the_participant_number_is_the_id(course, tmp_path):
    """≥ 4.1 folders have no trailing "_": the number must not be lost (issue 20)."""
    z = _layout_zip(tmp_path / "travaux.zip", "v41")
    report = collect(course, TD, z)
    assert sorted(report.imported) == ["501", "502", "503"]
    assert read_participants(course, TD)["503"]["nom_complet"] == "Jean Paul Roy"


def test_blind_marking_team_and_online_text(course, tmp_path):
    blind = download_zip(
        tmp_path / "anonyme.zip",
        {entry("Participant", "777", f"{TD}.ipynb", "v41"): _nb("anonyme").encode()},
    )
    roster = tmp_path / "anonyme.csv"
    roster.write_text(
        worksheet([Participant("777", "", remis=REMIS)], "fr", blind=True), encoding="utf-8"
    )
    report = collect(course, TD, blind, roster=roster)
    assert list(report.imported) == ["777"] and report.problems == []

    team = [
        Participant("601", "Ana Lee", "ana@x.fr", groupe="Équipe_A"),
        Participant("602", "Bob Ray", "bob@x.fr", groupe="Équipe_A"),
        Participant("603", "Cy Vo", "cy@x.fr", groupe="Groupe par défaut"),
        Participant("604", "Di Wu", "di@x.fr", groupe="Équipe B"),
    ]
    z = download_zip(
        tmp_path / "equipes.zip",
        {
            # get_student_prefix(): group name ("_" → space) + "_" + group id
            entry("Équipe_A", "42", f"{TD}.ipynb", "v41"): _nb("equipe-a").encode(),
            # default group: get_string('defaultteam'), no id
            entry("Groupe par défaut", "", f"{TD}.ipynb", "v41"): _nb("defaut").encode(),
            # online text: downloader writes "<prefix>_assignsubmission_onlinetext/onlinetext.html"
            entry("Équipe B", "43", "onlinetext.html", "v41", plugin="onlinetext"): b"<p>x</p>",
        },
    )
    roster = tmp_path / "equipes.csv"
    roster.write_text(worksheet(team, "en", team=True, onlinetext=True), encoding="utf-8")
    report = collect(course, TD, z, roster=roster)
    assert sorted(report.imported) == ["ana@x.fr", "bob@x.fr", "cy@x.fr"], report.text()
    assert "equipe-a" in _submitted(course, "bob@x.fr").read_text(encoding="utf-8")
    assert "defaut" in _submitted(course, "cy@x.fr").read_text(encoding="utf-8")
    text = report.text()
    assert "Équipe B_43_assignsubmission_onlinetext : remise « onlinetext »" in text
    assert "ignorée" in text
    # without the worksheet, the default group cannot be resolved: said, not guessed
    report = collect(course, TD, z)
    assert "groupe par défaut, sans numéro" in report.text()


def test_unknown_names_in_a_moodle_zip_are_reported_not_guessed(course, tmp_path):
    z = download_zip(
        tmp_path / "travaux.zip",
        {
            entry("Léa Martin", "501", f"{TD}.ipynb", "v41"): _nb("lea").encode(),
            f"Paul Durand_assignsubmission/{TD}.ipynb": _nb("paul").encode(),
            f"{TD}.ipynb": _nb("racine").encode(),
        },
    )
    report = collect(course, TD, z)
    assert list(report.imported) == ["501"]
    text = report.text()
    assert "Paul Durand_assignsubmission : nom qui n'a aucune des formes de Moodle" in text
    assert f"{TD}.ipynb : nom qui n'a aucune des formes de Moodle" in text


def test_zip_not_from_moodle_and_non_utf8_worksheet_write_nothing(course, tmp_path, capsys):
    z = download_zip(tmp_path / "perso.zip", {f"copies/{TD}.ipynb": _nb("x").encode()})
    assert main(["grading", "collect", TD, str(z), "--course-root", str(course)]) == 1
    assert (
        "ce zip ne vient pas de « Télécharger tous les travaux remis »" in capsys.readouterr().out
    )
    assert not (course / "grading").exists()

    good = _layout_zip(tmp_path / "travaux.zip", "v41")
    latin = tmp_path / "feuille-excel.csv"
    latin.write_bytes(worksheet(PEOPLE, "fr").encode("cp1252"))
    args = [
        "grading",
        "collect",
        TD,
        str(good),
        "--roster",
        str(latin),
        "--course-root",
        str(course),
    ]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "n'est pas encodé en UTF-8" in err and "CSV UTF-8" in err
    assert not (course / "grading").exists()
    bad_date = [
        "grading",
        "collect",
        TD,
        str(good),
        "--date-limite",
        "2 mars",
        "--course-root",
        str(course),
    ]
    assert main(bad_date) == 2
    assert "date limite illisible" in capsys.readouterr().err
    assert not (course / "grading").exists()


def test_late_copies_listed_with_their_delay(course, tmp_path):
    people = [
        Participant("501", "Léa Martin", "lea@x.fr", remis=datetime(2025, 3, 2, 23, 50)),
        Participant("502", "Zoé O'Brien", "zoe@x.fr", remis=datetime(2025, 3, 3, 2, 4)),
    ]
    roster = tmp_path / "feuille.csv"
    roster.write_text(worksheet(people, "fr"), encoding="utf-8")
    z = _layout_zip(tmp_path / "travaux.zip", "v41")
    report = collect(course, TD, z, roster=roster, date_limite="2025-03-02 23:59")
    assert report.late == {"zoe@x.fr": "2 h 05 min"}
    assert "participant 503" in report.text()  # Jean Paul is not on this roster
    from crmkit.grading.retards import read_duedate

    due = read_duedate(course, TD)
    assert due == datetime(2025, 3, 2, 23, 59).astimezone()


def test_moodle_time_zone_named_when_the_machine_runs_in_utc(course, tmp_path, monkeypatch):
    from crmkit.grading.retards import read_duedate

    monkeypatch.setenv("TZ", "UTC")  # a hub server; the teacher's Moodle profile is in Paris
    time.tzset()
    try:
        people = [Participant("502", "Zoé O'Brien", "zoe@x.fr", remis=datetime(2025, 3, 3, 2, 4))]
        roster = tmp_path / "feuille.csv"
        roster.write_text(worksheet(people, "fr"), encoding="utf-8")
        z = _layout_zip(tmp_path / "travaux.zip", "v41")
        report = collect(
            course, TD, z, roster=roster, date_limite="2025-03-02 23:59", fuseau="Europe/Paris"
        )
        assert report.late == {"zoe@x.fr": "2 h 05 min"}
        assert read_duedate(course, TD) == datetime(2025, 3, 2, 22, 59, tzinfo=timezone.utc)
        stamp = _submitted(course, "zoe@x.fr").parent / "timestamp.txt"
        assert (
            stamp.read_text(encoding="utf-8").strip() == "2025-03-03 01:04:00+00:00"
        )  # 02:04 in Paris

        with pytest.raises(CollectError, match="fuseau horaire inconnu : « Paris »"):
            collect(course, TD, z, roster=roster, fuseau="Paris")
    finally:
        monkeypatch.undo()
        time.tzset()
