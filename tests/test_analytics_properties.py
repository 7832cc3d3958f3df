"""Property tests (hypothesis) for the analytics modules.

Shares sum to 100 %, curves are monotone where they must be, inputs are never
mutated, and bad input raises a French ``ValueError`` saying what to fix.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmkit import economics as ec
from crmkit import emailing as em
from crmkit import loyalty as lo
from crmkit import scoring as sc

REGLAGES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

montants = st.floats(min_value=0.01, max_value=1e5, allow_nan=False, allow_infinity=False)


@st.composite
def transactions(draw, min_size=1, signe=False):
    n = draw(st.integers(min_value=min_size, max_value=40))
    ids = draw(st.lists(st.integers(1, 12), min_size=n, max_size=n))
    if signe:
        vals = draw(
            st.lists(
                st.floats(-1e4, 1e5, allow_nan=False).map(lambda x: round(x, 2)),
                min_size=n,
                max_size=n,
            )
        )
    else:
        vals = draw(st.lists(montants.map(lambda x: round(x, 2)), min_size=n, max_size=n))
    return pd.DataFrame({"client_id": ids, "montant": vals, "profit": vals})


@REGLAGES
@given(transactions())
def test_pareto_shares_end_at_100_percent_and_are_monotone(df):
    copie = df.copy(deep=True)
    t = ec.table_pareto(df)
    pd.testing.assert_frame_equal(df, copie)
    assert t["part_valeur"].iloc[-1] == pytest.approx(1.0)
    assert t["part_clients"].iloc[-1] == pytest.approx(1.0)
    assert (np.diff(t["part_valeur"]) >= -1e-12).all()
    assert (np.diff(t["montant"]) <= 1e-9).all()  # best customers first
    # concave: the curve is above the diagonal
    assert (t["part_valeur"] >= t["part_clients"] - 1e-9).all()
    assert t["montant"].sum() == pytest.approx(df["montant"].sum())
    assert t["client_id"].is_unique and set(t["client_id"]) == set(df["client_id"])


@REGLAGES
@given(transactions(signe=True))
def test_stobachoff_rises_then_falls_and_ends_at_100_percent(df):
    if df.groupby("client_id")["profit"].sum().sum() <= 0:
        with pytest.raises(ValueError, match="positif"):
            ec.courbe_stobachoff(df)
        return
    c = ec.courbe_stobachoff(df)
    assert c["part_profit"].iloc[-1] == pytest.approx(1.0)
    d = np.diff(c["profit_cumule"])
    pic = int(np.argmax(c["profit_cumule"].to_numpy()))
    assert (d[:pic] >= -1e-9).all() and (d[pic:] <= 1e-9).all()
    s = ec.synthese_stobachoff(df)
    assert s["pic"] >= 1.0 - 1e-12
    assert s["pertes"] == pytest.approx(s["pic"] * s["profit_total"] - s["profit_total"], abs=1e-6)


@REGLAGES
@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=60),
    st.integers(1, 10),
    st.booleans(),
)
def test_notes_quantiles_ties_and_monotone(valeurs, n, croissant):
    s = pd.Series(valeurs)
    notes = sc.notes_quantiles(s, n, croissant)
    assert notes.between(1, n).all()
    ordre = s.sort_values(kind="stable", ascending=croissant).index
    assert notes[ordre].is_monotonic_increasing
    for v in set(valeurs):  # equal values, equal notes
        assert notes[s == v].nunique() == 1


@REGLAGES
@given(
    st.lists(
        st.tuples(st.floats(0, 1, allow_nan=False), st.integers(0, 1)), min_size=2, max_size=80
    ),
    st.integers(1, 10),
)
def test_gains_are_monotone_and_end_at_100_percent(lignes, k):
    df = pd.DataFrame(lignes, columns=["score", "reponse"])
    if df["reponse"].sum() == 0:
        with pytest.raises(ValueError, match="aucune réponse"):
            sc.table_gains(df, n_groupes=k)
        return
    copie = df.copy()
    t = sc.table_gains(df, n_groupes=k)
    pd.testing.assert_frame_equal(df, copie)
    assert t["gain"].iloc[-1] == pytest.approx(1.0)
    assert t["lift"].iloc[-1] == pytest.approx(1.0)
    assert (np.diff(t["gain"]) >= -1e-12).all()
    assert t["contacts"].sum() == len(df)
    # profit by depth: the optimum is at least as good as contacting nobody or everybody
    p = sc.profit_par_profondeur(df, 1.0, 4.0, n_groupes=k)
    best = sc.profondeur_optimale(df, 1.0, 4.0, n_groupes=k)["profit"]
    assert best >= max(p["profit"].iloc[0], p["profit"].iloc[-1])


@REGLAGES
@given(
    st.floats(0.001, 1000, allow_nan=False),
    st.floats(0.01, 0.99),
    st.floats(0.0, 0.5),
)
def test_clv_variants_are_ordered(m, r, d):
    a = ec.clv(m, r, d, "marge_immediate")
    b = ec.clv(m, r, d, "marge_fin_periode")
    c = ec.clv(m, r, d, "marge_si_retenu")
    assert a == pytest.approx(b * (1 + d)) and c == pytest.approx(b * r)
    assert a >= b >= c > 0


@REGLAGES
@given(st.integers(0, 500), st.integers(1, 500), st.integers(0, 500), st.integers(1, 500))
def test_ab_test_is_antisymmetric(sa, na, sb, nb):
    sa, sb = min(sa, na), min(sb, nb)
    r1, r2 = em.test_ab(sa, na, sb, nb), em.test_ab(sb, nb, sa, na)
    assert r1.z == pytest.approx(-r2.z, abs=1e-9)
    assert r1.p_value == pytest.approx(r2.p_value)
    assert 0 <= r1.p_value <= 1
    assert r1.ic_bas <= r1.ecart <= r1.ic_haut


@REGLAGES
@given(transactions(min_size=1))
def test_offers_and_multichannel_shares(df):
    df = df.assign(
        categorie_id=(df["client_id"] * 7 + df.index) % 5,
        canal_vente=np.where(df.index % 3 == 0, "web", "magasin"),
        commande_id=df.index,
    )
    copie = df.copy()
    o = lo.offres_personnalisees(df, n=3)
    assert o.groupby("client_id")["rang"].max().le(3).all()
    assert not o.duplicated(["client_id", "categorie_id"]).any()
    v = lo.valeur_multicanal(df, marge=None)
    assert v["part_clients"].sum() == pytest.approx(1.0)
    pd.testing.assert_frame_equal(df, copie)


# --------------------------------------------------------------------------- bad input
MAUVAIS = [
    (lambda: ec.seuil_rentabilite(-0.5, 10), "négatif"),
    (lambda: ec.seuil_rentabilite(0.5, 0), "ne peut pas valoir 0"),
    (lambda: ec.profit_attendu(100, 0.02, 30, -1), "négatif"),
    (lambda: ec.cout_campagne(float("nan"), canal="sms"), "nombre fini"),
    (lambda: ec.table_pareto(pd.DataFrame({"id": [1], "montant": [1.0]})), "colonnes disponibles"),
    (lambda: ec.table_pareto(pd.DataFrame({"client_id": [1], "montant": [np.nan]})), "NaN"),
    (lambda: sc.segmentation_rfm(pd.DataFrame({"client_id": [1]})), "colonnes disponibles"),
    (lambda: sc.table_gains(pd.DataFrame({"score": [np.nan], "reponse": [1]})), "NaN"),
    (lambda: em.kpi_emailing_comptes(envoyes=-3), "négatif"),
    (lambda: lo.offres_personnalisees(pd.DataFrame({"client_id": [1]})), "colonnes disponibles"),
    (lambda: lo.taux_churn(pd.DataFrame({"client_id": [1], "date_commande": ["x"]})), "dates"),
]


@pytest.mark.parametrize(("appel", "fragment"), MAUVAIS)
def test_bad_input_raises_french_value_error(appel, fragment):
    with pytest.raises(ValueError, match=fragment) as info:
        appel()
    message = str(info.value)
    assert message[:1].islower() or message[:1] in "«"  # a sentence, not a Python repr
    assert any(mot in message for mot in (" ; ", "doit", "ne peut", "absente", "contient"))
