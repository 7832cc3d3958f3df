"""`export` and `report` read the gradebook: manual grades, broken copies, Moodle file."""

from __future__ import annotations

import csv
import shutil
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from grading_mini import TD, answered, make_mini_course  # noqa: E402
from moodle_formats import Participant, download_zip, entry, worksheet  # noqa: E402
from moodle_regles import (  # noqa: E402
    ImportRefused,
    MoodleAssignment,
    import_feedback_zip,
    import_gradebook_csv,
    import_worksheet,
)

from crmkit.cli import main  # noqa: E402

DUE = "2025-03-02 23:59"
ON_TIME, LATE = datetime(2025, 3, 2, 20, 0), datetime(2025, 3, 3, 2, 4)  # faux: 2 h 05 min late
PEOPLE = {
    "juste": Participant("301", "Léa Martin", "lea@x.fr", "juste", remis=ON_TIME),
    "faux": Participant("302", "Zoé O'Brien", "zoe@x.fr", "faux", remis=LATE),
    "casse": Participant("303", "Jean Paul Roy", "jp@x.fr", "casse", remis=ON_TIME),
}


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
    copies = {
        "juste": nbformat.writes(answered(student)),
        "faux": nbformat.writes(answered(student, cout=19_000, nb_lignes=4)),
        "casse": '{"cells": [',
    }
    z = download_zip(
        root.parent / "travaux.zip",
        {
            entry(PEOPLE[s].nom, PEOPLE[s].pid, f"{TD}.ipynb", "v41"): t.encode()
            for s, t in copies.items()
        },
    )
    roster = root.parent / "feuille.csv"
    roster.write_text(worksheet(list(PEOPLE.values()), "fr"), encoding="utf-8")
    args = ["grading", "collect", TD, str(z), "--roster", str(roster), "--date-limite", DUE, *cr]
    assert main(args) == 0
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
    # nbgrader read the worksheet's submission date and the --date-limite
    assert (faux["retard"], juste["retard"]) == ("2 h 05 min", "")


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
    assert "Copies remises après la date limite : 1.\n\n- faux : 2 h 05 min" in md
    for png in ("distribution.png", "items.png"):
        assert (folder / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- Moodle's importers

EXPORT = Path("grading") / "export"


def _notes(root: Path) -> dict[str, dict]:
    assert main(["grading", "export", TD, "--course-root", str(root)]) == 0
    return _read(root / EXPORT / f"notes_{TD}.csv")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / EXPORT).glob("*"))}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_filled_worksheet_passes_moodle_worksheet_import(graded, tmp_path, lang):
    notes = _notes(graded)
    # 7 points: non-integer grades, written with the worksheet's decimal separator
    downloaded = worksheet(list(PEOPLE.values()), lang, grademax="7,00" if lang == "fr" else "7.00")
    sheet = tmp_path / f"Notes-{lang}.csv"
    sheet.write_text(downloaded, encoding="utf-8")
    assert (
        main(["grading", "export", TD, "--feuille", str(sheet), "--course-root", str(graded)]) == 0
    )
    filled = (graded / EXPORT / f"feuille_{TD}.csv").read_text(encoding="utf-8")
    before, after = list(csv.reader(downloaded.splitlines())), list(csv.reader(filled.splitlines()))
    assert after[0] == before[0] and len(after) == len(before)  # every column and header kept
    changed = {
        before[0][i]
        for b, a in zip(before[1:], after[1:], strict=True)
        for i in range(len(b))
        if a[i] != b[i]
    }
    h = {"fr": ("Note", "Dernière modification (note)", "Commentaires de feedback")}
    h["en"] = ("Grade", "Last modified (grade)", "Feedback comments")
    assert changed == set(h[lang])

    moodle = import_worksheet(
        filled, MoodleAssignment({"301": (None, 0), "302": (None, 0), "303": (None, 0)}, 7, lang)
    )
    expected = {PEOPLE[s].pid: round(float(notes[s]["total"]) * 7 / 5, 2) for s in PEOPLE}
    assert expected["301"] % 1  # a decimal grade really is checked
    assert moodle.imported == expected and moodle.skipped == {}  # 0 is a grade for Moodle
    assert moodle.feedback["302"].startswith("Correction automatique\u202f: ")
    assert "Remis en retard de 2 h 05 min." in moodle.feedback["302"]
    assert "non évalu" in moodle.feedback["303"] or "Problème" in moodle.feedback["303"]
    # a grade of 0 (broken copy) is written, and the decimal separator follows the worksheet
    casse = after[1 + list(PEOPLE).index("casse")][before[0].index(h[lang][0])]
    assert casse == "0"


