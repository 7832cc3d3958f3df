"""crmkit.scoring: points grids, RFM edge cases, gains/lift on a paper example, depth, logistic."""

import numpy as np
import pandas as pd
import pytest

from crmkit import scoring as sc
from crmkit._validation import ErreurAnalyse

# The 10-row example computed on paper (rows deliberately not sorted by score):
# sorted by score: responses 1 1 | 0 1 | 0 0 | 1 0 | 0 0  (4 responders, rate 0.4)
DIX = pd.DataFrame(
    {
        "score": [0.50, 0.95, 0.30, 0.85, 0.10, 0.90, 0.65, 0.40, 0.20, 0.70],
        "reponse": [0, 1, 0, 0, 0, 1, 0, 1, 0, 1],
    }
)


# --------------------------------------------------------------------------- gains / lift
def test_table_gains_quintiles_match_paper():
    t = sc.table_gains(DIX, n_groupes=5)
    assert t["contacts"].tolist() == [2, 2, 2, 2, 2]
    assert t["reponses"].tolist() == [2, 1, 0, 1, 0]
    np.testing.assert_allclose(t["taux_reponse"], [1.0, 0.5, 0.0, 0.5, 0.0])
    np.testing.assert_allclose(t["part_contacts"], [0.2, 0.4, 0.6, 0.8, 1.0])
    np.testing.assert_allclose(t["gain"], [0.5, 0.75, 0.75, 1.0, 1.0])
    np.testing.assert_allclose(t["lift"], [2.5, 1.875, 1.25, 1.25, 1.0])
    np.testing.assert_allclose(t["lift_groupe"], [2.5, 1.25, 0.0, 1.25, 0.0])


def test_table_gains_deciles_match_paper():
    t = sc.table_gains(DIX)
    np.testing.assert_allclose(t["gain"], [0.25, 0.5, 0.5, 0.75, 0.75, 0.75, 1, 1, 1, 1])
    np.testing.assert_allclose(
        t["lift"], [2.5, 2.5, 5 / 3, 1.875, 1.5, 1.25, 1 / 0.7, 1.25, 1 / 0.9, 1.0]
    )


def test_table_gains_a_reversed_score_is_worse_than_random():
    t = sc.table_gains(DIX.assign(score=-DIX["score"]), n_groupes=5)
    assert t["gain"].iloc[0] == 0.0  # the two worst-scored rows never answer
    assert (t["lift"].iloc[:-1] < 1.0).all()


def test_table_gains_errors():
    with pytest.raises(ErreurAnalyse, match="aucune réponse"):
        sc.table_gains(DIX.assign(reponse=0))
    with pytest.raises(ErreurAnalyse, match="vide"):
        sc.table_gains(DIX.iloc[:0])
    with pytest.raises(ValueError, match=r"colonne 'proba' absente.*'score', 'reponse'"):
        sc.table_gains(DIX, score="proba")


def test_deciles_have_equal_sizes_and_best_first():
    d = sc.deciles(pd.Series(np.arange(25, dtype=float)), n=10)
    assert d.value_counts().max() - d.value_counts().min() <= 1
    assert d.iloc[-1] == 1 and d.iloc[0] == 10


# --------------------------------------------------------------------------- depth
def test_profit_par_profondeur_matches_paper():
    t = sc.profit_par_profondeur(DIX, cout_contact=1.0, marge_par_reponse=3.0, n_groupes=5)
    assert t["contacts"].tolist() == [0, 2, 4, 6, 8, 10]
    np.testing.assert_allclose(t["profit"], [0, 4, 5, 3, 4, 2])
    p = sc.profondeur_optimale(DIX, 1.0, 3.0, n_groupes=5)
    assert p["contacts"] == 4 and p["profit"] == 5.0


