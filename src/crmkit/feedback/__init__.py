"""Self-check engine for the TD notebooks (``verifier`` / ``indice`` / ``valider``).

(Not to be confused with ``crmkit grading feedback``, which builds the pages
returned to students after grading.) A TD module declares each question once,
with its answer variable, points, tolerance, hints and misconceptions, and
exports three functions::

    QUESTIONS = Questionnaire("td0_prise_en_main", sel="td0/2025")
    QUESTIONS.ajouter(Nombre("q1", variable="cout_mailing", points=1, attendu=lambda: 12_500.0,
                             tolerance_abs=0.01, indices=("coût = contacts × coût unitaire.",)))
    verifier, indice, valider = QUESTIONS.verifier, QUESTIONS.indice, QUESTIONS.valider

``verifier`` is the visible self-check, ``valider`` the hidden test of the
nbgrader test cell: both apply the question's ONE acceptance rule, ``valider``
with the literal expected value written in the hidden test (or recomputed when
omitted), so ✅ in the self-check ⇔ points at grading.

Every check ends in one outcome (learntools-style), see :class:`Evaluation`:

- ``non_repondu``: the answer is still ``...`` (Ellipsis) or ``None``;
- ``type_incorrect``: text instead of a number, a Series instead of a number…;
- ``incorrect``: with a targeted hint when a declared misconception matches
  (:class:`Piege`), else a coarse "how far off" band for numbers;
- ``correct``;
- ``non_verifiable``: free-text questions graded by the teacher.

Expected values are never shown: numbers are recomputed (a zero-argument
callable is accepted, evaluated lazily), categorical answers are compared by
salted SHA-256 of a normalised value (:func:`empreinte`), tables and sets are
recomputed and compared. Messages say how far off and what to look at, never
the value.

>>> qs = Questionnaire("demo", sel="demo")
>>> _ = qs.ajouter(Nombre("q1", attendu=0.03, variable="taux", indices=("réponses ÷ contacts",)))
>>> qs.verifier("q1", 0.03)
✅ q1 : bonne réponse.
>>> qs.valider("q1", 0.03002, 0.03)
>>> qs.evaluer("q1", ...).statut
'non_repondu'
>>> print(qs.evaluer("q1", 3).message)
facteur 100 : avez-vous donné un pourcentage (3 pour 3 %) au lieu d'une proportion (0.03) ?
"""

from .categories import Association, Choix, Ensemble
from .nombre import Nombre
from .normalisation import empreinte, lire_numeros, normaliser, proche
from .question import OMIS, Libre, Personnalisee, Piege, Question
from .questionnaire import Questionnaire
from .resultats import (
    CORRECT,
    INCORRECT,
    NON_REPONDU,
    NON_VERIFIABLE,
    TYPE_INCORRECT,
    Evaluation,
    QuestionInconnue,
    ReponseAVerifier,
    est_vide,
    pluriel,
)
from .tableau import Tableau

__all__ = [
    "ReponseAVerifier",
    "QuestionInconnue",
    "Evaluation",
    "Piege",
    "Question",
    "Nombre",
    "Choix",
    "Association",
    "Ensemble",
    "Tableau",
    "Personnalisee",
    "Libre",
    "Questionnaire",
    "empreinte",
    "normaliser",
    "proche",
    "est_vide",
    "lire_numeros",
    "pluriel",
    "OMIS",
    "CORRECT",
    "INCORRECT",
    "NON_REPONDU",
    "NON_VERIFIABLE",
    "TYPE_INCORRECT",
]