def test_existing_moodle_grade_rule_both_ways(graded, tmp_path):
    """« Modified in Moodle since the download » protects grades; our dates keep it working."""
    graded_at = datetime(2025, 3, 5, 9, 30).astimezone()
    people = [
        Participant(
            p.pid, p.nom, p.courriel, p.numero, remis=p.remis, note="10,00", date_note=graded_at
        )
        for p in PEOPLE.values()
    ]
    sheet = tmp_path / "Notes.csv"
    sheet.write_text(worksheet(people, "fr"), encoding="utf-8")
    assert (
        main(["grading", "export", TD, "--feuille", str(sheet), "--course-root", str(graded)]) == 0
    )
    filled = (graded / EXPORT / f"feuille_{TD}.csv").read_text(encoding="utf-8")
    t = graded_at.timestamp()
    same = MoodleAssignment({p.pid: (10.0, t) for p in people}, 20)
    assert set(import_worksheet(filled, same).imported) >= {"301"}  # juste: 12 ≠ 10, imported
    later = MoodleAssignment({p.pid: (10.0, t + 3600) for p in people}, 20)
    assert import_worksheet(filled, later).skipped["301"] == "modified in Moodle since"
    # known-wrong: Moodle's French date left as is reads as 0 for strtotime → skipped
    raw = worksheet(people, "fr").replace("10,00", "12", 1)
    assert import_worksheet(raw, MoodleAssignment({"301": (10.0, t)}, 20)).skipped == {
        "301": "modified in Moodle since"
    }


def test_gradebook_csv_passes_moodle_gradebook_import(graded):
    _notes(graded)
    text = (graded / EXPORT / f"moodle_{TD}.csv").read_text(encoding="utf-8")
    users = {p.courriel: p.numero for p in PEOPLE.values()}
    grades = import_gradebook_csv(text, users, "Adresse de courriel", "Note")
    assert set(grades) == set(PEOPLE) and all(
        g is not None and 0 <= g <= 5 for g in grades.values()
    )
    by_number = import_gradebook_csv(
        text, {p.numero: p.numero for p in PEOPLE.values()}, "Numéro d'identification", "Note"
    )
    assert by_number == grades
    with pytest.raises(ImportRefused, match="usermappingerrorusernotfound"):  # known-wrong
        import_gradebook_csv(text.replace("lea@x.fr", ""), users, "Adresse de courriel", "Note")
    # the old export file (no « Dernière modification (note) ») is refused by the worksheet import
    with pytest.raises(ImportRefused, match="invalidgradeimport"):
        import_worksheet(text, MoodleAssignment({"301": (None, 0)}, 20))


