"""crmkit.loyalty: cohorts, churn, acquisition vs retention, personalised offers, multichannel."""

import numpy as np
import pandas as pd
import pytest

from crmkit import loyalty as lo
from crmkit._validation import ErreurAnalyse

CMD = pd.DataFrame(
    {
        "client_id": [1, 1, 1, 2, 3, 3, 4],
        "date_commande": [
            "2023-01-05",
            "2024-02-01",
            "2025-03-01",
            "2023-03-01",
            "2024-01-10",
            "2025-05-01",
            "2025-06-01",
        ],
        "canal_vente": ["magasin", "web", "web", "web", "magasin", "magasin", "web"],
        "montant": [100.0, 50.0, 30.0, 20.0, 80.0, 40.0, 10.0],
        "marge": [40.0, 20.0, 10.0, 5.0, 30.0, 15.0, 3.0],
    }
)


def test_retention_cohortes_by_year_hand_built():
    t = lo.retention_cohortes(CMD, "annee")
    assert t.index.tolist() == [2023, 2024, 2025]  # integer years: t.loc[2023, 1]
    # 2023 cohort = {1, 2}: year+1 only 1 is back, year+2 only 1
    assert t.loc[2023].tolist() == [1.0, 0.5, 0.5]
    assert t.loc[2024].tolist()[:2] == [1.0, 1.0]
    assert np.isnan(t.loc[2024, 2]) and np.isnan(t.loc[2025, 1])  # not observed yet
    eff = lo.retention_cohortes(CMD, "annee", valeurs="effectifs")
    assert eff.loc[2023].tolist() == [2.0, 1.0, 1.0]


def test_retention_cohortes_by_month_labels_and_quarter():
    t = lo.retention_cohortes(CMD, "mois")
    assert t.index[0] == "2023-01" and (t[0] == 1.0).all()
    q = lo.retention_cohortes(CMD, "trimestre")
    assert q.index.tolist() == ["2023-T1", "2024-T1", "2025-T2"]


def test_retention_cohortes_by_acquisition_channel_uses_observable_customers():
    clients = pd.DataFrame({"client_id": [1, 2, 3, 4], "canal_acquisition": list("wwsw")})
    t = lo.retention_cohortes(CMD, "annee", cohorte="canal_acquisition", clients=clients)
    # channel w: customers 1, 2 (first 2023) and 4 (first 2025)
    assert t.loc["w", 0] == 1.0
    assert t.loc["w", 1] == pytest.approx(1 / 2)  # 4 cannot be observed one year later
    assert t.loc["s"].tolist()[:2] == [1.0, 1.0]
    with pytest.raises(ErreurAnalyse, match="clients="):
        lo.retention_cohortes(CMD, cohorte="canal_acquisition")


def test_retention_errors():
    with pytest.raises(ErreurAnalyse, match="valeurs possibles"):
        lo.retention_cohortes(CMD, "semaine")
    with pytest.raises(ErreurAnalyse, match="vide"):
        lo.retention_cohortes(CMD.iloc[:0])


def test_churn_window_and_by_year():
    # active in 2024: 1, 3 ; in 2025: 1, 3, 4 -> nobody lost
    assert lo.taux_churn(CMD, "2025-12-31") == 0.0
    # as of 2024-12-31: active in 2023: 1, 2 ; in 2024: 1, 3 -> 2 lost
    assert lo.taux_churn(CMD, "2024-12-31") == 0.5
    c = lo.churn_par_annee(CMD)
    assert c.loc[2024, "taux_churn"] == 0.5 and c.loc[2025, "taux_churn"] == 0.0
    assert (c["taux_churn"] + c["taux_retention"]).eq(1).all()
    with pytest.raises(ErreurAnalyse, match="aucun client actif"):
        lo.taux_churn(CMD, "2019-12-31")


def test_acquisition_vs_retention():
    assert lo.ratio_acquisition_retention(60, 10) == 6.0
    with pytest.raises(ErreurAnalyse, match="ne peut pas valoir 0"):
        lo.ratio_acquisition_retention(60, 0)
    with pytest.raises(ErreurAnalyse, match="négatif"):
        lo.ratio_acquisition_retention(-1, 10)


def test_couts_acquisition_retention_on_super_chef():
    from crmkit.data import charger

    t = lo.couts_acquisition_retention(charger("campagnes"), charger("contacts_campagne"))
    assert set(t.index) == {"clients", "prospects"}
    assert (t["cout_par_reponse"] > 0).all()


