"""Schema, referential integrity and data dictionary of the committed Super Chef data."""

import json
import re

import pandas as pd
import pytest

from crmkit.data import charger, connexion
from crmkit.data.schema import SCHEMA, TABLES


@pytest.fixture(scope="module")
def dossier(repo_root):
    return repo_root / "data"


@pytest.fixture(scope="module")
def t(dossier):
    return {table: charger(table, dossier) for table in TABLES}


def test_every_table_has_exactly_the_documented_columns(t):
    for table in TABLES:
        assert list(t[table].columns) == list(SCHEMA[table]), table
        assert len(t[table]) > 0, table


def test_sqlite_declared_columns_match_schema(dossier):
    cnx = connexion(dossier)
    try:
        for table in TABLES:
            noms = [r[1] for r in cnx.execute(f"PRAGMA table_info({table})")]
            assert noms == list(SCHEMA[table])
        with pytest.raises(Exception, match="readonly|read-only"):
            cnx.execute("DELETE FROM categories")
    finally:
        cnx.close()


def test_csv_copies_equal_sqlite_tables(t, dossier):
    for table in ("clients", "commandes", "campagnes", "evenements_email"):
        csv = charger(table, dossier, source="csv")
        pd.testing.assert_frame_equal(csv, t[table], check_dtype=False)


def test_manifest_row_counts(t, dossier):
    manifeste = json.loads((dossier / "manifest.json").read_text(encoding="utf-8"))
    assert manifeste["lignes"] == {table: len(t[table]) for table in TABLES}
    assert manifeste["nb_clients"] == 20_000


def test_primary_keys_are_unique_and_consecutive(t):
    for table, cle in [
        ("clients", "client_id"),
        ("commandes", "commande_id"),
        ("lignes_commande", "ligne_id"),
        ("produits", "produit_id"),
        ("evenements_service", "evenement_id"),
        ("campagnes", "campagne_id"),
    ]:
        ids = t[table][cle]
        assert ids.is_unique and ids.min() == 1 and ids.max() == len(ids), table
    assert not t["consentements"].duplicated(["client_id", "canal"]).any()
    assert len(t["consentements"]) == 3 * len(t["clients"])
    assert not t["contacts_campagne"].duplicated(["campagne_id", "client_id"]).any()


@pytest.mark.parametrize(
    "enfant, colonne, parent, cle",
    [
        ("commandes", "client_id", "clients", "client_id"),
        ("commandes", "campagne_id", "campagnes", "campagne_id"),
        ("lignes_commande", "commande_id", "commandes", "commande_id"),
        ("lignes_commande", "produit_id", "produits", "produit_id"),
        ("produits", "categorie_id", "categories", "categorie_id"),
        ("evenements_service", "client_id", "clients", "client_id"),
        ("evenements_service", "commande_id", "commandes", "commande_id"),
        ("consentements", "client_id", "clients", "client_id"),
        ("campagnes", "categorie_id", "categories", "categorie_id"),
        ("contacts_campagne", "client_id", "clients", "client_id"),
        ("contacts_campagne", "campagne_id", "campagnes", "campagne_id"),
        ("evenements_email", "client_id", "clients", "client_id"),
        ("evenements_email", "campagne_id", "campagnes", "campagne_id"),
        ("temoins_campagne", "client_id", "clients", "client_id"),
        ("temoins_campagne", "campagne_id", "campagnes", "campagne_id"),
    ],
)
def test_foreign_keys_exist(t, enfant, colonne, parent, cle):
    valeurs = t[enfant][colonne].dropna()
    orphelins = ~valeurs.isin(t[parent][cle])
    assert not orphelins.any(), f"{enfant}.{colonne} : {valeurs[orphelins].head().tolist()}"


def test_amounts_add_up(t):
    lignes = t["lignes_commande"]
    assert ((lignes["montant"] - lignes["quantite"] * lignes["prix_unitaire"]).abs() < 0.011).all()
    somme = lignes.groupby("commande_id")[["montant", "marge"]].sum()
    cmd = t["commandes"].set_index("commande_id")
    assert somme.index.equals(cmd.index)  # every order has lines
    assert ((somme["montant"] - cmd["montant"]).abs() < 0.02).all()
    assert ((somme["marge"] - cmd["marge"]).abs() < 0.02).all()
    assert (lignes["quantite"] >= 1).all() and (cmd["montant"] > 0).all()
    prod = t["produits"]
    assert (prod["cout_unitaire"] < prod["prix_unitaire"]).all()


def test_dates_are_consistent(t):
    debut, fin = pd.Timestamp("2019-01-01"), pd.Timestamp("2025-12-31")
    cl = t["clients"].set_index("client_id")
    cmd = t["commandes"]
    assert cmd["date_commande"].between(debut, fin).all()
    assert (cmd["date_commande"] >= cl.loc[cmd["client_id"], "date_inscription"].to_numpy()).all()
    premiere = cmd.groupby("client_id")["date_commande"].min()
    assert (premiere == cl.loc[premiere.index, "date_inscription"]).all()
    assert (
        cmd["commande_id"].is_monotonic_increasing and cmd["date_commande"].is_monotonic_increasing
    )
    carte = cl["carte_fidelite"] == 1
    assert cl.loc[carte, "date_adhesion_carte"].notna().all()
    assert cl.loc[~carte, "date_adhesion_carte"].isna().all()
    assert (cl.loc[carte, "date_adhesion_carte"] >= cl.loc[carte, "date_inscription"]).all()
    for table, col in [
        ("evenements_service", "date_evenement"),
        ("contacts_campagne", "date_reponse"),
        ("evenements_email", "date_evenement"),
        ("consentements", "date_statut"),
    ]:
        assert t[table][col].dropna().between(debut, fin).all(), table


