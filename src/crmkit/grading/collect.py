"""Import submissions into ``grading/submitted/<student>/<td>/<td>.ipynb``.

The source is a folder or a Moodle "Télécharger tous les travaux remis" zip.
Recognised layouts (they can be mixed):

* Moodle folders ``Prénom Nom_123456_assignsubmission_file_/…`` (or flat
  files ``Prénom Nom_123456_assignsubmission_file_td0.ipynb``): the student
  id is the Moodle participant id ``123456``, or the roster's id for it;
* any other sub-folder: the student id is the folder name;
* a notebook at the top level: the student id is the file name without
  ``.ipynb``.

The originals are never modified (a zip is read, a folder is only read).
Every problem is reported in French instead of stopping the import: wrong
file names, several notebooks for one student (the newest is kept),
non-notebook files, empty folders, non-UTF-8 names, a file that is not a zip,
unknown participants. Who is who is recorded in ``grading/etudiants.csv``
(used by ``export`` for the Moodle files).

Roster (``--roster``): a CSV, typically Moodle's grading worksheet
("Télécharger la feuille d'évaluation"), with a column ``Identifiant``
(``Participant 123456``) or ``id_moodle``, and the column that becomes the
student id: ``Numéro d'identification``, else ``Adresse de courriel``, else
``etudiant`` (or the one given with ``--id-column``).

>>> parse_moodle_name("Jean Dupont_123456_assignsubmission_file_")
('Jean Dupont', '123456', '')
>>> parse_moodle_name("Jean Dupont_123456_assignsubmission_file_td0.ipynb")
('Jean Dupont', '123456', 'td0.ipynb')
>>> parse_moodle_name("td0.ipynb") is None
True
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

__all__ = [
    "CollectReport",
    "CollectError",
    "collect",
    "parse_moodle_name",
    "read_roster",
    "read_students",
    "STUDENTS_FILE",
]

STUDENTS_FILE = Path("grading") / "etudiants.csv"
STUDENT_FIELDS = ["etudiant", "id_moodle", "nom_complet", "courriel", "numero"]
_MOODLE = re.compile(
    r"^(?P<nom>.*?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<reste>.*)$", re.S
)
_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini"}
_JUNK_DIRS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__"}


class CollectError(ValueError):
    """The import cannot start (French message): unknown TD, unreadable roster…"""


def parse_moodle_name(name: str) -> tuple[str, str, str] | None:
    """``(full name, participant id, rest)`` of a Moodle download name, else ``None``."""
    m = _MOODLE.match(name)
    if m is None:
        return None
    return m.group("nom").strip(), m.group("id"), m.group("reste")


# --------------------------------------------------------------------------- report


@dataclass
class CollectReport:
    """What ``collect`` did: imported students and the problems met (French)."""

    assignment: str
    imported: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def text(self) -> str:
        """Plain French summary for the teacher.

        >>> r = CollectReport("td0", problems=["x : dossier vide"])
        >>> print(r.text())
        TD td0 : 0 copie(s) importée(s), 0 inchangée(s), 1 problème(s).
          - x : dossier vide
        """
        lines = [
            f"TD {self.assignment} : {len(self.imported)} copie(s) importée(s), "
            f"{len(self.unchanged)} inchangée(s), {len(self.problems)} problème(s)."
        ]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


# --------------------------------------------------------------------------- roster


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


_COLUMN_ALIASES = {
    "participant": ["identifiant", "identifier", "id_moodle", "participant"],
    "nom_complet": ["nom complet", "full name", "nom_complet"],
    "courriel": ["adresse de courriel", "email address", "courriel", "email"],
    "numero": ["numero d'identification", "id number", "numero"],
    "etudiant": ["etudiant"],
}


def read_roster(path: Path, id_column: str | None = None) -> list[dict[str, str]]:
    """Read a roster CSV into rows with keys ``etudiant, id_moodle, nom_complet, courriel, numero``.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "feuille.csv"
    >>> _ = p.write_text("Identifiant,Nom complet,Adresse de courriel\\n"
    ...                  "Participant 12,Léa Martin,lea@iut.fr\\n", encoding="utf-8")
    >>> read_roster(p)
    [{'etudiant': 'lea@iut.fr', 'id_moodle': '12', 'nom_complet': 'Léa Martin', 'courriel': 'lea@iut.fr', 'numero': ''}]
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CollectError(f"liste d'étudiants illisible : {path} ({exc.strerror}).") from None
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = {_norm(h).replace("’", "'"): h for h in (reader.fieldnames or [])}

    def col(kind: str) -> str | None:
        return next((headers[a] for a in _COLUMN_ALIASES[kind] if a in headers), None)

    cols = {k: col(k) for k in _COLUMN_ALIASES}
    if id_column is not None:
        if id_column not in (reader.fieldnames or []):
            raise CollectError(
                f"colonne « {id_column} » absente de {path} ; colonnes disponibles : "
                f"{', '.join(reader.fieldnames or [])}."
            )
        id_col = id_column
    else:
        id_col = cols["numero"] or cols["courriel"] or cols["etudiant"]
    if id_col is None or (cols["participant"] is None and cols["nom_complet"] is None):
        raise CollectError(
            f"liste d'étudiants {path} : il faut une colonne « Identifiant » (ou « id_moodle ») "
            "ou « Nom complet », et une colonne d'identifiant étudiant (« Numéro "
            "d'identification », « Adresse de courriel » ou « etudiant ») ; colonnes trouvées : "
            f"{', '.join(reader.fieldnames or [])}."
        )
    rows = []
    for row in reader:
        pid = re.sub(r"\D", "", row.get(cols["participant"] or "", "") or "")
        rows.append(
            {
                "etudiant": (row.get(id_col) or "").strip(),
                "id_moodle": pid,
                "nom_complet": (row.get(cols["nom_complet"] or "") or "").strip(),
                "courriel": (row.get(cols["courriel"] or "") or "").strip(),
                "numero": (row.get(cols["numero"] or "") or "").strip(),
            }
        )
    return rows


