"""``crmkit grading autograde``: parallel, sandboxed, resumable nbgrader autograding.

Pipeline for each student (nbgrader's own stages, split so that only the
slow part runs in parallel and only this process writes the gradebook):

1. *sanitise* (main thread): nbgrader's ``ClearOutput``, ``DeduplicateIds``,
   ``OverwriteKernelspec``, ``OverwriteCells`` (test cells restored from the
   gradebook whatever the student's file says, deleted ones put back) and
   ``CheckCellMetadata``;
2. *execute* (worker threads, ``--jobs`` at a time): each notebook's student
   cells run in a sandboxed kernel (:mod:`crmkit.grading.executor`) with a
   private copy of the submission folder; its test cells, as the gradebook
   holds them, run in the thread's verdict worker (:mod:`crmkit.grading.verdict`)
   on the plain values exported from the kernel;
3. *score* (main thread): nbgrader's ``Autograde`` converter runs for the
   student with the executed notebook (passed in nbgrader's ``resources``)
   replayed in place of ``Execute``, so
   nbgrader itself copies files, records the submission and timestamp, and
   scores cells (``SaveAutoGrades``, late penalties): honest notebooks get
   exactly serial ``nbgrader autograde``'s scores.

Outcomes (status, French message, per-cell reasons) are saved under
``grading/outcomes/<assignment>/<student>.json`` (:mod:`crmkit.grading.outcome`).

>>> import argparse
>>> p = argparse.ArgumentParser(); add_arguments(p)
>>> a = p.parse_args(["td0", "--jobs", "2", "--student", "e1"])
>>> (a.assignment, a.jobs, a.student, a.sandbox)
('td0', 2, ['e1'], True)
"""

from __future__ import annotations

import argparse
import copy
import functools
import hashlib
import logging
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from crmkit.francais import pluriel
from crmkit.grading import sandbox
from crmkit.grading.executor import Execution, Limits, Tests, execute_notebook, verdict_command
from crmkit.grading.outcome import (
    STATUTS,
    CellOutcome,
    Outcome,
    load_outcomes,
    outcome_path,
    save_outcome,
)
from crmkit.grading.progress import Progress
from crmkit.grading.verdict import Verdicts, noms_fournis, prelude

__all__ = ["add_arguments", "run", "autograde", "load_outcomes", "Outcome", "AutogradeError"]

DEFAULT_TIME_LIMIT = 300.0
DEFAULT_MEMORY_MB = 2048
DEFAULT_DISK_MB = 512
DEFAULT_MAX_FILES = 10_000


class AutogradeError(RuntimeError):
    """Setup problem the teacher must fix (French message)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``autograde`` options to *parser*."""
    parser.add_argument("assignment", help="identifiant du TD (ex. td0_prise_en_main)")
    parser.add_argument("--course-root", type=Path, default=Path("."), help="racine du cours")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="notebooks corrigés en parallèle"
    )
    parser.add_argument(
        "--student", action="append", help="corriger (à nouveau) cet étudiant (répétable)"
    )
    parser.add_argument("--regrade", action="store_true", help="tout corriger à nouveau")
    parser.add_argument(
        "--time-limit", type=float, default=DEFAULT_TIME_LIMIT, help="secondes par notebook"
    )
    parser.add_argument(
        "--memory-limit", type=int, default=DEFAULT_MEMORY_MB, help="Mo par notebook"
    )
    parser.add_argument(
        "--disk-limit",
        type=int,
        default=DEFAULT_DISK_MB,
        help="Mo que le code d'un notebook peut écrire sur le disque",
    )
    parser.add_argument(
        "--max-files",
        type=int,
        default=DEFAULT_MAX_FILES,
        help="fichiers que le code d'un notebook peut créer",
    )
    parser.add_argument(
        "--no-sandbox",
        dest="sandbox",
        action="store_false",
        help="sans isolation (déconseillé : le code étudiant aura vos droits)",
    )


def run(args: argparse.Namespace) -> int:
    """CLI entry: 0 = batch done, 1 = some internal errors, 2 = setup problem."""
    try:
        outcomes = autograde(
            args.course_root,
            args.assignment,
            jobs=args.jobs,
            students=args.student,
            regrade=args.regrade,
            sandbox=args.sandbox,
            time_limit=args.time_limit,
            memory_limit_mb=args.memory_limit,
            disk_limit_mb=args.disk_limit,
            max_files=args.max_files,
        )
    except (AutogradeError, sandbox.SandboxIndisponible) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    print(summary_table(outcomes))
    return 1 if any(o.status == "erreur_interne" for o in outcomes) else 0


