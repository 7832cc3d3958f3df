"""Build student versions of the TDs: ``solutions/<td>/`` → ``exercises/<td>/``.

nbgrader's ``generate_assignment`` does the work (clearing solutions and hidden
tests, locking cells, computing checksums, copying the non-notebook files of
the TD folder). It always writes a gradebook, so it runs with its release
folder *and* its gradebook in a temporary folder: ``make exercises`` never
leaves a database in the checkout. :func:`register` does the same run against
the course's real gradebook (``grading/gradebook.db``, git-ignored), which
``autograde`` and the formgrader need.

:func:`stale_assignments` regenerates in a temporary folder and compares with
``exercises/``, ignoring metadata that changes without the content changing
(kernel/language info, execution metadata, outputs).

>>> from pathlib import Path
>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> (root / "solutions").mkdir()
>>> find_assignments(root)
[]
"""

from __future__ import annotations

import contextlib
import filecmp
import functools
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "ReleaseError",
    "find_assignments",
    "release",
    "stale_assignments",
    "register",
    "load_config",
]

SOURCE_DIR = "solutions"
RELEASE_DIR = "exercises"

# Metadata that can differ between two generations of the same source.
_VOLATILE_NB_META = {"language_info", "widgets", "vscode", "toc", "varInspector"}
_VOLATILE_CELL_META = {"execution", "collapsed", "scrolled", "jupyter", "ExecuteTime"}
_IGNORED_NAMES = {".ipynb_checkpoints", "__pycache__", ".DS_Store"}


class ReleaseError(RuntimeError):
    """A TD could not be generated (French message for the teacher)."""


