"""Loaders: finding the data folder, regenerating, and every bad input's French error."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from crmkit.data import (
    ErreurDonnees,
    charger,
    connexion,
    dossier_donnees,
    lire_csv,
    loaders,
    paths,
    tables,
)


@pytest.fixture(scope="module")
def petit_jeu(tmp_path_factory):
    """A small generated data set (300 customers) in its own folder."""
    from crmkit.data.generator import generer

    dossier = tmp_path_factory.mktemp("superchef") / "data"
    generer(dossier, seed=7, taille=300)
    return dossier


@pytest.fixture
def copie(petit_jeu, tmp_path):
    dossier = tmp_path / "data"
    shutil.copytree(petit_jeu, dossier)
    return dossier


# ----------------------------------------------------------------------------- locating


def test_env_variable_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("CRMKIT_DATA", str(tmp_path / "ailleurs"))
    assert dossier_donnees() == (tmp_path / "ailleurs").resolve()


def test_repository_checkout_is_found_from_any_folder(monkeypatch, repo_root, tmp_path):
    monkeypatch.delenv("CRMKIT_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    assert dossier_donnees() == repo_root / "data"


def test_exercise_folder_and_cache_when_installed(monkeypatch, tmp_path):
    """Without a checkout: a data/ folder in the working directory's parents, else the cache."""
    monkeypatch.delenv("CRMKIT_DATA", raising=False)
    monkeypatch.setattr(paths, "dossier_depot", lambda depart=None: None)
    td = tmp_path / "exercices" / "td2"
    td.mkdir(parents=True)
    monkeypatch.chdir(td)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert dossier_donnees() == tmp_path / "cache" / "crmkit" / "superchef"
    (tmp_path / "exercices" / "data").mkdir()
    (tmp_path / "exercices" / "data" / "superchef.sqlite").write_bytes(b"")
    assert dossier_donnees() == tmp_path / "exercices" / "data"


def test_checkout_detection_needs_pyproject_and_package(tmp_path):
    assert paths.dossier_depot(tmp_path / "a" / "b.py") is None
    (tmp_path / "src" / "crmkit").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("")
    assert paths.dossier_depot(tmp_path / "src" / "crmkit" / "data" / "x.py") == tmp_path / "data"


def test_fresh_interpreter_anywhere_finds_the_committed_data(repo_root, tmp_path):
    """A notebook kernel started outside the checkout (e.g. a copied exercise folder)."""
    code = (
        "from crmkit.data import charger, dossier_donnees; "
        "print(dossier_donnees(), len(charger('campagnes')))"
    )
    env = {k: v for k, v in os.environ.items() if k != "CRMKIT_DATA"}
    sortie = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sortie == [str(repo_root / "data"), "8"]


def test_missing_data_is_regenerated(monkeypatch, tmp_path, capsys):
    from crmkit.data import generator

    appels = []
    vrai_generer = generator.generer

    def faux_generer(dossier, seed=generator.GRAINE_DEFAUT, taille="default"):
        appels.append(dossier)
        return vrai_generer(dossier, seed=seed, taille=250)

    monkeypatch.setattr(generator, "generer", faux_generer)
    monkeypatch.setenv("CRMKIT_DATA", str(tmp_path / "neuf"))
    clients = charger("clients")
    assert len(clients) == 250 and appels == [(tmp_path / "neuf").resolve()]
    assert "génération" in capsys.readouterr().out
    charger("clients")
    assert len(appels) == 1  # present now: not generated again


# ----------------------------------------------------------------------------- loading


def test_charger_returns_typed_frames(petit_jeu):
    cmd = charger("commandes", petit_jeu)
    assert cmd["date_commande"].dtype == "datetime64[ns]"
    assert str(cmd["campagne_id"].dtype) == "Int64"
    assert cmd["montant"].dtype == "float64"
    assert tables(petit_jeu)[0] == "clients"
    assert list(charger("commandes", petit_jeu, source="csv").columns) == list(cmd.columns)


def test_relative_folder_and_folder_with_spaces(petit_jeu, tmp_path, monkeypatch):
    dossier = tmp_path / "mes données #1"
    shutil.copytree(petit_jeu, dossier)
    monkeypatch.chdir(tmp_path)
    assert len(charger("clients", "mes données #1")) == 300
    connexion(Path("mes données #1")).close()


def test_connexion_is_read_only(petit_jeu):
    cnx = connexion(petit_jeu)
    assert pd.read_sql("SELECT COUNT(*) AS n FROM clients", cnx)["n"].item() == 300
    with pytest.raises(sqlite3.OperationalError):
        cnx.execute("DROP TABLE clients")
    cnx.close()


def test_unknown_table_and_source(petit_jeu):
    with pytest.raises(
        ErreurDonnees, match="table 'commande' absente.*tables disponibles : clients"
    ):
        charger("commande", petit_jeu)
    with pytest.raises(ErreurDonnees, match="source 'excel' inconnue"):
        charger("clients", petit_jeu, source="excel")