def read_students(course_root: Path) -> dict[str, dict[str, str]]:
    """``{student id: row}`` from ``grading/etudiants.csv`` (empty if absent)."""
    path = Path(course_root) / STUDENTS_FILE
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["etudiant"]: row for row in csv.DictReader(fh)}


def _write_students(course_root: Path, rows: dict[str, dict[str, str]]) -> None:
    path = Path(course_root) / STUDENTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=STUDENT_FIELDS)
        writer.writeheader()
        for key in sorted(rows):
            writer.writerow({k: rows[key].get(k, "") for k in STUDENT_FIELDS})


# --------------------------------------------------------------------------- reading the source


@dataclass
class _File:
    owner: str  # top-level folder or file name that identifies the student
    rel: str  # path shown in the report
    name: str  # base name of the file
    mtime: float
    read: object  # () -> bytes
    bad_name: bool = False


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(name: str) -> str:
    """A displayable name: undecodable bytes (surrogate escapes) read as Windows-1252.

    >>> _printable(b"\\xe9l\\xe8ve".decode("utf-8", "surrogateescape"))
    'élève'
    """
    if _is_utf8(name):
        return name
    raw = name.encode("utf-8", "surrogateescape")
    return raw.decode("cp1252", "replace")


def _zip_name(info: zipfile.ZipInfo) -> tuple[str, bool]:
    """Decoded entry name and whether it was valid UTF-8."""
    if info.flag_bits & 0x800:
        return info.filename, True
    raw = info.filename.encode("cp437", "replace")
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace"), raw.isascii()


def _from_zip(path: Path, report: CollectReport) -> list[_File] | None:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        report.problems.append(
            f"{path.name} : ce n'est pas une archive zip lisible (fichier abîmé ou autre "
            "format) ; retéléchargez « Télécharger tous les travaux remis » depuis Moodle."
        )
        return None
    files, dirs_with_files, dirs = [], set(), set()
    with zf:
        for info in zf.infolist():
            name, ok = _zip_name(info)
            parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
            if not parts or set(parts) & _JUNK_DIRS or parts[-1] in _JUNK:
                continue
            if info.is_dir():
                dirs.add(parts[0])
                continue
            dirs_with_files.add(parts[0])
            try:
                mtime = datetime(*info.date_time).timestamp()
            except (ValueError, OverflowError):
                mtime = 0.0
            try:
                data = zf.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
                report.problems.append(f"{_printable(name)} : illisible dans l'archive ({exc}).")
                continue
            files.append(
                _File(
                    owner=parts[0],
                    rel="/".join(parts),
                    name=parts[-1],
                    mtime=mtime,
                    read=lambda d=data: d,
                    bad_name=not ok,
                )
            )
    for d in sorted(dirs - dirs_with_files):
        report.problems.append(f"{d} : dossier vide, aucun fichier remis.")
    return files


def _from_folder(path: Path, report: CollectReport) -> list[_File]:
    files = []
    for top in sorted(path.iterdir(), key=lambda p: p.name):
        if top.name in _JUNK or top.name in _JUNK_DIRS:
            continue
        if top.is_file():
            candidates = [top]
        else:
            candidates = [p for p in sorted(top.rglob("*")) if p.is_file()]
            candidates = [p for p in candidates if not (set(p.parts) & _JUNK_DIRS)]
            if not candidates:
                report.problems.append(
                    f"{_printable(top.name)} : dossier vide, aucun fichier remis."
                )
                continue
        for p in candidates:
            rel = p.relative_to(path).as_posix()
            files.append(
                _File(
                    owner=top.name,
                    rel=rel,
                    name=p.name,
                    mtime=p.stat().st_mtime,
                    read=p.read_bytes,
                    bad_name=not _is_utf8(rel),
                )
            )
    return files


