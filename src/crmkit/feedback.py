"""Self-check engine for the TD notebooks (``verifier`` / ``indice``).

A TD module declares its questions once and exports two functions::

    QUESTIONS = Questionnaire("td0_prise_en_main", sel="td0/2025")
    QUESTIONS.ajouter(Nombre("q1", attendu=lambda: 20_000 * 1.00, variable="cout_mailing"))
    verifier, indice = QUESTIONS.verifier, QUESTIONS.indice

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
>>> _ = qs.ajouter(Nombre("q1", attendu=0.03, variable="taux", indice="réponses ÷ contacts"))
>>> qs.verifier("q1", 0.03)
✅ q1 : bonne réponse.
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
from dataclasses import dataclass, field
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


@dataclass
class Question:
    """Base class: id, answer variable, hint, misconceptions; subclasses implement ``_juger``.

    ``variable`` names what the student fills (used in "pas encore répondu").
    """

    qid: str
    variable: str = "reponse"
    indice: str = ""
    pieges: Sequence[Piege] = ()

    def evaluer(self, reponse: object) -> Evaluation:
        """Outcome for one answer; never raises on a student's value."""
        if est_vide(reponse):
            return Evaluation(
                NON_REPONDU,
                f"pas encore de réponse : remplacez ... dans « {self.variable} » "
                "par votre réponse, puis exécutez la cellule.",
            )
        probleme = self._verifier_type(reponse)
        if probleme:
            return Evaluation(TYPE_INCORRECT, probleme)
        if self._est_juste(reponse):
            return Evaluation(CORRECT, "bonne réponse.")
        for piege in self.pieges:
            if piege.s_applique(reponse):
                return Evaluation(INCORRECT, piege.message)
        return Evaluation(INCORRECT, self._ecart(reponse))

    # Subclass hooks -----------------------------------------------------
    def _verifier_type(self, reponse: object) -> str:
        return ""

    def _est_juste(self, reponse: object) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def _ecart(self, reponse: object) -> str:
        return "ce n'est pas la réponse attendue."


@dataclass
class Nombre(Question):
    """A numeric answer, recomputed and compared with a tolerance; coarse bands when off.

    ``attendu`` is a number or a zero-argument callable (recomputation from the
    data, evaluated at check time). ``tolerance`` is relative, ``tolerance_abs``
    absolute (e.g. 0.01 € for amounts rounded to the cent).

    >>> q = Nombre("q1", attendu=lambda: 20_000 * 1.0, variable="cout", tolerance_abs=0.01)
    >>> q.evaluer(20_000).statut
    'correct'
    >>> q.evaluer(21_000).message
    'un peu trop élevé (écart < 10 %).'
    >>> q.evaluer(5_000).message
    'nettement trop bas (écart > 50 %).'
    >>> q.evaluer("20000").statut
    'type_incorrect'
    """

    attendu: object = None
    tolerance: float = 1e-3
    tolerance_abs: float = 0.0

    def _valeur(self) -> float:
        return float(_appeler(self.attendu))

    def _verifier_type(self, reponse: object) -> str:
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

    def _est_juste(self, reponse: object) -> bool:
        attendu = self._valeur()
        marge = max(self.tolerance * abs(attendu), self.tolerance_abs)
        return abs(float(reponse) - attendu) <= marge

    def _ecart(self, reponse: object) -> str:
        attendu = self._valeur()
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


