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


# --------------------------------------------------------------------------- everywhere else

SECRET = "assert abs(reponse - 0.0375) < 1e-4, 'seuil attendu 0.0375'"


def _history_cell(*outputs):
    cell = new_code_cell("print(In)")
    cell.outputs = list(outputs)
    return cell


def test_printed_history_in_a_student_cell_is_cut():
    history = repr(["", "import crmkit", TEST_CELL])  # what print(In) shows
    out = _history_cell(new_output("stream", name="stdout", text=history + "\n"))
    nb = _run(new_code_cell(TEST_CELL), out)
    text = nb.cells[1].outputs[0].text
    assert "0.0375" not in text
    assert "[test caché]" in text and "import crmkit" in text


def test_history_in_every_kind_of_output_and_metadata():
    import base64
    import html

    nb = new_notebook(
        cells=[
            new_code_cell(TEST_CELL),
            _history_cell(
                new_output("display_data", data={"text/html": f"<pre>{html.escape(SECRET)}</pre>"}),
                new_output("display_data", data={"application/json": {"h": [SECRET]}}),
                new_output(
                    "display_data",
                    data={"image/png": base64.b64encode(b"\x89PNG" + SECRET.encode()).decode()},
                ),
                new_output("error", ename="RuntimeError", evalue=SECRET, traceback=[SECRET]),
                new_output("stream", name="stderr", text="\x1b[0;32m" + SECRET.replace(" ", "  ")),
            ),
            new_markdown_cell("Pièce jointe", attachments={"a.txt": {"text/plain": SECRET}}),
        ]
    )
    nb.cells[1].metadata["trace"] = SECRET
    nb.metadata["widgets"] = {"state": {"w": {"value": SECRET}}}
    masked, _ = MasquerTestsCaches()(nb, {})
    assert "0.0375" not in str(masked)


def test_lines_the_student_could_read_stay():
    # a visible check line repeated in the hidden block is public: it stays
    source = "verifier('q1', r)\n### BEGIN HIDDEN TESTS\nverifier('q1', r)\nassert r == 7\n### END HIDDEN TESTS"
    out = _history_cell(new_output("stream", name="stdout", text=source))
    nb = _run(new_code_cell(source), out)
    text = nb.cells[1].outputs[0].text
    assert "verifier('q1', r)" in text and "assert r == 7" not in text


def test_short_lines_tell_nothing_and_are_kept():
    source = "x = 1\n### BEGIN HIDDEN TESTS\nvalider(\n    'q1',\n    x,\n)\n### END HIDDEN TESTS"
    out = _history_cell(new_output("stream", name="stdout", text="f(x,\n)\n"))
    nb = _run(new_code_cell(source), out)
    assert nb.cells[1].outputs[0].text == "f(x,\n)\n"


def test_page_check_finds_every_reading_of_a_line():
    import base64
    import html
    import json

    from crmkit.grading.tests_caches import normaliser, trouvees

    line = normaliser(SECRET)
    tokens = " ".join(f'<span class="n">{html.escape(t)}</span>' for t in SECRET.split())
    readings = {
        "plain": SECRET,
        "spaces": SECRET.replace(" ", " \n\t "),
        "escaped": html.escape(SECRET),
        "entities": "".join(f"&#{ord(c)};" for c in SECRET),
        "highlighted": tokens,
        "json": json.dumps({"v": SECRET}),
        "ansi": "\x1b[1;31m" + SECRET.replace(" ", " \x1b[0m"),
        "base64": "data:image/png;base64," + base64.b64encode(SECRET.encode() * 3).decode(),
    }
    for name, text in readings.items():
        assert trouvees(f"<html><body>{text}</body></html>", [line]) == [line], name
    for other in ("assert abs(reponse - 0.0376) < 1e-4", "0.0375", SECRET[:-3]):
        assert trouvees(other, [line]) == [], other
