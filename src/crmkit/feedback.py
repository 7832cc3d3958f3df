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

from __future__ import annotations

import hashlib
import json
import math
import numbers
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import InitVar, dataclass, field
from typing import Any

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
]

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

    def _render_traceback_(self) -> list[str]:
        return str(self).splitlines() or [""]


class QuestionInconnue(ValueError):
    """``verifier``/``indice`` called with a question id the TD does not declare.

    >>> QuestionInconnue("question inconnue : 'q9'")._render_traceback_()
    ["question inconnue : 'q9'"]
    """

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


# --------------------------------------------------------------------------- hashing


def _sans_accents(texte: str) -> str:
    nfkd = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def _canonique(valeur: object) -> object:
    """JSON-ready canonical form: text folded, sets sorted, tuples as lists."""
    if isinstance(valeur, str):
        return " ".join(_sans_accents(valeur).lower().split())
    if isinstance(valeur, bool) or valeur is None:
        return valeur
    if isinstance(valeur, numbers.Integral):
        return int(valeur)
    if isinstance(valeur, numbers.Real):
        x = float(valeur)
        return int(x) if x.is_integer() else round(x, 9)
    if isinstance(valeur, Mapping):
        return {str(_canonique(k)): _canonique(v) for k, v in valeur.items()}
    if isinstance(valeur, set | frozenset):
        return sorted((_canonique(v) for v in valeur), key=lambda v: json.dumps(v))
    if isinstance(valeur, list | tuple):
        return [_canonique(v) for v in valeur]
    return str(valeur)


def normaliser(valeur: object) -> str:
    """Canonical text of an answer: case, accents and spaces folded; sets sorted.

    Lists and tuples keep their order (ordering questions); sets do not
    (multiple choice); dict keys are sorted (matching questions).

    >>> normaliser("  Fidélisation ") == normaliser("fidelisation")
    True
    >>> normaliser({"B", "a"}) == normaliser({"A", "b"})
    True
    >>> normaliser(["a", "b"]) == normaliser(["b", "a"])
    False
    """
    return json.dumps(_canonique(valeur), sort_keys=True, ensure_ascii=True)


def empreinte(qid: str, valeur: object, sel: str = "crmkit") -> str:
    """Salted SHA-256 fingerprint of a normalised answer (authors paste it in the TD module).

    >>> empreinte("q2", "Courrier", sel="td0") == empreinte("q2", " courrier", sel="td0")
    True
    >>> len(empreinte("q2", "courrier", sel="td0"))
    64
    """
    return hashlib.sha256(f"{sel}|{qid}|{normaliser(valeur)}".encode()).hexdigest()


# --------------------------------------------------------------------------- helpers


def lire_numeros(
    reponse: object, variable: str, maximum: int, quoi: str = "numéro"
) -> set[int] | Evaluation:
    """The item numbers (1 to *maximum*) a student listed, or a wrong-type :class:`Evaluation`.

    For questions answered as "the list of the right numbers", e.g.
    ``problemes = [1, 4]``; *variable* and *quoi* only shape the French messages.

    >>> lire_numeros([4, 1, 4], "problemes", 8)
    {1, 4}
    >>> print(lire_numeros("1, 4", "problemes", 8).message)
    « problemes » doit être une liste de numéros, par exemple [1, 4] ; reçu : str.
    >>> print(lire_numeros([1, 9], "problemes", 8, "numéro de remarque").message)
    9 n'est pas un numéro de remarque : écrivez des entiers de 1 à 8.
    """
    if isinstance(reponse, str) or not isinstance(reponse, list | tuple | set | frozenset):
        return Evaluation(
            TYPE_INCORRECT,
            f"« {variable} » doit être une liste de numéros, par exemple [1, 4] ; reçu : "
            f"{type(reponse).__name__}.",
        )
    numeros = set()
    for x in reponse:
        if isinstance(x, bool) or not isinstance(x, numbers.Integral) or not 1 <= x <= maximum:
            return Evaluation(
                TYPE_INCORRECT,
                f"{x!r} n'est pas un {quoi} : écrivez des entiers de 1 à {maximum}.",
            )
        numeros.add(int(x))
    return numeros


