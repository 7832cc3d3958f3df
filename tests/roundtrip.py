"""Test helper: an nbgrader grading round trip for one TD, in a temporary course.

Used by ``tests/test_grading_roundtrip_*.py``::

    from roundtrip import autograde, solution_notebook, student_notebook, with_answers

    good = solution_notebook("td0_prise_en_main")
    bad = with_answers(good, {"q1_reponse": "cout_mailing = 3"})
    result = autograde("td0_prise_en_main", {"bon": good, "mauvais": bad})
    assert result.scores["bon"] == result.max_points
    assert result.scores["mauvais"]["q1_test"] == 0

What :func:`autograde` does: copy the repository's ``nbgrader_config.py`` and
``solutions/<td>/`` into a temporary course root, build the student version
and the gradebook there (``crmkit.grading.release``), place each submission
in ``grading/submitted/<student>/<td>/<td>.ipynb`` and run plain
``nbgrader autograde`` in a subprocess (with the venv's ``bin`` first on
``PATH``: nbgrader shells out to ``alembic``). Scores come from the gradebook.

Submissions are built from the *student* version (what nbgrader released), so
locked cells, checksums and cell ids are exactly those a real student has:

- :func:`student_notebook` — the blank student version;
- :func:`solution_notebook` — the student version with every answer cell
  filled with the solution (``### BEGIN/END SOLUTION`` lines removed);
- :func:`with_answers` — a copy with some answer cells replaced (known-wrong
  submissions).

>>> nb = nbformat.v4.new_notebook(cells=[_cellule("x = ...", "q1_reponse")])
>>> with_answers(nb, {"q1_reponse": "x = 3"}).cells[0].source
'x = 3'
>>> with_answers(nb, {"q9": "x = 3"})
Traceback (most recent call last):
...
KeyError: "cellule(s) absente(s) : ['q9'] ; cellules disponibles : ['q1_reponse']"
"""

from __future__ import annotations

import copy
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

REPO_ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = str(Path(sys.executable).parent)
_MARQUEURS = ("### BEGIN SOLUTION", "### END SOLUTION")

__all__ = [
    "RoundTrip",
    "autograde",
    "misconception_hints_missing",
    "misconception_score_errors",
    "with_misconceptions",
    "course_root",
    "grade_id",
    "source_notebook",
    "solution_notebook",
    "student_notebook",
    "with_answers",
]


def _cellule(source: str, gid: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade_id": gid, "solution": True, "grade": False}
    return cell


def grade_id(cell: nbformat.NotebookNode) -> str | None:
    """The nbgrader ``grade_id`` of a cell, or ``None``."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = VENV_BIN + os.pathsep + env.get("PATH", "")
    env.setdefault("MPLBACKEND", "Agg")
    return env


def course_root(td: str, dest: Path) -> Path:
    """Copy ``nbgrader_config.py`` and ``solutions/<td>/`` into *dest*; return *dest*."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO_ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    shutil.copytree(
        REPO_ROOT / "solutions" / td,
        dest / "solutions" / td,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    return dest


def _release(root: Path, td: str, gradebook: bool) -> None:
    """Student version in ``root/exercises/<td>`` (+ gradebook when asked)."""
    try:
        from crmkit.grading.release import register, release
    except ImportError:  # fallback: plain nbgrader (writes release and gradebook)
        subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", td, "--force"],
            cwd=root,
            env=_env(),
            check=True,
            capture_output=True,
        )
        return
    release(root, [td])
    if gradebook:
        register(root, td)


def source_notebook(td: str) -> nbformat.NotebookNode:
    """The instructor source ``solutions/<td>/<td>.ipynb`` as in the repository."""
    return nbformat.read(REPO_ROOT / "solutions" / td / f"{td}.ipynb", as_version=4)


