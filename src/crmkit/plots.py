"""The course's matplotlib look: French labels and number formats, colour-blind-safe palette.

Every plotting function takes the table returned by the matching analytics
function, draws on ``ax`` (a new figure if ``ax`` is None) and returns the
matplotlib ``Axes``, so a notebook can adjust it (``ax.set_title(...)``;
the figure is ``ax.figure``).

Numbers are written the French way: thousands separated by a narrow
no-break space (U+202F), decimal comma, a no-break space before ``€`` and
``%``. Colours: the Okabe–Ito palette, readable with the common forms of
colour blindness.

Public API
----------
Formats: :func:`format_nombre`, :func:`format_euros`, :func:`format_pourcentage`,
:func:`formateur_euros`, :func:`formateur_pourcentage`; style: :data:`PALETTE`,
:func:`appliquer_style`.
Charts: :func:`graphique_pareto`, :func:`graphique_stobachoff`,
:func:`graphique_gains`, :func:`graphique_lift`, :func:`graphique_profondeur`,
:func:`graphique_entonnoir`, :func:`graphique_cohortes`, :func:`graphique_barres`.

>>> format_euros(1234567.891, decimales=2)
'1\u202f234\u202f567,89\u00a0€'
"""

from __future__ import annotations

import math

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from ._validation import ErreurAnalyse, verifier_colonnes, verifier_dataframe

__all__ = [
    "PALETTE",
    "appliquer_style",
    "format_euros",
    "format_nombre",
    "format_pourcentage",
    "formateur_euros",
    "formateur_nombre",
    "formateur_pourcentage",
    "graphique_barres",
    "graphique_cohortes",
    "graphique_entonnoir",
    "graphique_gains",
    "graphique_lift",
    "graphique_pareto",
    "graphique_profondeur",
    "graphique_stobachoff",
]

ESPACE_MILLIERS = "\u202f"  # narrow no-break space
ESPACE_UNITE = "\u00a0"  # no-break space before € and %

PALETTE: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
]
"""Okabe–Ito colour-blind-safe palette (used in this order)."""

GRIS = "#7F7F7F"