@dataclass
class Choix(Question):
    """Categorical answer (one choice, several choices as a set, an ordering as a list).

    ``empreintes`` holds the accepted fingerprint(s) from :func:`empreinte`
    (with the questionnaire's salt, filled in by :meth:`Questionnaire.ajouter`);
    ``options`` (optional) lists the allowed values so that a typo gets a
    format message rather than "faux". ``pieges_valeurs`` maps common wrong
    answers (written in clear: they are wrong) to a hint. ``sans_ordre=True``
    (multiple choice) compares a list as a set: hash the expected answer as a set.

    >>> q = Choix("q2", empreintes=(empreinte("q2", "email", sel="s"),), options=("courrier", "email"))
    >>> q.sel = "s"
    >>> q.evaluer("E-mail").statut, q.evaluer("Email").statut
    ('type_incorrect', 'correct')
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

    def _verifier_type(self, reponse: object) -> str:
        if self.attendu_type is not None and not isinstance(reponse, self.attendu_type):
            return f"« {self.variable} » contient {_nom_type(reponse)} : ce n'est pas le format demandé."
        if self.options:
            permis = {normaliser(o) for o in self.options}
            valeurs = reponse if isinstance(reponse, set | frozenset | list | tuple) else [reponse]
            hors = [v for v in valeurs if normaliser(v) not in permis]
            if hors:
                liste = ", ".join(repr(o) for o in self.options)
                return f"{hors[0]!r} n'est pas une option ; choisissez parmi : {liste}."
        return ""

    def _est_juste(self, reponse: object) -> bool:
        return empreinte(self.qid, self._cle(reponse), self.sel) in set(self.empreintes)

    def _ecart(self, reponse: object) -> str:
        for valeur, message in self.pieges_valeurs.items():
            if normaliser(self._cle(valeur)) == normaliser(self._cle(reponse)):
                return message
        return "ce n'est pas la bonne réponse."


@dataclass
class Association(Question):
    """Matching question (dict key → value): per-key fingerprints, says how many pairs are right.

    ``empreintes`` maps each expected key to the fingerprint of
    ``(key, value)`` computed with ``empreinte(qid, [key, value], sel)``.

    >>> e = {k: empreinte("q3", [k, v], sel="s") for k, v in {"a": "x", "b": "y"}.items()}
    >>> q = Association("q3", empreintes=e, sel="s")
    >>> q.evaluer({"a": "x", "b": "x"}).message
    '1 association sur 2 est juste ; revoyez les autres.'
    """

    empreintes: Mapping[str, str] = field(default_factory=dict)
    sel: str = ""

    def _verifier_type(self, reponse: object) -> str:
        if not isinstance(reponse, Mapping):
            return (
                f"« {self.variable} » contient {_nom_type(reponse)}, un dictionnaire est attendu."
            )
        cles = {str(_canonique(k)) for k in reponse}
        manquantes = [k for k in self.empreintes if str(_canonique(k)) not in cles]
        if manquantes:
            return f"clé(s) manquante(s) dans « {self.variable} » : " + ", ".join(
                repr(k) for k in manquantes
            )
        return ""

    def _justes(self, reponse: Mapping) -> int:
        valeurs = {str(_canonique(k)): v for k, v in reponse.items()}
        return sum(
            empreinte(self.qid, [k, valeurs[str(_canonique(k))]], self.sel) == h
            for k, h in self.empreintes.items()
        )

    def _est_juste(self, reponse: object) -> bool:
        return self._justes(reponse) == len(self.empreintes) and len(reponse) == len(
            self.empreintes
        )

    def _ecart(self, reponse: object) -> str:
        n, total = self._justes(reponse), len(self.empreintes)
        if n == total:
            return "il y a des clés en trop dans le dictionnaire."
        accord = "est juste" if n <= 1 else "sont justes"
        mot = "association" if n <= 1 else "associations"
        return f"{n} {mot} sur {total} {accord} ; revoyez les autres."


@dataclass
class Ensemble(Question):
    """A set of items (ids, names) recomputed; says how many are missing or extra, not which.

    >>> q = Ensemble("q4", attendu=lambda: {1, 2, 3}, variable="ids")
    >>> q.evaluer([1, 2]).message
    'il manque 1 élément(s).'
    >>> q.evaluer({1, 2, 3, 4}).message
    '1 élément(s) en trop.'
    """

    attendu: object = None

    def _verifier_type(self, reponse: object) -> str:
        if isinstance(reponse, str | bytes | Mapping) or not isinstance(reponse, Iterable):
            return (
                f"« {self.variable} » contient {_nom_type(reponse)}, une collection "
                "(liste, ensemble, série) est attendue."
            )
        return ""

    @staticmethod
    def _en_ensemble(valeurs: Iterable) -> set:
        return {normaliser(v.item() if hasattr(v, "item") else v) for v in valeurs}

    def _est_juste(self, reponse: object) -> bool:
        return self._en_ensemble(reponse) == self._en_ensemble(_appeler(self.attendu))

    def _ecart(self, reponse: object) -> str:
        donne, attendu = self._en_ensemble(reponse), self._en_ensemble(_appeler(self.attendu))
        manque, trop = len(attendu - donne), len(donne - attendu)
        morceaux = []
        if manque:
            morceaux.append(f"il manque {manque} élément(s)")
        if trop:
            morceaux.append(f"{trop} élément(s) en trop")
        return " et ".join(morceaux) + "."


@dataclass
class Tableau(Question):
    """A pandas DataFrame or Series recomputed and compared (order of rows ignored by default).

    ``colonnes`` (DataFrame only) limits the comparison to these columns;
    extra student columns are allowed. Values compared with a relative tolerance.

    >>> import pandas as pd
    >>> q = Tableau("q5", attendu=lambda: pd.Series({"email": 0.2, "sms": 0.1}), variable="taux")
    >>> q.evaluer(pd.Series({"sms": 0.1, "email": 0.2})).statut
    'correct'
    >>> q.evaluer(pd.Series({"email": 0.2, "sms": 0.15})).message
    'les étiquettes sont les bonnes, mais 1 valeur(s) sur 2 sont fausses.'
    """

    attendu: object = None
    colonnes: Sequence[str] = ()
    tolerance: float = 1e-6
    ignorer_ordre: bool = True

    def _verifier_type(self, reponse: object) -> str:
        import pandas as pd

        attendu = _appeler(self.attendu)
        genre = type(attendu)
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
        if not isinstance(reponse, genre):
            return f"« {self.variable} » contient {_nom_type(reponse)}, {_nom_type(attendu)} est attendu(e)."
        if isinstance(attendu, pd.DataFrame):
            cols = list(self.colonnes) or list(attendu.columns)
            absentes = [c for c in cols if c not in reponse.columns]
            if absentes:
                return (
                    f"colonne(s) absente(s) de « {self.variable} » : {', '.join(absentes)} ; "
                    f"colonnes présentes : {', '.join(map(str, reponse.columns))}."
                )
        return ""

    def _prepare(self, df):
        import pandas as pd

        if isinstance(df, pd.DataFrame):
            attendu = _appeler(self.attendu)
            cols = list(self.colonnes) or list(attendu.columns)
            df = df[cols]
        if self.ignorer_ordre:
            df = df.sort_index()
        return df

    def _comparer(self, reponse) -> tuple[str, int, int]:
        """('', 0, n) when equal; else (reason, wrong cells, total cells)."""
        import numpy as np
        import pandas as pd

        attendu = self._prepare(_appeler(self.attendu))
        donne = self._prepare(reponse)
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

    def _est_juste(self, reponse: object) -> bool:
        raison, faux, _ = self._comparer(reponse)
        return not raison and faux == 0

    def _ecart(self, reponse: object) -> str:
        raison, faux, total = self._comparer(reponse)
        if raison:
            return raison
        return f"les étiquettes sont les bonnes, mais {faux} valeur(s) sur {total} sont fausses."


@dataclass
class Personnalisee(Question):
    """Any checker: ``fonction(reponse)`` returns True, or False / a French message when wrong.

    Returning an :class:`Evaluation` gives full control of the outcome.

    >>> q = Personnalisee("q6", fonction=lambda r: True if "Objet" in r else "il manque l'objet.")
    >>> q.evaluer("Objet : promo").statut, q.evaluer("promo").message
    ('correct', "il manque l'objet.")
    """

    fonction: Callable[[Any], object] | None = None

    def evaluer(self, reponse: object) -> Evaluation:
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

    >>> Libre("q7").evaluer("Parce que…").statut
    'non_verifiable'
    """

    def evaluer(self, reponse: object) -> Evaluation:
        if est_vide(reponse):
            return Evaluation(
                NON_REPONDU, "pas encore de réponse : écrivez votre texte dans la cellule prévue."
            )
        return Evaluation(NON_VERIFIABLE, "réponse notée par l'enseignant(e).")


