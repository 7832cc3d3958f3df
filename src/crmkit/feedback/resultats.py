"""Outcomes of a check: statuses, :class:`Evaluation`, the two French exceptions, plurals.

>>> Evaluation(CORRECT, "bonne réponse.").correct, pluriel(2, "valeur")
(True, '2 valeurs')
"""

from __future__ import annotations

from dataclasses import dataclass

NON_REPONDU = "non_repondu"
TYPE_INCORRECT = "type_incorrect"
INCORRECT = "incorrect"
CORRECT = "correct"
NON_VERIFIABLE = "non_verifiable"

# --------------------------------------------------------------------------- exceptions


class ReponseAVerifier(AssertionError):
    """A failed self-check: IPython shows one or two French lines, no traceback.

    It is an ``AssertionError``, so nbgrader scores the test cell 0 and pytest
    reports a failed assertion.

    >>> err = ReponseAVerifier("❌ q1 : trop élevé.\\nUn indice : indice(\\"q1\\").")
    >>> err._render_traceback_()
    ['❌ q1 : trop élevé.', 'Un indice : indice("q1").']
    """

    __module__ = "crmkit.feedback"  # the public name students and tests see

    def _render_traceback_(self) -> list[str]:
        return str(self).splitlines() or [""]


class QuestionInconnue(ValueError):
    """``verifier``/``indice`` called with a question id the TD does not declare.

    >>> QuestionInconnue("question inconnue : 'q9'")._render_traceback_()
    ["question inconnue : 'q9'"]
    """

    __module__ = "crmkit.feedback"  # the public name students and tests see

    def _render_traceback_(self) -> list[str]:
        return str(self).splitlines() or [""]


# --------------------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class Evaluation:
    """The outcome of one check: a status and a French message (never the answer).

    >>> Evaluation(CORRECT, "bonne réponse.").correct
    True
    """

    statut: str
    message: str

    @property
    def correct(self) -> bool:
        return self.statut == CORRECT


def est_vide(reponse: object) -> bool:
    """True for a not-yet-answered value: ``...`` (Ellipsis), ``None`` or blank text.

    >>> est_vide(...), est_vide(None), est_vide("  "), est_vide(0)
    (True, True, True, False)
    """
    if reponse is ... or reponse is None:
        return True
    return isinstance(reponse, str) and not reponse.strip()


def pluriel(n: int, singulier: str, pluriel_: str | None = None) -> str:
    """``n`` followed by the noun in the right number (French: 0 and 1 are singular).

    >>> pluriel(1, "valeur"), pluriel(3, "valeur"), pluriel(2, "élément en trop", "éléments en trop")
    ('1 valeur', '3 valeurs', '2 éléments en trop')
    """
    mot = singulier if abs(n) < 2 else (pluriel_ or singulier + "s")
    return f"{n} {mot}"
