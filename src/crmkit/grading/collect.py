"""Import submissions into ``grading/submitted/<student>/<td>/<td>.ipynb``.

The source is a Moodle « Télécharger tous les travaux remis » zip (or that zip
unpacked), or a plain folder of notebooks. Every Moodle layout is read (see
:mod:`crmkit.grading.moodle_archive`): ≥ 4.1 and ≤ 4.0 folders, the flat
layout, blind marking, team submissions (each member of the group gets the
copy; needs the worksheet, which says who is in which group), online text
(reported and skipped). In a Moodle source, a name of no Moodle form is
reported, never guessed; a zip with no Moodle name at all is refused. A plain
folder (no Moodle name in it) keeps the old rule: the student id is the
sub-folder or file name.

The originals are never modified. Every problem is reported in French instead
of stopping the import: wrong file names, several notebooks for one student
(the newest is kept), non-notebook files, empty folders, non-UTF-8 names,
unknown participants.

Roster (``--roster``): Moodle's grading worksheet (either interface language,
see :mod:`crmkit.grading.moodle_feuille`) or a CSV of the same shape. Its
« Identifiant » gives the participant, the student id is « Numéro
d'identification », else « Adresse de courriel », else ``etudiant`` (or
``--id-column``), else the participant number. Its « Dernière modification
(travail remis) » becomes nbgrader's submission timestamp
(:mod:`crmkit.grading.retards`); ``--date-limite`` becomes the TD's due date,
and late copies are listed with their delay.

Who is who goes to ``grading/etudiants.csv`` (course-wide identity) and
``grading/moodle/<td>.csv`` (participant numbers, which Moodle gives per
assignment), both read by ``export`` and ``feedback --zip-moodle``.

>>> parse_moodle_name("Jean Dupont_123456_assignsubmission_file").numero
'123456'
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from pathlib import Path

from crmkit.grading import retards
from crmkit.grading.moodle_archive import (
    JUNK,
    SourceFile,
    files_from_folder,
    files_from_zip,
    parse_moodle_name,
    printable,
)
from crmkit.grading.moodle_feuille import FeuilleError, norm, parse_date, read_feuille

__all__ = [
    "CollectReport",
    "CollectError",
    "collect",
    "parse_moodle_name",
    "read_roster",
    "read_students",
    "read_participants",
    "STUDENTS_FILE",
]

STUDENTS_FILE = Path("grading") / "etudiants.csv"
PARTICIPANTS_DIR = Path("grading") / "moodle"
STUDENT_FIELDS = ["etudiant", "id_moodle", "nom_complet", "courriel", "numero"]
PARTICIPANT_FIELDS = ["etudiant", "id_moodle", "nom_complet", "groupe", "remis_le"]


class CollectError(ValueError):
    """The import cannot start (French message): unknown source, unreadable roster…"""


# --------------------------------------------------------------------------- report


def _n(count: int, singular: str, plural: str) -> str:
    """French count: singular up to 1 (« 0 copie », « 2 copies »)."""
    return f"{count} {singular if count <= 1 else plural}"


@dataclass
class CollectReport:
    """What ``collect`` did: imported students, late copies and the problems met (French)."""

    assignment: str
    imported: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    late: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        """Plain French summary for the teacher.

        >>> r = CollectReport("td0", problems=["x : dossier vide"], late={"e1": "2 h 05 min"})
        >>> print(r.text())
        TD td0 : 0 copie importée, 0 inchangée, 1 problème.
          - x : dossier vide
        Copies en retard :
          - e1 : 2 h 05 min
        """
        lines = [
            f"TD {self.assignment} : {_n(len(self.imported), 'copie importée', 'copies importées')}, "
            f"{_n(len(self.unchanged), 'inchangée', 'inchangées')}, "
            f"{_n(len(self.problems), 'problème', 'problèmes')}."
        ]
        lines += [f"  - {p}" for p in self.problems]
        if self.late:
            lines.append("Copies en retard :")
            lines += [f"  - {s} : {d}" for s, d in sorted(self.late.items())]
        return "\n".join(lines)


# --------------------------------------------------------------------------- roster


def read_roster(
    path: Path, id_column: str | None = None, zone: tzinfo | None = None
) -> list[dict[str, str]]:
    """Rows ``etudiant, id_moodle, nom_complet, courriel, numero, groupe, remis_le, statut``.

    Submission dates without an offset are read in *zone* (``None``: the machine's).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "feuille.csv"
    >>> _ = p.write_text("Identifiant,Nom complet,Adresse de courriel\\n"
    ...                  "Participant 12,Léa Martin,lea@iut.fr\\n", encoding="utf-8")
    >>> r = read_roster(p)[0]
    >>> (r["etudiant"], r["id_moodle"], r["nom_complet"])
    ('lea@iut.fr', '12', 'Léa Martin')
    """
    try:
        f = read_feuille(path)
    except FeuilleError as exc:
        raise CollectError(f"liste d'étudiants : {exc}") from None
    if id_column is not None:
        if id_column not in f.headers:
            raise CollectError(
                f"colonne « {id_column} » absente de {path} ; colonnes disponibles : "
                f"{', '.join(f.headers)}."
            )
        f.columns["_id"] = f.headers.index(id_column)
    id_keys = [k for k in ("_id", "numero", "courriel", "etudiant") if k in f.columns]
    id_keys = id_keys[:1] if id_column is not None else id_keys
    if "identifiant" not in f.columns and ("nom_complet" not in f.columns or not id_keys):
        raise CollectError(
            f"liste d'étudiants {path} : il faut une colonne « Identifiant » (ou « id_moodle »), "
            "ou bien « Nom complet » et une colonne d'identifiant étudiant (« Numéro "
            "d'identification », « Adresse de courriel » ou « etudiant ») ; colonnes trouvées : "
            f"{', '.join(f.headers)}."
        )
    rows = []
    for row in f.rows:
        when = parse_date(f.get(row, "date_remise"), zone)
        rows.append(
            {
                "etudiant": next((f.get(row, k) for k in id_keys if f.get(row, k)), ""),
                "id_moodle": f.participant(row),
                "nom_complet": f.get(row, "nom_complet"),
                "courriel": f.get(row, "courriel"),
                "numero": f.get(row, "numero"),
                "groupe": f.get(row, "groupe"),
                "remis_le": when.isoformat() if when else "",
                "statut": f.get(row, "statut"),
            }
        )
    return rows


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_students(course_root: Path) -> dict[str, dict[str, str]]:
    """``{student id: row}`` from ``grading/etudiants.csv`` (empty if absent)."""
    return {r["etudiant"]: r for r in _read_csv(Path(course_root) / STUDENTS_FILE)}


def read_participants(course_root: Path, assignment: str) -> dict[str, dict[str, str]]:
    """``{student id: row}`` for one TD: identity plus that TD's participant number.

    Falls back to ``grading/etudiants.csv`` alone for TDs collected before
    ``grading/moodle/<td>.csv`` existed.
    """
    people = read_students(course_root)
    path = Path(course_root) / PARTICIPANTS_DIR / f"{assignment}.csv"
    for row in _read_csv(path):
        merged = dict(people.get(row["etudiant"], {}))
        merged.update({k: v for k, v in row.items() if v})
        people[row["etudiant"]] = merged
    return people


def _write_csv(path: Path, fields: list[str], rows: dict[str, dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for key in sorted(rows):
            writer.writerow({k: rows[key].get(k, "") for k in fields})
    tmp.replace(path)


# --------------------------------------------------------------------------- who owns a top-level name


def _safe_id(text: str) -> str:
    """A student id usable as a folder name (no separators, no leading dot)."""
    text = printable(text).strip().replace("/", "_").replace("\\", "_")
    return text.lstrip(".") or "inconnu"


def _person(row: dict[str, str], pid: str) -> tuple[str, dict]:
    record = {k: row[k] for k in ("nom_complet", "courriel", "numero", "groupe", "remis_le")}
    record["id_moodle"] = pid
    return _safe_id(row["etudiant"] or pid), record


def _owners_of(owner: str, roster, report: CollectReport) -> list[tuple[str, dict]]:
    """Students (id, record) a Moodle top-level name belongs to; problems go to *report*."""
    m = parse_moodle_name(owner)
    shown = printable(owner)
    if m.plugin != "file":
        report.problems.append(
            f"{shown} : remise « {m.plugin} » (texte en ligne ou autre), pas un fichier "
            "notebook : ignorée."
        )
        return []
    if roster is None:
        if not m.numero:
            report.problems.append(
                f"{shown} : remise du groupe par défaut, sans numéro : donnez la feuille "
                "d'évaluation (--roster) pour savoir qui est dans ce groupe ; copie non importée."
            )
            return []
        return [(m.numero, {"id_moodle": m.numero, "nom_complet": m.nom})]
    mine = [r for r in roster if m.numero and r["id_moodle"] == m.numero]
    if not mine:  # a team: Moodle's group name, "_" turned to spaces
        mine = [
            r for r in roster if r["groupe"] and norm(r["groupe"].replace("_", " ")) == norm(m.nom)
        ]
    if not mine:
        mine = [r for r in roster if not r["id_moodle"] and norm(r["nom_complet"]) == norm(m.nom)]
    if not mine:
        report.problems.append(
            f"{shown} : participant {m.numero or '?'} ({m.nom}) absent de la liste "
            "d'étudiants : copie non importée, complétez la liste."
        )
        return []
    return [_person(r, r["id_moodle"] or m.numero) for r in mine]


# --------------------------------------------------------------------------- collect


def _read_source(source: Path, report: CollectReport) -> tuple[list[SourceFile], list[str]] | None:
    if not source.exists():
        raise CollectError(f"source introuvable : {source} (dossier ou archive zip attendu).")
    if source.is_dir():
        return files_from_folder(source)
    if source.suffix.lower() == ".ipynb":
        return [
            SourceFile(
                source.name, source.name, source.name, source.stat().st_mtime, source.read_bytes
            )
        ], []
    return files_from_zip(source, report.problems)


def collect(
    course_root: Path,
    assignment: str,
    source: Path,
    roster: Path | None = None,
    id_column: str | None = None,
    date_limite: str | None = None,
    fuseau: str | None = None,
) -> CollectReport:
    """Import the submissions of *assignment* found in *source* (folder or Moodle zip).

    Returns a :class:`CollectReport`; never raises on a bad submission, only on
    setup problems (:class:`CollectError`: unknown source, unreadable roster or
    deadline, unknown time zone), before anything is written. *fuseau* names the
    time zone of the Moodle dates and of *date_limite* (``None``: the machine's).
    """
    root = Path(course_root).resolve()
    source = Path(source)
    report = CollectReport(assignment)
    try:
        zone = retards.fuseau(fuseau)
        deadline = retards.parse_deadline(date_limite, zone) if date_limite else None
    except retards.DeadlineError as exc:
        raise CollectError(str(exc)) from None
    roster_rows = read_roster(roster, id_column, zone) if roster is not None else None
    read = _read_source(source, report)
    if read is None:
        return report
    files, empty = read
    tops = {f.owner for f in files} | set(empty)
    moodle = {t for t in tops if parse_moodle_name(t) is not None}
    if not moodle and source.is_file() and source.suffix.lower() == ".zip":
        report.problems.append(
            f"{source.name} : aucun dossier ni fichier au format de Moodle (« Nom Prénom_"
            "123456_assignsubmission_file ») : ce zip ne vient pas de « Télécharger tous les "
            "travaux remis » ; rien n'a été importé."
        )
        return report
    for d in empty:
        report.problems.append(f"{printable(d)} : dossier vide, aucun fichier remis.")

    owners: dict[str, list[tuple[str, dict]]] = {}
    for top in sorted(tops - set(empty)):
        if top in moodle:
            owners[top] = _owners_of(top, roster_rows, report)
        elif moodle:
            report.problems.append(
                f"{printable(top)} : nom qui n'a aucune des formes de Moodle (« Nom_123456_"
                "assignsubmission_file ») : ignoré, à vérifier à la main."
            )
            owners[top] = []
        else:
            stem = top[: -len(".ipynb")] if top.lower().endswith(".ipynb") else top
            owners[top] = [(_safe_id(stem), {})]

    by_student: dict[str, list[SourceFile]] = {}
    records: dict[str, dict] = {}
    for f in files:
        if f.rel == f.owner and f.owner in moodle:  # flat layout: the file name follows the prefix
            f = replace(f, name=parse_moodle_name(f.owner).reste)
        for student, record in owners[f.owner]:
            records.setdefault(student, {}).update(record)
            if f.bad_name:
                report.problems.append(
                    f"{printable(f.rel)} : nom de fichier illisible (encodage non UTF-8) ; "
                    "fichier lu quand même."
                )
            if f.name in JUNK:
                continue
            if not f.name.lower().endswith(".ipynb"):
                report.problems.append(
                    f"{printable(f.rel)} : pas un notebook (.ipynb), fichier ignoré "
                    f"(étudiant {student})."
                )
                continue
            by_student.setdefault(student, []).append(f)
    for student in sorted(set(records) - set(by_student)):
        report.problems.append(f"étudiant {student} : aucun notebook remis.")

    expected = f"{assignment}.ipynb"
    for student, candidates in sorted(by_student.items()):
        chosen = _choose(student, candidates, expected, report)
        data = chosen.read()
        if not _looks_like_notebook(data):
            report.problems.append(
                f"{printable(chosen.rel)} : contenu qui n'est pas un notebook valide (JSON "
                f"illisible ou fichier vide) ; importé quand même, la correction le signalera "
                f"(étudiant {student})."
            )
        dest = root / "grading" / "submitted" / student / assignment / expected
        stamp = records[student].get("remis_le")
        if dest.is_file() and dest.read_bytes() == data:
            report.unchanged.append(student)
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(dest)
            report.imported[student] = dest
        if stamp:
            retards.write_timestamp(dest.parent, datetime.fromisoformat(stamp))

    _record_people(root, assignment, records)
    _late_copies(root, assignment, records, deadline, roster_rows, report)
    return report


def _record_people(root: Path, assignment: str, records: dict[str, dict]) -> None:
    if not records:
        return
    known = read_students(root)
    for student, record in records.items():
        row = dict(known.get(student, {}))
        row.update({k: v for k, v in record.items() if v and k in STUDENT_FIELDS})
        row["etudiant"] = student
        known[student] = row
    _write_csv(root / STUDENTS_FILE, STUDENT_FIELDS, known)
    path = root / PARTICIPANTS_DIR / f"{assignment}.csv"
    participants = {r["etudiant"]: r for r in _read_csv(path)}
    for student, record in records.items():
        participants[student] = {**record, "etudiant": student}
    _write_csv(path, PARTICIPANT_FIELDS, participants)


def _late_copies(root, assignment, records, deadline, roster_rows, report) -> None:
    """Deadline to the gradebook; late copies (by date, or by Moodle's status) to the report."""
    if deadline is not None:
        try:
            retards.set_duedate(root, assignment, deadline)
        except Exception as exc:  # noqa: BLE001 - the import itself succeeded
            report.problems.append(f"date limite non enregistrée dans le carnet de notes ({exc}).")
    else:
        deadline = retards.read_duedate(root, assignment) if records else None
    for student, record in records.items():
        stamp = record.get("remis_le")
        if deadline is not None and stamp:
            late = (datetime.fromisoformat(stamp) - deadline).total_seconds()
            if late > 0:
                report.late[student] = retards.delay_text(late)
    if deadline is None and roster_rows:
        late_pids = {r["id_moodle"] for r in roster_rows if _says_late(r["statut"])}
        for student, record in records.items():
            if record.get("id_moodle") in late_pids:
                report.late[student] = "en retard selon Moodle (donnez --date-limite pour le délai)"


def _says_late(status: str) -> bool:
    """Moodle's status cell says « Remis en retard de … » / « … late » (``submittedlateshort``)."""
    s = norm(status)
    return "en retard" in s or s.endswith(" late") or " late " in s


def _choose(student: str, candidates: list[SourceFile], expected: str, report) -> SourceFile:
    exact = [f for f in candidates if f.name == expected]
    pool = exact or candidates
    chosen = max(pool, key=lambda f: (f.mtime, f.rel))
    if len(candidates) > 1:
        others = ", ".join(printable(f.rel) for f in candidates if f is not chosen)
        why = "au nom attendu" if exact else "le plus récent"
        report.problems.append(
            f"étudiant {student} : plusieurs notebooks ; gardé {printable(chosen.rel)} "
            f"({why}), ignoré : {others}."
        )
    if chosen.name != expected:
        report.problems.append(
            f"{printable(chosen.rel)} : nom de fichier inattendu (attendu : {expected}) ; "
            f"importé sous {expected} (étudiant {student})."
        )
    return chosen


def _looks_like_notebook(data: bytes) -> bool:
    try:
        nb = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(nb, dict) and isinstance(nb.get("cells"), list)