def test_bad_worksheets_get_french_messages_and_write_nothing(graded, tmp_path, capsys):
    root = tmp_path / "cours"
    shutil.copytree(graded, root)
    _notes(root)
    before = _snapshot(root)

    def refused(content: bytes, *needles: str) -> None:
        sheet = tmp_path / "feuille.csv"
        sheet.write_bytes(content)
        assert (
            main(["grading", "export", TD, "--feuille", str(sheet), "--course-root", str(root)])
            == 2
        )
        err = capsys.readouterr().err
        assert all(n in err for n in needles), err
        assert _snapshot(root) == before

    other = [
        Participant(str(int(p.pid) + 600), p.nom, p.courriel, p.numero) for p in PEOPLE.values()
    ]
    refused(worksheet(other, "fr").encode(), "sans doute la feuille d'un autre devoir")
    refused(worksheet(list(PEOPLE.values()), "fr").encode("cp1252"), "n'est pas encodé en UTF-8")
    refused((root / EXPORT / f"moodle_{TD}.csv").read_bytes(), "« Dernière modification (note) »")
    # a collected copy that never reached the gradebook
    with (root / "grading" / "moodle" / f"{TD}.csv").open("a", encoding="utf-8") as fh:
        fh.write("absent,304,Ali Ben,,\n")
    ali = Participant("304", "Ali Ben", "ali@x.fr", "absent")
    refused(
        worksheet([*PEOPLE.values(), ali], "fr").encode(), "absent", "carnet de notes", "autograde"
    )


def test_feedback_zip_is_what_moodle_feedback_import_takes(tmp_path):
    from crmkit.grading.collect import PARTICIPANTS_DIR
    from crmkit.grading.retours_moodle import build_zip_moodle

    root = make_mini_course(tmp_path / "cours")
    (root / PARTICIPANTS_DIR).mkdir(parents=True)
    (root / PARTICIPANTS_DIR / f"{TD}.csv").write_text(
        "etudiant,id_moodle,nom_complet,groupe,remis_le\n"
        "lea,301,Léa_Marie Martin,,\nzoe,302,Zoé O'Brien,,\nhors,,,,\n",
        encoding="utf-8",
    )
    folders = {}
    for s in ("lea", "zoe", "hors"):
        folders[s] = root / "grading" / "retours" / s
        folders[s].mkdir(parents=True)
        (folders[s] / f"{TD}.html").write_text(f"<p>{s}</p>", encoding="utf-8")
        (folders[s] / f"{TD}_note.txt").write_text("TD : 3/5\n", encoding="utf-8")
    path, warnings = build_zip_moodle(root, TD, folders)
    taken = import_feedback_zip(path, {"301", "302"})
    assert taken == {
        "301": [f"{TD}.html", f"{TD}_note.txt"],
        "302": [f"{TD}.html", f"{TD}_note.txt"],
    }
    with zipfile.ZipFile(path) as zf:
        assert f"Léa Marie Martin_301_assignfeedback_file/{TD}.html" in zf.namelist()
    assert warnings and "hors : numéro de participant Moodle inconnu" in warnings[0]
    # known-wrong: a participant of another assignment is not taken
    assert import_feedback_zip(path, {"999"}) == {}


def test_worksheet_resaved_by_a_spreadsheet_keeps_its_form(tmp_path):
    """BOM and ';' (a spreadsheet's re-save) are kept; a locked grade is announced."""
    from crmkit.grading.export import GradeTable
    from crmkit.grading.export_feuille import fill_feuille

    rows = [
        {"etudiant": "a", "total": 2.5, "manual": False, "retard": 0, "statut": "ok", "scores": {}}
    ]
    table = GradeTable(TD, ["q"], {"q": 5.0}, rows=rows, max_score=5.0)
    text = worksheet([Participant("11", "Ana Lee", "a@x.fr", "a")], "en", grademax="10.00")
    text = text.replace(",Yes,", ",No,").replace(",", ";")
    sheet = tmp_path / "Grades.csv"
    sheet.write_text("\ufeff" + text, encoding="utf-8")
    filled, warnings = fill_feuille(sheet, table, {"a": {"id_moodle": "11"}}, {})
    out = tmp_path / "out.csv"
    filled.write(out)
    raw = out.read_text(encoding="utf-8")
    assert raw.startswith("\ufeffIdentifier;Full name;") and raw.count("\n") == 2
    row = dict(zip(filled.headers, filled.rows[0], strict=True))
    assert row["Grade"] == "5" and row["Feedback comments"].startswith(
        "Correction automatique\u202f: 2,5/5 points, soit 5/10."
    )
    assert any("note non modifiable" in w for w in warnings)