def test_profit_par_profondeur_contact_by_contact_and_margin_column():
    t = sc.profit_par_profondeur(DIX, 1.0, 3.0, n_groupes=None)
    np.testing.assert_allclose(t["profit"], [0, 2, 4, 3, 5, 4, 3, 5, 4, 3, 2])
    assert sc.profondeur_optimale(DIX, 1.0, 3.0, n_groupes=None)["contacts"] == 4
    marges = DIX.assign(marge_reponse=DIX["reponse"] * 10.0)
    t = sc.profit_par_profondeur(marges, 1.0, "marge_reponse", n_groupes=5)
    np.testing.assert_allclose(t["marge"], [0, 20, 30, 30, 40, 40])


def test_no_profitable_depth_means_contact_nobody():
    p = sc.profondeur_optimale(DIX, cout_contact=5.0, marge_par_reponse=3.0)
    assert p["contacts"] == 0 and p["profit"] == 0


def test_profondeur_bad_inputs():
    with pytest.raises(ErreurAnalyse, match="négatif"):
        sc.profit_par_profondeur(DIX, -1.0, 3.0)
    with pytest.raises(ErreurAnalyse, match="ne peut pas valoir 0"):
        sc.profit_par_profondeur(DIX, 1.0, 0.0)


# --------------------------------------------------------------------------- RFM
def test_notes_quantiles_distinct_values_equal_groups():
    assert sc.notes_quantiles(pd.Series(range(10)), 5).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_notes_quantiles_ties_share_a_note_where_qcut_fails():
    s = pd.Series([1] * 6 + [2, 3, 4, 5])
    with pytest.raises(ValueError):
        pd.qcut(s, 5, labels=False)  # the classic failure with many ties
    assert sc.notes_quantiles(s, 5).tolist() == [2] * 6 + [4, 4, 5, 5]


def test_notes_quantiles_single_all_equal_and_empty():
    assert sc.notes_quantiles(pd.Series([42.0]), 5).tolist() == [3]
    assert sc.notes_quantiles(pd.Series([7.0] * 9), 5).tolist() == [3] * 9
    assert sc.notes_quantiles(pd.Series([], dtype=float), 5).tolist() == []
    with pytest.raises(ErreurAnalyse, match="NaN"):
        sc.notes_quantiles(pd.Series([1.0, np.nan]))


def test_recency_is_reversed():
    rec = pd.Series([5, 400, 30, 1000, 90])
    notes = sc.notes_quantiles(rec, 5, croissant=False)
    assert notes.tolist() == [5, 2, 4, 1, 3]  # 5 days ago = best


RFM_CMD = pd.DataFrame(
    {
        "client_id": [1, 1, 1, 2, 3, 3, 4, 4],
        "date_commande": [
            "2025-12-20",
            "2025-10-01",
            "2025-06-01",
            "2023-01-05",
            "2025-11-30",
            "2024-02-01",
            "2025-12-30",
            "2026-03-01",  # after the reference date: ignored
        ],
        "montant": [120.0, 80, 60, 30, 200, 90, 10, 5000],
    }
)


def test_calculer_rfm_hand_values_and_future_orders_ignored():
    r = sc.calculer_rfm(RFM_CMD, "2025-12-31")
    assert r.index.tolist() == [1, 2, 3, 4]
    assert r["recence"].tolist() == [11, 1091, 31, 1]
    assert r["frequence"].tolist() == [3, 1, 2, 1]
    assert r["montant"].tolist() == [260, 30, 290, 10]


def test_segmentation_rfm_hand_built():
    s = sc.segmentation_rfm(RFM_CMD, "2025-12-31", n=4)
    assert s["R"].tolist() == [3, 1, 2, 4]
    assert s["F"].tolist() == [4, 2, 3, 2]  # the two single-order customers tie
    assert s["M"].tolist() == [3, 2, 4, 1]
    assert s["code_rfm"].tolist() == ["343", "122", "234", "421"]
    assert (s["score_rfm"] == s["R"] + s["F"] + s["M"]).all()


