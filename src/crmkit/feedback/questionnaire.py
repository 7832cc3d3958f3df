"""The questions of one TD and the three functions a notebook imports: ``verifier``, ``indice``, ``valider``."""

from __future__ import annotations

from .normalisation import empreinte
from .question import OMIS, Question
from .resultats import (
    CORRECT,
    INCORRECT,
    NON_REPONDU,
    NON_VERIFIABLE,
    Evaluation,
    QuestionInconnue,
    ReponseAVerifier,
)


class Questionnaire:
    """The questions of one TD, with bound ``verifier``, ``indice`` and ``valider`` functions.

    >>> from crmkit.feedback import Choix
    >>> qs = Questionnaire("demo", sel="s")
    >>> _ = qs.ajouter(Choix("q1", points=1, empreintes=(empreinte("q1", "b", sel="s"),),
    ...                      indices=("Relisez 1.2.", "Comparez b et c.")))
    >>> qs.verifier("q1", "B")
    ✅ q1 : bonne réponse.
    >>> qs.indice("q1"); qs.indice("q1"); qs.indice("q1")
    💡 q1 (1/2) : Relisez 1.2.
    💡 q1 (2/2) : Comparez b et c.
    💡 q1 (2/2) : Comparez b et c.
    >>> qs.verifier("q1", "A")
    Traceback (most recent call last):
    ...
    crmkit.feedback.ReponseAVerifier: ❌ q1 : ce n'est pas la bonne réponse.
    Un indice : indice("q1").
    >>> qs.valider("q1", " b ", "b")
    >>> qs.valider("q1", "a", "b")
    Traceback (most recent call last):
    ...
    crmkit.feedback.ReponseAVerifier: ❌ q1 (test caché) : ce n'est pas la bonne réponse.
    """

    def __init__(self, td_id: str, sel: str | None = None) -> None:
        self.td_id = td_id
        self.sel = sel if sel is not None else td_id
        self._questions: dict[str, Question] = {}
        self._indices_vus: dict[str, int] = {}
        # Bound functions a TD module re-exports (``verifier = QUESTIONS.verifier``).
        self.verifier = self._verifier
        self.indice = self._indice
        self.valider = self._valider

    def ajouter(self, question: Question) -> Question:
        """Register a question (salt filled in for hashed kinds); returns it."""
        if question.qid in self._questions:
            raise ValueError(f"question déclarée deux fois : {question.qid!r}")
        if hasattr(question, "sel") and not question.sel:
            question.sel = self.sel
        self._questions[question.qid] = question
        return question

    def empreinte(self, qid: str, valeur: object) -> str:
        """Fingerprint with this TD's salt (for authors filling ``empreintes``)."""
        return empreinte(qid, valeur, self.sel)

    @property
    def ids(self) -> list[str]:
        return list(self._questions)

    @property
    def questions(self) -> list[Question]:
        return list(self._questions.values())

    def question(self, qid: str) -> Question:
        if qid not in self._questions:
            raise QuestionInconnue(
                f"question inconnue : {qid!r} ; questions de ce TD : {', '.join(self._questions)}."
            )
        return self._questions[qid]

    def evaluer(self, qid: str, reponse: object) -> Evaluation:
        """The outcome without printing or raising (for tests and the autograder)."""
        return self.question(qid).evaluer(reponse)

    def _verifier(self, qid: str, reponse: object) -> None:
        """Print ``✅ …`` when correct; else raise :class:`ReponseAVerifier` (French, short)."""
        ev = self.evaluer(qid, reponse)
        if ev.statut == CORRECT:
            print(f"✅ {qid} : {ev.message}")
            return
        if ev.statut == NON_VERIFIABLE:
            print(f"📝 {qid} : {ev.message}")
            return
        symbole = "✏️" if ev.statut == NON_REPONDU else "❌"
        texte = f"{symbole} {qid} : {ev.message}"
        if ev.statut == INCORRECT:
            texte += f'\nUn indice : indice("{qid}").'
        raise ReponseAVerifier(texte)

    def _valider(self, qid: str, reponse: object, attendu: object = OMIS) -> None:
        """Hidden test: silent when accepted by the visible check's rule, else :class:`ReponseAVerifier`.

        *attendu* is the hidden test's literal in the plain form (a number, the
        choice as text, a dict, a set or list); omitted, the declaration
        recomputes it.
        """
        q = self.question(qid)
        if q.manuelle:
            raise TypeError(
                f"{qid} est corrigée à la main : elle n'a pas de test caché (pas de valider)."
            )
        ev = q.juger(reponse, attendu)
        if ev.statut != CORRECT:
            raise ReponseAVerifier(f"❌ {qid} (test caché) : {ev.message}")

    def _indice(self, qid: str) -> None:
        """Print the next hint of a question (1/n, 2/n…, then the last one again); never its answer."""
        q = self.question(qid)
        if not q.indices:
            print(f"💡 {qid} : relisez l'énoncé et l'exemple résolu juste au-dessus.")
            return
        n = min(self._indices_vus.get(qid, 0), len(q.indices) - 1)
        self._indices_vus[qid] = n + 1
        print(f"💡 {qid} ({n + 1}/{len(q.indices)}) : {q.indices[n]}")