# --------------------------------------------------------------------------- collect


def _safe_id(text: str) -> str:
    """A student id usable as a folder name (no separators, no leading dot)."""
    text = _printable(text).strip().replace("/", "_").replace("\\", "_")
    return text.lstrip(".") or "inconnu"


def _student_of(owner: str, roster) -> tuple[str | None, dict, str | None]:
    """(student id or None, record, problem) for a top-level name."""
    moodle = parse_moodle_name(owner)
    if moodle is None:
        stem = owner[: -len(".ipynb")] if owner.lower().endswith(".ipynb") else owner
        return _safe_id(stem), {}, None
    full_name, pid, _ = moodle
    record = {"id_moodle": pid, "nom_complet": full_name}
    if roster is None:
        return pid, record, None
    match = [r for r in roster if r["id_moodle"] == pid] or [
        r for r in roster if not r["id_moodle"] and _norm(r["nom_complet"]) == _norm(full_name)
    ]
    if not match or not match[0]["etudiant"]:
        return (
            None,
            record,
            (
                f"{_printable(owner)} : participant {pid} ({full_name}) absent de la liste "
                "d'étudiants ou sans identifiant : copie non importée, complétez la liste."
            ),
        )
    row = match[0]
    record.update({k: row[k] for k in ("courriel", "numero") if row[k]})
    return _safe_id(row["etudiant"]), record, None


def collect(
    course_root: Path,
    assignment: str,
    source: Path,
    roster: Path | None = None,
    id_column: str | None = None,
) -> CollectReport:
    """Import the submissions of *assignment* found in *source* (folder or Moodle zip).

    Returns a :class:`CollectReport`; never raises on a bad submission, only on
    setup problems (:class:`CollectError`: unknown source, unreadable roster).
    """
    root = Path(course_root).resolve()
    source = Path(source)
    report = CollectReport(assignment)
    roster_rows = read_roster(roster, id_column) if roster is not None else None
    if not source.exists():
        raise CollectError(f"source introuvable : {source} (dossier ou archive zip attendu).")
    if source.is_dir():
        files = _from_folder(source, report)
    elif source.suffix.lower() == ".ipynb":
        files = _from_folder_single(source)
    else:
        files = _from_zip(source, report)
        if files is None:
            return report

    owners = {}
    for owner in sorted({f.owner for f in files}):
        student, record, problem = _student_of(owner, roster_rows)
        if problem:
            report.problems.append(problem)
        owners[owner] = (student, record)

    by_student: dict[str, list[_File]] = {}
    records: dict[str, dict] = {}
    for f in files:
        student, record = owners[f.owner]
        if student is None or f.name in _JUNK:
            continue
        records.setdefault(student, {}).update(record)
        if f.bad_name:
            report.problems.append(
                f"{_printable(f.rel)} : nom de fichier illisible (encodage non UTF-8) ; "
                "fichier lu quand même."
            )
        if not f.name.lower().endswith(".ipynb"):
            report.problems.append(
                f"{_printable(f.rel)} : pas un notebook (.ipynb), fichier ignoré "
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
                f"{_printable(chosen.rel)} : contenu qui n'est pas un notebook valide (JSON "
                f"illisible ou fichier vide) ; importé quand même, la correction le signalera "
                f"(étudiant {student})."
            )
        dest = root / "grading" / "submitted" / student / assignment / expected
        if dest.is_file() and dest.read_bytes() == data:
            report.unchanged.append(student)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(dest)
        report.imported[student] = dest

    known = read_students(root)
    for student, record in records.items():
        row = dict(known.get(student, {}))
        row.update({k: v for k, v in record.items() if v})
        row["etudiant"] = student
        known[student] = row
    if records:
        _write_students(root, known)
    return report


def _from_folder_single(path: Path) -> list[_File]:
    return [_File(path.name, path.name, path.name, path.stat().st_mtime, path.read_bytes)]


def _choose(student: str, candidates: list[_File], expected: str, report: CollectReport) -> _File:
    exact = [f for f in candidates if f.name == expected]
    pool = exact or candidates
    chosen = max(pool, key=lambda f: (f.mtime, f.rel))
    if len(candidates) > 1:
        others = ", ".join(_printable(f.rel) for f in candidates if f is not chosen)
        why = "au nom attendu" if exact else "le plus récent"
        report.problems.append(
            f"étudiant {student} : plusieurs notebooks ; gardé {_printable(chosen.rel)} "
            f"({why}), ignoré : {others}."
        )
    if chosen.name != expected:
        report.problems.append(
            f"{_printable(chosen.rel)} : nom de fichier inattendu (attendu : {expected}) ; "
            f"importé sous {expected} (étudiant {student})."
        )
    return chosen


def _looks_like_notebook(data: bytes) -> bool:
    import json

    try:
        nb = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(nb, dict) and isinstance(nb.get("cells"), list)
