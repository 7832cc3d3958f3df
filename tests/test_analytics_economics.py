"""crmkit.economics against textbook values and hand-built tables."""

import math

import numpy as np
import pandas as pd
import pytest

from crmkit import economics as ec
from crmkit._validation import ErreurAnalyse


# --------------------------------------------------------------------------- break-even
def test_seuil_rentabilite_reference_values():
    assert ec.seuil_rentabilite(1.0, 100.0) == pytest.approx(0.01, abs=1e-12)
    assert round(ec.seuil_rentabilite(0.50, 6.0) * 100, 2) == 8.33
    # the alias is the same function
    assert ec.taux_de_rentabilite is ec.seuil_rentabilite


def test_seuil_rentabilite_is_cost_over_margin_not_the_reverse():
    # a known-wrong formula (margin / cost) would give 100 here
    assert ec.seuil_rentabilite(1.0, 100.0) != pytest.approx(100.0)
    assert ec.seuil_rentabilite(3.0, 60.0) == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((1.0, 0.0), "ne peut pas valoir 0"),
        ((-1.0, 10.0), "ne peut pas être négatif"),
        ((float("nan"), 10.0), "nombre fini"),
        (("1", 10.0), "doit être un nombre"),
        ((1.0, -5.0), "négative"),
    ],
)
def test_seuil_rentabilite_rejects_bad_input_in_french(args, fragment):
    with pytest.raises(ValueError, match=fragment):
        ec.seuil_rentabilite(*args)


def test_profit_is_zero_exactly_at_break_even_rate():
    seuil = ec.seuil_rentabilite(1.0, 50.0)
    assert ec.profit_attendu(10_000, seuil, 50.0, 1.0) == pytest.approx(0.0, abs=1e-9)
    assert ec.profit_attendu(10_000, seuil + 0.01, 50.0, 1.0) > 0
    assert ec.profit_attendu(10_000, seuil - 0.01, 50.0, 1.0) < 0


def test_profit_attendu_rejects_rate_given_in_percent():
    with pytest.raises(ErreurAnalyse, match="0.03"):
        ec.profit_attendu(1000, 3, 50.0, 1.0)


def test_costs_by_channel_and_per_response():
    assert ec.cout_campagne(20_000, canal="courrier") == 20_000
    assert ec.cout_campagne(10_000, canal="email") == pytest.approx(200.0)
    assert ec.cout_campagne(100, canal="telephone") == 300
    assert ec.cout_campagne(100, cout_unitaire=0.1, couts_fixes=10) == pytest.approx(20.0)
    assert ec.cout_par_contact(1500, 1000) == 1.5
    assert ec.cout_par_reponse(20_000, 600) == pytest.approx(33.333, abs=1e-3)
    with pytest.raises(ErreurAnalyse, match="valeurs possibles"):
        ec.cout_campagne(10, canal="pigeon")
    with pytest.raises(ErreurAnalyse, match="aucun client n'a répondu"):
        ec.cout_par_reponse(100, 0)
    with pytest.raises(ErreurAnalyse, match="négatif"):
        ec.cout_campagne(-5, canal="sms")


def test_bilan_campagnes_counts_prospects_from_campaign_table():
    camp = pd.DataFrame(
        {"campagne_id": [1, 2], "nb_contacts": [1000, 10], "cout_unitaire": [1.0, 250.0]}
    )
    cont = pd.DataFrame(
        {
            "campagne_id": [1] * 20 + [2] * 10,
            "reponse": [1] * 20 + [1] * 5 + [0] * 5,
            "montant_reponse": [100.0] * 20 + [500.0] * 5 + [0.0] * 5,
            "marge_reponse": [40.0] * 20 + [200.0] * 5 + [0.0] * 5,
        }
    )
    b = ec.bilan_campagnes(camp, cont)
    assert b.loc[1, "taux_reponse"] == pytest.approx(0.02)  # 20 / 1000, not 20 / 20
    assert b.loc[1, "profit"] == pytest.approx(800 - 1000)
    assert b.loc[1, "seuil_rentabilite"] == pytest.approx(1 / 40)
    assert not b.loc[1, "rentable"]
    assert b.loc[2, "cout_par_reponse"] == pytest.approx(2500 / 5)
    assert b.loc[2, "profit"] == pytest.approx(1000 - 2500)


