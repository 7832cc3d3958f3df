"""The base of every question kind (:class:`Question`), misconceptions (:class:`Piege`), and the two kinds with no expected value: :class:`Personnalisee` and :class:`Libre`.

>>> Libre("q7", points=2, indices=("Pensez au consentement.",)).manuelle
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .resultats import (
    CORRECT,
    INCORRECT,
    NON_REPONDU,
    NON_VERIFIABLE,
    TYPE_INCORRECT,
    Evaluation,
    est_vide,
)

OMIS: Any = type("Omis", (), {"__repr__": lambda self: "OMIS"})()


@dataclass(frozen=True)
class Piege:
    """A known misconception: ``condition(reponse)`` true → French hint shown as the verdict.

    >>> from crmkit.feedback import proche
    >>> p = Piege(lambda r: proche(r, 3.0), "pourcentage au lieu d'une proportion")
    >>> p.condition(3), p.message
    (True, "pourcentage au lieu d'une proportion")
    """

    condition: Callable[[Any], bool]
    message: str

    def s_applique(self, reponse: object) -> bool:
        try:
            return bool(self.condition(reponse))
        except Exception:  # a predicate never breaks a check
            return False


@dataclass
class Question:
    """Base class: one declaration per question, subclasses implement the acceptance rule.

    ``variable`` names what the student fills (the test cell passes it),
    ``points`` equals the statement heading and the nbgrader points,
    ``indices`` are the hints :meth:`Questionnaire.indice` gives one after the
    other, ``pieges`` the misconceptions with their own message.

    A kind implements three hooks, each taking the expected value in the kind's
    internal form (``attendu``; :meth:`_attendu` is the declared one,
    :meth:`_depuis_litteral` turns a hidden test's literal into that form):
    ``_verifier_type``, ``_est_juste`` and ``_ecart``. The visible check and the
    hidden test therefore share one acceptance rule.

    """

    qid: str
    variable: str = "reponse"
    points: float | None = None
    indices: Sequence[str] = ()
    pieges: Sequence[Piege] = ()

    def __post_init__(self) -> None:
        if isinstance(self.indices, str):
            raise TypeError(f"{self.qid} : indices=(…) attend un tuple de textes, pas un texte.")
        self.indices = tuple(self.indices)

    @property
    def manuelle(self) -> bool:
        """True for a question graded by the teacher (no hidden test)."""
        return False

    def evaluer(self, reponse: object, attendu: object = OMIS) -> Evaluation:
        """Outcome for one answer; never raises on a student's value.

        *attendu* (internal form) replaces the declared expected value.
        """
        if est_vide(reponse):
            return Evaluation(
                NON_REPONDU,
                f"pas encore de réponse : remplacez ... dans « {self.variable} » "
                "par votre réponse, puis exécutez la cellule.",
            )
        if attendu is OMIS:
            attendu = self._attendu()
        probleme = self._verifier_type(reponse, attendu)
        if probleme:
            return Evaluation(TYPE_INCORRECT, probleme)
        if self._est_juste(reponse, attendu):
            return Evaluation(CORRECT, "bonne réponse.")
        for piege in self.pieges:
            if piege.s_applique(reponse):
                return Evaluation(INCORRECT, piege.message)
        return Evaluation(INCORRECT, self._ecart(reponse, attendu))

    def juger(self, reponse: object, litteral: object = OMIS) -> Evaluation:
        """The hidden test's outcome: the same rule, *litteral* as the expected value."""
        attendu = OMIS if litteral is OMIS else self._depuis_litteral(litteral)
        return self.evaluer(reponse, attendu)

    # Subclass hooks -----------------------------------------------------
    def _attendu(self) -> object:
        return None

    def _depuis_litteral(self, litteral: object) -> object:
        return litteral

    def _verifier_type(self, reponse: object, attendu: object) -> str:
        return ""

    def _est_juste(self, reponse: object, attendu: object) -> bool:  # pragma: no cover
        raise NotImplementedError

    def _ecart(self, reponse: object, attendu: object = OMIS) -> str:
        return "ce n'est pas la réponse attendue."


@dataclass
class Personnalisee(Question):
    """Any checker: ``fonction(reponse)`` returns True, or False / a French message when wrong.

    Returning an :class:`Evaluation` gives full control of the outcome. Use it
    only where no typed kind fits; the hidden test omits the expected value
    (the function is the rule).

    >>> q = Personnalisee("q6", fonction=lambda r: True if "Objet" in r else "il manque l'objet.")
    >>> q.evaluer("Objet : promo").statut, q.evaluer("promo").message
    ('correct', "il manque l'objet.")
    """

    fonction: Callable[[Any], object] | None = None

    def _depuis_litteral(self, litteral: object) -> object:
        raise TypeError(
            f"{self.qid} : question Personnalisee, sa fonction est la règle ; "
            f'appelez valider("{self.qid}", reponse) sans valeur attendue.'
        )

    def evaluer(self, reponse: object, attendu: object = OMIS) -> Evaluation:
        if est_vide(reponse):
            return super().evaluer(reponse)
        try:
            resultat = self.fonction(reponse)
        except Exception as exc:  # a student's odd value must not crash the check
            return Evaluation(
                TYPE_INCORRECT,
                f"« {self.variable} » n'a pas pu être vérifiée ({type(exc).__name__}) : "
                "vérifiez son format.",
            )
        if isinstance(resultat, Evaluation):
            return resultat
        if resultat is True:
            return Evaluation(CORRECT, "bonne réponse.")
        for piege in self.pieges:
            if piege.s_applique(reponse):
                return Evaluation(INCORRECT, piege.message)
        if isinstance(resultat, str) and resultat:
            return Evaluation(INCORRECT, resultat)
        return Evaluation(INCORRECT, "ce n'est pas la réponse attendue.")


@dataclass
class Libre(Question):
    """Free-text answer graded by the teacher: the self-check only sees whether it is filled.

    It has points and hints like any question, and no hidden test.

    >>> Libre("q7").evaluer("Parce que…").statut
    'non_verifiable'
    """

    @property
    def manuelle(self) -> bool:
        return True

    def evaluer(self, reponse: object, attendu: object = OMIS) -> Evaluation:
        if est_vide(reponse):
            return Evaluation(
                NON_REPONDU, "pas encore de réponse : écrivez votre texte dans la cellule prévue."
            )
        return Evaluation(NON_VERIFIABLE, "réponse corrigée à la main par l'équipe enseignante.")
