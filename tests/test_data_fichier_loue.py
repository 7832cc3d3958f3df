"""The rented prospect file: its own random stream, and the defects it is meant to teach."""

import hashlib

import numpy as np
import pytest

from crmkit import fichiers
from crmkit.data import charger
from crmkit.data import generator as gen
from crmkit.data.fichier_loue import PARAMETRES_FICHIER, fichier_loue
from crmkit.data.schema import TABLES


def _sha(chemin):
    return hashlib.sha256(chemin.read_bytes()).hexdigest()


def test_adding_the_rented_file_left_every_other_table_byte_identical(monkeypatch, tmp_path):
    """Same build with the rented file replaced by an empty one: every other CSV is unchanged."""
    avec = gen.generer(tmp_path / "avec", seed=5, taille=600)
    vide = {col: np.array([], dtype=object) for col in fichier_loue(5, _un_client(), 1)}
    monkeypatch.setattr(gen, "fichier_loue", lambda *args, **kwargs: vide)
    sans = gen.generer(tmp_path / "sans", seed=5, taille=600)
    assert sans["lignes"]["fichier_loue"] == 0 < avec["lignes"]["fichier_loue"]
    autres = [t for t in TABLES if t != "fichier_loue"]
    for table in autres:
        nom = f"csv/{table}.csv"
        assert avec["sha256"][nom] == sans["sha256"][nom], table
        assert _sha(tmp_path / "avec" / nom) == _sha(tmp_path / "sans" / nom), table


def _un_client():
    return {
        "civilite": np.array(["Mme"]),
        "prenom": np.array(["Léa"]),
        "nom": np.array(["Roy"]),
        "code_postal": np.array(["06000"]),
        "ville": np.array(["Nice"]),
        "type_client": np.array(["b2c"]),
    }


@pytest.fixture(scope="module")
def tables(repo_root):
    return charger("fichier_loue", repo_root / "data"), charger("clients", repo_root / "data")


def test_the_file_has_the_defects_the_course_teaches(tables):
    fichier, clients = tables
    n = PARAMETRES_FICHIER["n_personnes"]
    assert 2_000 < len(fichier) < 5_000
    # Duplicates only caught once normalised: raw comparison misses almost all of them.
    brut = fichier.drop_duplicates(list(fichiers.COLONNES_PERSONNE))
    propre = fichiers.dedoublonner(fichier)
    assert len(propre) == n
    assert len(fichier) - len(brut) < 0.2 * (len(fichier) - len(propre))
    # Each usual slip occurs.
    assert fichier["code_postal"].str.len().eq(4).sum() > 30
    assert fichier["adresse"].str.contains(r"\bbd\b|\bav\.", regex=True).sum() > 10
    assert (fichier["nom"] == fichier["nom"].str.upper()).sum() > 50
    assert fichier["adresse"].str.contains("  ").sum() > 10
    # People already customers: exactly the planted share, half typed differently.
    deja = len(propre) - len(fichiers.retirer_clients(propre, clients))
    assert deja == round(PARAMETRES_FICHIER["part_clients"] * n)
    exact = propre.merge(clients[["prenom", "nom", "code_postal"]].drop_duplicates())
    assert len(exact) < 0.7 * deja
    # Flags are per person: every row of a person carries the same ones.
    cle = fichiers.cle_rapprochement(fichier)
    drapeaux = fichier.groupby(cle)[["retour_npai", "liste_opposition"]].nunique()
    assert (drapeaux == 1).all().all()
    assert 0.03 < fichier["retour_npai"].mean() < 0.08
    assert 0.015 < fichier["liste_opposition"].mean() < 0.05


def test_the_rented_file_depends_only_on_the_seed():
    a = fichier_loue(3, _un_client(), 200)
    b = fichier_loue(3, _un_client(), 200)
    c = fichier_loue(4, _un_client(), 200)
    assert all((a[k] == b[k]).all() for k in a)
    assert not all(len(a[k]) == len(c[k]) and (a[k] == c[k]).all() for k in a)
