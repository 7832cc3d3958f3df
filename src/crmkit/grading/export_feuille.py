"""Fill the teacher's own Moodle grading worksheet with the gradebook's grades.

``crmkit grading export TD --feuille Notes-….csv`` writes
``grading/export/feuille_<td>.csv``: the worksheet exactly as Moodle wrote it
(every column, header, language, delimiter and row kept), where, for each
participant whose copy was graded,

* « Note » / « Grade » gets the total brought to the worksheet's « Note
  maximale » (Moodle skips a grade above it), written with the worksheet's
  own decimal separator (Moodle reads it with ``unformat_float``);
* « Dernière modification (note) » gets a date PHP's ``strtotime`` reads
  (ISO 8601 with its offset): the date already there for a grade Moodle
  had, so that Moodle's rule « skip a grade modified in Moodle since the
  download » (``process_import_grades`` in
  ``mod/assign/feedback/offline/locallib.php``) still protects it, else now;
* « Commentaires de feedback », when the column exists, gets a French plain
  text summary: score, late delay, pending manual grading, grading problems.

Rows of students without a graded copy are left as they are (an empty grade
is skipped by Moodle). Nothing is written when the worksheet cannot be used:
another assignment's worksheet, a copy missing from the gradebook, a column
Moodle needs missing, a non-UTF-8 file.

>>> decimal_text(12.5, ",")
'12,5'
>>> decimal_text(12.0, ".")
'12'
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from crmkit.grading.moodle_feuille import HEADERS, Feuille, FeuilleError, parse_date, read_feuille
from crmkit.grading.retards import delay_text

__all__ = ["fill_feuille", "comment_text", "decimal_text", "feuille_max"]

_REQUIRED = ("identifiant", "note", "date_note")


def decimal_text(value: float, sep: str) -> str:
    """*value* as Moodle's ``format_float`` would show it, with separator *sep*."""
    return f"{round(value, 2):g}".replace(".", sep)


def feuille_max(feuille: Feuille) -> tuple[float | None, str]:
    """The worksheet's « Note maximale » (``None`` if absent) and its decimal separator."""
    cells = [feuille.get(r, "note_max") for r in feuille.rows if feuille.get(r, "note_max")]
    if not cells:
        return None, "."
    sep = "," if "," in cells[0] else "."
    try:
        return float(cells[0].replace("\u00a0", "").replace(" ", "").replace(",", ".")), sep
    except ValueError:
        raise FeuilleError(
            f"{feuille.path.name} : la note maximale « {cells[0]} » n'est pas un nombre (devoir "
            "noté avec un barème) : seule une note numérique peut être importée."
        ) from None


def comment_text(row: dict, max_score: float, sur: float | None, outcome) -> str:
    """The French plain-text feedback comment of one graded row.

    >>> comment_text({"total": 3.5, "manual": True, "retard": 7500}, 5, 20, None)
    'Correction automatique\u202f: 3,5/5 points, soit 14/20. Remis en retard de 2 h 05 min. Une partie de la copie reste à corriger à la main.'
    """
    n = "\u202f"  # French typography: narrow no-break space before « : »
    total = float(row["total"])
    parts = [
        f"Correction automatique{n}: {decimal_text(total, ',')}/{decimal_text(max_score, ',')} points"
    ]
    if sur is not None and sur != max_score and max_score:
        parts[0] += f", soit {decimal_text(total * sur / max_score, ',')}/{decimal_text(sur, ',')}"
    parts[0] += "."
    if row.get("retard"):
        parts.append(f"Remis en retard de {delay_text(row['retard'])}.")
    if row.get("manual"):
        parts.append("Une partie de la copie reste à corriger à la main.")
    if outcome is not None and outcome.status != "ok":
        parts.append(f"Problème pendant la correction{n}: {outcome.message}.")
    reasons = [f"{c.grade_id} ({c.reason})" for c in getattr(outcome, "cells", []) if c.reason]
    if reasons:
        parts.append(f"Questions non évaluées{n}: " + ", ".join(reasons) + ".")
    return " ".join(parts)