def _ensure_alembic_on_path() -> None:
    """nbgrader shells out to ``alembic``: put the interpreter's bin first on PATH.

    Also replaces ``nbgrader.api.get_alembic_version`` (a 2-3 s ``alembic heads``
    subprocess run for every new gradebook) by a read of nbgrader's own
    migration scripts, cached; the original stays as fallback.
    """
    bindir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if not path.startswith(bindir + os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + path
    import nbgrader.api

    original = nbgrader.api.get_alembic_version
    if getattr(original, "_crmkit_fast", False):
        return

    @functools.cache
    def fast_version() -> str:
        return alembic_head() or original()

    fast_version._crmkit_fast = True  # type: ignore[attr-defined]
    nbgrader.api.get_alembic_version = fast_version


def alembic_head() -> str | None:
    """The head revision of nbgrader's gradebook schema, read from its migration files.

    ``None`` if the files cannot be read or there is not exactly one head.

    >>> len(alembic_head() or "") > 0
    True
    """
    import nbgrader

    versions = Path(nbgrader.__file__).parent / "alembic" / "versions"
    revisions, parents = set(), set()
    pattern = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([0-9A-Za-z_]+|None)['\"]?", re.M)
    for script in versions.glob("*.py"):
        try:
            found = dict(pattern.findall(script.read_text(encoding="utf-8")))
        except OSError:
            return None
        if "revision" in found:
            revisions.add(found["revision"])
            if found.get("down_revision", "None") != "None":
                parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def load_config(course_root: Path):
    """Load the course's ``nbgrader_config.py`` with ``root`` forced to *course_root*.

    >>> load_config(Path("/nonexistent"))
    Traceback (most recent call last):
    ...
    crmkit.grading.release.ReleaseError: pas de nbgrader_config.py dans /nonexistent : indiquez --course-root (la racine du cours).
    """
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(course_root).resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise ReleaseError(
            f"pas de nbgrader_config.py dans {root} : indiquez --course-root (la racine du cours)."
        )
    config = Config()
    config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config())
    config.CourseDirectory.root = str(root)
    return config


def find_assignments(course_root: Path) -> list[str]:
    """TD ids: folders of ``solutions/`` that hold at least one notebook, sorted."""
    src = Path(course_root) / SOURCE_DIR
    if not src.is_dir():
        return []
    return sorted(
        d.name
        for d in src.iterdir()
        if d.is_dir() and not d.name.startswith(".") and any(d.glob("*.ipynb"))
    )


def _check_names(course_root: Path, assignments: list[str] | None) -> list[str]:
    known = find_assignments(course_root)
    if assignments is None:
        return known
    unknown = [a for a in assignments if a not in known]
    if unknown:
        dispo = ", ".join(known) or "aucun"
        raise ReleaseError(
            f"TD inconnu : {', '.join(unknown)} (aucun notebook dans "
            f"{SOURCE_DIR}/<td>/) ; TD disponibles : {dispo}."
        )
    return list(assignments)


def run_converter(app_class, config) -> tuple[bool, str]:
    """Run an nbgrader converter app (``GenerateAssignment``, ``GenerateFeedback``…)
    in-process on ``config``; return ``(success, log and error text)``.

    nbgrader changes the working directory while it runs: it is restored here.
    """
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    app = app_class(coursedir=CourseDirectory(config=config), config=config)
    app.log.setLevel(logging.WARNING)
    cwd = os.getcwd()
    try:
        result = capture_log(app)
    finally:
        os.chdir(cwd)
    detail = ((result.get("log") or "") + (result.get("error") or "")).strip()
    return bool(result.get("success")), detail


def _generate(course_root: Path, assignment: str, out_dir: Path, db_url: str | None) -> Path:
    """Run nbgrader's GenerateAssignment for one TD; return ``out_dir/<td>``.

    *db_url* ``None`` means a throw-away gradebook inside *out_dir*'s parent.
    """
    from nbgrader.converters import GenerateAssignment

    _ensure_alembic_on_path()
    config = load_config(course_root)
    config.CourseDirectory.release_directory = str(out_dir)
    if db_url is None:
        config.CourseDirectory.db_url = "sqlite:///" + str(out_dir.parent / "gradebook.db")
    else:
        config.CourseDirectory.db_url = db_url
    config.GenerateAssignment.force = True
    config.GenerateAssignment.create_assignment = True
    config.CourseDirectory.assignment_id = assignment
    success, detail = run_converter(GenerateAssignment, config)
    dest = out_dir / assignment
    if not success or not dest.is_dir():
        raise ReleaseError(
            f"nbgrader n'a pas pu générer la version étudiante de « {assignment} » "
            f"depuis {SOURCE_DIR}/{assignment}/. Détail de nbgrader :\n{detail.strip()}"
        )
    return dest


@contextlib.contextmanager
def _generated(course_root: Path, assignment: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="crmkit-release-") as tmp:
        yield _generate(course_root, assignment, Path(tmp) / "release", None)


def _replace_tree(src: Path, dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(*_IGNORED_NAMES))


def release(course_root: Path, assignments: list[str] | None = None) -> list[Path]:
    """Build the student version of each TD (all TDs when *assignments* is ``None``).

    ``exercises/<td>/`` is replaced by what nbgrader generates from
    ``solutions/<td>/`` (notebooks and the other files of the folder). No
    gradebook is written in the course. When building all TDs, folders of
    ``exercises/`` without a source are removed. Returns the written folders.

    >>> release(Path("/nonexistent"))
    []
    """
    root = Path(course_root).resolve()
    names = _check_names(root, assignments)
    written = []
    for name in names:
        with _generated(root, name) as built:
            dest = root / RELEASE_DIR / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            _replace_tree(built, dest)
        written.append(dest)
    if assignments is None:
        for orphan in _orphans(root, names):
            shutil.rmtree(orphan)
    return written


def _orphans(root: Path, names: list[str]) -> list[Path]:
    """Folders of ``exercises/`` whose source TD no longer exists."""
    rel = root / RELEASE_DIR
    if not rel.is_dir():
        return []
    return [
        d
        for d in sorted(rel.iterdir())
        if d.is_dir() and not d.name.startswith(".") and d.name not in names
    ]


def register(course_root: Path, assignment: str) -> None:
    """Record *assignment* (cells, points, checksums) in the course's gradebook.

    Needed before autograding and by the formgrader; ``exercises/`` is not
    touched (the generated copy goes to a temporary folder).
    """
    root = Path(course_root).resolve()
    _check_names(root, [assignment])
    config = load_config(root)
    db_url = str(config.CourseDirectory.db_url or "") or None
    if db_url is None:
        db_url = "sqlite:///" + str(root / "gradebook.db")
    if db_url.startswith("sqlite:///"):
        Path(db_url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="crmkit-register-") as tmp:
        _generate(root, assignment, Path(tmp) / "release", db_url)


# --------------------------------------------------------------------------- staleness


def _normalised_notebook(path: Path) -> object:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ("illisible", path.read_bytes())
    meta = {k: v for k, v in nb.get("metadata", {}).items() if k not in _VOLATILE_NB_META}
    cells = []
    for cell in nb.get("cells", []):
        cmeta = {k: v for k, v in cell.get("metadata", {}).items() if k not in _VOLATILE_CELL_META}
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        cells.append((cell.get("cell_type"), source, json.dumps(cmeta, sort_keys=True)))
    return (json.dumps(meta, sort_keys=True), cells)


def _files(folder: Path) -> set[str]:
    out = set()
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if p.is_file() and not (set(rel.parts) & _IGNORED_NAMES):
            out.add(rel.as_posix())
    return out


def differences(expected: Path, actual: Path) -> list[str]:
    """Relative paths that differ between two student-version folders (French notes).

    >>> import tempfile
    >>> a, b = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> _ = (a / "x.csv").write_text("1"); _ = (b / "x.csv").write_text("2")
    >>> differences(a, b)
    ['x.csv (contenu différent)']
    """
    if not actual.is_dir():
        return ["dossier absent"]
    exp, act = _files(expected), _files(actual)
    notes = [f"{f} (manquant)" for f in sorted(exp - act)]
    notes += [f"{f} (en trop)" for f in sorted(act - exp)]
    for f in sorted(exp & act):
        a, b = expected / f, actual / f
        if f.endswith(".ipynb"):
            same = _normalised_notebook(a) == _normalised_notebook(b)
        else:
            same = filecmp.cmp(a, b, shallow=False)
        if not same:
            notes.append(f"{f} (contenu différent)")
    return notes


def stale_report(course_root: Path) -> dict[str, list[str]]:
    """``{td: [differences]}`` for every TD whose ``exercises/`` copy is out of date.

    Also lists folders of ``exercises/`` that no longer have a source.
    """
    root = Path(course_root).resolve()
    report: dict[str, list[str]] = {}
    names = find_assignments(root)
    for name in names:
        with _generated(root, name) as built:
            diff = differences(built, root / RELEASE_DIR / name)
        if diff:
            report[name] = diff
    for d in _orphans(root, names):
        report[d.name] = [f"plus de source dans {SOURCE_DIR}/{d.name}/"]
    return report


def stale_assignments(course_root: Path) -> list[str]:
    """TD ids whose ``exercises/`` copy differs from what :func:`release` would build.

    >>> stale_assignments(Path("/nonexistent"))
    []
    """
    return sorted(stale_report(course_root))