# --------------------------------------------------------------------------- registry


class Questionnaire:
    """The questions of one TD, with bound ``verifier`` and ``indice`` functions.

    >>> qs = Questionnaire("demo", sel="s")
    >>> _ = qs.ajouter(Choix("q1", empreintes=(empreinte("q1", "b", sel="s"),), indice="Relisez 1.2."))
    >>> qs.verifier("q1", "B")
    ✅ q1 : bonne réponse.
    >>> qs.indice("q1")
    💡 q1 : Relisez 1.2.
    >>> qs.verifier("q1", "A")
    Traceback (most recent call last):
    ...
    crmkit.feedback.ReponseAVerifier: ❌ q1 : ce n'est pas la bonne réponse.
    Un indice : indice("q1").
    """

    def __init__(self, td_id: str, sel: str | None = None) -> None:
        self.td_id = td_id
        self.sel = sel if sel is not None else td_id
        self._questions: dict[str, Question] = {}
        # Bound functions a TD module re-exports (``verifier = QUESTIONS.verifier``).
        self.verifier = self._verifier
        self.indice = self._indice

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

    def _indice(self, qid: str) -> None:
        """Print the hint of a question (never its answer)."""
        q = self.question(qid)
        texte = q.indice or "relisez l'énoncé et l'exemple résolu juste au-dessus."
        print(f"💡 {qid} : {texte}")
