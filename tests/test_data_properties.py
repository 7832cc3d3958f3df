"""Property tests (hypothesis) of the Super Chef validation functions."""

import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmkit.data import ErreurDonnees, lire_csv, valider_dataframe
from crmkit.data.schema import CANAUX_VENTE, SCHEMA

REGLAGES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

dates = st.dates(
    min_value=pd.Timestamp("2019-01-01").date(), max_value=pd.Timestamp("2025-12-31").date()
).map(lambda d: d.isoformat())
montants = st.decimals(min_value=0, max_value=10_000, places=2).map(float)


@st.composite
def commandes(draw, min_lignes=1):
    n = draw(st.integers(min_lignes, 30))
    return pd.DataFrame(
        {
            "commande_id": list(range(1, n + 1)),
            "client_id": draw(st.lists(st.integers(1, 10**6), min_size=n, max_size=n)),
            "date_commande": draw(st.lists(dates, min_size=n, max_size=n)),
            "canal_vente": draw(st.lists(st.sampled_from(CANAUX_VENTE), min_size=n, max_size=n)),
            "montant": draw(st.lists(montants, min_size=n, max_size=n)),
            "marge": draw(st.lists(montants, min_size=n, max_size=n)),
            "campagne_id": draw(st.lists(st.none() | st.integers(1, 8), min_size=n, max_size=n)),
        }
    )


def ecrire_csv(df: pd.DataFrame, dossier: Path, table: str, manifeste: bool) -> Path:
    (dossier / "csv").mkdir(parents=True, exist_ok=True)
    chemin = dossier / "csv" / f"{table}.csv"
    df.astype({"campagne_id": "Int64"}).to_csv(
        chemin, index=False, lineterminator="\n", float_format="%.2f"
    )
    if manifeste:
        (dossier / "manifest.json").write_text(json.dumps({"lignes": {table: len(df)}}))
    return chemin


@REGLAGES
@given(commandes())
def test_valid_frames_round_trip_through_csv(df):
    valide = valider_dataframe(df, "commandes")
    assert list(valide.columns) == list(SCHEMA["commandes"])
    assert valide["date_commande"].dtype == "datetime64[ns]"
    assert valide["campagne_id"].isna().tolist() == df["campagne_id"].isna().tolist()
    with tempfile.TemporaryDirectory() as d:
        relu = lire_csv(ecrire_csv(df, Path(d), "commandes", manifeste=True), "commandes")
    pd.testing.assert_frame_equal(relu, valide, check_dtype=False)


@REGLAGES
@given(commandes(), st.data())
def test_missing_columns_are_named_and_existing_ones_listed(df, data):
    retirees = data.draw(st.sets(st.sampled_from(list(df.columns)), min_size=1))
    reste = df.drop(columns=sorted(retirees))
    with pytest.raises(ErreurDonnees) as erreur:
        valider_dataframe(reste, "commandes")
    message = str(erreur.value)
    assert all(repr(c) in message for c in retirees)
    assert "colonnes disponibles : " + (", ".join(reste.columns) or "aucune") in message


@REGLAGES
@given(commandes(), st.data())
def test_non_numeric_values_are_refused(df, data):
    colonne = data.draw(st.sampled_from(["commande_id", "client_id", "montant", "marge"]))
    ligne = data.draw(st.integers(0, len(df) - 1))
    mot = data.draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=8))
    abime = df.astype({colonne: object})
    abime.loc[ligne, colonne] = mot
    with pytest.raises(ErreurDonnees, match=f"colonne '{colonne}'.*nombre attendu"):
        valider_dataframe(abime, "commandes")


@REGLAGES
@given(commandes(), st.text(min_size=1, max_size=10).filter(lambda s: s not in CANAUX_VENTE))
def test_codes_outside_the_allowed_list_are_refused(df, code):
    abime = df.copy()
    abime.loc[0, "canal_vente"] = code
    with pytest.raises(ErreurDonnees, match="valeurs non autorisées.*valeurs possibles : magasin"):
        valider_dataframe(abime, "commandes")


@REGLAGES
@given(commandes(), st.integers(1, 25), st.sampled_from(["commande_id", "client_id"]))
def test_non_integer_or_missing_ids_are_refused(df, ligne, colonne):
    ligne = ligne % len(df)
    abime = df.astype({colonne: float})
    abime.loc[ligne, colonne] = 1.5
    with pytest.raises(ErreurDonnees, match="entier attendu"):
        valider_dataframe(abime, "commandes")
    abime.loc[ligne, colonne] = None
    with pytest.raises(ErreurDonnees, match=f"lignes {ligne + 1}"):
        valider_dataframe(abime, "commandes")


@REGLAGES
@given(commandes(min_lignes=2), st.floats(0.0, 1.0, exclude_max=True), st.booleans())
def test_a_cut_csv_never_gives_partial_data(df, position, manifeste):
    with tempfile.TemporaryDirectory() as d:
        chemin = ecrire_csv(df, Path(d), "commandes", manifeste)
        brut = chemin.read_bytes()
        debut = brut.index(b"\n") + 1
        coupe = debut + int(position * (len(brut) - debut))
        chemin.write_bytes(brut[:coupe])
        try:
            relu = lire_csv(chemin, "commandes")
        except ErreurDonnees as exc:
            assert "tronqué" in str(exc) or "mal formé" in str(exc) or "vide" in str(exc)
            return
    # accepted only without a manifest, cut exactly at a row end: whole rows, all valid
    assert not manifeste and brut[:coupe].endswith(b"\n")
    attendu = valider_dataframe(df, "commandes").iloc[: len(relu)]
    pd.testing.assert_frame_equal(relu, attendu, check_dtype=False)
