"""CLV simulator (TD2 loyalty): pure computation and widget callbacks, no browser."""

import math

import pytest

from crmkit.economics import clv
from crmkit.widgets.clv import (
    ErreurSimulationCLV,
    SimulateurCLV,
    simulateur_clv,
    simuler_clv,
    texte_clv,
)


def test_formula_by_hand():
    # m (1 + d) / (1 + d - r) = 120 × 1.1 / 0.45
    res = simuler_clv(120, 0.65, 0.10, gain_retention=0.05)
    assert res["clv"] == pytest.approx(120 * 1.1 / 0.45)
    assert res["retention_amelioree"] == pytest.approx(0.70)
    assert res["clv_amelioree"] == pytest.approx(120 * 1.1 / 0.40)
    assert res["gain"] == pytest.approx(120 * 1.1 / 0.40 - 120 * 1.1 / 0.45)
    assert res["gain_relatif"] == pytest.approx(0.45 / 0.40 - 1)
    assert res["duree_vie"] == pytest.approx(1 / 0.35)


@pytest.mark.parametrize("variante", ["marge_immediate", "marge_fin_periode", "marge_si_retenu"])
def test_matches_economics_clv(variante):
    res = simuler_clv(233, 0.74, 0.08, 0.03, variante)
    assert res["clv"] == pytest.approx(clv(233, 0.74, 0.08, variante))
    assert res["clv_amelioree"] == pytest.approx(clv(233, 0.77, 0.08, variante))


def test_discounting_lowers_the_value_and_retention_raises_it():
    assert simuler_clv(100, 0.7, 0.1)["clv"] < simuler_clv(100, 0.7, 0.0)["clv"]
    assert simuler_clv(100, 0.8, 0.1)["clv"] > simuler_clv(100, 0.7, 0.1)["clv"]
    # a retention gain is worth more when retention is already high (convexity)
    assert simuler_clv(100, 0.8, 0.1)["gain"] > simuler_clv(100, 0.5, 0.1)["gain"]


def test_improved_retention_is_capped_below_one():
    res = simuler_clv(100, 0.98, 0.0, gain_retention=0.05)
    assert res["retention_amelioree"] < 1
    assert math.isfinite(res["clv_amelioree"])


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((-5, 0.5, 0.1), "positive"),
        ((100, 1.0, 0.1), "1 exclu"),
        ((100, 65, 0.1), "entre 0 et 1"),
        ((100, 0.5, 10), "actualisation"),
        (("cent", 0.5, 0.1), "nombre"),
        ((100, 0.5, float("nan")), "fini"),
    ],
)
def test_bad_inputs_give_french_messages(args, fragment):
    with pytest.raises(ErreurSimulationCLV, match=fragment):
        simuler_clv(*args)


def test_unknown_variant():
    with pytest.raises(ErreurSimulationCLV, match="variante inconnue"):
        simuler_clv(100, 0.5, 0.1, variante="autre")


def test_widget_recomputes_when_sliders_move():
    sim = SimulateurCLV(marge=120, retention=0.65, actualisation=0.10, gain_retention=0.05)
    assert sim.resultat["clv"] == pytest.approx(clv(120, 0.65, 0.10))
    sim.marge.value = 240
    assert sim.resultat["clv"] == pytest.approx(clv(240, 0.65, 0.10))
    sim.retention.value = 0.75
    assert sim.resultat["clv"] == pytest.approx(clv(240, 0.75, 0.10))
    sim.actualisation.value = 0.0
    assert sim.resultat["clv"] == pytest.approx(clv(240, 0.75, 0.0))
    assert sim.resultat["clv"] == pytest.approx(960)  # 240 / 0.25
    sim.gain.value = 0.10
    assert sim.resultat["clv_amelioree"] == pytest.approx(clv(240, 0.85, 0.0))
    assert "1" in sim.sortie.value and "points" in sim.sortie.value
    texte = sim.sortie.value.replace("\u202f", " ").replace("\u00a0", " ")
    assert "960,00 €" in texte
    assert "+10,0 points" in texte


def test_text_and_factory():
    html = texte_clv(simuler_clv(100, 0.8, 0.1), 0.8).replace("\u202f", " ").replace("\u00a0", " ")
    assert "366,67 €" in html and "440,00 €" in html and "73,33 €" in html
    assert type(simulateur_clv()).__name__ == "VBox"