def proche(x: object, cible: float, tolerance: float = 1e-3) -> bool:
    """True when ``x`` is a number within ``tolerance`` (relative) of ``cible``.

    Handy in :class:`Piege` predicates.

    >>> proche(0.0301, 0.03, tolerance=0.01), proche("0.03", 0.03)
    (True, False)
    """
    if not _est_nombre(x):
        return False
    return math.isclose(float(x), cible, rel_tol=tolerance, abs_tol=1e-12)


def _est_nombre(x: object) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _nom_type(x: object) -> str:
    if isinstance(x, str):
        return "du texte"
    if isinstance(x, bool):
        return "un booléen (True/False)"
    noms = {
        "DataFrame": "un tableau pandas (DataFrame)",
        "Series": "une série pandas (Series)",
        "list": "une liste",
        "tuple": "un tuple",
        "dict": "un dictionnaire",
        "set": "un ensemble (set)",
        "ndarray": "un tableau numpy",
    }
    return noms.get(type(x).__name__, f"un objet de type {type(x).__name__}")


def _appeler(attendu: object) -> Any:
    return attendu() if callable(attendu) else attendu


@dataclass(frozen=True)
class Piege:
    """A known misconception: ``condition(reponse)`` true → French hint shown as the verdict.

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


# --------------------------------------------------------------------------- questions

#: Default of :meth:`Questionnaire.valider`'s ``attendu``: "recompute it from the declaration".
OMIS: Any = type("Omis", (), {"__repr__": lambda self: "OMIS"})()


def pluriel(n: int, singulier: str, pluriel_: str | None = None) -> str:
    """``n`` followed by the noun in the right number (French: 0 and 1 are singular).

    >>> pluriel(1, "valeur"), pluriel(3, "valeur"), pluriel(2, "élément en trop", "éléments en trop")
    ('1 valeur', '3 valeurs', '2 éléments en trop')
    """
    mot = singulier if abs(n) < 2 else (pluriel_ or singulier + "s")
    return f"{n} {mot}"


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

    ``indice="…"`` (one hint, old form) is still accepted and becomes ``indices=("…",)``.
    """

    qid: str
    variable: str = "reponse"
    points: float | None = None
    indices: Sequence[str] = ()
    pieges: Sequence[Piege] = ()
    indice: InitVar[str] = ""

    def __post_init__(self, indice: str) -> None:
        if isinstance(self.indices, str):
            raise TypeError(f"{self.qid} : indices=(…) attend un tuple de textes, pas un texte.")
        if indice:
            if self.indices:
                raise TypeError(f"{self.qid} : donnez indices=(…) ou indice=…, pas les deux.")
            self.indices = (indice,)
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
class Nombre(Question):
    """A numeric answer, recomputed and compared with a tolerance; coarse bands when off.

    ``attendu`` is a number or a zero-argument callable (recomputation from the
    data, evaluated at check time). One rule: accepted iff
    ``|r - a| <= max(tolerance_abs, tolerance * |a|)``. ``tolerance`` (relative)
    defaults to 1e-3, or to 0 when only ``tolerance_abs`` is declared (so that a
    declared ±0.01 € is not silently widened by the relative default).

    >>> q = Nombre("q1", attendu=lambda: 20_000 * 1.0, variable="cout", tolerance_abs=0.01)
    >>> q.evaluer(20_000).statut, q.evaluer(20_000.01).statut, q.evaluer(20_000.02).statut
    ('correct', 'correct', 'incorrect')
    >>> q.evaluer(21_000).message
    'un peu trop élevé (écart < 10 %).'
    >>> q.evaluer(5_000).message
    'nettement trop bas (écart > 50 %).'
    >>> q.evaluer("20000").statut
    'type_incorrect'
    >>> Nombre("q2", attendu=0.03).marge(0.03)  # relative default 1e-3
    3e-05
    """

    attendu: object = None
    tolerance: float | None = None
    tolerance_abs: float = 0.0

    def __post_init__(self, indice: str) -> None:
        super().__post_init__(indice)
        if self.tolerance is None:
            self.tolerance = 0.0 if self.tolerance_abs else 1e-3
        if self.tolerance < 0 or self.tolerance_abs < 0:
            raise ValueError(f"{self.qid} : une tolérance est positive ou nulle.")

    def marge(self, attendu: float) -> float:
        """The accepted distance around *attendu*."""
        return max(self.tolerance_abs, self.tolerance * abs(attendu))

    def _attendu(self) -> float:
        return float(_appeler(self.attendu))

    def _depuis_litteral(self, litteral: object) -> float:
        return float(litteral)

    def _verifier_type(self, reponse: object, attendu: object = OMIS) -> str:
        if _est_nombre(reponse):
            if math.isnan(float(reponse)):
                return (
                    f"« {self.variable} » vaut NaN (pas un nombre) : une colonne vide "
                    "ou une division par zéro ?"
                )
            return ""
        conseil = {
            str: ' : écrivez le nombre sans guillemets, avec un point décimal (1.5, pas "1,5").',
            bool: " : il faut un nombre.",
        }.get(type(reponse), "")
        nom = type(reponse).__name__
        if nom in ("Series", "DataFrame", "ndarray", "list", "tuple"):
            conseil = " : il faut un seul nombre (par exemple avec .sum(), .mean() ou .iloc[0])."
        return f"« {self.variable} » contient {_nom_type(reponse)}, un nombre est attendu{conseil}"

    def _est_juste(self, reponse: object, attendu: float) -> bool:
        return abs(float(reponse) - attendu) <= self.marge(attendu)

    def _ecart(self, reponse: object, attendu: object = OMIS) -> str:
        attendu = self._attendu() if attendu is OMIS else float(attendu)
        x = float(reponse)
        if attendu == 0:
            return "trop élevé." if x > 0 else "trop bas."
        ratio = x / attendu
        for facteur, message in (
            (
                100,
                "facteur 100 : avez-vous donné un pourcentage (3 pour 3 %) au lieu "
                "d'une proportion (0.03) ?",
            ),
            (
                0.01,
                "facteur 100 trop petit : une proportion (0.03) a-t-elle été divisée "
                "encore par 100 ?",
            ),
            (10, "facteur 10 trop grand : un zéro de trop, ou une virgule mal placée ?"),
            (0.1, "facteur 10 trop petit : un zéro oublié, ou une virgule mal placée ?"),
            (1000, "facteur 1 000 trop grand : vérifiez les unités (milliers, centimes)."),
            (0.001, "facteur 1 000 trop petit : vérifiez les unités (milliers, centimes)."),
            (-1, "le signe est inversé."),
        ):
            if math.isclose(ratio, facteur, rel_tol=max(self.tolerance, 1e-3)):
                return message
        if ratio < 0:
            return "le signe est inversé et la valeur est fausse."
        sens = "élevé" if ratio > 1 else "bas"
        ecart = abs(ratio - 1)
        if ecart < 0.10:
            return f"un peu trop {sens} (écart < 10 %)."
        if ecart <= 0.50:
            return f"trop {sens} (écart entre 10 % et 50 %)."
        return f"nettement trop {sens} (écart > 50 %)."