# --------------------------------------------------------------------------- CLV
def test_clv_reference_values():
    assert round(ec.clv(100, 0.8, 0.1), 2) == 366.67
    assert round(ec.clv(100, 0.8, 0.1, variante="marge_immediate"), 2) == 366.67
    assert round(ec.clv(100, 0.8, 0.1, variante="marge_fin_periode"), 2) == 333.33
    assert round(ec.clv(100, 0.8, 0.1, variante="marge_si_retenu"), 2) == 266.67


@pytest.mark.parametrize("variante", list(ec.VARIANTES_CLV))
def test_clv_finite_horizon_converges_to_closed_form(variante):
    infini = ec.clv(100, 0.8, 0.1, variante)
    assert ec.clv(100, 0.8, 0.1, variante, horizon=400) == pytest.approx(infini, rel=1e-9)
    assert ec.clv(100, 0.8, 0.1, variante, horizon=0) == 0


def test_clv_first_terms_say_when_the_first_margin_arrives():
    assert ec.clv(100, 0.8, 0.1, "marge_immediate", horizon=1) == pytest.approx(100)
    assert ec.clv(100, 0.8, 0.1, "marge_fin_periode", horizon=1) == pytest.approx(100 / 1.1)
    assert ec.clv(100, 0.8, 0.1, "marge_si_retenu", horizon=1) == pytest.approx(80 / 1.1)


def test_clv_bad_inputs():
    with pytest.raises(ErreurAnalyse, match="entre 0 et 1"):
        ec.clv(100, 80, 0.1)
    with pytest.raises(ErreurAnalyse, match="valeurs possibles"):
        ec.clv(100, 0.8, 0.1, "magique")
    with pytest.raises(ErreurAnalyse, match="infinie"):
        ec.clv(100, 1.0, 0.0)
    with pytest.raises(ErreurAnalyse, match="10 %"):
        ec.clv(100, 0.8, 10)


# --------------------------------------------------------------------------- Pareto
def test_table_pareto_hand_built_with_transactions_and_ties():
    df = pd.DataFrame({"client_id": [5, 3, 9, 3, 7], "montant": [10.0, 30.0, 10.0, 30.0, 20.0]})
    t = ec.table_pareto(df)
    assert t["client_id"].tolist() == [3, 7, 5, 9]  # 5 and 9 tie: order of appearance
    assert t["montant"].tolist() == [60.0, 20.0, 10.0, 10.0]
    assert t["rang"].tolist() == [1, 2, 3, 4]
    assert t["part_clients"].tolist() == [0.25, 0.5, 0.75, 1.0]
    np.testing.assert_allclose(t["part_valeur"], [0.6, 0.8, 0.9, 1.0])


def test_table_pareto_single_customer_and_all_equal():
    t = ec.table_pareto(pd.DataFrame({"client_id": [1], "montant": [42.0]}))
    assert t[["part_clients", "part_valeur"]].values.tolist() == [[1.0, 1.0]]
    t = ec.table_pareto(pd.DataFrame({"client_id": range(8), "montant": [5.0] * 8}))
    np.testing.assert_allclose(t["part_valeur"], t["part_clients"])
    assert ec.part_du_top(pd.DataFrame({"client_id": range(8), "montant": [5.0] * 8})) == (
        pytest.approx(0.2)
    )


def test_table_pareto_empty_input_gives_empty_table():
    t = ec.table_pareto(pd.DataFrame({"client_id": [], "montant": []}))
    assert t.empty
    assert list(t.columns) == ["client_id", "rang", "montant", "part_clients", "part_valeur"]
    with pytest.raises(ErreurAnalyse, match="vide"):
        ec.part_du_top(pd.DataFrame({"client_id": [], "montant": []}))


def test_table_pareto_other_value_column():
    df = pd.DataFrame({"client_id": [1, 2], "montant": [10.0, 90.0], "marge": [9.0, 1.0]})
    assert ec.table_pareto(df, valeur="marge")["client_id"].tolist() == [1, 2]


def test_table_pareto_errors_are_french_and_helpful():
    with pytest.raises(ValueError, match=r"colonne 'montant' absente.*'client_id', 'ca'"):
        ec.table_pareto(pd.DataFrame({"client_id": [1], "ca": [3.0]}))
    with pytest.raises(ValueError, match="valeurs? manquantes?"):
        ec.table_pareto(pd.DataFrame({"client_id": [1, 2], "montant": [3.0, np.nan]}))
    with pytest.raises(ValueError, match="courbe_stobachoff"):
        ec.table_pareto(pd.DataFrame({"client_id": [1, 2], "montant": [-3.0, 1.0]}))
    with pytest.raises(ValueError, match="DataFrame"):
        ec.table_pareto([1, 2, 3])


