"""The feedback zip for Moodle's « Téléverser plusieurs fichiers de feedback dans un zip ».

Moodle's importer (``assignfeedback_file_zip_importer::is_valid_filename_for_import``
in ``mod/assign/feedback/file/importziplib.php``) splits each path part on
``_`` (at most 5 pieces) and accepts a part ``<name>_<participant id>_
<plugin type>_<plugin name>[_rest]`` whose participant id belongs to the
assignment and whose plugin exists; what follows becomes the feedback file's
name. So each student's folder is
``<Nom complet>_<participant>_assignfeedback_file/`` (``_`` in the name turned
into spaces, as Moodle does when downloading), holding the student's pages of
``grading/retours/<student>/`` (HTML page with hidden tests masked, note).

>>> feedback_folder("Jean_Marie O'Neil", "123456")
"Jean Marie O'Neil_123456_assignfeedback_file"
>>> feedback_folder("", "7")
'Participant_7_assignfeedback_file'
"""

from __future__ import annotations

import zipfile
from pathlib import Path

__all__ = ["feedback_folder", "build_zip_moodle"]


def feedback_folder(full_name: str, participant: str) -> str:
    """Folder name Moodle's feedback-zip importer maps to *participant*."""
    name = " ".join(full_name.replace("_", " ").replace("/", " ").replace("\\", " ").split())
    return f"{name or 'Participant'}_{participant}_assignfeedback_file"


def build_zip_moodle(
    course_root: Path, assignment: str, folders: dict[str, Path]
) -> tuple[Path, list[str]]:
    """Write ``grading/export/retours_<td>_moodle.zip`` from the students' feedback folders.

    Returns the zip and French warnings (students without a Moodle participant
    number, who cannot be put in the zip).
    """
    from crmkit.grading.collect import read_participants

    root = Path(course_root).resolve()
    people = read_participants(root, assignment)
    dest = root / "grading" / "export" / f"retours_{assignment}_moodle.zip"
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    warnings = []
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for student, folder in sorted(folders.items()):
                person = people.get(student, {})
                if not person.get("id_moodle"):
                    warnings.append(
                        f"{student} : numéro de participant Moodle inconnu (copie importée hors "
                        "Moodle) : retour absent du zip, à rendre à la main."
                    )
                    continue
                prefix = feedback_folder(person.get("nom_complet", ""), person["id_moodle"])
                for page in sorted(folder.glob(f"{assignment}*")):
                    if page.is_file() and not page.name.startswith((".", "~")):
                        zf.write(page, f"{prefix}/{page.name}")
        tmp.replace(dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest, warnings
