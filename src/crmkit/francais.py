"""French wording helpers shared by every layer: real plurals, never « (s) ».

French puts the plural from 2 on (« 1,5 point », « 2 points », « 0 valeur »).

>>> accord(1, "valeur manquante")
'1 valeur manquante'
>>> accord(3, "valeur manquante")
'3 valeurs manquantes'
>>> accord(2, "canal juste", "canaux justes")
'2 canaux justes'
>>> accord(0.3, "point de pourcentage", nombre="0,30")
'0,30 point de pourcentage'
>>> pluriel(4, "colonne absente")
'colonnes absentes'
>>> sans_accents("Noël à l'Église")
"Noel a l'Eglise"
"""

from __future__ import annotations

import unicodedata

__all__ = ["accord", "pluriel", "sans_accents"]


def sans_accents(texte: str) -> str:
    """*texte* with its accents and other combining marks removed (case kept)."""
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c))


def _pluriel_regulier(expression: str) -> str:
    """Add an « s » to every word but short function words (« de », « du », « en »…)."""
    invariables = {"de", "du", "des", "en", "à", "au", "aux", "la", "le", "les", "d'", "sur"}
    mots = []
    for mot in expression.split(" "):
        if mot in invariables or mot.endswith(("s", "x", "z")) or not mot[-1:].isalpha():
            mots.append(mot)
        else:
            mots.append(mot + "s")
    return " ".join(mots)


def pluriel(n: float, singulier: str, forme_plurielle: str | None = None) -> str:
    """*singulier* or its plural, agreed with the number *n* (plural from 2 on)."""
    if abs(n) < 2:
        return singulier
    if forme_plurielle is None:
        # « point de pourcentage » → « points de pourcentage »: only the head agrees.
        tete, sep, reste = singulier.partition(" de ")
        return _pluriel_regulier(tete) + sep + reste if sep else _pluriel_regulier(singulier)
    return forme_plurielle


def accord(
    n: float, singulier: str, forme_plurielle: str | None = None, *, nombre: str | None = None
) -> str:
    """« n mot » or « n mots »: a real singular or plural; *nombre* is how to print *n*."""
    texte = nombre if nombre is not None else f"{n:g}"
    return f"{texte} {pluriel(n, singulier, forme_plurielle)}"
