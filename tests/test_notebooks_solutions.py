"""Every TD source notebook (solutions filled in) executes top to bottom under nbval."""

import pytest
from nbval_run import failure_report, run_nbval
from notebook_files import relative, solution_notebooks

NOTEBOOKS = solution_notebooks()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[relative(p) for p in NOTEBOOKS])
def test_solution_notebook_runs(notebook):
    proc = run_nbval(notebook)
    assert proc.returncode == 0, failure_report(notebook, proc)


def test_there_are_solution_notebooks():
    assert any(p.parent.name == "td0_prise_en_main" for p in NOTEBOOKS)