def test_offres_personnalisees_ranking_and_ties():
    ach = pd.DataFrame(
        {
            "client_id": [1, 1, 1, 1, 1, 1, 2],
            "commande_id": [1, 2, 2, 3, 3, 4, 9],
            "categorie_id": [3, 3, 5, 5, 5, 8, 1],
            "montant": [10.0, 10.0, 50.0, 5.0, 5.0, 60.0, 8.0],
        }
    )
    o = lo.offres_personnalisees(ach, n=6)
    # client 1: cat 5 in 2 orders (60 €), cat 3 in 2 orders (20 €), cat 8 in 1 order
    assert o[o.client_id == 1]["categorie_id"].tolist() == [5, 3, 8]
    assert o[o.client_id == 1]["nb_commandes"].tolist() == [2, 2, 1]
    assert o["rang"].tolist() == [1, 2, 3, 1]
    assert len(lo.offres_personnalisees(ach, n=1)) == 2
    copie = ach.copy()
    lo.offres_personnalisees(ach)
    pd.testing.assert_frame_equal(ach, copie)
    with pytest.raises(ErreurAnalyse, match="au moins 1"):
        lo.offres_personnalisees(ach, n=0)


def test_offres_personnalisees_on_super_chef_default_six():
    from crmkit.data import charger

    h = lo.historique_achats(
        charger("commandes"), charger("lignes_commande"), charger("produits"), charger("categories")
    )
    o = lo.offres_personnalisees(h, par="nom_categorie")
    assert o.groupby("client_id").size().max() == 6
    assert o["nom_categorie"].notna().all()


def test_valeur_multicanal():
    v = lo.valeur_multicanal(CMD)
    # customers 1 (magasin+web); 2, 3, 4 single channel
    assert v["nb_clients"].tolist() == [3.0, 1.0]
    assert v["part_clients"].sum() == pytest.approx(1.0)
    assert v.loc[2, "ca_moyen"] == 180.0
    assert v.loc[1, "marge_moyenne"] == pytest.approx((5 + 45 + 3) / 3)
    with pytest.raises(ValueError, match="colonne 'canal_vente' absente"):
        lo.valeur_multicanal(CMD.drop(columns="canal_vente"))


# --------------------------------------------------------------------------- test vs témoin


def test_uplift_hand_computed():
    """150/1000 mailed vs 100/1000 témoins bought, 1 € a contact, 80 answers (by hand)."""
    r = lo.mesure_uplift(150, 1000, 100, 1000, cout_par_contact=1.0, reponses=80)
    assert (r.taux_test, r.taux_temoin) == (0.15, 0.10)
    assert r.uplift == pytest.approx(0.05)
    assert r.acheteurs_incrementaux == pytest.approx(50.0)
    assert r.cout_total == 1000.0
    assert r.cout_par_reponse == 12.5  # naive: every answer credited to the mailing
    assert r.cout_par_achat_incremental == pytest.approx(20.0)  # 1000 € / 50 buyers
    # SE = sqrt(.15*.85/1000 + .1*.9/1000) = 0.0147479; 1.959964 * SE = 0.0289054
    assert r.uplift_bas == pytest.approx(0.0210946, abs=1e-6)
    assert r.uplift_haut == pytest.approx(0.0789054, abs=1e-6)
    assert r.cout_incremental_bas == pytest.approx(1 / 0.0789054, abs=1e-3)  # 12.673
    assert r.cout_incremental_haut == pytest.approx(1 / 0.0210946, abs=1e-3)  # 47.406
    # a wrong method (rates of the test group alone) would give the naive figure back
    assert r.cout_par_achat_incremental != pytest.approx(1000 / 150)


def test_uplift_scales_with_cost_and_level():
    r1 = lo.mesure_uplift(300, 2000, 200, 2000, cout_par_contact=1.0, reponses=100)
    r3 = lo.mesure_uplift(300, 2000, 200, 2000, cout_par_contact=3.0, reponses=100)
    assert r3.cout_par_achat_incremental == pytest.approx(3 * r1.cout_par_achat_incremental)
    r90 = lo.mesure_uplift(300, 2000, 200, 2000, cout_par_contact=1.0, reponses=100, niveau=0.9)
    assert r1.uplift_bas < r90.uplift_bas < r90.uplift_haut < r1.uplift_haut


def test_uplift_without_proof_gives_an_infinite_upper_cost():
    """Témoins buy as much as the mailed: nothing was shown to be caused."""
    r = lo.mesure_uplift(100, 1000, 100, 1000, cout_par_contact=1.0, reponses=40)
    assert r.uplift == 0 and r.uplift_bas < 0 < r.uplift_haut
    assert r.cout_par_achat_incremental == float("inf")
    assert r.cout_incremental_haut == float("inf")
    assert r.cout_par_reponse == 25.0
    r = lo.mesure_uplift(90, 1000, 100, 1000, cout_par_contact=1.0, reponses=0)
    assert r.cout_par_achat_incremental == float("inf") and r.cout_par_reponse == float("inf")


