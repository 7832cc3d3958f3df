"""Feedback ready to return: ``grading/retours/<student>/``.

nbgrader's ``generate_feedback`` writes one HTML page per graded notebook
(``grading/feedback/<student>/<td>/<notebook>.html``). This module runs it,
then gathers, for each student, one folder holding:

* ``<td>.html`` (or ``<td>_<notebook>.html`` for a TD with several notebooks),
  with a French banner at the top when autograding did not end normally
  (time or memory limit, kernel stopped…), taken from the engine's outcome;
* ``<td>_note.txt``: the score, and the engine's French message when the
  status is not ``ok`` (also the only file when nbgrader could not grade the
  notebook at all, e.g. a corrupt file).

Before anything is copied, every rendered page is read again as a browser
would show it (:func:`crmkit.grading.tests_caches.trouvees`: entities
decoded, tags dropped, escapes and base64 payloads decoded) and searched for
every secret hidden-test line of the assignment's source notebook. A page
where one still shows is withheld: deleted from nbgrader's feedback folder,
not copied, and named in the report and in the student's note.

>>> print(note_text("td0", 3, 5, "ok", "correction terminée", []))
TD td0 : 3/5
"""

from __future__ import annotations

import html
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from crmkit.francais import accord

__all__ = ["RetoursError", "RetoursReport", "build_retours", "note_text", "RETOURS_DIR"]

RETOURS_DIR = Path("grading") / "retours"


class RetoursError(RuntimeError):
    """Feedback could not be generated (French message for the teacher)."""


@dataclass
class RetoursReport:
    """Folders written and students for whom only a note could be written."""

    assignment: str
    folders: dict[str, Path] = field(default_factory=dict)
    notes_only: list[str] = field(default_factory=list)
    withheld: dict[str, list[str]] = field(default_factory=dict)  # student -> pages

    def text(self) -> str:
        lines = [
            f"TD {self.assignment} : {accord(len(self.folders), 'dossier')} de retour dans "
            f"{RETOURS_DIR.as_posix()}/."
        ]
        for s in self.notes_only:
            lines.append(
                f"  - {s} : pas de page HTML (copie non corrigible), note explicative seule."
            )
        for s, pages in sorted(self.withheld.items()):
            quoi = (
                f"page {pages[0]} retenue"
                if len(pages) == 1
                else (f"pages {', '.join(pages)} retenues")
            )
            lines.append(
                f"  - {s} : {quoi} : un test caché y apparaissait encore après masquage "
                "(signalez-le aux mainteneurs de crmkit)."
            )
        return "\n".join(lines)


def note_text(assignment, score, max_score, status, message, reasons) -> str:
    """The French text of ``<td>_note.txt``.

    >>> print(note_text("td0", 1, 5, "delai_depasse", "délai dépassé à la cellule 4",
    ...                 ["test_q2 : non exécuté (délai dépassé)"]))
    TD td0 : 1/5
    Attention : délai dépassé à la cellule 4
    Les questions suivantes n'ont pas pu être évaluées :
      - test_q2 : non exécuté (délai dépassé)
    """
    lines = [f"TD {assignment} : {score:g}/{max_score:g}"]
    if status != "ok":
        lines.append(f"Attention : {message}")
    if reasons:
        lines.append("Les questions suivantes n'ont pas pu être évaluées :")
        lines += [f"  - {r}" for r in reasons]
    return "\n".join(lines)


def _banner(message: str) -> str:
    return (
        '<div class="crmkit-alerte" style="border:2px solid #b35c00;background:#fff4e5;'
        'padding:0.8em;margin:1em;font-family:sans-serif">'
        f"<strong>Correction automatique :</strong> {html.escape(message)}</div>"
    )


def _with_banner(page: str, message: str) -> str:
    idx = page.find("<body")
    if idx == -1:
        return _banner(message) + page
    end = page.find(">", idx) + 1
    return page[:end] + _banner(message) + page[end:]


def _run_nbgrader_feedback(
    course_root: Path, assignment: str, montrer_tests_caches: bool = False, student: str = "*"
) -> None:
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.converters import GenerateFeedback
    from nbgrader.preprocessors import GetGrades

    from crmkit.grading.masquage import MasquerTestsCaches
    from crmkit.grading.release import _ensure_alembic_on_path, load_config, run_converter

    _ensure_alembic_on_path()
    config = load_config(course_root)
    config.CourseDirectory.assignment_id = assignment
    config.CourseDirectory.student_id = student
    config.GenerateFeedback.force = True
    # Set here too, not only in nbgrader_config.py: a course with an older
    # config must not hand the hidden tests out.
    masque = [] if montrer_tests_caches else [MasquerTestsCaches]
    config.GenerateFeedback.preprocessors = [GetGrades, *masque, CSSHTMLHeaderPreprocessor]
    success, detail = run_converter(GenerateFeedback, config)
    if not success:
        raise RetoursError(
            f"nbgrader n'a pas pu produire les retours du TD « {assignment} » "
            f"(lancez d'abord « crmkit grading autograde {assignment} »). Détail :\n{detail}"
        )