def _message_type(variable: str, reponse: object, attendu: str) -> str:
    return f"« {variable} » contient {_nom_type(reponse)}, {attendu} est attendu"


@dataclass
class Choix(Question):
    """Categorical answer (one choice, several choices as a set, an ordering as a list).

    ``empreintes`` holds the accepted fingerprint(s) from :func:`empreinte`
    (with the questionnaire's salt, filled in by :meth:`Questionnaire.ajouter`);
    the hidden test's literal is the plain answer, fingerprinted the same way.
    ``options`` (optional) lists the allowed values so that a typo gets a
    format message rather than "faux". ``attendu_type`` (default: ``str``, the
    type of the options when given) gives a wrong-type message to a list or a
    number (a multiple choice, ``sans_ordre=True``, takes a collection).
    ``pieges_valeurs`` maps common wrong answers (written in clear:
    they are wrong) to a hint. ``sans_ordre=True`` (multiple choice) compares a
    list as a set: hash the expected answer as a set.

    >>> q = Choix("q2", empreintes=(empreinte("q2", "email", sel="s"),), options=("courrier", "email"))
    >>> q.sel = "s"
    >>> q.evaluer("E-mail").statut, q.evaluer("Email").statut
    ('type_incorrect', 'correct')
    >>> print(q.evaluer(["email"]).message)
    « reponse » contient une liste, du texte est attendu : écrivez une seule option entre guillemets, par exemple "courrier".
    >>> q.juger(" EMAIL", "email").statut, q.juger("courrier", "email").statut
    ('correct', 'incorrect')
    """

    empreintes: Sequence[str] = ()
    options: Sequence[object] = ()
    pieges_valeurs: Mapping[object, str] = field(default_factory=dict)
    sel: str = ""
    attendu_type: type | tuple[type, ...] | None = None
    sans_ordre: bool = False

    def _cle(self, reponse: object) -> object:
        if self.sans_ordre and isinstance(reponse, list | tuple | set | frozenset):
            return set(reponse)
        return reponse

    def _attendu(self) -> set[str]:
        return set(self.empreintes)

    def _depuis_litteral(self, litteral: object) -> set[str]:
        return {empreinte(self.qid, self._cle(litteral), self.sel)}

    def _type_attendu(self) -> type | tuple[type, ...] | None:
        if self.attendu_type is not None:
            return self.attendu_type
        if not self.sans_ordre and self.options and all(isinstance(o, str) for o in self.options):
            return str
        return None

    def _verifier_type(self, reponse: object, attendu: object = OMIS) -> str:
        genre = self._type_attendu()
        if genre is str and not isinstance(reponse, str):
            exemple = f' par exemple "{self.options[0]}"' if self.options else ""
            return (
                _message_type(self.variable, reponse, "du texte")
                + f" : écrivez une seule option entre guillemets,{exemple}."
            )
        if genre is not None and not isinstance(reponse, genre):
            return f"« {self.variable} » contient {_nom_type(reponse)} : ce n'est pas le format demandé."
        if self.options:
            permis = {normaliser(o) for o in self.options}
            valeurs = reponse if isinstance(reponse, set | frozenset | list | tuple) else [reponse]
            hors = [v for v in valeurs if normaliser(v) not in permis]
            if hors:
                liste = ", ".join(repr(o) for o in self.options)
                return f"{hors[0]!r} n'est pas une option ; choisissez parmi : {liste}."
        return ""

    def _est_juste(self, reponse: object, attendu: set[str]) -> bool:
        return empreinte(self.qid, self._cle(reponse), self.sel) in attendu

    def _ecart(self, reponse: object, attendu: object = OMIS) -> str:
        for valeur, message in self.pieges_valeurs.items():
            if normaliser(self._cle(valeur)) == normaliser(self._cle(reponse)):
                return message
        return "ce n'est pas la bonne réponse."


