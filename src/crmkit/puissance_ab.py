"""Sizing an A/B test of two rates: recipients per variant, power, minimum detectable effect.

Two-sided two-proportion z-test, equal groups, normal approximation, the
textbook formula (Fleiss, Levin & Paik, *Statistical Methods for Rates and
Proportions*, 3rd ed., 2003, § 4.2; Zar, *Biostatistical Analysis*, 4th ed.,
1999, eq. 24.42)::

    n = [z(1 − α/2) √(2 p̄ q̄) + z(puissance) √(p_A q_A + p_B q_B)]² / (p_A − p_B)²

with ``p̄ = (p_A + p_B) / 2`` and ``q = 1 − p``. With the continuity
correction, ``n' = n/4 · (1 + √(1 + 4 / (n |p_A − p_B|)))²``.

Published check (Zar 1999, example 24.26): p_A = 0.45, p_B = 0.25,
α = 0.05, power 0.90 gives n = 127.2 per group with the continuity correction
(117.4 without it).

Re-exported by :mod:`crmkit.emailing`, where students meet it.

>>> taille_echantillon_ab(0.45, 0.25, puissance=0.9, correction_continuite=True, arrondi=False)
127.23...
"""

from __future__ import annotations

import math

from ._validation import ErreurAnalyse, entier, nombre

__all__ = ["effet_minimal_detectable", "puissance_ab", "taille_echantillon_ab"]


def _z(q: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(q))


def _parametres(alpha: object, puissance: object | None = None) -> tuple[float, float]:
    a = nombre(alpha, "alpha", minimum=0, strict=True, maximum=0.5)
    if a >= 0.5:
        raise ErreurAnalyse(
            f"« alpha » est un risque entre 0 et 0,5 (5 % s'écrit 0.05) ; reçu : {alpha!r}."
        )
    if puissance is None:
        return a, math.nan
    p = nombre(puissance, "puissance", minimum=0, strict=True, maximum=1)
    if not 0.5 <= p < 1:
        raise ErreurAnalyse(
            "« puissance » est une probabilité entre 0,5 et 1 exclu (80 % s'écrit 0.8) ; "
            f"reçu : {puissance!r}."
        )
    return a, p


def _taux(valeur: object, nom: str) -> float:
    v = nombre(valeur, nom)
    if not 0 < v < 1:
        raise ErreurAnalyse(
            f"« {nom} » est un taux strictement entre 0 et 1 (3 % s'écrit 0.03) ; reçu : {valeur!r}."
        )
    return v


def _n_brut(pa: float, pb: float, za: float, zb: float) -> float:
    pm = (pa + pb) / 2
    s0 = math.sqrt(2 * pm * (1 - pm))
    s1 = math.sqrt(pa * (1 - pa) + pb * (1 - pb))
    return (za * s0 + zb * s1) ** 2 / (pa - pb) ** 2


def taille_echantillon_ab(
    taux_a: float,
    taux_b: float,
    alpha: float = 0.05,
    puissance: float = 0.8,
    *,
    correction_continuite: bool = False,
    arrondi: bool = True,
) -> float:
    """Recipients needed in EACH variant to detect rates ``taux_a`` vs ``taux_b``.

    ``alpha``: risk of declaring a difference that does not exist (two-sided);
    ``puissance``: probability of detecting the difference if it is real.
    Rounded up to a whole recipient unless ``arrondi=False``.

    >>> taille_echantillon_ab(0.45, 0.25, puissance=0.9, arrondi=False)  # Zar 1999, uncorrected
    117.43...
    >>> taille_echantillon_ab(0.02, 0.025)  # 2 % vs 2.5 %: a small lift needs a big list
    13809
    >>> taille_echantillon_ab(0.02, 0.02)
    Traceback (most recent call last):
    ...
    crmkit._validation.ErreurAnalyse: les deux taux sont égaux : aucune taille d'échantillon ne permet de détecter un écart nul ; indiquez le taux que vous espérez pour la variante B.
    """
    pa, pb = _taux(taux_a, "taux_a"), _taux(taux_b, "taux_b")
    a, p = _parametres(alpha, puissance)
    if pa == pb:
        raise ErreurAnalyse(
            "les deux taux sont égaux : aucune taille d'échantillon ne permet de détecter un "
            "écart nul ; indiquez le taux que vous espérez pour la variante B."
        )
    n = _n_brut(pa, pb, _z(1 - a / 2), _z(p))
    if correction_continuite:
        n = n / 4 * (1 + math.sqrt(1 + 4 / (n * abs(pa - pb)))) ** 2
    return math.ceil(n - 1e-9) if arrondi else n


def puissance_ab(taux_a: float, taux_b: float, n: int, alpha: float = 0.05) -> float:
    """Probability that a test with ``n`` recipients per variant detects ``taux_a`` vs ``taux_b``.

    Inverse of :func:`taille_echantillon_ab` (the far tail is neglected, as in
    the formula): ``Φ((|p_A − p_B| √n − z(1 − α/2) √(2 p̄ q̄)) / √(p_A q_A + p_B q_B))``.

    >>> round(puissance_ab(0.45, 0.25, 118), 3)  # Zar's example: 118 per group gives 90 %
    0.901
    """
    from scipy.stats import norm

    pa, pb = _taux(taux_a, "taux_a"), _taux(taux_b, "taux_b")
    effectif = entier(n, "n", minimum=2)
    a, _ = _parametres(alpha)
    pm = (pa + pb) / 2
    s0 = math.sqrt(2 * pm * (1 - pm))
    s1 = math.sqrt(pa * (1 - pa) + pb * (1 - pb))
    return float(norm.cdf((abs(pa - pb) * math.sqrt(effectif) - _z(1 - a / 2) * s0) / s1))


def effet_minimal_detectable(
    taux_a: float, n: int, alpha: float = 0.05, puissance: float = 0.8
) -> float:
    """Smallest rise of ``taux_a`` (in rate units: 0.01 = 1 point) that ``n`` recipients per variant detect.

    Solves :func:`taille_echantillon_ab` for ``taux_b > taux_a`` (unrounded
    size equal to ``n``).

    >>> round(effet_minimal_detectable(0.25, 117, puissance=0.9), 3)  # Zar: 0.25 → 0.45 needs 117.4
    0.2
    >>> round(effet_minimal_detectable(0.02, 500), 4)  # 500 recipients only see a big lift
    0.0332
    """
    from scipy.optimize import brentq

    pa = _taux(taux_a, "taux_a")
    effectif = entier(n, "n", minimum=2)
    a, p = _parametres(alpha, puissance)
    za, zb = _z(1 - a / 2), _z(p)
    haut = 1 - 1e-12
    if _n_brut(pa, haut, za, zb) > effectif:
        raise ErreurAnalyse(
            f"avec {effectif} destinataires par variante, même un taux de 100 % pour B ne serait "
            "pas détecté avec cette puissance : il faut plus de destinataires."
        )
    return float(brentq(lambda pb: _n_brut(pa, pb, za, zb) - effectif, pa + 1e-12, haut)) - pa