@pytest.mark.parametrize(
    "args, message",
    [
        ((150, 100, 10, 100, 1.0, 5), "dépasse l'effectif"),
        ((15, 100, 10, 100, -1.0, 5), "négatif"),
        ((15, 100, 10, 100, 1.0, 500), "réponses dépasse"),
        ((15, 0, 10, 100, 1.0, 5), "n_a"),
        ((15.5, 100, 10, 100, 1.0, 5), "entier"),
    ],
)
def test_uplift_errors_are_french(args, message):
    with pytest.raises(ErreurAnalyse, match=message):
        lo.mesure_uplift(*args)


def test_achats_test_temoin_window_and_groups():
    camp = pd.DataFrame({"campagne_id": [1, 2], "date_campagne": ["2024-03-12", "2025-03-11"]})
    cont = pd.DataFrame(
        {"campagne_id": [1, 1, 1, 2], "client_id": [1, 2, 3, 1], "reponse": [1, 0, 0, 0]}
    )
    tem = pd.DataFrame({"campagne_id": [1, 1, 2], "client_id": [4, 5, 4]})
    cmd = pd.DataFrame(
        {
            "client_id": [1, 1, 2, 3, 4, 5],
            # day 0 excluded, day 45 (2024-04-26) included, day 46 excluded
            "date_commande": [
                "2024-03-12",
                "2024-03-13",
                "2024-04-26",
                "2024-04-27",
                "2024-03-12",
                "2024-04-01",
            ],
        }
    )
    t = lo.achats_test_temoin(camp, cont, tem, cmd, 1)
    assert t.to_dict("index") == {
        "test": {"effectif": 3, "acheteurs": 2, "taux_achat": 2 / 3, "reponses": 1},
        "temoin": {"effectif": 2, "acheteurs": 1, "taux_achat": 0.5, "reponses": 0},
    }
    assert lo.achats_test_temoin(camp, cont, tem, cmd, 1, jours=46).loc["test", "acheteurs"] == 3
    assert lo.achats_test_temoin(camp, cont, tem, cmd, 2).loc["test", "acheteurs"] == 0
    with pytest.raises(ErreurAnalyse, match="absente"):
        lo.achats_test_temoin(camp, cont, tem, cmd, 9)
    with pytest.raises(ErreurAnalyse, match="témoins"):
        lo.achats_test_temoin(camp, cont, tem.iloc[:0], cmd, 1)


def test_uplift_on_super_chef_is_smaller_than_the_answer_rate(repo_root):
    """The 2024 mailing: the control group shows fewer extra buyers than recorded answers."""
    from crmkit.data import charger

    d = repo_root / "data"
    tables = [charger(n, d) for n in ("campagnes", "contacts_campagne", "temoins_campagne")]
    t = lo.achats_test_temoin(*tables, charger("commandes", d), 1)
    r = lo.mesure_uplift(
        *t[["acheteurs", "effectif"]].to_numpy().ravel().tolist(),
        1.0,
        int(t.loc["test", "reponses"]),
    )
    assert 0 < r.uplift_bas and r.uplift < t.loc["test", "reponses"] / t.loc["test", "effectif"]
    assert r.cout_par_achat_incremental > r.cout_par_reponse


def test_valeur_segments_counts_customers_without_orders_and_sorts_by_margin():
    seg = pd.Series({1: "Champions", 2: "Perdus", 3: "Champions", 4: "Fidèles"})
    cmd = pd.DataFrame(
        {
            "client_id": [1, 1, 3, 4, 9],
            "montant": [100.0, 50, 50, 80, 999],
            "marge": [40.0, 20, 20, 60, 500],
        }
    )
    v = lo.valeur_segments(seg, cmd)
    assert v.index.tolist() == ["Champions", "Fidèles", "Perdus"]  # by decreasing margin
    assert v.loc["Champions", ["nb_clients", "ca", "marge"]].tolist() == [2, 200, 80]
    assert v.loc["Perdus", ["nb_clients", "marge", "marge_par_client"]].tolist() == [1, 0, 0]
    # customer 9 has no segment: his orders are left out
    assert v["part_marge"].tolist() == pytest.approx([80 / 140, 60 / 140, 0])
    assert v["part_clients"].sum() == pytest.approx(1)
    assert seg.tolist() == ["Champions", "Perdus", "Champions", "Fidèles"]  # input untouched


def test_valeur_segments_refuses_bad_input_in_french():
    cmd = pd.DataFrame({"client_id": [1], "montant": [1.0], "marge": [1.0]})
    with pytest.raises(lo.ErreurAnalyse, match="série"):
        lo.valeur_segments({1: "Champions"}, cmd)
    with pytest.raises(lo.ErreurAnalyse, match="pas de segment"):
        lo.valeur_segments(pd.Series({1: None}), cmd)
    with pytest.raises(ValueError, match="marge"):
        lo.valeur_segments(pd.Series({1: "A"}), cmd.drop(columns="marge"))
