"""Hidden tests stay out of the feedback pages (crmkit.grading.masquage)."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from crmkit.grading.masquage import (
    MESSAGE_ECHEC_CACHE,
    REMPLACEMENT_SOURCE,
    MasquerTestsCaches,
)

TEST_CELL = (
    "verifier('q1', reponse)\n"
    "### BEGIN HIDDEN TESTS\n"
    "assert abs(reponse - 0.0375) < 1e-4, 'seuil attendu 0.0375'\n"
    "### END HIDDEN TESTS"
)


def _error(*traceback: str, evalue: str = "") -> dict:
    return new_output("error", ename="AssertionError", evalue=evalue, traceback=list(traceback))


def _run(*cells):
    nb, _ = MasquerTestsCaches()(new_notebook(cells=list(cells)), {})
    return nb


def test_hidden_block_replaced_visible_lines_kept():
    nb = _run(new_code_cell(TEST_CELL))
    assert nb.cells[0].source == f"verifier('q1', reponse)\n{REMPLACEMENT_SOURCE}"
    assert "0.0375" not in nb.cells[0].source


def test_failure_of_a_hidden_test_is_masked_with_ansi_codes_in_traceback():
    tb = "\x1b[0;32m----> 3\x1b[0m \x1b[38;5;28;01massert\x1b[39;00m abs(reponse - 0.0375) < 1e-4, 'seuil attendu 0.0375'"
    # IPython colours each token: the hidden line is only found once ANSI codes are gone.
    cell = new_code_cell(TEST_CELL)
    cell.outputs = [_error(tb, evalue="seuil attendu 0.0375")]
    out = _run(cell).cells[0].outputs[0]
    assert out.traceback == [MESSAGE_ECHEC_CACHE]
    assert "0.0375" not in out.evalue


def test_failure_of_the_visible_check_keeps_its_french_message():
    cell = new_code_cell(TEST_CELL)
    message = "ReponseAVerifier: pas encore de réponse à la question q1"
    cell.outputs = [_error("----> 1 verifier('q1', reponse)", message, evalue=message)]
    out = _run(cell).cells[0].outputs[0]
    assert out.traceback == ["----> 1 verifier('q1', reponse)", message]


def test_other_error_keeps_its_traceback_without_the_hidden_context_lines():
    cell = new_code_cell(TEST_CELL)
    cell.outputs = [
        _error(
            "Cell In[7], line 1\n----> 1 verifier('q1', reponse)\n      2 ### BEGIN HIDDEN TESTS\n"
            "      3 assert abs(reponse - 0.0375) < 1e-4, 'seuil attendu 0.0375'",
            "NameError: name 'reponse' is not defined",
            evalue="name 'reponse' is not defined",
        )
    ]
    out = _run(cell).cells[0].outputs[0]
    shown = "\n".join(out.traceback)
    assert "0.0375" not in shown
    assert "NameError: name 'reponse' is not defined" in shown
    assert "----> 1 verifier('q1', reponse)" in shown
    assert out.evalue == "name 'reponse' is not defined"


def test_cells_without_hidden_tests_untouched():
    code = new_code_cell("assert x == 2")
    code.outputs = [_error("----> 1 assert x == 2")]
    texte = new_markdown_cell("### BEGIN HIDDEN TESTS dans un texte")
    nb = _run(code, texte)
    assert nb.cells[0].source == "assert x == 2"
    assert nb.cells[0].outputs[0].traceback == ["----> 1 assert x == 2"]
    assert nb.cells[1].source == "### BEGIN HIDDEN TESTS dans un texte"


def test_indented_and_repeated_blocks():
    src = (
        "for v in valeurs:\n"
        "    ### BEGIN HIDDEN TESTS\n    assert v > 3\n    ### END HIDDEN TESTS\n"
        "print('ok')\n"
        "### BEGIN HIDDEN TESTS\nassert total == 12\n### END HIDDEN TESTS"
    )
    out = _run(new_code_cell(src)).cells[0].source
    assert out == (
        f"for v in valeurs:\n    {REMPLACEMENT_SOURCE}\nprint('ok')\n{REMPLACEMENT_SOURCE}"
    )
