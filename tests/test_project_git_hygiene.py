"""Notebooks in git carry no outputs; no student data (gradebook, submissions) is tracked."""

import shutil
import subprocess

import nbformat
import pytest
from notebook_files import REPO_ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (REPO_ROOT / ".git").exists(),
    reason="pas de dépôt git (archive sans historique)",
)


def _git(*args: str) -> list[str]:
    out = subprocess.run(
        ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [line for line in out.splitlines() if line]


def _repo_files() -> list[str]:
    """Tracked files plus new files that are not ignored (what the next commit may hold)."""
    return _git("ls-files", "--cached", "--others", "--exclude-standard")


def outputs_in(nb) -> list[str]:
    """Cells of *nb* that hold outputs or an execution count."""
    return [
        f"cellule {i}"
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]


def test_committed_notebooks_have_no_outputs():
    dirty = {}
    for name in _repo_files():
        path = REPO_ROOT / name
        if name.endswith(".ipynb") and path.is_file():
            cells = outputs_in(nbformat.read(path, as_version=4))
            if cells:
                dirty[name] = cells
    assert not dirty, "notebooks avec des sorties (à effacer avant commit) : " + str(dirty)


def test_output_check_detects_outputs():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    assert outputs_in(nb) == []
    nb.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    nb.cells[0].execution_count = 1
    assert outputs_in(nb) == ["cellule 0"]


STUDENT_DATA = ("grading/", "submitted/", "autograded/", "feedback/", "gradebook.db")


def test_no_student_data_in_git():
    suspects = [
        f for f in _repo_files() if f.startswith(STUDENT_DATA) or f.endswith("gradebook.db")
    ]
    assert not suspects, f"données d'étudiants suivies par git : {suspects}"


@pytest.mark.parametrize(
    "path", ["grading/submitted/e1/td0/td0.ipynb", "grading/gradebook.db", "gradebook.db"]
)
def test_student_data_paths_are_ignored(path):
    assert _git("check-ignore", "--no-index", path) == [path]