def summary_table(outcomes: list[Outcome]) -> str:
    """Plain-text table of outcomes.

    >>> print(summary_table([Outcome("e1", "td0", "ok", "correction terminée", 3, 4, True, 1.0)]))
    étudiant  note   statut               détail
    e1        3/4    ok                   correction terminée
    """
    rows = [("étudiant", "note", "statut", "détail")]
    for o in outcomes:
        rows.append((o.student_id, f"{o.score:g}/{o.max_score:g}", o.status, o.message))
    w0 = max(len(r[0]) for r in rows) + 2
    lines = [f"{r[0]:<{w0}}{r[1]:<7}{r[2]:<21}{r[3]}".rstrip() for r in rows]
    if outcomes and not all(o.sandboxed for o in outcomes):
        lines.append("ATTENTION : correction exécutée SANS bac à sable (--no-sandbox).")
    return "\n".join(lines)


# --------------------------------------------------------------------------- setup


@dataclass
class _Course:
    root: Path
    config: object
    coursedir: object
    assignment: str
    notebooks: list[str]
    source_dir: Path
    readonly: list[Path]
    data_dir: Path | None
    tests: dict[str, Tests] = field(default_factory=dict)  # notebook -> its test cells


def _load_course(course_root: Path, assignment: str, use_sandbox: bool) -> _Course:
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(course_root).resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise AutogradeError(f"pas de nbgrader_config.py dans {root} : indiquez --course-root.")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    coursedir = CourseDirectory(config=config)
    try:
        with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
            notebooks = sorted(nb.name for nb in gb.find_assignment(assignment).notebooks)
            tests = {nb: _gradebook_tests(gb, assignment, nb) for nb in notebooks}
    except MissingEntry:
        raise AutogradeError(
            f"le TD « {assignment} » n'est pas dans le carnet de notes : "
            f"lancez d'abord « crmkit grading release {assignment} »."
        ) from None
    data_dir = None
    try:
        from crmkit.data import dossier_donnees

        data_dir = Path(dossier_donnees()).resolve()
    except Exception:  # noqa: BLE001 - data package absent or not built: no data mount
        data_dir = (root / "data").resolve() if (root / "data").is_dir() else None
    forbidden = [root / "solutions", root / "grading", root / ".git"]
    readonly = sandbox.python_readonly_paths(forbidden=forbidden)
    if data_dir is not None and not any(f == data_dir or f in data_dir.parents for f in forbidden):
        readonly.append(data_dir)
    else:
        data_dir = None
    return _Course(
        root=root,
        config=config,
        coursedir=coursedir,
        assignment=assignment,
        notebooks=notebooks,
        source_dir=Path(coursedir.format_path(coursedir.source_directory, ".", assignment)),
        readonly=readonly,
        data_dir=data_dir,
        tests=tests,
    )


def _gradebook_tests(gb, assignment: str, notebook: str) -> Tests:
    """Test cells and locked import lines of *notebook*, from the gradebook only.

    Test cells are the autograded ones (graded code cells that are not
    answers); the prelude comes from the locked read-only code cells. The
    student's file is never read here: what it says about a cell cannot put
    student code in the verdict process.
    """
    nb = gb.find_notebook(notebook, assignment)
    graded = {c.name for c in nb.grade_cells}
    answers = {c.name for c in nb.solution_cells}
    sources = {c.name: c for c in nb.source_cells if c.cell_type == "code"}
    tests = {name: sources[name].source for name in sorted(graded - answers) if name in sources}
    locked = [  # gradebook (insertion) order, i.e. the notebook's
        c.source
        for name, c in sources.items()
        if c.locked and name not in graded and name not in answers
    ]
    imports = prelude(locked)
    return Tests(sources=tests, prelude=imports, fournis=noms_fournis(imports))


def _submitted(course: _Course) -> dict[str, Path]:
    base = Path(course.coursedir.format_path(course.coursedir.submitted_directory, ".", "."))
    out = {}
    for student_dir in sorted(base.iterdir()) if base.is_dir() else []:
        folder = student_dir / course.assignment
        if folder.is_dir():
            out[student_dir.name] = folder
    return out


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            h.update(os.fsencode(f"{path.relative_to(folder)}|{st.st_size}|{st.st_mtime_ns}\n"))
    return h.hexdigest()[:16]


# --------------------------------------------------------------------------- stages