def test_segmentation_rfm_segments_follow_documented_rules():
    rng = np.random.default_rng(0)
    n = 500
    cmd = pd.DataFrame(
        {
            "client_id": rng.integers(1, 150, n),
            "date_commande": pd.Timestamp("2025-12-31")
            - pd.to_timedelta(rng.integers(0, 2000, n), unit="D"),
            "montant": rng.gamma(2, 50, n).round(2),
        }
    )
    s = sc.segmentation_rfm(cmd)
    champ = (s["R"] >= 4) & (s["F"] >= 4)
    assert (s.loc[champ, "segment"] == "Champions").all()
    perdus = (s["R"] <= 2) & (s["F"] <= 2)
    assert (s.loc[perdus, "segment"] == "Perdus").all()
    assert set(s["segment"]) <= set(sc.SEGMENTS_RFM)


def test_segmentation_rfm_single_customer_all_equal_and_empty():
    one = sc.segmentation_rfm(RFM_CMD[RFM_CMD.client_id == 2], "2025-12-31")
    assert one["code_rfm"].tolist() == ["333"]
    eq = pd.DataFrame(
        {"client_id": [1, 2, 3], "date_commande": ["2025-01-01"] * 3, "montant": [10.0] * 3}
    )
    assert sc.segmentation_rfm(eq)["code_rfm"].tolist() == ["333"] * 3
    empty = sc.segmentation_rfm(RFM_CMD.iloc[:0])
    assert empty.empty and {"R", "F", "M", "segment"} <= set(empty.columns)


def test_segmentation_rfm_accepts_precomputed_table():
    r = sc.calculer_rfm(RFM_CMD, "2025-12-31")
    a = sc.segmentation_rfm(r, n=4)
    b = sc.segmentation_rfm(RFM_CMD, "2025-12-31", n=4)
    pd.testing.assert_frame_equal(a, b)


def test_rfm_errors_are_french():
    with pytest.raises(ValueError, match="colonne 'date_commande' absente"):
        sc.calculer_rfm(RFM_CMD.drop(columns="date_commande"))
    with pytest.raises(ValueError, match="doit être une date"):
        sc.calculer_rfm(RFM_CMD, "hier")
    with pytest.raises(ValueError, match="8 valeurs manquantes"):
        sc.calculer_rfm(RFM_CMD.assign(montant=np.nan))


# --------------------------------------------------------------------------- points grid
GRILLE = {
    "recence": [(0, 90, 30), (90, 365, 10), (365, float("inf"), 0)],
    "frequence": [(0, 2, 0), (2, 5, 10), (5, float("inf"), 25)],
    "type_client": {"b2b": 15, "b2c": 0},
}


def test_grille_is_data_and_scores_add_up():
    g = sc.grille_de_points(GRILLE)
    assert len(g) == 8 and set(g["critere"]) == set(GRILLE)
    clients = pd.DataFrame(
        {"recence": [10, 90, 400], "frequence": [7, 2, 1], "type_client": ["b2b", "b2c", "b2c"]}
    )
    s = sc.appliquer_grille(clients, g)
    assert s["points_recence"].tolist() == [30, 10, 0]  # 90 falls in [90 ; 365[
    assert s["points_frequence"].tolist() == [25, 10, 0]
    assert s["score"].tolist() == [70, 20, 0]
    pd.testing.assert_frame_equal(sc.appliquer_grille(clients, GRILLE), s)
    classes = sc.classes_de_score(s["score"], [0, 20, 50, 101], ["C", "B", "A"])
    assert classes.tolist() == ["A", "B", "C"]


def test_grille_errors():
    with pytest.raises(ErreurAnalyse, match="chevauchent"):
        sc.grille_de_points({"x": [(0, 10, 1), (5, 20, 2)]})
    with pytest.raises(ErreurAnalyse, match="borne_inf, borne_sup, points"):
        sc.grille_de_points({"x": [(0, 10)]})
    with pytest.raises(ErreurAnalyse, match="aucune tranche"):
        sc.appliquer_grille(pd.DataFrame({"x": [50]}), {"x": [(0, 10, 1)]})
    with pytest.raises(ErreurAnalyse, match="aucune tranche"):
        sc.appliquer_grille(pd.DataFrame({"t": ["pro"]}), {"t": {"b2b": 1}})
    with pytest.raises(ValueError, match="colonne 'x' absente"):
        sc.appliquer_grille(pd.DataFrame({"y": [1]}), {"x": [(0, 10, 1)]})
    with pytest.raises(ErreurAnalyse, match="hors des bornes"):
        sc.classes_de_score(pd.Series([150]), [0, 100])


