"""Mailing-depth simulator (TD2, scoring): cost and margin sliders → profit curve and optimum.

The customers of a past campaign are sorted by decreasing score; contacting
the best 10 %, 20 % … of the file gives a profit curve
(:func:`crmkit.scoring.profit_par_profondeur`). The pure function
:func:`calculer_profondeur` returns that table, its optimum
(:func:`crmkit.scoring.profondeur_optimale`) and a French sentence; the
widget built by :func:`simulateur_profondeur` only wires two sliders (cost
per contact, margin per response) to it. Tests drive the widget by setting
slider values, without a browser.

>>> import pandas as pd
>>> df = pd.DataFrame({"score": [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
...                    "reponse": [1, 1, 0, 1, 0, 0, 1, 0, 0, 0]})
>>> res = calculer_profondeur(df, cout_contact=1.0, marge_par_reponse=3.0, n_groupes=5)
>>> res.texte.replace("\xa0", " ")  # French spacing uses non-breaking spaces
'Profondeur optimale : 40 % de la base (4 contacts), profit 5 €.'
>>> calculer_profondeur(df, cout_contact=5.0, marge_par_reponse=3.0, n_groupes=5).texte.endswith("aucun envoi n’est rentable à ce coût.")
True
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from crmkit.plots import format_euros, format_nombre, format_pourcentage
from crmkit.scoring import ErreurAnalyse, profit_par_profondeur
from crmkit.widgets.curseurs import curseur

__all__ = [
    "ResultatProfondeur",
    "SimulateurProfondeur",
    "calculer_profondeur",
    "simulateur_profondeur",
]


@dataclass(frozen=True)
class ResultatProfondeur:
    """Profit table by depth, its best row and the sentence the widget shows."""

    table: pd.DataFrame
    optimum: pd.Series
    texte: str


def _phrase(optimum: pd.Series) -> str:
    if int(optimum["contacts"]) == 0:
        return "Profondeur optimale : 0 % de la base : aucun envoi n’est rentable à ce coût."
    return (
        f"Profondeur optimale : {format_pourcentage(float(optimum['part_contacts']), 0)} "
        f"de la base ({format_nombre(int(optimum['contacts']))} contacts), "
        f"profit {format_euros(float(optimum['profit']))}."
    )


def calculer_profondeur(
    df: pd.DataFrame,
    cout_contact: float,
    marge_par_reponse: float,
    score: str = "score",
    reponse: str = "reponse",
    n_groupes: int = 10,
) -> ResultatProfondeur:
    """Profit by mailing depth, the optimal depth and a French summary sentence.

    Same rules as :func:`crmkit.scoring.profondeur_optimale` (best scores
    first, depth 0 kept when nothing is profitable, first optimum on ties).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"score": [3, 2, 1, 0], "reponse": [1, 1, 0, 0]})
    >>> r = calculer_profondeur(df, 1.0, 10.0, n_groupes=4)
    >>> float(r.optimum["part_contacts"]), float(r.optimum["profit"])
    (0.5, 18.0)
    """
    table = profit_par_profondeur(
        df, cout_contact, marge_par_reponse, score=score, reponse=reponse, n_groupes=n_groupes
    )
    i = int(table["profit"].to_numpy().argmax())
    optimum = table.iloc[i].rename("profondeur_optimale")
    return ResultatProfondeur(table=table, optimum=optimum, texte=_phrase(optimum))


class SimulateurProfondeur:
    """Two sliders wired to :func:`calculer_profondeur`; ``widget`` is what the notebook shows.

    ``cout`` (cost per contact, €) and ``marge`` (margin per response, €) are
    the sliders; ``resultat`` holds the last :class:`ResultatProfondeur`,
    ``texte`` (an HTML widget, in the same box as the sliders) its sentence and
    ``graphique`` (an Image widget) the profit curve as a PNG. Moving a slider
    recomputes all three.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"score": [3, 2, 1, 0], "reponse": [1, 1, 0, 0]})
    >>> sim = SimulateurProfondeur(df, cout_contact=1.0, marge_par_reponse=10.0, n_groupes=4,
    ...                            graphique=False)
    >>> sim.cout.value = 20.0
    >>> int(sim.resultat.optimum["contacts"])
    0
    """

    def __init__(
        self,
        df: pd.DataFrame,
        cout_contact: float = 1.0,
        marge_par_reponse: float = 85.0,
        score: str = "score",
        reponse: str = "reponse",
        n_groupes: int = 10,
        graphique: bool = True,
    ) -> None:
        import ipywidgets as w

        # Fail early, with the French message, on a bad table.
        profit_par_profondeur(df, 0.0, 1.0, score=score, reponse=reponse, n_groupes=1)
        self._df, self._score, self._reponse, self._n = df, score, reponse, n_groupes
        self.cout = curseur("Coût par contact (€)", cout_contact, 0.0, 10.0, 0.05, format=".2f")
        self.marge = curseur(
            "Marge par réponse (€)", marge_par_reponse, 1.0, 300.0, 1.0, format=".0f"
        )
        self.texte = w.HTML()
        self.graphique = (
            w.Image(format="png", layout=w.Layout(width="560px")) if graphique else None
        )
        self.resultat: ResultatProfondeur | None = None
        for reglage in (self.cout, self.marge):
            reglage.observe(self._recalculer, names="value")
        enfants = [
            w.HTML("<b>Profit d’un mailing selon sa profondeur</b>"),
            self.cout,
            self.marge,
            self.texte,
        ]
        if self.graphique is not None:
            enfants.append(self.graphique)
        self.widget = w.VBox(enfants)
        self._recalculer()

    def _recalculer(self, _changement: object = None) -> None:
        try:
            self.resultat = calculer_profondeur(
                self._df,
                self.cout.value,
                self.marge.value,
                score=self._score,
                reponse=self._reponse,
                n_groupes=self._n,
            )
        except ErreurAnalyse as erreur:
            self.resultat = None
            self.texte.value = f"<p style='color:#b00'>⚠️ {erreur}</p>"
            return
        self.texte.value = f"<p><b>{self.resultat.texte}</b></p>"
        if self.graphique is not None:
            self._tracer()

    def _tracer(self) -> None:
        """Draw the profit curve as a PNG in the Image widget (works with any backend)."""
        import io

        from matplotlib.figure import Figure

        from crmkit.plots import graphique_profondeur

        fig = Figure(figsize=(7, 3.6))
        graphique_profondeur(self.resultat.table, ax=fig.add_subplot())
        fig.tight_layout()
        tampon = io.BytesIO()
        fig.savefig(tampon, format="png", dpi=90)
        self.graphique.value = tampon.getvalue()


def simulateur_profondeur(df: pd.DataFrame, **options: object) -> object:
    """Build the simulator on a scored campaign file and return the widget to display.

    ``df`` has one row per contacted customer with a ``score`` column and a
    0/1 ``reponse`` column; options are those of :class:`SimulateurProfondeur`.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"score": [3, 2, 1, 0], "reponse": [1, 1, 0, 0]})
    >>> type(simulateur_profondeur(df, graphique=False)).__name__
    'VBox'
    """
    return SimulateurProfondeur(df, **options).widget
