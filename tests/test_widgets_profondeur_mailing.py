"""Mailing-depth simulator (TD2, scoring): pure computation and widget callbacks, no browser."""

import pandas as pd
import pytest

from crmkit.scoring import ErreurAnalyse, profit_par_profondeur, profondeur_optimale
from crmkit.widgets.profondeur_mailing import (
    SimulateurProfondeur,
    calculer_profondeur,
    simulateur_profondeur,
)

# 10 customers, best scores first; 4 responders, all in the first 7.
FICHIER = pd.DataFrame(
    {"score": [9, 8, 7, 6, 5, 4, 3, 2, 1, 0], "reponse": [1, 1, 0, 1, 0, 0, 1, 0, 0, 0]}
)


def test_by_hand_on_a_small_file():
    res = calculer_profondeur(FICHIER, cout_contact=1.0, marge_par_reponse=3.0, n_groupes=5)
    # depths 0, 2, 4, 6, 8, 10 contacts → profits 0, 6-2, 9-4, 9-6, 12-8, 12-10
    assert res.table["profit"].tolist() == [0.0, 4.0, 5.0, 3.0, 4.0, 2.0]
    assert int(res.optimum["contacts"]) == 4 and res.optimum["profit"] == 5.0
    assert "40" in res.texte and "5" in res.texte and "€" in res.texte


def test_cheap_contacts_push_the_optimum_deeper_and_dear_ones_to_zero():
    cher = calculer_profondeur(FICHIER, 2.9, 3.0, n_groupes=5)
    pas_cher = calculer_profondeur(FICHIER, 0.1, 3.0, n_groupes=5)
    ruineux = calculer_profondeur(FICHIER, 5.0, 3.0, n_groupes=5)
    assert int(pas_cher.optimum["contacts"]) == 8  # the last responder is in the 7th row
    assert int(cher.optimum["contacts"]) == 2
    assert int(ruineux.optimum["contacts"]) == 0
    assert "aucun envoi" in ruineux.texte


def test_matches_scoring_profondeur_optimale_on_the_data():
    from crmkit.data import charger
    from crmkit.scoring import variables_campagne

    contacts = charger("contacts_campagne").query("campagne_id == 2")
    df = variables_campagne(charger("commandes"), contacts, "2025-03-11")
    df["score"] = -df["recence"]
    for cout, marge in [(1.0, 85.0), (3.0, 85.0), (1.0, 20.0)]:
        res = calculer_profondeur(df, cout, marge)
        attendu = profondeur_optimale(df, cout, marge)
        pd.testing.assert_series_equal(res.optimum, attendu)


def test_bad_table_gives_french_error():
    with pytest.raises(ErreurAnalyse, match="colonne"):
        calculer_profondeur(FICHIER.rename(columns={"score": "note"}), 1.0, 3.0)
    with pytest.raises(ErreurAnalyse):
        SimulateurProfondeur(FICHIER[["score"]], graphique=False)


def test_widget_recomputes_when_the_cost_slider_moves():
    sim = SimulateurProfondeur(
        FICHIER, cout_contact=1.0, marge_par_reponse=3.0, n_groupes=5, graphique=False
    )
    assert int(sim.resultat.optimum["contacts"]) == 4
    avant = sim.texte.value
    sim.cout.value = 0.1
    assert int(sim.resultat.optimum["contacts"]) == 8
    assert sim.texte.value != avant and "80" in sim.texte.value
    attendu = profondeur_optimale(FICHIER, 0.1, 3.0, n_groupes=5)
    pd.testing.assert_series_equal(sim.resultat.optimum, attendu)
    sim.cout.value = 5.0
    assert int(sim.resultat.optimum["contacts"]) == 0
    assert "aucun envoi" in sim.texte.value


def test_widget_recomputes_when_the_margin_slider_moves():
    sim = SimulateurProfondeur(
        FICHIER, cout_contact=2.0, marge_par_reponse=5.0, n_groupes=5, graphique=False
    )
    avant = sim.resultat.optimum["profit"]
    sim.marge.value = 100.0
    table = profit_par_profondeur(FICHIER, 2.0, 100.0, n_groupes=5)
    assert sim.resultat.optimum["profit"] == table["profit"].max() > avant


def test_text_sits_in_the_same_box_as_the_sliders_and_the_plot_draws():
    import ipywidgets as w

    sim = SimulateurProfondeur(FICHIER, n_groupes=5)
    enfants = sim.widget.children
    assert sim.cout in enfants and sim.marge in enfants and sim.texte in enfants
    assert isinstance(sim.graphique, w.Image) and sim.graphique in enfants
    png = bytes(sim.graphique.value)
    assert png.startswith(b"\x89PNG")
    sim.cout.value = 2.5
    assert bytes(sim.graphique.value) != png  # the curve is redrawn
    assert type(simulateur_profondeur(FICHIER, graphique=False)).__name__ == "VBox"
