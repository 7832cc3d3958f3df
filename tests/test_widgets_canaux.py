"""Channel-cost simulator (TD1): pure computation and widget callbacks, no browser."""

import math

import pytest

from crmkit.widgets.canaux import (
    COUTS_CONTACT_COURS,
    ErreurSimulation,
    SimulateurCanaux,
    simulateur_canaux,
    simuler_canaux,
    tableau_html,
)


def test_course_costs_are_the_course_figures():
    assert COUTS_CONTACT_COURS["telephone"] == 3
    assert COUTS_CONTACT_COURS["courrier"] == 1
    assert COUTS_CONTACT_COURS["sms"] == pytest.approx(0.10)
    assert COUTS_CONTACT_COURS["email"] == pytest.approx(0.02)
    assert 200 <= COUTS_CONTACT_COURS["face_a_face"] <= 300


def test_single_channel_by_hand():
    res = simuler_canaux(10_000, {"telephone": 1}, {"telephone": 0.05}, marge_par_reponse=80)
    row = res.loc["telephone"]
    assert row["contacts"] == 3333  # floor(10 000 / 3)
    assert row["cout_total"] == pytest.approx(9_999)
    assert row["reponses"] == pytest.approx(166.65)
    assert row["cout_par_reponse"] == pytest.approx(9_999 / 166.65)
    assert row["profit"] == pytest.approx(166.65 * 80 - 9_999)
    assert list(res.index) == ["telephone", "total"]


def test_weights_are_normalised_and_totals_add_up():
    res = simuler_canaux(
        4_000, {"courrier": 3, "sms": 1}, {"courrier": 0.03, "sms": 0.01}, marge_par_reponse=50
    )
    assert res.loc["courrier", "budget_alloue"] == pytest.approx(3_000)
    assert res.loc["sms", "budget_alloue"] == pytest.approx(1_000)
    assert res.loc["sms", "contacts"] == 10_000  # 1000 / 0.10, no float floor slip
    total = res.loc["total"]
    assert total["contacts"] == 13_000
    assert total["reponses"] == pytest.approx(90 + 100)
    assert total["cout_par_reponse"] == pytest.approx(4_000 / 190)
    assert total["profit"] == pytest.approx(190 * 50 - 4_000)
    assert total["part_budget"] == pytest.approx(1)


def test_cheapest_per_contact_is_not_cheapest_per_response():
    rates = {"courrier": 0.03, "email": 0.0005, "telephone": 0.05}
    res = simuler_canaux(3_000, {c: 1 for c in rates}, rates).drop(index="total")
    assert res["cout_contact"].idxmin() == "email"
    assert res["cout_par_reponse"].idxmin() == "courrier"


def test_zero_rate_gives_nan_cost_per_response_not_a_crash():
    res = simuler_canaux(100, {"email": 1}, {"email": 0})
    assert math.isnan(res.loc["email", "cout_par_reponse"])
    assert res.loc["email", "profit"] == pytest.approx(-100)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((-1, {"email": 1}, {"email": 0.1}), "positif"),
        ((100, {"fax": 1}, {"fax": 0.1}), "canal inconnu"),
        ((100, {"email": 0}, {"email": 0.1}), "aucun budget"),
        ((100, {"email": -1, "sms": 2}, {"email": 0.1, "sms": 0.1}), "négatives"),
        ((100, {"email": 1}, {"email": 3}), "entre 0 et 1"),
        ((100, {"email": 1}, {}), "manquant"),
        (("cent", {"email": 1}, {"email": 0.1}), "nombre"),
        ((100, ["email"], {"email": 0.1}), "dictionnaire"),
    ],
)
def test_bad_inputs_give_french_messages(args, fragment):
    with pytest.raises(ErreurSimulation, match=fragment):
        simuler_canaux(*args)


def test_inputs_not_mutated():
    rep, taux = {"courrier": 2, "email": 2}, {"courrier": 0.03, "email": 0.01}
    simuler_canaux(1_000, rep, taux)
    assert rep == {"courrier": 2, "email": 2} and taux == {"courrier": 0.03, "email": 0.01}


def test_widget_recomputes_when_sliders_move():
    sim = SimulateurCanaux(budget=10_000, repartition={"courrier": 100}, marge_par_reponse=40)
    before = sim.resultat.loc["total", "contacts"]
    assert before == 10_000
    sim.budget.value = 20_000
    assert sim.resultat.loc["total", "contacts"] == 20_000
    sim.taux["courrier"].value = 0.05
    assert sim.resultat.loc["courrier", "reponses"] == pytest.approx(1_000)
    sim.marge.value = 100
    assert sim.resultat.loc["total", "profit"] == pytest.approx(1_000 * 100 - 20_000)
    sim.parts["email"].value = 100  # now half the budget goes to e-mail
    assert sim.resultat.loc["email", "contacts"] == 500_000
    assert "E-mail" in sim.sortie.value


def test_widget_shows_french_warning_when_no_budget_is_split():
    sim = SimulateurCanaux(repartition={"sms": 100})
    sim.parts["sms"].value = 0
    assert sim.resultat is None
    assert "aucun budget" in sim.sortie.value


def test_html_table_and_factory():
    html = tableau_html(simuler_canaux(1_000, {"courrier": 1}, {"courrier": 0.03}))
    assert "Coût par réponse" in html and "33,33" in html
    assert type(simulateur_canaux()).__name__ == "VBox"
