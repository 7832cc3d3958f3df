"""Generator: determinism against the committed files, block streaming, command line."""

import hashlib
import json
import subprocess
import sys

import pytest

from crmkit.data import charger
from crmkit.data import generator as gen
from crmkit.data.schema import TABLES


def sha256(chemin):
    return hashlib.sha256(chemin.read_bytes()).hexdigest()


def test_same_seed_gives_the_committed_bytes(repo_root, tmp_path):
    """`make data` then `git status` shows no change: two fresh builds equal the committed files."""
    engage = repo_root / "data"
    manifeste = json.loads((engage / "manifest.json").read_text(encoding="utf-8"))
    builds = [gen.generer(tmp_path / f"run{i}") for i in range(2)]
    assert builds[0] == builds[1] == manifeste
    for nom, empreinte in manifeste["sha256"].items():
        assert sha256(tmp_path / "run0" / nom) == empreinte == sha256(engage / nom), nom
        assert (tmp_path / "run1" / nom).read_bytes() == (engage / nom).read_bytes(), nom
    assert (tmp_path / "run0" / "manifest.json").read_bytes() == (
        engage / "manifest.json"
    ).read_bytes()


def test_another_seed_gives_other_data(tmp_path):
    a = gen.generer(tmp_path / "a", seed=1, taille=400)
    b = gen.generer(tmp_path / "b", seed=2, taille=400)
    assert a["sha256"]["csv/clients.csv"] != b["sha256"]["csv/clients.csv"]
    assert a["sha256"]["csv/produits.csv"] != b["sha256"]["csv/produits.csv"]  # costs differ


def test_blocks_stream_with_global_ids(monkeypatch, tmp_path):
    monkeypatch.setattr(gen, "TAILLE_BLOC", 300)
    manifeste = gen.generer(tmp_path / "blocs", seed=3, taille=750)  # 3 blocks
    assert manifeste["lignes"]["clients"] == 750
    d = tmp_path / "blocs"
    cl, cmd = charger("clients", d), charger("commandes", d)
    lignes, cc = charger("lignes_commande", d), charger("contacts_campagne", d)
    assert cl["client_id"].tolist() == list(range(1, 751))
    assert cmd["commande_id"].tolist() == list(range(1, len(cmd) + 1))
    assert lignes["ligne_id"].is_unique and lignes["commande_id"].isin(cmd["commande_id"]).all()
    assert (
        cmd["client_id"].isin(cl["client_id"]).all() and cc["client_id"].isin(cl["client_id"]).all()
    )
    assert (
        cmd.groupby("client_id")["date_commande"].min().values
        == cl.set_index("client_id")["date_inscription"].values
    ).all()
    cp = charger("campagnes", d).set_index("campagne_id")
    assert cp.loc[1, "nb_contacts"] == (cc["campagne_id"] == 1).sum()
    again = gen.generer(tmp_path / "blocs2", seed=3, taille=750)
    assert again["sha256"] == manifeste["sha256"]


def test_sizes():
    assert gen.nb_clients("default") == 20_000
    assert gen.nb_clients("large") == 200_000
    assert gen.nb_clients("1234") == 1234
    for mauvais in ("enorme", 10, None):
        with pytest.raises(ValueError, match="taille"):
            gen.nb_clients(mauvais)


def test_hidden_model_is_increasing_in_the_right_direction():
    base = dict(campagne_id=1, recence_jours=60, frequence=2, montant=300.0, affinite=0.2)
    p0 = gen.proba_reponse_vraie(**base)
    assert gen.proba_reponse_vraie(**{**base, "recence_jours": 600}) < p0
    assert gen.proba_reponse_vraie(**{**base, "frequence": 6}) > p0
    assert gen.proba_reponse_vraie(**{**base, "montant": 1500.0}) > p0
    assert gen.proba_reponse_vraie(**{**base, "affinite": 0.9}) > p0


def test_command_line(tmp_path):
    sortie = subprocess.run(
        [
            sys.executable,
            "-m",
            "crmkit.data",
            "generate",
            "--size",
            "200",
            "--seed",
            "5",
            "--out",
            str(tmp_path / "cli"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "200 clients" in sortie.stdout
    assert all((tmp_path / "cli" / "csv" / f"{t}.csv").is_file() for t in TABLES)
    erreur = subprocess.run(
        [sys.executable, "-m", "crmkit.data", "generate", "--size", "xl"],
        capture_output=True,
        text=True,
    )
    assert erreur.returncode == 2 and "taille 'xl' invalide" in erreur.stderr
