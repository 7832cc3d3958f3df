"""Customer-lifetime-value simulator (TD2 part 3, loyalty): margin, retention, discount rate.

The computation lives in :func:`simuler_clv`, a pure function that calls
:func:`crmkit.economics.clv` (same formula, same variants) and returns a
plain dict; the widget built by :func:`simulateur_clv` only wires sliders to
it. Tests drive the widget by setting slider values, without a browser.

With the default variant (``"marge_immediate"``: the first margin is earned
at once, then one margin per year while the customer stays),
``CLV = m (1 + d) / (1 + d − r)``.

>>> res = simuler_clv(100, 0.8, 0.1, gain_retention=0.05)
>>> round(res["clv"], 2), round(res["clv_amelioree"], 2), round(res["gain"], 2)
(366.67, 440.0, 73.33)
"""

from __future__ import annotations

import math

from crmkit.economics import VARIANTES_CLV, clv
from crmkit.francais import accord
from crmkit.plots import format_euros, format_nombre, format_pourcentage
from crmkit.widgets.curseurs import curseur

__all__ = ["ErreurSimulationCLV", "SimulateurCLV", "simulateur_clv", "simuler_clv", "texte_clv"]


class ErreurSimulationCLV(ValueError):
    """Invalid input for the CLV simulator (French message for students)."""


def _nombre(valeur: object, nom: str) -> float:
    if isinstance(valeur, bool) or not isinstance(valeur, (int, float)):
        raise ErreurSimulationCLV(
            f"« {nom} » doit être un nombre ; reçu : {valeur!r} ({type(valeur).__name__})."
        )
    valeur = float(valeur)
    if math.isnan(valeur) or math.isinf(valeur):
        raise ErreurSimulationCLV(f"« {nom} » doit être un nombre fini ; reçu : {valeur!r}.")
    return valeur


def simuler_clv(
    marge: float,
    retention: float,
    actualisation: float,
    gain_retention: float = 0.05,
    variante: str = "marge_immediate",
) -> dict[str, float]:
    """CLV now and after a retention gain, with the formula of :func:`crmkit.economics.clv`.

    Parameters
    ----------
    marge : float
        Gross margin brought by an active customer each year (€).
    retention : float in [0, 1)
        Share of this year's customers who buy again next year.
    actualisation : float in [0, 1]
        Yearly discount rate (10 % is ``0.1``).
    gain_retention : float
        Retention gain to value, in points as a fraction (+5 points is
        ``0.05``); the improved retention is capped just below 1.
    variante : str
        One of :data:`crmkit.economics.VARIANTES_CLV`.

    Returns
    -------
    dict
        ``clv``, ``retention_amelioree``, ``clv_amelioree``, ``gain`` (€ per
        customer), ``gain_relatif`` (fraction of the current CLV) and
        ``duree_vie`` (expected number of years of purchases, ``1 / (1 − r)``).

    Raises
    ------
    ErreurSimulationCLV (a ValueError)
        A value that is not a number, a retention outside [0, 1), a negative
        margin or discount rate, an unknown variant.

    Examples
    --------
    Without discounting, the CLV is larger (future euros counted at full value):

    >>> round(simuler_clv(100, 0.8, 0.0)["clv"], 2)
    500.0
    >>> round(simuler_clv(100, 0.5, 0.1)["duree_vie"], 1)
    2.0
    """
    m = _nombre(marge, "marge")
    r = _nombre(retention, "retention")
    d = _nombre(actualisation, "actualisation")
    g = _nombre(gain_retention, "gain_retention")
    if m < 0:
        raise ErreurSimulationCLV(f"la marge annuelle doit être positive ; reçu : {m:g} €.")
    if not 0 <= r < 1:
        raise ErreurSimulationCLV(
            f"la rétention s'écrit entre 0 et 1, 1 exclu (65 % = 0.65) ; reçu : {retention!r}."
        )
    if not 0 <= d <= 1:
        raise ErreurSimulationCLV(
            f"le taux d'actualisation s'écrit entre 0 et 1 (10 % = 0.1) ; reçu : {actualisation!r}."
        )
    if variante not in VARIANTES_CLV:
        raise ErreurSimulationCLV(
            f"variante inconnue : {variante!r} ; possibles : {', '.join(VARIANTES_CLV)}."
        )
    r2 = min(max(r + g, 0.0), 0.999)
    valeur = clv(m, r, d, variante)
    amelioree = clv(m, r2, d, variante)
    return {
        "clv": valeur,
        "retention_amelioree": r2,
        "clv_amelioree": amelioree,
        "gain": amelioree - valeur,
        "gain_relatif": (amelioree - valeur) / valeur if valeur else math.nan,
        "duree_vie": 1 / (1 - r),
    }


