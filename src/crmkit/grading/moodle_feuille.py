"""Moodle's grading worksheet (« Télécharger la feuille d'évaluation »), in either language.

Moodle writes the worksheet with ``assign_grading_table`` in download mode
(``mod/assign/gradingtable.php``, ``__construct``; ``download_grades`` in
``mod/assign/feedback/offline/locallib.php``) and reads it back with
``assignfeedback_offline_grade_importer::init`` / ``next``
(``mod/assign/feedback/offline/importgradeslib.php``). Headers are the
teacher's interface strings (``lang/en/assign.php``, ``lang/fr/assign.php``):

=================  ============================================  ================================
key                French                                        English
=================  ============================================  ================================
``identifiant``    Identifiant (``Participant123456``)           Identifier (``Participant 123456``)
``nom_complet``    Nom complet                                   Full name
``courriel``       Adresse de courriel                           Email address
``numero``         Numéro d'identification                       ID number
``statut``         Statut                                        Status
``groupe``         Groupe (team submissions)                     Group
``note``           Note                                          Grade
``note_max``       Note maximale                                 Maximum grade
``modifiable``     La note peut être modifiée (Oui / Non)        Grade can be changed
``date_remise``    Dernière modification (travail remis)         Last modified (submission)
``date_note``      Dernière modification (note)                  Last modified (grade)
``commentaires``   Commentaires de feedback                      Feedback comments
=================  ============================================  ================================

Dates are ``userdate()`` strings (« lundi 3 mars 2025, 10:00 » /
« Monday, 3 March 2025, 10:00 AM ») or ``-``.

>>> parse_date("lundi 3 mars 2025, 10:05").strftime("%Y-%m-%d %H:%M")
'2025-03-03 10:05'
>>> parse_date("Monday, 3 March 2025, 10:05 PM").strftime("%H:%M")
'22:05'
>>> parse_date("-") is None
True
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from crmkit.grading.retards import heure_locale

__all__ = ["Feuille", "FeuilleError", "read_feuille", "parse_date", "HEADERS", "norm"]

HEADERS = {
    "identifiant": ("Identifiant", "Identifier"),
    "nom_complet": ("Nom complet", "Full name"),
    "courriel": ("Adresse de courriel", "Email address"),
    "numero": ("Numéro d'identification", "ID number"),
    "statut": ("Statut", "Status"),
    "groupe": ("Groupe", "Group"),
    "note": ("Note", "Grade"),
    "note_max": ("Note maximale", "Maximum grade"),
    "modifiable": ("La note peut être modifiée", "Grade can be changed"),
    "date_remise": ("Dernière modification (travail remis)", "Last modified (submission)"),
    "date_note": ("Dernière modification (note)", "Last modified (grade)"),
    "commentaires": ("Commentaires de feedback", "Feedback comments"),
}
# Hand-made rosters of earlier versions.
_EXTRA = {"identifiant": ("id_moodle", "participant"), "etudiant": ("etudiant",)}


def norm(text: str) -> str:
    """Header/name comparison key: no accents, case or extra spaces, straight apostrophes.

    >>> norm("  Numéro d’identification ")
    "numero d'identification"
    """
    text = unicodedata.normalize("NFKD", (text or "").replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


_MONTHS = {
    norm(m): i + 1
    for names in (
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "january february march april may june july august september october november december",
    )
    for i, m in enumerate(names.split())
}
_USERDATE = re.compile(
    r"(?P<d>\d{1,2})\s+(?P<mois>[^\W\d_]+)\.?\s+(?P<y>\d{4}),?\s+(?:à\s+)?"
    r"(?P<h>\d{1,2})[:h](?P<mi>\d{2})(?:\s*(?P<ampm>[AaPp][Mm]))?"
)


class FeuilleError(ValueError):
    """The worksheet cannot be used (French message for the teacher)."""


def parse_date(text: str, zone: tzinfo | None = None) -> datetime | None:
    """A worksheet date as an aware datetime, read in *zone* when none is written.

    *zone* ``None`` is the machine's time zone (see :func:`crmkit.grading.retards.fuseau`).
    """
    text = (text or "").strip()
    if not text or text == "-":
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        m = _USERDATE.search(text)
        month = _MONTHS.get(norm(m.group("mois"))) if m else None
        if m is None or month is None:
            return None
        hour = int(m.group("h")) % 12 if m.group("ampm") else int(m.group("h"))
        if (m.group("ampm") or "").lower() == "pm":
            hour += 12
        value = datetime(int(m.group("y")), month, int(m.group("d")), hour, int(m.group("mi")))
    return heure_locale(value, zone)


@dataclass
class Feuille:
    """A worksheet as Moodle wrote it: headers, rows (lists), and where each known column is."""

    path: Path
    headers: list[str]
    rows: list[list[str]]
    columns: dict[str, int] = field(default_factory=dict)
    delimiter: str = ","
    bom: bool = False

    def get(self, row: list[str], key: str) -> str:
        """Cell *key* of *row* (``""`` when the column is absent or the row short)."""
        i = self.columns.get(key)
        return row[i].strip() if i is not None and i < len(row) else ""

    def participant(self, row: list[str]) -> str:
        """Participant number of *row* (``Participant 123456`` → ``123456``)."""
        return re.sub(r"\D", "", self.get(row, "identifiant"))

    def header(self, key: str) -> str | None:
        """The header Moodle wrote for *key*, if the column exists."""
        i = self.columns.get(key)
        return None if i is None else self.headers[i]

    def write(self, dest: Path) -> None:
        """Write the worksheet back with its own delimiter (and BOM, if it had one)."""
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=self.delimiter, lineterminator="\n")
        writer.writerow(self.headers)
        writer.writerows(self.rows)
        dest.write_text(("\ufeff" if self.bom else "") + buf.getvalue(), encoding="utf-8")


def read_feuille(path: Path) -> Feuille:
    """Read a Moodle worksheet (or a roster of the same shape); French errors.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "f.csv"
    >>> _ = p.write_text("Identifier,Full name,Grade\\nParticipant 7,Ana Lee,\\n", encoding="utf-8")
    >>> f = read_feuille(p)
    >>> (f.participant(f.rows[0]), f.header("note"))
    ('7', 'Grade')
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise FeuilleError(f"feuille illisible : {path} ({exc.strerror}).") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FeuilleError(
            f"{Path(path).name} n'est pas encodé en UTF-8 (octet illisible en position "
            f"{exc.start}) : Moodle écrit et relit ses feuilles en UTF-8. Retéléchargez la "
            "feuille depuis Moodle, ou ré-enregistrez-la au format « CSV UTF-8 »."
        ) from None
    bom = text.startswith("\ufeff")
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise FeuilleError(f"{Path(path).name} est vide.")
    headers, body = rows[0], [r for r in rows[1:] if any(c.strip() for c in r)]
    known = {norm(h): i for i, h in enumerate(headers)}
    columns = {}
    for key, names in list(HEADERS.items()) + list(_EXTRA.items()):
        for name in names:
            if norm(name) in known and key not in columns:
                columns[key] = known[norm(name)]
    return Feuille(Path(path), headers, body, columns, delimiter, bom)
