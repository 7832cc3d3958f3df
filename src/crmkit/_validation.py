"""Shared input checks for the analytics modules (private).

Every check raises :class:`ErreurAnalyse`, a :class:`ValueError` whose French
message says what was received and what to do, because students meet these
errors in notebooks.

>>> import pandas as pd
>>> verifier_colonnes(pd.DataFrame({"a": [1]}), ["montant"])
Traceback (most recent call last):
...
crmkit._validation.ErreurAnalyse: colonne 'montant' absente du tableau ; colonnes disponibles : 'a'. Vérifiez l'orthographe ou passez le bon nom de colonne en paramètre.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Real

import numpy as np
import pandas as pd

from crmkit.francais import accord


class ErreurAnalyse(ValueError):
    """Invalid input to a crmkit analytics function (French message).

    >>> issubclass(ErreurAnalyse, ValueError)
    True
    """


def _liste(noms: Iterable[object]) -> str:
    noms = [repr(str(n)) for n in noms]
    return ", ".join(noms) if noms else "(aucune)"


def verifier_dataframe(df: object, nom: str = "tableau") -> pd.DataFrame:
    """Return ``df`` if it is a DataFrame, else raise a French error.

    >>> verifier_dataframe([1, 2])
    Traceback (most recent call last):
    ...
    crmkit._validation.ErreurAnalyse: « tableau » doit être un DataFrame pandas ; reçu : list. Chargez la table avec crmkit.data.charger(...).
    """
    if not isinstance(df, pd.DataFrame):
        raise ErreurAnalyse(
            f"« {nom} » doit être un DataFrame pandas ; reçu : {type(df).__name__}. "
            "Chargez la table avec crmkit.data.charger(...)."
        )
    return df


def verifier_colonnes(df: pd.DataFrame, colonnes: Iterable[str], nom: str = "tableau") -> None:
    """Raise if a column is missing, listing the columns that exist.

    >>> verifier_colonnes(pd.DataFrame({"montant": [1.0]}), ["montant"])
    """
    verifier_dataframe(df, nom)
    for col in colonnes:
        if col not in df.columns:
            raise ErreurAnalyse(
                f"colonne {col!r} absente du {nom} ; colonnes disponibles : "
                f"{_liste(df.columns)}. Vérifiez l'orthographe ou passez le bon nom "
                "de colonne en paramètre."
            )


def verifier_numerique(
    df: pd.DataFrame,
    colonnes: Iterable[str],
    nom: str = "tableau",
    positif: bool = False,
) -> None:
    """Raise if a column is not numeric, holds NaN, or (``positif``) a negative value.

    >>> verifier_numerique(pd.DataFrame({"m": [1.0, None]}), ["m"])
    Traceback (most recent call last):
    ...
    crmkit._validation.ErreurAnalyse: la colonne 'm' du tableau contient 1 valeur manquante (NaN) ; supprimez ces lignes (df.dropna(subset=['m'])) ou remplacez-les (df.fillna(...)).
    """
    verifier_colonnes(df, colonnes, nom)
    for col in colonnes:
        s = df[col]
        if not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)):
            raise ErreurAnalyse(
                f"la colonne {col!r} du {nom} doit contenir des nombres ; type reçu : "
                f"{s.dtype}. Convertissez-la avec pd.to_numeric(...)."
            )
        nb_nan = int(s.isna().sum())
        if nb_nan:
            raise ErreurAnalyse(
                f"la colonne {col!r} du {nom} contient {accord(nb_nan, 'valeur manquante')} "
                f"(NaN) ; supprimez ces lignes (df.dropna(subset=[{col!r}])) ou "
                "remplacez-les (df.fillna(...))."
            )
        if positif and len(s) and bool((s < 0).any()):
            raise ErreurAnalyse(
                f"la colonne {col!r} du {nom} contient des valeurs négatives "
                f"(minimum : {s.min()}) ; elle doit être positive ou nulle."
            )


def nombre(
    valeur: object,
    nom: str,
    *,
    minimum: float | None = None,
    strict: bool = False,
    maximum: float | None = None,
    non_nul: bool = False,
) -> float:
    """Check a scalar number and return it as ``float``.

    ``minimum`` with ``strict`` means ``valeur > minimum``; ``non_nul`` forbids 0.

    >>> nombre(2, "marge", minimum=0, strict=True)
    2.0
    >>> nombre(0, "marge", non_nul=True)
    Traceback (most recent call last):
    ...
    crmkit._validation.ErreurAnalyse: « marge » ne peut pas valoir 0 (on divise par cette valeur) ; indiquez une valeur non nulle.
    """
    if isinstance(valeur, (bool, np.bool_)) or not isinstance(valeur, (Real, np.number)):
        raise ErreurAnalyse(
            f"« {nom} » doit être un nombre ; reçu : {valeur!r} ({type(valeur).__name__})."
        )
    v = float(valeur)
    if math.isnan(v) or math.isinf(v):
        raise ErreurAnalyse(f"« {nom} » doit être un nombre fini ; reçu : {valeur!r}.")
    if non_nul and v == 0:
        raise ErreurAnalyse(
            f"« {nom} » ne peut pas valoir 0 (on divise par cette valeur) ; "
            "indiquez une valeur non nulle."
        )
    if minimum is not None:
        if strict and v <= minimum:
            raise ErreurAnalyse(
                f"« {nom} » doit être strictement supérieur à {minimum:g} ; reçu : {valeur!r}."
            )
        if not strict and v < minimum:
            if minimum == 0:
                raise ErreurAnalyse(
                    f"« {nom} » ne peut pas être négatif ; reçu : {valeur!r}. "
                    "Un coût ou un effectif est positif ou nul."
                )
            raise ErreurAnalyse(f"« {nom} » doit être au moins {minimum:g} ; reçu : {valeur!r}.")
    if maximum is not None and v > maximum:
        raise ErreurAnalyse(f"« {nom} » doit être au plus {maximum:g} ; reçu : {valeur!r}.")
    return v


def taux(valeur: object, nom: str) -> float:
    """Check a rate given as a fraction between 0 and 1.

    >>> taux(0.03, "taux de réponse")
    0.03
    >>> taux(3, "taux de réponse")
    Traceback (most recent call last):
    ...
    crmkit._validation.ErreurAnalyse: « taux de réponse » est un taux entre 0 et 1 (3 % s'écrit 0.03) ; reçu : 3.
    """
    v = nombre(valeur, nom)
    if not 0 <= v <= 1:
        raise ErreurAnalyse(
            f"« {nom} » est un taux entre 0 et 1 (3 % s'écrit 0.03) ; reçu : {valeur!r}."
        )
    return v


def entier(valeur: object, nom: str, minimum: int = 1) -> int:
    """Check an integer ≥ ``minimum``.

    >>> entier(5, "nombre de classes")
    5
    """
    if isinstance(valeur, (bool, np.bool_)) or not isinstance(valeur, (int, np.integer)):
        raise ErreurAnalyse(
            f"« {nom} » doit être un nombre entier ; reçu : {valeur!r} ({type(valeur).__name__})."
        )
    if valeur < minimum:
        raise ErreurAnalyse(f"« {nom} » doit être au moins {minimum} ; reçu : {valeur!r}.")
    return int(valeur)


def choix(valeur: object, nom: str, possibles: Iterable[str]) -> str:
    """Check that ``valeur`` is one of ``possibles``.

    >>> choix("b", "variante", ["a", "b"])
    'b'
    """
    possibles = list(possibles)
    if valeur not in possibles:
        raise ErreurAnalyse(
            f"« {nom} » inconnu : {valeur!r} ; valeurs possibles : {_liste(possibles)}."
        )
    return str(valeur)


def dates(s: pd.Series, nom: str) -> pd.Series:
    """Return ``s`` as ``datetime64`` (ISO text accepted), French error otherwise.

    >>> dates(pd.Series(["2025-12-31"]), "date_commande").dt.year.tolist()
    [2025]
    """
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s
    else:
        try:
            out = pd.to_datetime(s, format="ISO8601")
        except (ValueError, TypeError) as exc:
            raise ErreurAnalyse(
                f"la colonne {nom!r} doit contenir des dates (AAAA-MM-JJ) ; "
                f"conversion impossible : {exc}."
            ) from None
    nb_nan = int(out.isna().sum())
    if nb_nan:
        raise ErreurAnalyse(
            f"la colonne {nom!r} contient {accord(nb_nan, 'date manquante')} ; "
            "supprimez ces lignes avant l'analyse."
        )
    return out


def date_unique(valeur: object, nom: str) -> pd.Timestamp:
    """Parse one date (``"2025-12-31"``, ``datetime``, ``Timestamp``).

    >>> date_unique("2025-12-31", "date de référence")
    Timestamp('2025-12-31 00:00:00')
    """
    try:
        ts = pd.Timestamp(valeur)
    except (ValueError, TypeError):
        ts = pd.NaT
    if ts is pd.NaT or pd.isna(ts):
        raise ErreurAnalyse(
            f'« {nom} » doit être une date, par exemple "2025-12-31" ; reçu : {valeur!r}.'
        )
    return ts