@dataclass
class _Prep:
    student: str
    folder: Path
    digest: str
    staging: Path | None = None
    notebooks: dict = field(default_factory=dict)  # id -> sanitised nb
    problems: dict = field(default_factory=dict)  # id -> (status, message)
    executions: dict = field(default_factory=dict)  # id -> Execution


_SANITIZE = None


def _sanitize(nb, resources, config):
    global _SANITIZE
    if _SANITIZE is None:
        from nbgrader.preprocessors import (
            CheckCellMetadata,
            ClearOutput,
            DeduplicateIds,
            OverwriteCells,
            OverwriteKernelspec,
        )

        _SANITIZE = (
            ClearOutput,
            DeduplicateIds,
            OverwriteKernelspec,
            OverwriteCells,
            CheckCellMetadata,
        )
    original = copy.deepcopy(nb)
    try:
        # deleted graded cells come back from the gradebook (nbgrader >= 0.9)
        return _run_sanitize(nb, resources, config, restore=True)
    except (KeyError, ValueError, IndexError):
        # nbgrader puts a restored cell after the previous graded cell; when that
        # one is gone too it fails: grade as before (the missing cells score 0)
        return _run_sanitize(original, resources, config, restore=False)


def _run_sanitize(nb, resources, config, *, restore: bool):
    for cls in _SANITIZE:
        extra = {"add_missing_cells": restore} if cls.__name__ == "OverwriteCells" else {}
        nb, resources = cls(config=config, **extra)(nb, resources)
    return nb


def _prepare(course: _Course, student: str, folder: Path) -> _Prep:
    import nbformat

    prep = _Prep(student, folder, _digest(folder))
    for nb_id in course.notebooks:
        path = folder / f"{nb_id}.ipynb"
        if not path.is_file():
            prep.problems[nb_id] = ("notebook_absent", f"{nb_id}.ipynb absent du dépôt")
            continue
        resources = {
            "unique_key": nb_id,
            "output_files_dir": f"{nb_id}_files",
            "metadata": {"name": nb_id, "path": str(folder)},
            "nbgrader": {
                "student": student,
                "assignment": course.assignment,
                "notebook": nb_id,
                "db_url": course.coursedir.db_url,
            },
        }
        try:
            nb = nbformat.read(str(path), as_version=4)
            prep.notebooks[nb_id] = _sanitize(nb, resources, course.config)
        except Exception as exc:  # noqa: BLE001 - any unreadable file is reported
            prep.problems[nb_id] = ("notebook_invalide", _invalid_message(nb_id, exc))
    if prep.notebooks:
        prep.staging = Path(tempfile.mkdtemp(prefix="crmkit-stage-"))
        work = prep.staging / "files"
        shutil.copytree(folder, work, symlinks=True)
        for src in course.source_dir.rglob("*") if course.source_dir.is_dir() else []:
            if src.is_file() and src.suffix != ".ipynb":
                dest = work / src.relative_to(course.source_dir)
                dest.parent.mkdir(parents=True, exist_ok=True)
                if dest.exists() or dest.is_symlink():
                    dest.unlink()
                shutil.copy(src, dest)
    return prep


def _invalid_message(nb_id: str, exc: Exception) -> str:
    name = type(exc).__name__
    unreadable = ("NotJSONError", "JSONDecodeError", "UnicodeDecodeError", "NBFormatError")
    if name in unreadable or "json" in name.lower() or "Validation" in name:
        return f"{nb_id}.ipynb n'est pas un notebook lisible ({name} : {str(exc)[:120]})"
    return f"{nb_id}.ipynb : métadonnées de correction modifiées ou invalides ({str(exc)[:120]})"


def _execute(
    prep: _Prep, course: _Course, limits: Limits, use_sandbox: bool, verdicts: Verdicts
) -> _Prep:
    verdict = verdicts.du_fil()  # this thread's worker, reused for every notebook
    for nb_id, nb in prep.notebooks.items():
        prep.executions[nb_id] = execute_notebook(
            nb,
            prep.staging / "files",
            limits=limits,
            use_sandbox=use_sandbox,
            readonly=course.readonly,
            data_dir=course.data_dir,
            tests=course.tests.get(nb_id),
            verdict=verdict,
        )
    return prep


EXECUTES = "crmkit_executes"  # nbgrader resources key: notebook id -> executed notebook


