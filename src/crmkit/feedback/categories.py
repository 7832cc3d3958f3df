"""Categorical answers: one choice or several (:class:`Choix`), a matching (:class:`Association`), a set of items (:class:`Ensemble`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .normalisation import _appeler, _canonique, _nom_type, empreinte, normaliser
from .question import OMIS, Question
from .resultats import Evaluation, pluriel


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

    ``valeurs`` (optional) lists the allowed values: another value gets a
    format message, not "faux". The answer template as given (every value
    ``...``) is "not answered yet"; a half-filled one names the keys left.

    >>> q = Association("q3", empreintes=e, sel="s", valeurs=("x", "y"))
    >>> q.evaluer({"a": ..., "b": ...}).statut
    'non_repondu'
    >>> print(q.evaluer({"a": "x", "b": ...}).message)
    il reste des ... à remplacer pour : 'b'.
    >>> print(q.evaluer({"a": "x", "b": "z"}).message)
    valeur inattendue pour 'b' : 'z' ; écrivez entre guillemets l'une des valeurs "x", "y".
    >>> print(q.evaluer({"a": "x", "b": "y", "c": "x"}).message)
    clé inconnue dans « reponse » : 'c' ; gardez exactement les clés du modèle.
    """

    empreintes: Mapping[str, str] = field(default_factory=dict)
    sel: str = ""
    valeurs: Sequence[object] = ()

    def evaluer(self, reponse: object, attendu: object = OMIS) -> Evaluation:
        if isinstance(reponse, Mapping) and reponse and all(v is ... for v in reponse.values()):
            return super().evaluer(..., attendu)  # the template as given: not answered yet
        return super().evaluer(reponse, attendu)

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
        vides = [k for k, v in reponse.items() if v is ...]
        if vides:
            return "il reste des ... à remplacer pour : " + ", ".join(map(repr, vides)) + "."
        connues = {str(_canonique(k)) for k in attendu}
        inconnues = [k for k in reponse if str(_canonique(k)) not in connues]
        if inconnues:
            mot = "clé inconnue" if len(inconnues) == 1 else "clés inconnues"
            return (
                f"{mot} dans « {self.variable} » : "
                + ", ".join(map(repr, inconnues))
                + " ; gardez exactement les clés du modèle."
            )
        if self.valeurs:
            permises = {normaliser(v) for v in self.valeurs}
            for k, v in reponse.items():
                if normaliser(v) not in permises:
                    liste = ", ".join(f'"{p}"' for p in self.valeurs)
                    return (
                        f"valeur inattendue pour {k!r} : {v!r} ; écrivez entre guillemets "
                        f"l'une des valeurs {liste}."
                    )
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