def _language(feuille: Feuille) -> int:
    english = sum(1 for h in feuille.headers if h in {en for _, en in HEADERS.values()})
    french = sum(1 for h in feuille.headers if h in {fr for fr, _ in HEADERS.values()})
    return 1 if english > french else 0


def fill_feuille(path: Path, table, people: dict, outcomes: dict) -> tuple[Feuille, list[str]]:
    """The filled worksheet (not written) and French warnings; :class:`FeuilleError` if unusable.

    *table* is :func:`crmkit.grading.export.grade_table`'s, *people* maps
    student id → record with ``id_moodle`` (:func:`crmkit.grading.collect.read_participants`).
    """
    feuille = read_feuille(path)
    lang = _language(feuille)
    missing = [HEADERS[k][lang] for k in _REQUIRED if k not in feuille.columns]
    if missing:
        raise FeuilleError(
            f"{path.name} n'a pas la ou les colonnes « {' », « '.join(missing)} » que l'import "
            "de Moodle exige : téléchargez la feuille du devoir par « Télécharger la feuille "
            "d'évaluation » (Actions d'évaluation), sans la modifier."
        )
    sur, sep = feuille_max(feuille)
    by_pid = {p["id_moodle"]: s for s, p in people.items() if p.get("id_moodle")}
    graded = {r["etudiant"]: r for r in table.rows}
    pids = [feuille.participant(r) for r in feuille.rows]
    if not set(pids) & set(by_pid):
        raise FeuilleError(
            f"{path.name} : aucun participant de cette feuille n'a de copie importée pour le TD "
            f"« {table.assignment} » (Moodle numérote les participants par devoir) : c'est "
            "sans doute la feuille d'un autre devoir. Téléchargez celle de ce devoir."
        )
    absent = [by_pid[p] for p in pids if p in by_pid and by_pid[p] not in graded]
    if absent:
        raise FeuilleError(
            f"{', '.join(sorted(absent))} : copie importée mais absente du carnet de notes du "
            f"TD « {table.assignment} » : lancez « crmkit grading autograde {table.assignment} » "
            "avant d'exporter (rien n'a été écrit)."
        )
    warnings = [
        f"{s} : corrigé mais absent de la feuille (participant "
        f"{people.get(s, {}).get('id_moodle') or '?'}) : note non reportée."
        for s in sorted(set(graded) - {by_pid[p] for p in pids if p in by_pid})
    ]
    now = datetime.now().astimezone().replace(microsecond=0)
    for row in feuille.rows:
        student = by_pid.get(feuille.participant(row))
        if student is None or student not in graded:
            continue
        r = graded[student]
        width = max(feuille.columns.values()) + 1
        row.extend([""] * (width - len(row)))
        total = float(r["total"])
        grade = total * sur / table.max_score if sur is not None and table.max_score else total
        row[feuille.columns["note"]] = decimal_text(grade, sep)
        before = parse_date(feuille.get(row, "date_note"))
        row[feuille.columns["date_note"]] = (before or now).isoformat()
        if "commentaires" in feuille.columns:
            text = comment_text(r, table.max_score, sur, outcomes.get(student))
            row[feuille.columns["commentaires"]] = text
        if feuille.get(row, "modifiable").casefold() in {"non", "no"}:
            warnings.append(
                f"{student} : Moodle indique « note non modifiable » (note verrouillée ou "
                "évaluation bloquée) : cette ligne sera ignorée à l'import."
            )
    if "commentaires" not in feuille.columns:
        warnings.append(
            f"{path.name} : pas de colonne « {HEADERS['commentaires'][lang]} » (feedback par "
            "commentaires désactivé dans le devoir) : seules les notes seront importées."
        )
    return feuille, warnings
