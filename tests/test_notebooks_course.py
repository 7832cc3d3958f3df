"""Every course notebook executes top to bottom (nbval, lax: outputs not compared)."""

import pytest
from nbval_run import failure_report, run_nbval
from notebook_files import course_notebooks, relative

NOTEBOOKS = course_notebooks()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[relative(p) for p in NOTEBOOKS])
def test_course_notebook_runs(notebook):
    proc = run_nbval(notebook)
    assert proc.returncode == 0, failure_report(notebook, proc)


def test_there_are_course_notebooks():
    assert any(p.name == "00_demarrer.ipynb" for p in NOTEBOOKS)
