"""Keep hidden tests hidden in the feedback returned to students.

nbgrader's ``generate_feedback`` renders the autograded notebook, in which the
hidden tests are back in the test cells, so every student's HTML page shows
the hidden tests (and the expected values they hold) and the tracebacks of
the ones that failed (nbgrader issue #917, still open). Feedback pages are
passed on from one year to the next, so :class:`MasquerTestsCaches` (an
nbconvert preprocessor that the course's ``nbgrader_config.py`` adds to
``GenerateFeedback``) replaces, in the rendered copy only:

* each ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS`` block by a
  one-line French comment;
* the error output of a test cell that failed in its hidden tests, by a
  French message saying a hidden test failed, without the detail; other
  errors of the cell keep their traceback, minus any hidden line IPython
  printed as context.

Scores are not touched: this runs after grading, on the page only. A teacher
who wants nbgrader's behaviour runs ``crmkit grading feedback TD
--montrer-tests-caches``.

>>> from nbformat.v4 import new_code_cell, new_notebook, new_output
>>> cell = new_code_cell("verifier(x)\\n### BEGIN HIDDEN TESTS\\nassert x == 42\\n### END HIDDEN TESTS")
>>> cell.outputs = [new_output("error", ename="AssertionError", evalue="",
...                            traceback=["      1 verifier(x)", "----> 3 assert x == 42"])]
>>> nb, _ = MasquerTestsCaches()(new_notebook(cells=[cell]), {})
>>> print(nb.cells[0].source)
verifier(x)
# (tests cachés : non communiqués)
>>> nb.cells[0].outputs[0].traceback == [MESSAGE_ECHEC_CACHE]
True
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Unicode

__all__ = ["MasquerTestsCaches", "MESSAGE_ECHEC_CACHE", "REMPLACEMENT_SOURCE", "lignes_cachees"]

REMPLACEMENT_SOURCE = "# (tests cachés : non communiqués)"
MESSAGE_ECHEC_CACHE = (
    "Un test caché de cette question n'est pas réussi : "
    "relisez l'énoncé et votre réponse (le détail du test n'est pas communiqué)."
)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def lignes_cachees(source: str, debut: str, fin: str) -> list[str]:
    """The non-blank lines (stripped) between the hidden-test delimiters of *source*.

    >>> lignes_cachees("a\\n### B\\n  assert a == 1\\n\\n### E\\nb", "### B", "### E")
    ['assert a == 1']
    """
    lignes, dedans = [], False
    for ligne in source.splitlines():
        texte = ligne.strip()
        if texte == debut:
            dedans = True
        elif texte == fin:
            dedans = False
        elif dedans and texte:
            lignes.append(texte)
    return lignes


def _sans_blocs_caches(source: str, debut: str, fin: str) -> str:
    sortie, dedans = [], False
    for ligne in source.splitlines():
        texte = ligne.strip()
        if texte == debut:
            dedans = True
            indentation = ligne[: len(ligne) - len(ligne.lstrip())]
            sortie.append(indentation + REMPLACEMENT_SOURCE)
        elif texte == fin:
            dedans = False
        elif not dedans:
            sortie.append(ligne)
    return "\n".join(sortie)


class MasquerTestsCaches(Preprocessor):
    """Remove hidden tests and their failure details from a notebook being rendered."""

    # nbconvert preprocessors are off unless enabled; this one is on once registered.
    enabled = Bool(True).tag(config=True)
    begin_hidden_tests_delimeter = Unicode("### BEGIN HIDDEN TESTS").tag(config=True)
    end_hidden_tests_delimeter = Unicode("### END HIDDEN TESTS").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        debut, fin = self.begin_hidden_tests_delimeter, self.end_hidden_tests_delimeter
        if cell.cell_type != "code" or debut not in cell.source:
            return cell, resources
        cachees = lignes_cachees(cell.source, debut, fin)
        cell.source = _sans_blocs_caches(cell.source, debut, fin)
        for sortie in cell.get("outputs", []):
            if sortie.get("output_type") == "error":
                _masquer_erreur(sortie, cachees)
        return cell, resources


def _masquer_erreur(sortie, cachees: list[str]) -> None:
    """Hide what a traceback shows of the hidden tests.

    When the failing line (IPython's ``---->`` arrow) or the message is
    hidden-test code, the whole error becomes :data:`MESSAGE_ECHEC_CACHE`.
    Otherwise (e.g. a ``NameError`` on the visible check line) the error is
    kept, minus the context lines IPython prints around it that are hidden.
    """
    lignes = "\n".join(sortie.get("traceback", [])).split("\n")
    gardees, en_cause = [], any(c in str(sortie.get("evalue", "")) for c in cachees)
    for ligne in lignes:
        propre = _ANSI.sub("", ligne)
        if any(c in propre for c in cachees):
            en_cause = en_cause or "---->" in propre
        else:
            gardees.append(ligne)
    if en_cause:
        sortie["evalue"] = MESSAGE_ECHEC_CACHE
        sortie["traceback"] = [MESSAGE_ECHEC_CACHE]
    elif len(gardees) < len(lignes):
        sortie["traceback"] = gardees