# ----------------------------------------------------------------------------- bad inputs


def test_missing_csv_file(copie):
    (copie / "csv" / "produits.csv").unlink()
    with pytest.raises(ErreurDonnees, match=r"fichier manquant : .*produits\.csv"):
        charger("produits", copie, source="csv")


def test_missing_table_in_database(copie):
    cnx = sqlite3.connect(copie / "superchef.sqlite")
    cnx.execute("DROP TABLE campagnes")
    cnx.commit()
    cnx.close()
    with pytest.raises(
        ErreurDonnees, match="table 'campagnes' absente de la base ; tables présentes : .*clients"
    ):
        charger("clients", copie)


def test_missing_column_in_database(copie):
    cnx = sqlite3.connect(copie / "superchef.sqlite")
    cnx.execute("ALTER TABLE produits RENAME COLUMN marque TO brand")
    cnx.commit()
    cnx.close()
    with pytest.raises(
        ErreurDonnees,
        match="colonne 'marque' absente de la table 'produits' ; colonnes disponibles : .*brand",
    ):
        connexion(copie)


def test_wrong_type_in_database(copie):
    cnx = sqlite3.connect(copie / "superchef.sqlite")
    cnx.execute("UPDATE commandes SET montant = 'beaucoup' WHERE commande_id = 3")
    cnx.commit()
    cnx.close()
    with pytest.raises(
        ErreurDonnees,
        match="colonne 'montant' de la table 'commandes' : type incorrect, nombre attendu.*beaucoup",
    ):
        charger("commandes", copie)


def test_damaged_database_file(copie):
    base = copie / "superchef.sqlite"
    base.write_bytes(b"ceci n'est pas une base" * 100)
    with pytest.raises(ErreurDonnees, match="base SQLite illisible ou endommagée"):
        charger("clients", copie)


def test_truncated_csv(copie):
    chemin = copie / "csv" / "commandes.csv"
    contenu = chemin.read_bytes()
    chemin.write_bytes(contenu[: len(contenu) // 2])
    with pytest.raises(ErreurDonnees, match="fichier CSV tronqué : commandes.csv"):
        lire_csv(chemin, "commandes")


def test_csv_cut_at_a_line_end_is_caught_by_the_manifest(copie):
    chemin = copie / "csv" / "commandes.csv"
    lignes = chemin.read_text(encoding="utf-8").splitlines(keepends=True)
    chemin.write_text("".join(lignes[:-10]), encoding="utf-8")
    with pytest.raises(
        ErreurDonnees, match=r"commandes.csv contient \d+ lignes de données, \d+ attendues"
    ):
        lire_csv(chemin, "commandes")


@pytest.mark.parametrize(
    "remplacement, message",
    [
        (lambda x: x + ",en trop", "champs en trop à la ligne 4"),
        (lambda x: x.rsplit(",", 2)[0], "champs manquants à la ligne 4"),
        (lambda x: x.replace(",", ',"', 1), "fichier CSV mal formé"),
    ],
)
def test_malformed_csv_rows(copie, remplacement, message):
    chemin = copie / "csv" / "lignes_commande.csv"
    lignes = chemin.read_text(encoding="utf-8").split("\n")
    lignes[3] = remplacement(lignes[3])
    chemin.write_text("\n".join(lignes), encoding="utf-8")
    with pytest.raises(ErreurDonnees, match=message):
        lire_csv(chemin, "lignes_commande")


def test_csv_with_missing_column(copie):
    chemin = copie / "csv" / "categories.csv"
    chemin.write_text("categorie_id,nom\n1,casseroles\n", encoding="utf-8")
    with pytest.raises(
        ErreurDonnees,
        match="'nom_categorie' absente\\(s\\) du fichier categories.csv.*colonnes disponibles : categorie_id, nom",
    ):
        lire_csv(chemin, "categories")


def test_csv_with_bad_date_and_empty_file(copie):
    chemin = copie / "csv" / "campagnes.csv"
    texte = chemin.read_text(encoding="utf-8").replace("2024-03-12", "12/03/2024")
    chemin.write_text(texte, encoding="utf-8")
    with pytest.raises(ErreurDonnees, match="dates illisibles.*12/03/2024"):
        lire_csv(chemin, "campagnes")
    chemin.write_text("", encoding="utf-8")
    with pytest.raises(ErreurDonnees, match="fichier CSV vide"):
        lire_csv(chemin, "campagnes")


def test_errors_are_value_errors():
    assert issubclass(ErreurDonnees, ValueError)
    assert loaders.ErreurDonnees is ErreurDonnees
    assert Path(paths.__file__).name == "paths.py"


def test_reading_the_data_does_not_import_the_generator():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from crmkit.data import charger, connexion, dossier_donnees\n"
        "charger('campagnes')\n"
        "assert 'crmkit.data.generator' not in sys.modules, 'générateur importé'\n"
        "from crmkit.data import generer\n"
        "assert 'crmkit.data.generator' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