@functools.cache
def _student_cached(td: str) -> nbformat.NotebookNode:
    with tempfile.TemporaryDirectory(prefix=f"roundtrip-{td}-") as tmp:
        root = course_root(td, Path(tmp))
        _release(root, td, gradebook=False)
        return nbformat.read(root / "exercises" / td / f"{td}.ipynb", as_version=4)


def student_notebook(td: str) -> nbformat.NotebookNode:
    """The blank student version, freshly generated from ``solutions/<td>/`` (a copy)."""
    return copy.deepcopy(_student_cached(td))


def _sans_marqueurs(source: str) -> str:
    lignes = [ligne for ligne in source.splitlines() if ligne.strip() not in _MARQUEURS]
    return "\n".join(lignes)


def solution_notebook(td: str) -> nbformat.NotebookNode:
    """The student version with every answer cell holding the solution (a perfect submission)."""
    solutions = {
        grade_id(c): _sans_marqueurs(c.source)
        for c in source_notebook(td).cells
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
    }
    return with_answers(student_notebook(td), solutions)


def with_answers(nb: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of *nb* where the cells named by ``grade_id`` get a new source."""
    nb = copy.deepcopy(nb)
    present = [grade_id(c) for c in nb.cells if grade_id(c)]
    absents = [g for g in answers if g not in present]
    if absents:
        raise KeyError(f"cellule(s) absente(s) : {absents} ; cellules disponibles : {present}")
    for cell in nb.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return nb


@dataclass
class RoundTrip:
    """Result of :func:`autograde`.

    ``scores[student][grade_id]`` and ``max_points[grade_id]`` cover the
    auto-graded cells; ``manual`` lists the manually graded cells' ids;
    ``root`` is the temporary course (kept until the caller's ``tmp`` goes).
    """

    scores: dict[str, dict[str, float]]
    max_points: dict[str, float]
    manual: list[str] = field(default_factory=list)
    root: Path | None = None
    log: str = ""
    td: str = ""

    def total(self, student: str) -> float:
        return sum(self.scores[student].values())

    def graded(self, student: str) -> nbformat.NotebookNode:
        """*student*'s autograded copy (needs ``root``)."""
        path = self.root / "grading" / "autograded" / student / self.td / f"{self.td}.ipynb"
        return nbformat.read(path, as_version=4)

    def outputs(self, student: str) -> dict[str, str]:
        """What each graded code cell of *student*'s autograded copy shows, by grade_id:
        printed text, error name, message and traceback (needs ``root``)."""
        shown = {}
        for cell in self.graded(student).cells:
            if cell.cell_type == "code" and grade_id(cell):
                text = []
                for out in cell.get("outputs", []):
                    text += [out.get("text", ""), out.get("ename", ""), out.get("evalue", "")]
                    text += out.get("traceback", [])
                shown[grade_id(cell)] = "\n".join(text)
        return shown

    def errors(self, student: str) -> list[str]:
        """Every code cell of *student*'s autograded copy that shows an error, as
        ``"<grade_id or cell N>: <ename>"``: for the perfect copy this must be empty,
        which is the check that the TD source runs top to bottom (needs ``root``)."""
        found = []
        for i, cell in enumerate(self.graded(student).cells):
            for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
                if out.get("output_type") == "error":
                    found.append(f"{grade_id(cell) or f'cellule {i}'}: {out.get('ename')}")
        return found

    @property
    def max_total(self) -> float:
        return sum(self.max_points.values())


def autograde(
    td: str,
    submissions: dict[str, nbformat.NotebookNode],
    tmp: Path | None = None,
    timeout: int = 600,
) -> RoundTrip:
    """Release *td* in a temporary course, autograde *submissions* with nbgrader, read scores."""
    from nbgrader.api import Gradebook

    owned = tmp is None
    base = Path(tempfile.mkdtemp(prefix=f"roundtrip-{td}-")) if owned else Path(tmp)
    root = course_root(td, base / "cours")
    _release(root, td, gradebook=True)
    for student, nb in submissions.items():
        dest = root / "grading" / "submitted" / student / td
        dest.mkdir(parents=True, exist_ok=True)
        for extra in (root / "exercises" / td).iterdir():  # data files shipped with the TD
            if extra.suffix != ".ipynb" and extra.is_file():
                shutil.copy2(extra, dest / extra.name)
        nbformat.write(nb, dest / f"{td}.ipynb")
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", td, "--force", "--create"],
        cwd=root,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader autograde a échoué ({proc.returncode}) :\n{log[-4000:]}")
    scores: dict[str, dict[str, float]] = {}
    max_points: dict[str, float] = {}
    manual: list[str] = []
    with Gradebook("sqlite:///" + str(root / "grading" / "gradebook.db")) as gb:
        for student in submissions:
            sub = gb.find_submission_notebook(td, td, student)
            scores[student] = {}
            for grade in sub.grades:
                if grade.cell.cell_type == "markdown":
                    if grade.name not in manual:
                        manual.append(grade.name)
                    continue
                scores[student][grade.name] = float(grade.score)
                max_points[grade.name] = float(grade.max_score)
    result = RoundTrip(
        scores=scores, max_points=max_points, manual=manual, root=root, log=log, td=td
    )
    if owned:
        shutil.rmtree(base, ignore_errors=True)
        result.root = None
    return result


# --------------------------------------------------------------------------- misconceptions
# A TD's known misconceptions, as its round-trip test declares them:
#     MEPRISES = {answer_id: (wrong_source, test_id, words_of_its_hint)}
# One notebook holds every wrong answer (and, optionally, right answers written
# differently, which must keep their points); it is graded once.


def with_misconceptions(
    nb: nbformat.NotebookNode,
    meprises: dict[str, tuple[str, str, str]],
    autrement: dict[str, str] | None = None,
) -> nbformat.NotebookNode:
    """A copy of *nb* holding every misconception's wrong answer and the *autrement* answers.

    >>> nb = nbformat.v4.new_notebook(cells=[_cellule("x = 3", "q1"), _cellule("y = 2", "q2")])
    >>> fautes = with_misconceptions(nb, {"q1": ("x = 30", "q1_test", "facteur 10")}, {"q2": "y=2"})
    >>> [c.source for c in fautes.cells]
    ['x = 30', 'y=2']
    """
    return with_answers(
        nb, {**(autrement or {}), **{g: src for g, (src, _, _) in meprises.items()}}
    )


def misconception_score_errors(
    result: RoundTrip, student: str, meprises: dict[str, tuple[str, str, str]]
) -> list[str]:
    """Test cells of *student*'s copy scored wrongly: a misconception that kept points,
    or any other question (right, or right written differently) that lost some.

    >>> r = RoundTrip(scores={"m": {"q1_test": 0.0, "q2_test": 1.0}},
    ...               max_points={"q1_test": 2.0, "q2_test": 1.0})
    >>> misconception_score_errors(r, "m", {"q1": ("x = 30", "q1_test", "facteur 10")})
    []
    >>> misconception_score_errors(r, "m", {"q2": ("y = 0", "q2_test", "signe")})
    ['q1_test: 0.0 au lieu de 2.0', 'q2_test: 1.0 au lieu de 0']
    """
    perdus = {test for _, test, _ in meprises.values()}
    erreurs = []
    for test, points in result.max_points.items():
        attendu = 0 if test in perdus else points
        if result.scores[student][test] != attendu:
            erreurs.append(f"{test}: {result.scores[student][test]} au lieu de {attendu}")
    return erreurs


def misconception_hints_missing(
    result: RoundTrip, student: str, meprises: dict[str, tuple[str, str, str]]
) -> list[str]:
    """Test cells of *student*'s graded copy that do not show their misconception's hint."""
    sorties = result.outputs(student)
    return [
        f"{test}: « {mots} » absent de {sorties[test][:500]!r}"
        for _, test, mots in meprises.values()
        if mots not in sorties[test]
    ]