def test_part_du_top_interpolates_and_matches_hand_value():
    df = pd.DataFrame({"client_id": range(1, 11), "montant": [50.0] + [10.0] * 9})
    assert ec.part_du_top(df, 0.2) == pytest.approx(60 / 140)
    assert ec.part_du_top(df, 0.1) == pytest.approx(50 / 140)
    assert ec.part_du_top(df, 0.15) == pytest.approx(55 / 140)
    assert ec.part_du_top(df, 1.0) == pytest.approx(1.0)
    assert ec.part_du_top(df, 0.0) == 0.0


# --------------------------------------------------------------------------- Stobachoff
def test_courbe_stobachoff_hand_built():
    df = pd.DataFrame({"client_id": [1, 2, 3, 4, 5], "profit": [-20.0, 100.0, 30.0, -10.0, 0.0]})
    c = ec.courbe_stobachoff(df)
    assert c["client_id"].tolist() == [2, 3, 5, 4, 1]
    np.testing.assert_allclose(c["profit_cumule"], [100, 130, 130, 120, 100])
    np.testing.assert_allclose(c["part_profit"], [1.0, 1.3, 1.3, 1.2, 1.0])
    s = ec.synthese_stobachoff(df)
    assert s["part_clients_deficitaires"] == pytest.approx(0.4)
    assert s["pic"] == pytest.approx(1.3)
    assert s["part_clients_au_pic"] == pytest.approx(0.4)  # first time the peak is reached
    assert s["pertes"] == pytest.approx(30.0)
    assert s["profit_total"] == pytest.approx(100.0)


def test_stobachoff_without_loss_makers_peaks_at_100_percent():
    df = pd.DataFrame({"client_id": [1, 2, 3], "profit": [1.0, 2.0, 3.0]})
    s = ec.synthese_stobachoff(df)
    assert s["pic"] == pytest.approx(1.0)
    assert s["part_clients_deficitaires"] == 0
    assert s["pertes"] == 0


def test_stobachoff_rejects_non_positive_total():
    with pytest.raises(ErreurAnalyse, match="doit donc être positif"):
        ec.courbe_stobachoff(pd.DataFrame({"client_id": [1, 2], "profit": [-5.0, 2.0]}))
    assert ec.courbe_stobachoff(pd.DataFrame({"client_id": [], "profit": []})).empty


def test_profit_par_client_includes_service_only_customers():
    cmd = pd.DataFrame(
        {"client_id": [1, 1, 2], "montant": [100.0, 50, 80], "marge": [40.0, 20, 30]}
    )
    ev = pd.DataFrame({"client_id": [2, 3, 3], "cout": [45.0, 4.0, 6.0]})
    p = ec.profit_par_client(cmd, ev)
    assert p["client_id"].tolist() == [1, 2, 3]
    assert p["profit"].tolist() == [60.0, -15.0, -10.0]
    assert p["nb_commandes"].tolist() == [2, 1, 0]
    with pytest.raises(ErreurAnalyse, match="négatives"):
        ec.profit_par_client(cmd, ev.assign(cout=-1.0))


def test_inputs_are_not_mutated():
    df = pd.DataFrame({"client_id": [3, 1, 3], "montant": [5.0, 7.0, 1.0], "profit": [5.0, 7, -1]})
    copie = df.copy(deep=True)
    ec.table_pareto(df)
    ec.courbe_stobachoff(df)
    ec.part_du_top(df)
    pd.testing.assert_frame_equal(df, copie)


def test_on_super_chef_data_pareto_and_stobachoff_make_the_course_points():
    from crmkit.data import charger

    cmd = charger("commandes")
    top20 = ec.part_du_top(cmd, 0.2)
    assert 0.5 < top20 < 0.95  # concentrated, measured rather than assumed
    prof = ec.profit_par_client(cmd, charger("evenements_service"))
    s = ec.synthese_stobachoff(prof)
    assert s["part_clients_deficitaires"] > 0.05
    assert s["pic"] > 1.0
    assert math.isclose(ec.courbe_stobachoff(prof)["part_profit"].iloc[-1], 1.0)