_RETENUE = "page de retour retenue par le correcteur (à redemander à l'enseignant)"


def _pages_sans_fuite(
    root: Path, assignment: str, student: str, pages: list[Path], report: RetoursReport
) -> list[Path]:
    """The *pages* where no secret hidden-test line shows; the others are deleted."""
    from nbgrader.coursedir import CourseDirectory

    from crmkit.grading.masquage import secretes_du_cours
    from crmkit.grading.release import load_config
    from crmkit.grading.tests_caches import trouvees

    config = load_config(root)
    db_url = CourseDirectory(config=config).db_url
    propres = []
    for page in pages:
        info = {"db_url": db_url, "assignment": assignment, "notebook": page.stem}
        info["student"] = student
        secretes = secretes_du_cours(info, config)
        if trouvees(page.read_text(encoding="utf-8"), secretes):
            page.unlink()
            report.withheld.setdefault(student, []).append(page.name)
        else:
            propres.append(page)
    return propres


def build_retours(
    course_root: Path,
    assignment: str,
    montrer_tests_caches: bool = False,
    etudiants: list[str] | None = None,
) -> RetoursReport:
    """Run nbgrader's feedback for *assignment* and gather one folder per student.

    Hidden tests are masked in the pages (see :mod:`crmkit.grading.masquage`)
    unless *montrer_tests_caches*. *etudiants* limits the work to these students
    (one copy graded again): the others' folders are left as they are.
    """
    from crmkit.grading.autograde import load_outcomes

    root = Path(course_root).resolve()
    autograded = root / "grading" / "autograded"
    copies = {p.parent.parent.name for p in autograded.glob(f"*/{assignment}/*.ipynb")}
    outcomes = load_outcomes(root, assignment)
    if etudiants:
        absents = sorted(set(etudiants) - copies - set(outcomes))
        if absents:
            raise RetoursError(
                f"aucune copie corrigée de {', '.join(absents)} pour « {assignment} » : "
                f"lancez d'abord « crmkit grading autograde {assignment} --student … »."
            )
        copies &= set(etudiants)
        outcomes = {s: o for s, o in outcomes.items() if s in etudiants}
    if not copies and not outcomes:
        raise RetoursError(
            f"aucune copie corrigée pour « {assignment} » : lancez d'abord "
            f"« crmkit grading autograde {assignment} »."
        )
    has_graded = bool(copies)
    if has_graded:
        # nbgrader takes one student id (or pattern) at a time
        for motif in sorted(copies) if etudiants else ["*"]:
            _run_nbgrader_feedback(root, assignment, montrer_tests_caches, motif)
    report = RetoursReport(assignment)
    feedback = root / "grading" / "feedback"
    students = sorted(
        {p.parent.parent.name for p in feedback.glob(f"*/{assignment}/*.html")} | set(outcomes)
    )
    if etudiants:
        students = [s for s in students if s in etudiants]
    for student in students:
        dest = root / RETOURS_DIR / student
        dest.mkdir(parents=True, exist_ok=True)
        for old in dest.glob(f"{assignment}*.html"):
            old.unlink()
        outcome = outcomes.get(student)
        alert = outcome.message if outcome is not None and outcome.status != "ok" else None
        pages = sorted((feedback / student / assignment).glob("*.html"))
        if has_graded and not montrer_tests_caches:
            pages = _pages_sans_fuite(root, assignment, student, pages, report)
        for page in pages:
            name = f"{assignment}.html" if len(pages) == 1 else f"{assignment}_{page.name}"
            if alert:
                text = page.read_text(encoding="utf-8")
                (dest / name).write_text(_with_banner(text, alert), encoding="utf-8")
            else:
                shutil.copyfile(page, dest / name)
        if outcome is not None:
            reasons = [f"{c.grade_id} : {c.reason}" for c in outcome.cells if c.reason]
            if student in report.withheld:
                reasons.append(_RETENUE)
            text = note_text(
                assignment,
                outcome.score,
                outcome.max_score,
                outcome.status,
                outcome.message,
                reasons,
            )
            (dest / f"{assignment}_note.txt").write_text(text + "\n", encoding="utf-8")
        if not pages:
            report.notes_only.append(student)
        report.folders[student] = dest
    return report