@dataclass
class Association(Question):
    """Matching question (dict key → value): per-key fingerprints, says how many pairs are right.

    ``empreintes`` maps each expected key to the fingerprint of
    ``(key, value)`` computed with ``empreinte(qid, [key, value], sel)``; the
    hidden test's literal is the plain dict.

    >>> e = {k: empreinte("q3", [k, v], sel="s") for k, v in {"a": "x", "b": "y"}.items()}
    >>> q = Association("q3", empreintes=e, sel="s")
    >>> q.evaluer({"a": "x", "b": "x"}).message
    '1 association sur 2 est juste ; revoyez les autres.'
    >>> q.evaluer({"a": "x"}).message
    "clé manquante dans « reponse » : 'b'"
    >>> q.juger({"A": "X", "b": "y"}, {"a": "x", "b": "y"}).statut
    'correct'
    """

    empreintes: Mapping[str, str] = field(default_factory=dict)
    sel: str = ""

    def _attendu(self) -> Mapping[str, str]:
        return dict(self.empreintes)

    def _depuis_litteral(self, litteral: object) -> Mapping[str, str]:
        if not isinstance(litteral, Mapping):
            raise TypeError(f"{self.qid} : valider attend un dictionnaire pour une association.")
        return {k: empreinte(self.qid, [k, v], self.sel) for k, v in litteral.items()}

    def _verifier_type(self, reponse: object, attendu: Mapping[str, str]) -> str:
        if not isinstance(reponse, Mapping):
            return _message_type(self.variable, reponse, "un dictionnaire") + "."
        cles = {str(_canonique(k)) for k in reponse}
        manquantes = [k for k in attendu if str(_canonique(k)) not in cles]
        if manquantes:
            mot = "clé manquante" if len(manquantes) == 1 else "clés manquantes"
            return f"{mot} dans « {self.variable} » : " + ", ".join(repr(k) for k in manquantes)
        return ""

    def _justes(self, reponse: Mapping, attendu: Mapping[str, str]) -> int:
        valeurs = {str(_canonique(k)): v for k, v in reponse.items()}
        return sum(
            empreinte(self.qid, [k, valeurs[str(_canonique(k))]], self.sel) == h
            for k, h in attendu.items()
        )

    def _est_juste(self, reponse: object, attendu: Mapping[str, str]) -> bool:
        return self._justes(reponse, attendu) == len(attendu) and len(reponse) == len(attendu)

    def _ecart(self, reponse: object, attendu: object = OMIS) -> str:
        attendu = self._attendu() if attendu is OMIS else attendu
        n, total = self._justes(reponse, attendu), len(attendu)
        if n == total:
            return "il y a des clés en trop dans le dictionnaire."
        accord = "est juste" if n <= 1 else "sont justes"
        return f"{pluriel(n, 'association')} sur {total} {accord} ; revoyez les autres."