def test_b2b_fields(t):
    cl = t["clients"]
    b2b = cl["type_client"] == "b2b"
    assert cl.loc[b2b, "raison_sociale"].notna().all()
    assert cl.loc[~b2b, "raison_sociale"].isna().all()
    assert 0.03 < b2b.mean() < 0.15
    assert cl["email"].str.match(r"^[a-z0-9.\-]+@[a-z0-9.\-]+\.(example|com|org|net)$").all()
    assert cl["code_postal"].str.fullmatch(r"\d{5}").all()


def test_campaign_answers_match_orders(t):
    cc = t["contacts_campagne"]
    rep = cc[cc["reponse"] == 1]
    assert (
        rep["date_reponse"].notna().all()
        and cc.loc[cc["reponse"] == 0, "date_reponse"].isna().all()
    )
    assert (cc.loc[cc["reponse"] == 0, "montant_reponse"] == 0).all()
    cmd = t["commandes"].dropna(subset=["campagne_id"])
    agreg = cmd.groupby(["campagne_id", "client_id"])["montant"].sum()
    cle = pd.MultiIndex.from_frame(rep[["campagne_id", "client_id"]].astype("int64"))
    assert len(agreg) == len(rep)
    assert ((agreg.reindex(cle).to_numpy() - rep["montant_reponse"].to_numpy()) == 0).all()


def test_campaign_costs_follow_the_course(t):
    cp = t["campagnes"].set_index("campagne_id")
    couts = {"courrier": {1.0}, "telephone": {3.0}, "sms": {0.1}, "email": {0.02}}
    for _, c in cp.iterrows():
        if c["canal"] == "face_a_face":
            assert 200 <= c["cout_unitaire"] <= 300
        else:
            assert c["cout_unitaire"] in couts[c["canal"]]
    assert cp.loc[1, "canal"] == cp.loc[2, "canal"] == "courrier"
    assert cp.loc[1, "offre"] == cp.loc[2, "offre"]
    assert (cp.loc[2, "date_campagne"] - cp.loc[1, "date_campagne"]).days in range(350, 380)
    clients = cp[cp["cible"] == "clients"]
    nb = t["contacts_campagne"].groupby("campagne_id").size()
    assert (nb.loc[clients.index] == clients["nb_contacts"]).all()
    prosp = cp[cp["cible"] == "prospects"]
    assert (prosp["nb_contacts"] > 20 * nb.loc[prosp.index]).all()


def test_consents(t):
    co = t["consentements"]
    assert (co["source"] == "case_precochee").sum() > 100
    precoche = co[co["source"] == "case_precochee"]
    assert (precoche["canal"] == "email").all() and (precoche["statut"] == "opt_in").all()
    desabo = co["source"] == "lien_desabonnement"
    assert (co.loc[desabo, "statut"] == "opt_out").all()
    # nobody was e-mailed without a valid opt-in at the time of the campaign
    envoyes = t["evenements_email"].query("evenement == 'envoye'")["client_id"]
    email = co[co["canal"] == "email"].set_index("client_id").loc[envoyes]
    assert (email["source"] != "case_precochee").all()
    date_camp = t["campagnes"].set_index("campagne_id").loc[3, "date_campagne"]
    parti_avant = (email["statut"] == "opt_out") & (email["date_statut"] < date_camp)
    assert not parti_avant.any()
    ee = t["evenements_email"]
    partis = set(ee.loc[ee["evenement"] == "desabonne", "client_id"])
    assert partis and all(email.loc[list(partis), "source"] == "lien_desabonnement")


def test_control_group_is_a_tenth_of_the_mailable_customers_not_mailed(t):
    """Témoins: drawn among the customers the mailing could reach, not mailed, no answer."""
    from crmkit.data.parametres import PART_TEMOINS

    cp = t["campagnes"].set_index("campagne_id")
    tem, cc, cl = t["temoins_campagne"], t["contacts_campagne"], t["clients"]
    courrier = t["consentements"].query("canal == 'courrier'").set_index("client_id")["statut"]
    assert sorted(tem["campagne_id"].unique()) == [1, 2]
    assert not tem.duplicated().any()
    for c in (1, 2):
        temoins = set(tem.loc[tem["campagne_id"] == c, "client_id"])
        postes = set(cc.loc[cc["campagne_id"] == c, "client_id"])
        inscrits = set(cl.loc[cl["date_inscription"] < cp.loc[c, "date_campagne"], "client_id"])
        joignables = {i for i in inscrits if courrier[i] == "opt_in"}
        assert not temoins & postes
        assert temoins | postes == joignables
        assert len(temoins) == round(PART_TEMOINS * len(joignables))
        assert cp.loc[c, "nb_contacts"] == len(postes)
        reponses = t["commandes"].query("campagne_id == @c")["client_id"]
        assert not temoins & set(reponses)
    # the two mailings' control groups are drawn independently of each other
    t1, t2 = (set(tem.loc[tem["campagne_id"] == c, "client_id"]) for c in (1, 2))
    assert 0.05 < len(t1 & t2) / len(t1) < 0.2


def test_readme_documents_every_table_and_column(dossier):
    texte = (dossier / "README.md").read_text(encoding="utf-8")
    for table in TABLES:
        section = re.search(rf"### `{table}`(.*?)(?=\n### |\n## |\Z)", texte, re.S)
        assert section, table
        for colonne in SCHEMA[table]:
            assert f"| `{colonne}` |" in section.group(1), f"{table}.{colonne}"
