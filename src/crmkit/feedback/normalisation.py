"""How answers are read and compared: canonical text, salted fingerprints, number tests.

>>> normaliser(" Fidélisation ") == normaliser("fidelisation")
True
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
from collections.abc import Mapping
from typing import Any

from crmkit.francais import sans_accents

from .resultats import TYPE_INCORRECT, Evaluation

# --------------------------------------------------------------------------- hashing


def _canonique(valeur: object) -> object:
    """JSON-ready canonical form: text folded, sets sorted, tuples as lists."""
    if isinstance(valeur, str):
        return " ".join(sans_accents(valeur).lower().split())
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
