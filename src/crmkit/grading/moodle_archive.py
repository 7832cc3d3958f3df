"""Reading a Moodle « Télécharger tous les travaux remis » download (zip or folder).

Moodle names each submission after its owner (``mod/assign/classes/downloader.php``,
``downloader::get_student_prefix`` and ``load_submissionplugin_filelist`` since
4.1; ``assign::download_submissions`` in ``mod/assign/locallib.php`` before):

==================================================  =================================
top-level name                                      Moodle
==================================================  =================================
``Jean Dupont_123456_assignsubmission_file/…``      ≥ 4.1, « download as folders »
``Jean Dupont_123456_assignsubmission_file_/…``     3.1 – 4.0, « download as folders »
``Jean Dupont_123456_assignsubmission_file_td.ipynb`` flat layout (option unticked)
``Participant_123456_assignsubmission_file/…``      blind marking (« Participant »)
``Groupe A_42_assignsubmission_file/…``             team submission: group name, group id
``Groupe par défaut_assignsubmission_file/…``       team submission, default group (no id)
``…_assignsubmission_onlinetext/onlinetext.html``   online text (not a notebook)
==================================================  =================================

Moodle turns ``_`` in names into spaces (``str_replace('_', ' ', …)``), so the
first ``_<digits>_assignsubmission_`` ends the name.

>>> m = parse_moodle_name("Jean Dupont_123456_assignsubmission_file")
>>> (m.nom, m.numero, m.plugin, m.reste)
('Jean Dupont', '123456', 'file', '')
>>> parse_moodle_name("Jean Dupont_123456_assignsubmission_file_td0.ipynb").reste
'td0.ipynb'
>>> parse_moodle_name("Groupe par défaut_assignsubmission_file").numero
''
>>> parse_moodle_name("td0.ipynb") is None
True
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

__all__ = [
    "MoodleName",
    "SourceFile",
    "parse_moodle_name",
    "files_from_zip",
    "files_from_folder",
    "printable",
    "is_utf8",
    "JUNK",
]

_MOODLE = re.compile(
    r"^(?P<nom>.+?)(?:_(?P<id>\d+))?_assignsubmission_(?P<plugin>[a-z]+)(?:_(?P<reste>.*))?$",
    re.S,
)
JUNK = {".DS_Store", "Thumbs.db", "desktop.ini"}
_JUNK_DIRS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__"}


@dataclass(frozen=True)
class MoodleName:
    """A Moodle download name: owner's name, number (participant or group id), plugin, rest."""

    nom: str
    numero: str
    plugin: str
    reste: str


def parse_moodle_name(name: str) -> MoodleName | None:
    """The parts of a Moodle download name, else ``None``."""
    m = _MOODLE.match(name)
    if m is None:
        return None
    return MoodleName(
        m.group("nom").strip(), m.group("id") or "", m.group("plugin"), m.group("reste") or ""
    )


@dataclass
class SourceFile:
    """One file of the source: its top-level owner entry, shown path, base name, date, bytes."""

    owner: str
    rel: str
    name: str
    mtime: float
    read: object  # () -> bytes
    bad_name: bool = False


def is_utf8(name: str) -> bool:
    """Whether *name* holds no undecodable bytes (surrogate escapes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(name: str) -> str:
    """A displayable name: undecodable bytes (surrogate escapes) read as Windows-1252.

    >>> printable(b"\\xe9l\\xe8ve".decode("utf-8", "surrogateescape"))
    'élève'
    """
    if is_utf8(name):
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


def files_from_zip(path: Path, problems: list[str]) -> tuple[list[SourceFile], list[str]] | None:
    """Files of a zip and its empty top-level folders; ``None`` (and a problem) if unreadable."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        problems.append(
            f"{path.name} : ce n'est pas une archive zip lisible (fichier abîmé ou autre "
            "format) ; retéléchargez « Télécharger tous les travaux remis » depuis Moodle."
        )
        return None
    files, dirs_with_files, dirs = [], set(), set()
    with zf:
        for info in zf.infolist():
            name, ok = _zip_name(info)
            parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
            if not parts or set(parts) & _JUNK_DIRS or parts[-1] in JUNK:
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
                problems.append(f"{printable(name)} : illisible dans l'archive ({exc}).")
                continue
            files.append(
                SourceFile(parts[0], "/".join(parts), parts[-1], mtime, lambda d=data: d, not ok)
            )
    return files, sorted(dirs - dirs_with_files)


def files_from_folder(path: Path) -> tuple[list[SourceFile], list[str]]:
    """Files of a folder (read only) and its empty top-level sub-folders."""
    files, empty = [], []
    for top in sorted(path.iterdir(), key=lambda p: p.name):
        if top.name in JUNK or top.name in _JUNK_DIRS:
            continue
        if top.is_file():
            candidates = [top]
        else:
            candidates = [p for p in sorted(top.rglob("*")) if p.is_file()]
            candidates = [p for p in candidates if not (set(p.parts) & _JUNK_DIRS)]
            if not candidates:
                empty.append(top.name)
                continue
        for p in candidates:
            rel = p.relative_to(path).as_posix()
            files.append(
                SourceFile(top.name, rel, p.name, p.stat().st_mtime, p.read_bytes, not is_utf8(rel))
            )
    return files, empty