def texte_clv(resultat: dict[str, float], retention: float) -> str:
    """French HTML sentence for a :func:`simuler_clv` result.

    >>> html = texte_clv(simuler_clv(100, 0.8, 0.1), 0.8)
    >>> "Valeur d'un client" in html and "366,67" in html.replace("\u202f", " ")
    True
    """
    points = round((resultat["retention_amelioree"] - retention) * 100, 1)
    signe = "+" if points >= 0 else "−"
    return (
        f"<p><b>Valeur d'un client (CLV)</b> : {format_euros(resultat['clv'], 2)}"
        f" — durée de vie moyenne : {accord(resultat['duree_vie'], 'an', nombre=format_nombre(resultat['duree_vie'], 1))}.</p>"
        f"<p>Avec une rétention de {format_pourcentage(resultat['retention_amelioree'], 1)}"
        f" ({signe}{format_nombre(abs(points), 1)} points) : "
        f"{format_euros(resultat['clv_amelioree'], 2)}, soit "
        f"<b>{format_euros(resultat['gain'], 2)} de plus par client</b>"
        f" ({format_pourcentage(resultat['gain_relatif'], 1)}).</p>"
    )


class SimulateurCLV:
    """Sliders wired to :func:`simuler_clv`; ``widget`` is what the notebook shows.

    Attributes ``marge``, ``retention``, ``actualisation`` and ``gain`` are the
    sliders; ``resultat`` holds the last computed dict and ``sortie`` (an HTML
    widget) its French rendering. Changing any slider recomputes both.

    >>> sim = SimulateurCLV(marge=100, retention=0.8, actualisation=0.1)
    >>> round(sim.resultat["clv"], 2)
    366.67
    >>> sim.actualisation.value = 0.0
    >>> round(sim.resultat["clv"], 2)
    500.0
    """

    def __init__(
        self,
        marge: float = 120.0,
        retention: float = 0.65,
        actualisation: float = 0.10,
        gain_retention: float = 0.05,
        variante: str = "marge_immediate",
    ) -> None:
        import ipywidgets as w

        self.variante = variante
        self.marge = curseur("Marge annuelle (€)", marge, 0, 1_000, 5)
        self.retention = curseur("Rétention annuelle", retention, 0, 0.95, 0.01, format=".0%")
        self.actualisation = curseur(
            "Taux d'actualisation", actualisation, 0, 0.30, 0.01, format=".0%"
        )
        self.gain = curseur(
            "Gain de rétention (points)", gain_retention, 0, 0.20, 0.01, format=".0%"
        )
        self.sortie = w.HTML()
        self.resultat: dict[str, float] | None = None
        for reglage in (self.marge, self.retention, self.actualisation, self.gain):
            reglage.observe(self._recalculer, names="value")
        self.widget = w.VBox(
            [self.marge, self.retention, self.actualisation, self.gain, self.sortie]
        )
        self._recalculer()

    def _recalculer(self, _changement: object = None) -> None:
        try:
            self.resultat = simuler_clv(
                self.marge.value,
                self.retention.value,
                self.actualisation.value,
                self.gain.value,
                self.variante,
            )
        except ErreurSimulationCLV as erreur:
            self.resultat = None
            self.sortie.value = f"<p style='color:#b00'>⚠️ {erreur}</p>"
            return
        self.sortie.value = texte_clv(self.resultat, self.retention.value)


def simulateur_clv(**options: object) -> object:
    """Build the simulator and return the widget to display (last line of a cell).

    Options are those of :class:`SimulateurCLV` (``marge``, ``retention``,
    ``actualisation``, ``gain_retention``, ``variante``).

    >>> type(simulateur_clv(marge=200)).__name__
    'VBox'
    """
    return SimulateurCLV(**options).widget
