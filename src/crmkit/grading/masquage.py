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
  printed as context;
* then **every other occurrence** of a secret hidden-test line
  (:mod:`crmkit.grading.tests_caches`), wherever it shows: outputs of any
  cell (a student cell that prints ``In``, ``_ih`` or ``%history``), error
  texts, attachments, cell and notebook metadata. The secret lines come from
  the assignment's source cells in the gradebook (so a student who removed
  the delimiters from a cell changes nothing) and from the notebook's own
  test cells; lines the student could read anyway (released notebook, own
  submitted file) stay.

:func:`crmkit.grading.retours.build_retours` checks the rendered HTML
again and withholds any page where a secret line still shows.

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
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Unicode

from crmkit.grading.tests_caches import DEBUT, FIN, lignes_cachees, lignes_secretes, retirer

__all__ = [
    "MasquerTestsCaches",
    "MESSAGE_ECHEC_CACHE",
    "REMPLACEMENT_SOURCE",
    "lignes_cachees",
    "secretes_du_cours",
]

REMPLACEMENT_SOURCE = "# (tests cachés : non communiqués)"
MESSAGE_ECHEC_CACHE = (
    "Un test caché de cette question n'est pas réussi : "
    "relisez l'énoncé et votre réponse (le détail du test n'est pas communiqué)."
)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


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

    def preprocess(self, nb, resources):
        """Mask hidden-test blocks and failures, then every secret line anywhere."""
        debut, fin = self.begin_hidden_tests_delimeter, self.end_hidden_tests_delimeter
        sources = [c.source for c in nb.cells if c.cell_type == "code" and debut in c.source]
        # what the page shows of the sources anyway (visible checks, own answers)
        visibles = [_sans_blocs_caches(c.source, debut, fin) for c in nb.cells]
        secretes = lignes_secretes(sources, visibles, debut, fin)
        for ligne in secretes_du_cours(resources.get("nbgrader", {}), self.config, debut, fin):
            if ligne not in secretes:
                secretes.append(ligne)
        for index, cell in enumerate(nb.cells):
            nb.cells[index], resources = self.preprocess_cell(cell, resources, index)
            _nettoyer(nb.cells[index], secretes)
        _nettoyer(nb.metadata, secretes)
        return nb, resources

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


def _nettoyer(valeur, secretes: list[str]):
    """Remove the secret lines from every string inside *valeur* (in place for containers)."""
    if isinstance(valeur, str):
        return retirer(valeur, secretes)
    if isinstance(valeur, list):
        valeur[:] = [_nettoyer(v, secretes) for v in valeur]
    elif isinstance(valeur, dict):
        for cle in list(valeur):
            valeur[cle] = _nettoyer(valeur[cle], secretes)
    return valeur


def secretes_du_cours(info: dict, config=None, debut: str = DEBUT, fin: str = FIN) -> list[str]:
    """Secret lines of one graded notebook, from the gradebook and the course files.

    *info* is nbgrader's ``resources["nbgrader"]`` (``db_url``, ``assignment``,
    ``notebook``, ``student``). Lines also found in the released notebook or
    in the student's submitted file are not secret. Returns ``[]`` when the
    gradebook has no such notebook.

    >>> secretes_du_cours({})
    []
    """
    if not {"db_url", "assignment", "notebook"} <= set(info):
        return []
    from nbgrader.api import Gradebook, MissingEntry

    try:
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            sources = [c.source or "" for c in notebook.source_cells]
    except MissingEntry:
        return []
    return lignes_secretes(sources, _textes_publics(info, config), debut, fin)


def _textes_publics(info: dict, config) -> list[str]:
    """Text of the released notebook and of the student's own submitted file."""
    if config is None:
        return []
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    nom = f"{info['notebook']}.ipynb"
    chemins = [
        Path(coursedir.format_path(coursedir.release_directory, ".", info["assignment"])) / nom
    ]
    if info.get("student"):
        dossier = coursedir.format_path(
            coursedir.submitted_directory, info["student"], info["assignment"]
        )
        chemins.append(Path(dossier) / nom)
    textes = []
    for chemin in chemins:
        try:
            textes.append(_texte_notebook(chemin.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
    return textes


def _texte_notebook(brut: str) -> str:
    """Every string of a notebook file (sources, outputs), one per line."""
    import json

    morceaux: list[str] = []

    def parcourir(v):
        if isinstance(v, str):
            morceaux.append(v)
        elif isinstance(v, list):
            if v and all(isinstance(x, str) for x in v):
                morceaux.append("".join(v))  # nbformat splits multi-line strings
            else:
                for x in v:
                    parcourir(x)
        elif isinstance(v, dict):
            for x in v.values():
                parcourir(x)

    parcourir(json.loads(brut))
    return "\n".join(morceaux)
