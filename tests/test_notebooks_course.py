"""Every course notebook (and the teacher's answers) executes top to bottom (nbval, lax)."""

import pytest
from nbval_run import failure_report, run_nbval
from notebook_files import course_notebooks, relative, teacher_notebooks

NOTEBOOKS = course_notebooks() + teacher_notebooks()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[relative(p) for p in NOTEBOOKS])
def test_course_notebook_runs(notebook):
    proc = run_nbval(notebook)
    assert proc.returncode == 0, failure_report(notebook, proc)


def test_there_are_course_notebooks():
    assert any(p.name == "00_demarrer.ipynb" for p in NOTEBOOKS)
