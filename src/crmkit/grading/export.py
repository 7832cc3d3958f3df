"""Grades out of nbgrader's gradebook: a detailed CSV and a Moodle import CSV.

``grading/export/notes_<td>.csv`` — one row per student: ``etudiant, td``,
one column per graded item (nbgrader ``grade_id``, in notebook order; empty =
not graded yet, e.g. a free-text answer waiting for manual grading),
``total, max, a_corriger_a_la_main`` (``oui`` while manual grades are
missing), ``statut`` (autograde outcome code, e.g. ``delai_depasse``),
``retard`` (delay past the due date, e.g. ``2 h 05 min``; empty when on time).

``grading/export/feuille_<td>.csv`` (with ``--feuille``) — the teacher's own
Moodle grading worksheet, filled: see :mod:`crmkit.grading.export_feuille`.

``grading/export/moodle_<td>.csv`` — for the gradebook's CSV import (the
second path; the worksheet import refuses it: it has no « Dernière
modification (note) »), comma-separated, UTF-8, decimal point:

============================  =====================================================
column                        use in Moodle
============================  =====================================================
``Identifiant``               ``Participant 123456``, for the teacher's eye
``Nom complet``               for the teacher's eye (ignored by the imports)
``Adresse de courriel``       grader report › Importer › Fichier CSV: « Identifier
                              l'utilisateur par » ``Adresse de courriel`` → « Adresse
                              de courriel »
``Numéro d'identification``   same, → « Numéro d'identification » (when known)
``Note``                      the grade: map it to the TD's grade item
``Note maximale``             informative
============================  =====================================================

The identity columns come from ``grading/etudiants.csv`` and
``grading/moodle/<td>.csv`` written by ``collect``. Moodle's gradebook import
(``grade/import/csv/classes/load_data.php``, ``prepare_import_grade_data``)
abandons the whole file at the first row whose identifier is empty, so a
student with neither e-mail nor ID number is left out and named in the
warnings. ``--sur 20`` rescales ``Note`` to a mark out of 20; with
``--feuille`` the worksheet's « Note maximale » is the scale.

>>> rescale(3, 5, 20)
12.0
>>> rescale(3, 5, None)
3.0
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ExportError", "GradeTable", "grade_table", "export", "rescale", "EXPORT_DIR"]

EXPORT_DIR = Path("grading") / "export"


class ExportError(RuntimeError):
    """Grades could not be exported (French message for the teacher)."""


@dataclass
class GradeTable:
    """Scores of one TD: item ids (in order), their max, and one dict per student."""

    assignment: str
    items: list[str]
    item_max: dict[str, float]
    rows: list[dict] = field(default_factory=list)
    max_score: float = 0.0


def rescale(score: float, max_score: float, sur: float | None) -> float:
    """*score* out of *max_score* brought to a mark out of *sur* (unchanged if ``None``)."""
    if sur is None or not max_score:
        return round(float(score), 2)
    return round(float(score) * sur / max_score, 2)


def _source_order(root: Path, assignment: str, notebook: str) -> list[str]:
    path = root / "solutions" / assignment / f"{notebook}.ipynb"
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    ids = []
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and meta.get("grade_id"):
            ids.append(meta["grade_id"])
    return ids


def grade_table(course_root: Path, assignment: str) -> GradeTable:
    """Read every submission of *assignment* from the gradebook (plus autograde outcomes)."""
    from nbgrader.api import Gradebook, MissingEntry

    from crmkit.grading.autograde import load_outcomes
    from crmkit.grading.release import _ensure_alembic_on_path, load_config

    root = Path(course_root).resolve()
    config = load_config(root)
    db_url = config.CourseDirectory.db_url
    db_file = Path(db_url.replace("sqlite:///", "", 1)) if db_url.startswith("sqlite:///") else None
    if db_file is not None and not db_file.is_file():
        raise ExportError(
            f"pas de carnet de notes ({db_file}) : lancez d'abord « crmkit grading autograde "
            f"{assignment} »."
        )
    _ensure_alembic_on_path()
    outcomes = load_outcomes(root, assignment)
    with Gradebook(db_url, config.CourseDirectory.course_id) as gb:
        try:
            a = gb.find_assignment(assignment)
        except MissingEntry:
            raise ExportError(
                f"le TD « {assignment} » n'est pas dans le carnet de notes : lancez d'abord "
                f"« crmkit grading autograde {assignment} »."
            ) from None
        items, item_max = [], {}
        for nb in sorted(a.notebooks, key=lambda n: n.name):
            order = _source_order(root, assignment, nb.name)
            cells = sorted(
                nb.grade_cells,
                key=lambda c: (order.index(c.name) if c.name in order else len(order), c.name),
            )
            prefix = "" if len(a.notebooks) == 1 else f"{nb.name}:"
            for cell in cells:
                items.append(prefix + cell.name)
                item_max[prefix + cell.name] = float(cell.max_score)
        table = GradeTable(assignment, items, item_max, max_score=float(a.max_score))
        seen = set()
        for sub in a.submissions:
            student = sub.student.id
            seen.add(student)
            row = {"etudiant": student, "scores": {}, "manual": False}
            for snb in sub.notebooks:
                prefix = "" if len(a.notebooks) == 1 else f"{snb.name}:"
                for grade in snb.grades:
                    pending = grade.manual_score is None and (
                        grade.auto_score is None or grade.needs_manual_grade
                    )
                    row["manual"] |= pending
                    row["scores"][prefix + grade.name] = None if pending else float(grade.score)
            row["total"] = float(sub.score)
            row["retard"] = float(sub.total_seconds_late or 0)
            outcome = outcomes.get(student)
            row["statut"] = outcome.status if outcome is not None else ""
            table.rows.append(row)
    for student, outcome in outcomes.items():  # ungradable files never reach the gradebook
        if student not in seen:
            table.rows.append(
                {
                    "etudiant": student,
                    "scores": {},
                    "manual": False,
                    "total": 0.0,
                    "retard": 0.0,
                    "statut": outcome.status,
                }
            )
    table.rows.sort(key=lambda r: r["etudiant"])
    return table


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def _write_all(files: dict[Path, object]) -> None:
    """Write every file to a temporary name first, then rename: no half-written export."""
    tmps = []
    try:
        for dest, write in files.items():
            tmp = dest.with_name(dest.name + ".tmp")
            write(tmp)
            tmps.append((tmp, dest))
    except BaseException:
        for tmp, _ in tmps:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, dest in tmps:
        tmp.replace(dest)


def _csv_writer(header: list[str], rows: list[list[str]]):
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows(rows)

    return write


def export(
    course_root: Path, assignment: str, sur: float | None = None, feuille: Path | None = None
) -> tuple[list[Path], list[str]]:
    """Write ``notes_<td>.csv``, ``moodle_<td>.csv`` (and ``feuille_<td>.csv``) under ``grading/export/``.

    Returns the paths written and French warnings. Raises :class:`ExportError`
    before writing anything when the gradebook or the worksheet cannot be used.
    """
    from crmkit.grading.autograde import load_outcomes
    from crmkit.grading.collect import read_participants
    from crmkit.grading.export_feuille import feuille_max, fill_feuille
    from crmkit.grading.moodle_feuille import FeuilleError
    from crmkit.grading.retards import delay_text

    root = Path(course_root).resolve()
    table = grade_table(root, assignment)
    people = read_participants(root, assignment)
    out = root / EXPORT_DIR
    files: dict[Path, object] = {}
    warnings: list[str] = []
    if feuille is not None:
        try:
            filled, warnings = fill_feuille(
                Path(feuille), table, people, load_outcomes(root, assignment)
            )
            scale, _ = feuille_max(filled)
        except FeuilleError as exc:
            raise ExportError(str(exc)) from None
        if scale is not None and sur is not None and scale != sur:
            warnings.append(
                f"--sur {sur:g} ignoré : la feuille Moodle a une note maximale de {scale:g}."
            )
        sur = scale if scale is not None else sur
        files[out / f"feuille_{assignment}.csv"] = filled.write

    detail = [
        [
            r["etudiant"],
            assignment,
            *(_fmt(r["scores"].get(i)) for i in table.items),
            _fmt(r["total"]),
            _fmt(table.max_score),
            "oui" if r["manual"] else "non",
            r["statut"],
            delay_text(r["retard"]) if r.get("retard") else "",
        ]
        for r in table.rows
    ]
    files[out / f"notes_{assignment}.csv"] = _csv_writer(
        [
            "etudiant",
            "td",
            *table.items,
            "total",
            "max",
            "a_corriger_a_la_main",
            "statut",
            "retard",
        ],
        detail,
    )
    ident = (
        "courriel"
        if any(people.get(r["etudiant"], {}).get("courriel") for r in table.rows)
        else "numero"
    )
    moodle = []
    for r in table.rows:
        p = people.get(r["etudiant"], {})
        if not p.get(ident):
            warnings.append(
                f"{r['etudiant']} : ni adresse de courriel ni numéro d'identification connus : "
                f"absent de moodle_{assignment}.csv (l'import du carnet de notes Moodle "
                "s'arrêterait sur cette ligne)."
            )
            continue
        moodle.append(
            [
                f"Participant {p['id_moodle']}" if p.get("id_moodle") else "",
                p.get("nom_complet", ""),
                p.get("courriel", ""),
                p.get("numero", ""),
                _fmt(rescale(r["total"], table.max_score, sur)),
                _fmt(sur if sur is not None else table.max_score),
            ]
        )
    files[out / f"moodle_{assignment}.csv"] = _csv_writer(
        [
            "Identifiant",
            "Nom complet",
            "Adresse de courriel",
            "Numéro d'identification",
            "Note",
            "Note maximale",
        ],
        moodle,
    )
    out.mkdir(parents=True, exist_ok=True)
    _write_all(files)
    return sorted(files), warnings