# --------------------------------------------------------------------------- formats
def format_nombre(x: float, decimales: int = 0) -> str:
    """French number: ``1 234 567,8`` (narrow no-break space, decimal comma).

    >>> format_nombre(1234.5, 1).replace("\u202f", " ")
    '1 234,5'
    >>> format_nombre(-0.4)
    '0'
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    texte = f"{float(x):,.{decimales}f}"
    if float(texte.replace(",", "")) == 0:
        texte = texte.lstrip("-")
    return texte.replace(",", ESPACE_MILLIERS).replace(".", ",")


def format_euros(x: float, decimales: int = 0) -> str:
    """Euros: ``1 234 €`` (``decimales=2`` → ``1 234,50 €``).

    >>> format_euros(0.02, 2).replace("\u00a0", " ")
    '0,02 €'
    """
    return f"{format_nombre(x, decimales)}{ESPACE_UNITE}€"


def format_pourcentage(x: float, decimales: int = 1) -> str:
    """A fraction shown as a percentage: ``0.0833`` → ``8,3 %``.

    >>> format_pourcentage(0.08333).replace("\u00a0", " ")
    '8,3 %'
    >>> format_pourcentage(1.0, 0).replace("\u00a0", " ")
    '100 %'
    """
    return f"{format_nombre(x * 100, decimales)}{ESPACE_UNITE}%"


def formateur_nombre(decimales: int = 0) -> FuncFormatter:
    """Matplotlib tick formatter for French numbers (``ax.yaxis.set_major_formatter(...)``).

    >>> formateur_nombre()(12000, 0).replace("\u202f", " ")
    '12 000'
    """
    return FuncFormatter(lambda x, _pos: format_nombre(x, decimales))


def formateur_euros(decimales: int = 0) -> FuncFormatter:
    """Matplotlib tick formatter for euros.

    >>> formateur_euros()(2500, 0).replace("\u202f", " ").replace("\u00a0", " ")
    '2 500 €'
    """
    return FuncFormatter(lambda x, _pos: format_euros(x, decimales))


def formateur_pourcentage(decimales: int = 0) -> FuncFormatter:
    """Matplotlib tick formatter for fractions shown as percentages.

    >>> formateur_pourcentage()(0.25, 0).replace("\u00a0", " ")
    '25 %'
    """
    return FuncFormatter(lambda x, _pos: format_pourcentage(x, decimales))


def appliquer_style() -> None:
    """Set the course's matplotlib defaults (palette, grid, sizes, no top/right spines).

    >>> appliquer_style()
    >>> mpl.rcParams["axes.spines.top"]
    False
    """
    mpl.rcParams.update(
        {
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "figure.figsize": (7.0, 4.5),
            "figure.dpi": 100,
            "axes.titlesize": 13,
            "axes.labelsize": 11,
            "legend.frameon": False,
            "axes.formatter.use_locale": False,
        }
    )


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        with mpl.rc_context(
            {
                "axes.spines.top": False,
                "axes.spines.right": False,
                "axes.grid": True,
                "grid.alpha": 0.3,
                "legend.frameon": False,
            }
        ):
            fig, ax = plt.subplots(figsize=(7.0, 4.5))
    return ax


def _colonnes(df: pd.DataFrame, cols: list[str], nom: str) -> None:
    verifier_dataframe(df, nom)
    verifier_colonnes(df, cols, nom)
    if df.empty:
        raise ErreurAnalyse(f"le {nom} est vide : rien à tracer.")


# --------------------------------------------------------------------------- charts
def graphique_pareto(table: pd.DataFrame, ax: Axes | None = None, titre: str | None = None) -> Axes:
    """Pareto curve from :func:`crmkit.economics.table_pareto`, with the 20 % reading marked.

    >>> import pandas as pd
    >>> from crmkit.economics import table_pareto
    >>> t = table_pareto(pd.DataFrame({"client_id": [1, 2, 3], "montant": [70.0, 20, 10]}))
    >>> ax = graphique_pareto(t)
    >>> ax.get_xlabel()
    'Part cumulée des clients (du meilleur au moins bon)'
    """
    _colonnes(table, ["part_clients", "part_valeur"], "tableau de Pareto")
    ax = _axes(ax)
    x = np.concatenate([[0.0], table["part_clients"].to_numpy()])
    y = np.concatenate([[0.0], table["part_valeur"].to_numpy()])
    ax.plot(x, y, color=PALETTE[0], lw=2, label="Courbe de Pareto")
    ax.plot([0, 1], [0, 1], color=GRIS, ls="--", lw=1, label="Répartition égale")
    y20 = float(np.interp(0.2, x, y))
    ax.plot([0.2, 0.2, 0], [0, y20, y20], color=PALETTE[1], ls=":", lw=1.5)
    ax.annotate(
        f"20{ESPACE_UNITE}% des clients → {format_pourcentage(y20, 0)}",
        (0.2, y20),
        xytext=(0.3, max(y20 - 0.15, 0.05)),
        color=PALETTE[1],
        arrowprops={"arrowstyle": "->", "color": PALETTE[1]},
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_formatter(formateur_pourcentage())
    ax.yaxis.set_major_formatter(formateur_pourcentage())
    ax.set_xlabel("Part cumulée des clients (du meilleur au moins bon)")
    ax.set_ylabel("Part cumulée de la valeur")
    ax.set_title(titre or "Courbe de Pareto")
    ax.legend(loc="lower right")
    return ax


def graphique_stobachoff(
    courbe: pd.DataFrame, ax: Axes | None = None, titre: str | None = None
) -> Axes:
    """Stobachoff curve from :func:`crmkit.economics.courbe_stobachoff`, peak and 100 % line marked.

    >>> import pandas as pd
    >>> from crmkit.economics import courbe_stobachoff
    >>> c = courbe_stobachoff(pd.DataFrame({"client_id": [1, 2, 3], "profit": [80.0, 40, -20]}))
    >>> graphique_stobachoff(c).get_ylabel()
    'Profit cumulé (en % du profit total)'
    """
    _colonnes(courbe, ["part_clients", "part_profit"], "tableau de Stobachoff")
    ax = _axes(ax)
    x = np.concatenate([[0.0], courbe["part_clients"].to_numpy()])
    y = np.concatenate([[0.0], courbe["part_profit"].to_numpy()])
    ax.plot(x, y, color=PALETTE[0], lw=2, label="Profit cumulé")
    ax.axhline(1.0, color=GRIS, ls="--", lw=1, label="Profit total (100 %)")
    i = int(np.argmax(y))
    if y[i] > 1:
        ax.fill_between(
            x[i:], y[i:], 1.0, color=PALETTE[3], alpha=0.15, label="Pertes des clients déficitaires"
        )
        ax.annotate(
            f"Pic : {format_pourcentage(y[i], 0)} du profit\navec {format_pourcentage(x[i], 0)} "
            "des clients",
            (x[i], y[i]),
            xytext=(max(x[i] - 0.45, 0.02), y[i] * 0.8),
            color=PALETTE[3],
            arrowprops={"arrowstyle": "->", "color": PALETTE[3]},
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(min(0.0, float(y.min())), float(y.max()) * 1.08)
    ax.xaxis.set_major_formatter(formateur_pourcentage())
    ax.yaxis.set_major_formatter(formateur_pourcentage())
    ax.set_xlabel("Part cumulée des clients (du plus au moins rentable)")
    ax.set_ylabel("Profit cumulé (en % du profit total)")
    ax.set_title(titre or "Courbe de Stobachoff")
    ax.legend(loc="lower right")
    return ax


def graphique_gains(
    tables: pd.DataFrame | dict[str, pd.DataFrame], ax: Axes | None = None, titre: str | None = None
) -> Axes:
    """Cumulative gains chart from :func:`crmkit.scoring.table_gains` (one table or a dict of them).

    Diagonal = random targeting. A dict ``{"apprentissage": t1, "test": t2}``
    draws one curve per table, to compare a score on two campaigns.

    >>> import pandas as pd
    >>> from crmkit.scoring import table_gains
    >>> t = table_gains(pd.DataFrame({"score": range(10), "reponse": [0] * 7 + [1] * 3}), n_groupes=5)
    >>> len(graphique_gains({"score": t}).get_lines())
    2
    """
    if isinstance(tables, pd.DataFrame):
        tables = {"Score": tables}
    ax = _axes(ax)
    for i, (nom, t) in enumerate(tables.items()):
        _colonnes(t, ["part_contacts", "gain"], "tableau de gains")
        x = np.concatenate([[0.0], t["part_contacts"].to_numpy()])
        y = np.concatenate([[0.0], t["gain"].to_numpy()])
        ax.plot(x, y, marker="o", ms=4, lw=2, color=PALETTE[i % len(PALETTE)], label=str(nom))
    ax.plot([0, 1], [0, 1], color=GRIS, ls="--", lw=1, label="Ciblage au hasard")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_formatter(formateur_pourcentage())
    ax.yaxis.set_major_formatter(formateur_pourcentage())
    ax.set_xlabel("Part du fichier contactée (meilleurs scores d'abord)")
    ax.set_ylabel("Part des répondants touchés")
    ax.set_title(titre or "Courbe de gains")
    ax.legend(loc="lower right")
    return ax


def graphique_lift(table: pd.DataFrame, ax: Axes | None = None, titre: str | None = None) -> Axes:
    """Lift by group (bars) and cumulative lift (line) from :func:`crmkit.scoring.table_gains`.

    >>> import pandas as pd
    >>> from crmkit.scoring import table_gains
    >>> t = table_gains(pd.DataFrame({"score": range(10), "reponse": [0] * 7 + [1] * 3}), n_groupes=5)
    >>> graphique_lift(t).get_ylabel()
    'Lift (1 = moyenne du fichier)'
    """
    _colonnes(table, ["lift", "lift_groupe"], "tableau de gains")
    ax = _axes(ax)
    g = np.arange(1, len(table) + 1)
    ax.bar(g, table["lift_groupe"], color=PALETTE[5], label="Lift du groupe")
    ax.plot(g, table["lift"], color=PALETTE[0], marker="o", lw=2, label="Lift cumulé")
    ax.axhline(1.0, color=GRIS, ls="--", lw=1)
    ax.set_xticks(g)
    ax.yaxis.set_major_formatter(formateur_nombre(1))
    ax.set_xlabel("Groupe de score (1 = meilleurs scores)")
    ax.set_ylabel("Lift (1 = moyenne du fichier)")
    ax.set_title(titre or "Lift par groupe de score")
    ax.legend(loc="upper right")
    return ax


def graphique_profondeur(
    table: pd.DataFrame, ax: Axes | None = None, titre: str | None = None
) -> Axes:
    """Profit by mailing depth from :func:`crmkit.scoring.profit_par_profondeur`, optimum marked.

    >>> import pandas as pd
    >>> from crmkit.scoring import profit_par_profondeur
    >>> df = pd.DataFrame({"score": range(10), "reponse": [0] * 7 + [1] * 3})
    >>> ax = graphique_profondeur(profit_par_profondeur(df, 1.0, 3.0))
    >>> ax.get_xlabel()
    'Profondeur du mailing (part du fichier contactée)'
    """
    _colonnes(table, ["part_contacts", "profit"], "tableau des profondeurs")
    ax = _axes(ax)
    x = table["part_contacts"].to_numpy()
    y = table["profit"].to_numpy()
    ax.plot(x, y, color=PALETTE[0], marker="o", ms=3, lw=2, label="Profit")
    ax.axhline(0, color=GRIS, lw=1)
    i = int(np.argmax(y))
    ax.plot(
        [x[i]],
        [y[i]],
        marker="*",
        ms=14,
        color=PALETTE[1],
        ls="none",
        label=f"Optimum : {format_pourcentage(x[i], 0)} du fichier, {format_euros(y[i])}",
    )
    ax.set_xlim(0, max(1.0, float(x.max())))
    ax.xaxis.set_major_formatter(formateur_pourcentage())
    ax.yaxis.set_major_formatter(formateur_euros())
    ax.set_xlabel("Profondeur du mailing (part du fichier contactée)")
    ax.set_ylabel("Profit")
    ax.set_title(titre or "Profit selon la profondeur du mailing")
    ax.legend(loc="best")
    return ax


_ETAPES = [
    ("envoyes", "Envoyés"),
    ("delivres", "Délivrés"),
    ("ouvreurs", "Ouvreurs"),
    ("cliqueurs", "Cliqueurs"),
    ("acheteurs", "Acheteurs"),
]


_LEGENDES = {"variante_objet": "Variante"}


def graphique_entonnoir(
    kpi: pd.Series | pd.DataFrame, ax: Axes | None = None, titre: str | None = None
) -> Axes:
    """E-mailing funnel (horizontal bars) from :func:`crmkit.emailing.kpi_emailing`.

    A DataFrame with several rows (e.g. variants A and B) gives grouped bars.

    >>> import pandas as pd
    >>> k = pd.Series({"envoyes": 1000.0, "delivres": 980.0, "ouvreurs": 200.0, "cliqueurs": 30.0})
    >>> [t.get_text() for t in graphique_entonnoir(k).get_yticklabels()]
    ['Envoyés', 'Délivrés', 'Ouvreurs', 'Cliqueurs']
    """
    df = kpi.to_frame("total").T if isinstance(kpi, pd.Series) else kpi
    etapes = [(c, lab) for c, lab in _ETAPES if c in df.columns]
    if not etapes:
        raise ErreurAnalyse(
            "aucune étape de l'entonnoir trouvée (envoyes, delivres, ouvreurs, cliqueurs, "
            "acheteurs) ; passez le résultat de kpi_emailing(...)."
        )
    ax = _axes(ax)
    n = len(df)
    h = 0.8 / n
    y = np.arange(len(etapes))
    for i, (nom, ligne) in enumerate(df.iterrows()):
        v = [float(ligne[c]) for c, _ in etapes]
        pos = y - 0.4 + h * (i + 0.5)
        ax.barh(
            pos,
            v,
            height=h,
            color=PALETTE[i % len(PALETTE)],
            label=None if n == 1 else f"{_LEGENDES.get(df.index.name, df.index.name or '')} {nom}",
        )
        for yy, vv in zip(pos, v, strict=True):
            ax.text(vv, yy, " " + format_nombre(vv), va="center", fontsize=9)
    ax.set_yticks(y, [lab for _, lab in etapes])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(formateur_nombre())
    ax.set_xlabel("Nombre de personnes")
    ax.set_title(titre or "Entonnoir de l'e-mailing")
    ax.grid(axis="y", visible=False)
    if n > 1:
        ax.legend(loc="lower right")
    return ax


def graphique_cohortes(
    table: pd.DataFrame, ax: Axes | None = None, titre: str | None = None
) -> Axes:
    """Heat map of a retention table from :func:`crmkit.loyalty.retention_cohortes`.

    >>> import pandas as pd
    >>> t = pd.DataFrame([[1.0, 0.5], [1.0, float("nan")]], index=["2024", "2025"])
    >>> graphique_cohortes(t).get_xlabel()
    'Périodes depuis le premier achat'
    """
    verifier_dataframe(table, "tableau des cohortes")
    if table.empty:
        raise ErreurAnalyse("le tableau des cohortes est vide : rien à tracer.")
    ax = _axes(ax)
    v = table.to_numpy(dtype=float)
    im = ax.imshow(v, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    if v.size <= 200:
        for (i, j), x in np.ndenumerate(v):
            if not math.isnan(x):
                ax.text(
                    j,
                    i,
                    format_pourcentage(x, 0),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if x > 0.6 else "black",
                )
    ax.set_xticks(range(v.shape[1]), [str(c) for c in table.columns])
    ax.set_yticks(range(v.shape[0]), [str(c) for c in table.index])
    ax.grid(False)
    ax.set_xlabel("Périodes depuis le premier achat")
    ax.set_ylabel("Cohorte")
    ax.set_title(titre or "Rétention par cohorte")
    cb = ax.figure.colorbar(im, ax=ax)
    cb.ax.yaxis.set_major_formatter(formateur_pourcentage())
    return ax


def graphique_barres(
    valeurs: pd.Series,
    format: str = "nombre",
    ax: Axes | None = None,
    titre: str | None = None,
    xlabel: str = "",
    ylabel: str = "",
) -> Axes:
    """Vertical bars of a Series with labelled values (``format``: ``nombre``, ``euros``, ``pourcentage``).

    >>> import pandas as pd
    >>> ax = graphique_barres(pd.Series({"A": 0.19, "B": 0.23}), "pourcentage")
    >>> [t.get_text().replace("\u00a0", " ") for t in ax.texts]
    ['19,0 %', '23,0 %']
    """
    if not isinstance(valeurs, pd.Series):
        raise ErreurAnalyse(
            f"« valeurs » doit être une Series pandas ; reçu : {type(valeurs).__name__}."
        )
    fmts = {
        "nombre": (format_nombre, formateur_nombre()),
        "euros": (format_euros, formateur_euros()),
        "pourcentage": (lambda x: format_pourcentage(x, 1), formateur_pourcentage()),
    }
    if format not in fmts:
        raise ErreurAnalyse(
            f"« format » inconnu : {format!r} ; possibles : nombre, euros, pourcentage."
        )
    f_val, f_axe = fmts[format]
    ax = _axes(ax)
    x = np.arange(len(valeurs))
    ax.bar(
        x, valeurs.to_numpy(dtype=float), color=[PALETTE[i % len(PALETTE)] for i in range(len(x))]
    )
    for xx, vv in zip(x, valeurs.to_numpy(dtype=float), strict=True):
        ax.text(xx, vv, f_val(vv), ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, [str(i) for i in valeurs.index])
    ax.yaxis.set_major_formatter(f_axe)
    ax.grid(axis="x", visible=False)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if titre:
        ax.set_title(titre)
    return ax