@dataclass
class Ensemble(Question):
    """A set of items (ids, names) recomputed; says how many are missing or extra, not which.

    >>> q = Ensemble("q4", attendu=lambda: {1, 2, 3}, variable="ids")
    >>> q.evaluer([1, 2]).message
    'il manque 1 élément.'
    >>> q.evaluer({1, 2, 3, 4, 5}).message
    '2 éléments en trop.'
    >>> q.juger([3, 2, 1], {1, 2, 3}).statut
    'correct'
    """

    attendu: object = None

    def _attendu(self) -> set[str]:
        return self._en_ensemble(_appeler(self.attendu))

    def _depuis_litteral(self, litteral: object) -> set[str]:
        return self._en_ensemble(litteral)

    def _verifier_type(self, reponse: object, attendu: object = OMIS) -> str:
        if isinstance(reponse, str | bytes | Mapping) or not isinstance(reponse, Iterable):
            return (
                f"« {self.variable} » contient {_nom_type(reponse)}, une collection "
                "(liste, ensemble, série) est attendue."
            )
        return ""

    @staticmethod
    def _en_ensemble(valeurs: Iterable) -> set[str]:
        return {normaliser(v.item() if hasattr(v, "item") else v) for v in valeurs}

    def _est_juste(self, reponse: object, attendu: set[str]) -> bool:
        return self._en_ensemble(reponse) == attendu

    def _ecart(self, reponse: object, attendu: object = OMIS) -> str:
        attendu = self._attendu() if attendu is OMIS else attendu
        donne = self._en_ensemble(reponse)
        manque, trop = len(attendu - donne), len(donne - attendu)
        morceaux = []
        if manque:
            morceaux.append(f"il manque {pluriel(manque, 'élément')}")
        if trop:
            morceaux.append(pluriel(trop, "élément en trop", "éléments en trop"))
        return " et ".join(morceaux) + "."


