"""Numeric answers: :class:`Nombre`, one tolerance rule shared by the self-check and the hidden test."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .normalisation import _appeler, _est_nombre, _nom_type
from .question import OMIS, Question


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

    def __post_init__(self) -> None:
        super().__post_init__()
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
        # 1e-9: 12_500.01 - 12_500 is 0.010000000000218 in binary floating point.
        return abs(float(reponse) - attendu) <= self.marge(attendu) * (1 + 1e-9) + 1e-12

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