@functools.cache
def _converter_classes():
    """nbgrader's ``Autograde`` fed with executed notebooks through its ``resources``."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import NbGraderPreprocessor

    class ReplayExecuted(NbGraderPreprocessor):
        """Stands in for nbgrader's sanitise+Execute: returns the executed notebook."""

        def preprocess(self, nb, resources):
            notebook = resources["nbgrader"]["notebook"]
            executed = resources.get(EXECUTES) or {}
            if notebook not in executed:
                raise RuntimeError(f"notebook non exécuté : {notebook}")
            return copy.deepcopy(executed[notebook]), resources

    class AutogradeExecuted(Autograde):
        """``Autograde`` whose resources carry the notebooks executed by this engine."""

        executed: dict = {}

        def init_single_notebook_resources(self, notebook_filename):
            resources = super().init_single_notebook_resources(notebook_filename)
            resources[EXECUTES] = self.executed
            return resources

    return AutogradeExecuted, ReplayExecuted


def _score(course: _Course, prep: _Prep) -> tuple[bool, str]:
    """Run nbgrader's Autograde converter for one student; True if it succeeded."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )

    autograde_class, replay_class = _converter_classes()
    coursedir = CourseDirectory(config=course.config)
    coursedir.assignment_id = course.assignment
    coursedir.student_id = prep.student
    logger = logging.getLogger(f"crmkit.grading.nbgrader.{id(prep)}")
    logger.propagate = False
    records: list[str] = []

    class _Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    logger.handlers[:] = [_Keep(level=logging.ERROR)]
    converter = autograde_class(coursedir=coursedir, config=course.config)
    converter.executed = {nb_id: ex.nb for nb_id, ex in prep.executions.items()}
    converter.log = logger
    converter.force = True
    converter.sanitize_preprocessors = [replay_class]
    converter.autograde_preprocessors = [
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbgrader's own SQLAlchemy warnings
            converter.start()
        return True, ""
    except (Exception, SystemExit):  # noqa: BLE001 - nbgrader failed this student only
        return False, " ; ".join(r.splitlines()[0] for r in records[:2] if r)


def _gradebook_scores(course: _Course, student: str):
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.coursedir.db_url, course.coursedir.course_id) as gb:
        max_score = float(gb.find_assignment(course.assignment).max_score)
        try:
            sub = gb.find_submission(course.assignment, student)
        except MissingEntry:
            return 0.0, max_score, []
        cells = []
        for snb in sub.notebooks:
            for grade in snb.grades:
                score = grade.score if grade.auto_score is not None or grade.manual_score else None
                cells.append(CellOutcome(snb.name, grade.name, score, float(grade.max_score), None))
        return float(sub.score or 0.0), max_score, cells


def _finalize(course: _Course, prep: _Prep, use_sandbox: bool, started: float) -> Outcome:
    # nbgrader runs even with nothing executable, so that the gradebook holds
    # exactly what serial nbgrader records (submission row, zeros for missing notebooks)
    ok, nbgrader_error = _score(course, prep)
    if prep.staging is not None:
        shutil.rmtree(prep.staging, ignore_errors=True)
    score, max_score, cells = _gradebook_scores(course, prep.student)
    reasons: dict[tuple[str, str], str] = {}
    statuses: dict[str, str] = {}
    messages: list[str] = []
    survivors = 0
    for nb_id, (status, message) in prep.problems.items():
        statuses[nb_id] = status
        messages.append(message)
    for nb_id, ex in prep.executions.items():
        ex: Execution
        statuses[nb_id] = ex.status
        survivors += len(ex.survivors)
        if ex.status != "ok":
            messages.append(ex.message if len(course.notebooks) == 1 else f"{nb_id} : {ex.message}")
        if ex.truncated_cells:
            cells_txt = ", ".join(map(str, ex.truncated_cells))
            mot = pluriel(len(ex.truncated_cells), "cellule")
            messages.append(f"sortie tronquée ({mot} {cells_txt})")
        for gid, why in ex.cell_reasons.items():
            reasons[(nb_id, gid)] = why
    for cell in cells:
        cell.reason = reasons.get((cell.notebook, cell.grade_id))
    if not ok:
        statuses = {k: (v if v != "ok" else "erreur_interne") for k, v in statuses.items()}
        if not prep.problems:
            messages.append(
                f"nbgrader n'a pas pu noter ce dépôt ({nbgrader_error or 'voir le journal'})"
            )
        score = 0.0 if not cells else score
    order = list(STATUTS)
    status = "ok"
    for value in statuses.values():
        if value != "ok" and (status == "ok" or order.index(value) > order.index(status)):
            status = value
    if status == "ok":
        messages.insert(0, STATUTS["ok"])
    return Outcome(
        student_id=prep.student,
        assignment=course.assignment,
        status=status,
        message=" ; ".join(messages),
        score=score,
        max_score=max_score,
        sandboxed=use_sandbox,
        duration_s=round(time.monotonic() - started, 2),
        cells=cells,
        notebooks=statuses,
        digest=prep.digest,
        survivors=survivors,
    )


# --------------------------------------------------------------------------- batch


def autograde(
    course_root,
    assignment: str,
    *,
    jobs: int | None = None,
    students: list[str] | None = None,
    regrade: bool = False,
    sandbox: bool = True,
    time_limit: float = DEFAULT_TIME_LIMIT,
    memory_limit_mb: int = DEFAULT_MEMORY_MB,
    disk_limit_mb: int = DEFAULT_DISK_MB,
    max_files: int = DEFAULT_MAX_FILES,
    progress: bool = True,
) -> list[Outcome]:
    """Autograde *assignment* for every submitted student (see module doc).

    Already graded students whose files did not change are skipped unless
    ``regrade`` is true or they are listed in ``students``. Returns the
    outcomes of the students graded in this call.
    """
    use_sandbox = sandbox
    if use_sandbox:
        from crmkit.grading import sandbox as sb

        sb.check_available()
    course = _load_course(Path(course_root), assignment, use_sandbox)
    submitted = _submitted(course)
    if students:
        unknown = [s for s in students if s not in submitted]
        if unknown:
            raise AutogradeError(
                f"aucun dépôt pour {', '.join(unknown)} dans grading/submitted/<étudiant>/"
                f"{assignment}/"
            )
        todo = list(students)
    else:
        previous = {} if regrade else load_outcomes(course.root, assignment)
        todo = [
            s
            for s, folder in submitted.items()
            if regrade or s not in previous or previous[s].digest != _digest(folder)
        ]
    limits = Limits(
        time_s=time_limit, memory_mb=memory_limit_mb, disk_mb=disk_limit_mb, files=max_files
    )
    jobs = max(1, jobs or os.cpu_count() or 1)
    bar = Progress(len(todo), label=assignment, enabled=progress)
    if progress and not use_sandbox:
        print(
            "ATTENTION : correction SANS bac à sable : le code des étudiants s'exécute "
            "avec vos droits.",
            file=sys.stderr,
        )
    outcomes: list[Outcome] = []
    queue = deque((s, submitted[s]) for s in todo)
    pending: dict = {}
    verdicts = Verdicts(
        functools.partial(
            verdict_command,
            use_sandbox=use_sandbox,
            readonly=course.readonly,
            data_dir=course.data_dir,
            memory_mb=memory_limit_mb,
        )
    )
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        try:
            _loop(course, queue, pending, pool, limits, use_sandbox, jobs, bar, outcomes, verdicts)
        finally:  # interrupted batch: no staging copy nor verdict worker left behind
            verdicts.fermer()
            for prep, _started in pending.values():
                if prep.staging is not None:
                    shutil.rmtree(prep.staging, ignore_errors=True)
    bar.close()
    return outcomes


def _loop(course, queue, pending, pool, limits, use_sandbox, jobs, bar, outcomes, verdicts):
    while queue or pending:
        while queue and len(pending) < jobs + 1:
            student, folder = queue.popleft()
            started = time.monotonic()
            prep = _prepare(course, student, folder)
            if prep.notebooks:
                fut = pool.submit(_execute, prep, course, limits, use_sandbox, verdicts)
                pending[fut] = (prep, started)
            else:
                outcomes.append(_done(course, prep, use_sandbox, started, bar))
        if not pending:
            continue
        done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for fut in done:
            prep, started = pending.pop(fut)
            try:
                fut.result()
            except Exception as exc:  # noqa: BLE001 - never stop the batch
                prep.problems.setdefault(
                    "*", ("erreur_interne", f"erreur interne du correcteur : {exc}")
                )
                prep.executions.clear()
            outcomes.append(_done(course, prep, use_sandbox, started, bar))


def _done(course, prep, use_sandbox, started, bar) -> Outcome:
    outcome = _finalize(course, prep, use_sandbox, started)
    save_outcome(course.root, outcome)
    bar.update(ok=outcome.status == "ok", note=f"{prep.student} : {outcome.status}")
    return outcome


# re-exported for the CLI helper's feedback/export/report
outcome_file = outcome_path