@dataclass
class Tableau(Question):
    """A pandas DataFrame or Series recomputed and compared (order of rows ignored by default).

    ``colonnes`` (DataFrame only) limits the comparison to these columns;
    extra student columns are allowed. Values compared with a relative tolerance.
    The hidden test omits the expected value: the declaration recomputes it.

    >>> import pandas as pd
    >>> q = Tableau("q5", attendu=lambda: pd.Series({"email": 0.2, "sms": 0.1}), variable="taux")
    >>> q.evaluer(pd.Series({"sms": 0.1, "email": 0.2})).statut
    'correct'
    >>> q.evaluer(pd.Series({"email": 0.2, "sms": 0.15})).message
    'les étiquettes sont les bonnes, mais 1 valeur sur 2 est fausse.'
    """

    attendu: object = None
    colonnes: Sequence[str] = ()
    tolerance: float = 1e-6
    ignorer_ordre: bool = True

    def _attendu(self) -> object:
        return _appeler(self.attendu)

    def _verifier_type(self, reponse: object, attendu: object) -> str:
        import pandas as pd

        if isinstance(attendu, pd.DataFrame) and isinstance(reponse, pd.Series):
            return (
                f"« {self.variable} » est une série (une colonne) ; un tableau (DataFrame) "
                "est attendu : essayez .reset_index() ou .to_frame()."
            )
        if isinstance(attendu, pd.Series) and isinstance(reponse, pd.DataFrame):
            return (
                f"« {self.variable} » est un tableau (DataFrame) ; une série est attendue : "
                "sélectionnez une colonne, par exemple tableau['nom_colonne']."
            )
        if not isinstance(reponse, type(attendu)):
            nom = _nom_type(attendu)
            accord = "attendue" if nom.startswith("une ") else "attendu"
            return f"« {self.variable} » contient {_nom_type(reponse)}, {nom} est {accord}."
        if isinstance(attendu, pd.DataFrame):
            cols = list(self.colonnes) or list(attendu.columns)
            absentes = [c for c in cols if c not in reponse.columns]
            if absentes:
                mot = "colonne absente" if len(absentes) == 1 else "colonnes absentes"
                return (
                    f"{mot} de « {self.variable} » : {', '.join(absentes)} ; "
                    f"colonnes présentes : {', '.join(map(str, reponse.columns))}."
                )
        return ""

    def _prepare(self, df, attendu):
        import pandas as pd

        if isinstance(df, pd.DataFrame):
            cols = list(self.colonnes) or list(attendu.columns)
            df = df[cols]
        if self.ignorer_ordre:
            df = df.sort_index()
        return df

    def _comparer(self, reponse, attendu) -> tuple[str, int, int]:
        """('', 0, n) when equal; else (reason, wrong cells, total cells)."""
        import numpy as np
        import pandas as pd

        donne = self._prepare(reponse, attendu)
        attendu = self._prepare(attendu, attendu)
        if len(donne) != len(attendu):
            sens = "plus" if len(donne) > len(attendu) else "moins"
            return (f"{sens} de lignes que prévu : vérifiez le filtre ou le regroupement.", 0, 0)
        if set(map(str, donne.index)) != set(map(str, attendu.index)):
            if self.ignorer_ordre or list(donne.index) != list(attendu.index):
                return (
                    "les étiquettes (index) ne correspondent pas : vérifiez le regroupement.",
                    0,
                    0,
                )
        donne = donne.reindex(attendu.index) if self.ignorer_ordre else donne
        a = attendu.to_numpy().ravel()
        d = donne.to_numpy().ravel()
        faux = 0
        for x, y in zip(d, a, strict=True):
            if isinstance(y, numbers.Real) and not isinstance(y, bool):
                try:
                    ok = bool(np.isclose(float(x), float(y), rtol=self.tolerance, atol=1e-9))
                    ok = ok or (pd.isna(x) and pd.isna(y))
                except (TypeError, ValueError):
                    ok = False
            else:
                ok = normaliser(x) == normaliser(y) or (pd.isna(x) and pd.isna(y))
            faux += not ok
        return ("", faux, len(a))

    def _est_juste(self, reponse: object, attendu: object) -> bool:
        raison, faux, _ = self._comparer(reponse, attendu)
        return not raison and faux == 0

    def _ecart(self, reponse: object, attendu: object = OMIS) -> str:
        attendu = self._attendu() if attendu is OMIS else attendu
        raison, faux, total = self._comparer(reponse, attendu)
        if raison:
            return raison
        accord = "est fausse" if faux <= 1 else "sont fausses"
        return (
            f"les étiquettes sont les bonnes, mais {pluriel(faux, 'valeur')} sur {total} {accord}."
        )


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


# --------------------------------------------------------------------------- registry


class Questionnaire:
    """The questions of one TD, with bound ``verifier``, ``indice`` and ``valider`` functions.

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
