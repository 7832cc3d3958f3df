"""crmkit.plots: French number formats, palette, and charts drawn with the Agg backend."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from crmkit import economics as ec  # noqa: E402
from crmkit import plots as pl  # noqa: E402
from crmkit import scoring as sc  # noqa: E402
from crmkit._validation import ErreurAnalyse  # noqa: E402

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_french_number_formats():
    assert pl.format_nombre(1234567.891, 2) == f"1{NNBSP}234{NNBSP}567,89"
    assert pl.format_euros(20_000) == f"20{NNBSP}000{NBSP}€"
    assert pl.format_euros(0.1, 2) == f"0,10{NBSP}€"
    assert pl.format_pourcentage(0.08333) == f"8,3{NBSP}%"
    assert pl.format_pourcentage(0.15, 0) == f"15{NBSP}%"
    assert pl.format_nombre(-1234.5, 1) == f"-1{NNBSP}234,5"
    assert pl.format_nombre(-0.001, 2) == "0,00"  # no "-0,00"
    assert pl.format_nombre(float("nan")) == ""
    assert "." not in pl.format_pourcentage(0.123456, 3)


def test_palette_is_okabe_ito_and_distinct():
    assert pl.PALETTE[:3] == ["#0072B2", "#E69F00", "#009E73"]
    rgb = [to_rgb(c) for c in pl.PALETTE]
    assert len(set(rgb)) == len(rgb)


def _tick_texts(ax, axis="y"):
    ax.figure.canvas.draw()
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels]


def test_pareto_chart_french_axes_and_marker():
    t = ec.table_pareto(pd.DataFrame({"client_id": range(10), "montant": np.arange(1.0, 11)}))
    ax = pl.graphique_pareto(t)
    assert isinstance(ax, Axes)
    assert ax.get_title() == "Courbe de Pareto"
    assert all(s.endswith(f"{NBSP}%") for s in _tick_texts(ax) if s)
    assert any(f"20{NBSP}% des clients" in a.get_text() for a in ax.texts)
    # the curve goes from (0, 0) to (1, 1)
    x, y = ax.get_lines()[0].get_data()
    assert (x[0], y[0]) == (0.0, 0.0) and y[-1] == pytest.approx(1.0)


def test_stobachoff_chart_marks_peak():
    c = ec.courbe_stobachoff(pd.DataFrame({"client_id": [1, 2, 3], "profit": [80.0, 40, -20]}))
    ax = pl.graphique_stobachoff(c)
    assert any("Pic" in a.get_text() for a in ax.texts)
    assert max(ax.get_lines()[0].get_ydata()) == pytest.approx(1.2)


def test_gains_lift_depth_charts_reuse_given_axes():
    df = pd.DataFrame({"score": np.arange(20.0), "reponse": [0] * 14 + [1] * 6})
    fig, axes = plt.subplots(1, 3)
    t = sc.table_gains(df)
    assert pl.graphique_gains(t, ax=axes[0]) is axes[0]
    assert pl.graphique_lift(t, ax=axes[1]) is axes[1]
    prof = sc.profit_par_profondeur(df, 1.0, 5.0)
    ax = pl.graphique_profondeur(prof, ax=axes[2])
    assert ax.figure is fig
    assert any("Optimum" in t.get_text() for t in ax.get_legend().get_texts())
    assert all(s.endswith("€") for s in _tick_texts(ax) if s)


def test_funnel_and_cohort_and_bar_charts():
    k = pd.DataFrame(
        {"envoyes": [100.0, 100], "delivres": [98.0, 97], "ouvreurs": [20.0, 25]},
        index=pd.Index(["A", "B"], name="variante_objet"),
    )
    ax = pl.graphique_entonnoir(k)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Variante A", "Variante B"]
    coh = pd.DataFrame([[1.0, 0.6], [1.0, np.nan]], index=["2024", "2025"])
    ax = pl.graphique_cohortes(coh)
    assert [t.get_text() for t in ax.texts] == [f"100{NBSP}%", f"60{NBSP}%", f"100{NBSP}%"]
    ax = pl.graphique_barres(pd.Series({"web": 1200.0, "magasin": 800.0}), "euros")
    assert ax.texts[0].get_text() == f"1{NNBSP}200{NBSP}€"


def test_chart_errors_are_french():
    with pytest.raises(ValueError, match="colonne 'part_valeur' absente"):
        pl.graphique_pareto(pd.DataFrame({"part_clients": [1.0]}))
    with pytest.raises(ErreurAnalyse, match="vide"):
        pl.graphique_pareto(pd.DataFrame({"part_clients": [], "part_valeur": []}))
    with pytest.raises(ErreurAnalyse, match="entonnoir"):
        pl.graphique_entonnoir(pd.Series({"x": 1.0}))
    with pytest.raises(ErreurAnalyse, match="format"):
        pl.graphique_barres(pd.Series({"a": 1.0}), "dollars")


def test_appliquer_style_sets_palette():
    with matplotlib.rc_context():
        pl.appliquer_style()
        cycle = [c["color"] for c in matplotlib.rcParams["axes.prop_cycle"]]
        assert cycle == pl.PALETTE
