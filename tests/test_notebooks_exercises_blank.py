"""Student versions run top to bottom with blank answers, failing only in test cells.

Each failure must be our short French self-check message (``ReponseAVerifier``,
one or two lines), never a long traceback or a ``NameError``; and no test cell
may pass on a blank answer (blank work never earns points).
"""

import os
import re

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_files import exercise_notebooks, relative

NOTEBOOKS = exercise_notebooks()
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _is_test_cell(cell) -> bool:
    meta = _nbgrader(cell)
    return cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")


def problems_with_blank_run(nb) -> list[str]:
    """French-free developer report of what went wrong in an executed blank notebook."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        name = _nbgrader(cell).get("grade_id") or f"cellule {index}"
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if not _is_test_cell(cell):
            problems += [
                f"{name}: {e['ename']} in a non-test cell: {e['evalue'][:200]}" for e in errors
            ]
            continue
        if not errors:
            problems.append(f"{name}: test cell passes with a blank answer")
            continue
        for e in errors:
            lines = [_ANSI.sub("", line) for line in e.get("traceback", [])]
            text = "\n".join(lines)
            if e["ename"] != "ReponseAVerifier":
                problems.append(
                    f"{name}: {e['ename']} instead of ReponseAVerifier: {e['evalue'][:200]}"
                )
            elif len(lines) > 2 or "Traceback" in text or "File " in text:
                problems.append(f"{name}: long message ({len(lines)} lines): {text[:300]}")
            elif not lines or not lines[0].lstrip().startswith(("✏️", "❌")):
                problems.append(f"{name}: message does not start with ✏️/❌: {text[:200]}")
    return problems


def execute_blank(path):
    nb = nbformat.read(path, as_version=4)
    env_path = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "Agg"
    try:
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    finally:
        if env_path is None:
            os.environ.pop("MPLBACKEND", None)
    return nb


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[relative(p) for p in NOTEBOOKS])
def test_blank_student_version_fails_only_with_short_french_messages(notebook):
    nb = execute_blank(notebook)
    problems = problems_with_blank_run(nb)
    assert not problems, f"{relative(notebook)}:\n" + "\n".join(problems)


def test_the_gate_catches_crashes_and_passing_blanks():
    """The checker itself flags a NameError, a raw traceback and a blank that passes."""
    test_meta = {"nbgrader": {"grade": True, "solution": False, "grade_id": "t1"}}
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("undefined_name"),
            nbformat.v4.new_code_cell("assert x == 3", metadata=test_meta),
            nbformat.v4.new_code_cell("x = ...", metadata={"nbgrader": {"solution": True}}),
            nbformat.v4.new_code_cell(
                "pass",
                metadata=dict(test_meta, nbgrader={**test_meta["nbgrader"], "grade_id": "t2"}),
            ),
        ]
    )
    nb = NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True).execute()
    problems = problems_with_blank_run(nb)
    assert any("NameError in a non-test cell" in p for p in problems)
    assert any(p.startswith("t1: NameError instead of ReponseAVerifier") for p in problems)
    assert any(p.startswith("t2: test cell passes") for p in problems)


def test_there_are_exercises():
    assert any(p.parent.name == "td0_prise_en_main" for p in NOTEBOOKS)