def test_taux_reponse_par_classe():
    df = pd.DataFrame({"classe": list("AABBBB"), "reponse": [1, 0, 1, 0, 0, 0]})
    t = sc.taux_reponse_par_classe(df, "classe")
    assert t["contacts"].tolist() == [2, 4]
    assert t["taux_reponse"].tolist() == [0.5, 0.25]
    np.testing.assert_allclose(t["indice"], [1.5, 0.75])
    assert t["part_contacts"].sum() == pytest.approx(1.0)


# --------------------------------------------------------------------------- logistic
def _campagne(seed, n=3000):
    rng = np.random.default_rng(seed)
    x = pd.DataFrame({"recence": rng.exponential(300, n), "frequence": rng.poisson(3, n)})
    logit = -2 - 0.004 * x["recence"] + 0.4 * x["frequence"]
    x["reponse"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return x


def test_logistic_score_learns_signs_and_generalises():
    train, test = _campagne(1), _campagne(2)
    m = sc.ajuster_score_logistique(train, ["recence", "frequence"])
    assert m.coefficients["recence"] < 0 < m.coefficients["frequence"]
    p = m.predire(test)
    assert p.between(0, 1).all() and p.index.equals(test.index)
    assert sc.auc(p, test["reponse"]) > 0.7
    assert sc.auc(-p, test["reponse"]) < 0.3
    t = sc.table_gains(test.assign(score=p))
    assert t["lift"].iloc[0] > 1.5


def test_logistic_errors():
    with pytest.raises(ErreurAnalyse, match="des 0 .* et des 1"):
        sc.ajuster_score_logistique(_campagne(1).assign(reponse=0), ["recence"])
    with pytest.raises(ErreurAnalyse, match="au moins une variable"):
        sc.ajuster_score_logistique(_campagne(1), [])
    with pytest.raises(ErreurAnalyse, match="répondants"):
        sc.auc([0.1, 0.2], [0, 0])


def test_variables_campagne_does_not_peek_at_campaign_day():
    cmd = pd.DataFrame(
        {
            "commande_id": [1, 2, 3],
            "client_id": [1, 1, 2],
            "montant": [100.0, 999.0, 80.0],
            "date_commande": ["2025-01-01", "2025-02-01", "2024-01-01"],
        }
    )
    cont = pd.DataFrame({"client_id": [1, 2], "reponse": [1, 0]})
    v = sc.variables_campagne(cmd, cont, "2025-02-01")
    assert v["montant"].tolist() == [100.0, 80.0]  # the order of the campaign day is excluded
    assert v["recence"].tolist() == [31.0, 397.0]


def test_score_on_super_chef_holdout_campaign():
    from crmkit.data import charger

    cmd, cont = charger("commandes"), charger("contacts_campagne")
    camp = charger("campagnes").set_index("campagne_id")
    v1 = sc.variables_campagne(cmd, cont[cont.campagne_id == 1], camp.loc[1, "date_campagne"])
    v2 = sc.variables_campagne(cmd, cont[cont.campagne_id == 2], camp.loc[2, "date_campagne"])
    variables = ["recence", "frequence", "log_montant"]
    m = sc.ajuster_score_logistique(v1, variables)
    assert sc.auc(m.predire(v2), v2["reponse"]) > 0.7


def test_calculer_rfm_rejects_missing_customer_ids():
    with pytest.raises(ErreurAnalyse, match="identifiants manquants"):
        sc.calculer_rfm(RFM_CMD.assign(client_id=[1, None, 1, 2, 3, 3, 4, 4]))
