"""Seeded generator of the Super Chef customer database.

Customers are generated in blocks of :data:`TAILLE_BLOC` (each block has its
own random stream derived from the seed), so a large build never holds more
than one block in memory and the output depends only on ``(seed, size)``.

Every figure of the course comes out of an explicit mechanism whose
parameters are in :data:`PARAMETRES_CACHES` (for tests only, never shown to
students): heavy-tailed purchase rates (Pareto), costly customers (service
events, Stobachoff), churn by acquisition channel and loyalty card, a logistic
response model on recency / frequency / amount / category affinity for the
campaigns, an A/B subject-line test where B is truly a little better.

>>> import tempfile, pathlib
>>> from crmkit.data.generator import generer
>>> with tempfile.TemporaryDirectory() as d:
...     manifeste = generer(pathlib.Path(d), seed=1, taille=300)
>>> manifeste["lignes"]["clients"]
300
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from .bloc import _Bloc, _catalogue
from .fichier_loue import fichier_loue
from .parametres import (
    CAMPAGNES,
    GRAINE_DEFAUT,
    PARAMETRES_CACHES,
    TAILLE_BLOC,
    TAILLES,
    VERSION_GENERATEUR,
    jour,
    nb_clients,
    proba_reponse_vraie,
)
from .paths import DOSSIER_CSV, FICHIER_MANIFESTE, FICHIER_SQLITE
from .schema import CATEGORIES, TABLES
from .writer import Ecrivain

__all__ = [
    "PARAMETRES_CACHES",
    "CAMPAGNES",
    "TAILLES",
    "TAILLE_BLOC",
    "GRAINE_DEFAUT",
    "VERSION_GENERATEUR",
    "generer",
    "nb_clients",
    "jour",
    "proba_reponse_vraie",
]


# --------------------------------------------------------------------------- driver


def _sha256(chemin: Path) -> str:
    h = hashlib.sha256()
    with open(chemin, "rb") as f:
        for morceau in iter(lambda: f.read(1 << 20), b""):
            h.update(morceau)
    return h.hexdigest()


def generer(dossier: Path | str, seed: int = GRAINE_DEFAUT, taille: str | int = "default") -> dict:
    """Generate the data set into ``dossier`` (atomically) and return its manifest.

    Files are first written to a temporary folder next to ``dossier`` then
    moved in place, so a reader never sees a half-written database.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     generer(d, seed=1, taille=200)["lignes"]["campagnes"]
    8
    """
    dossier = Path(dossier)
    n_total = nb_clients(taille)
    dossier.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".superchef-", dir=dossier.parent))
    try:
        manifeste = _generer_dans(tmp, int(seed), n_total)
        dossier.mkdir(parents=True, exist_ok=True)
        (dossier / DOSSIER_CSV).mkdir(exist_ok=True)
        for table in TABLES:
            os.replace(tmp / DOSSIER_CSV / f"{table}.csv", dossier / DOSSIER_CSV / f"{table}.csv")
        os.replace(tmp / FICHIER_MANIFESTE, dossier / FICHIER_MANIFESTE)
        os.replace(tmp / FICHIER_SQLITE, dossier / FICHIER_SQLITE)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return manifeste


def _temoins(bloc: _Bloc, id_client0: int) -> dict[str, np.ndarray]:
    """Control groups of the retention mailings (post to customers) of one block."""
    camp, cli = [], []
    for c in CAMPAGNES:
        if c.cible == "clients" and c.canal == "courrier":
            idx = bloc.temoins(c)
            camp.append(np.full(len(idx), c.campagne_id))
            cli.append(id_client0 + idx)
    return {"campagne_id": np.concatenate(camp), "client_id": np.concatenate(cli)}


def _generer_dans(dossier: Path, seed: int, n_total: int) -> dict:
    cat = _catalogue(seed)
    ecrivain = Ecrivain(dossier)
    contacts_prospects = dict.fromkeys(
        (c.campagne_id for c in CAMPAGNES if c.cible == "prospects"), 0
    )
    contacts_clients: dict[int, int] = {}
    ids = {"client": 1, "cmd": 1, "ligne": 1, "evt": 1}
    chronologie = sorted(CAMPAGNES, key=lambda c: c.date)
    for b, debut in enumerate(range(0, n_total, TAILLE_BLOC)):
        n = min(TAILLE_BLOC, n_total - debut)
        rng = np.random.default_rng([seed, b])
        bloc = _Bloc(rng, n, cat, graine=seed, numero=b)
        for c in chronologie:
            bloc.campagne(c)
        t = bloc.tables(ids["client"], ids["cmd"], ids["ligne"], ids["evt"])
        for table in (
            "clients",
            "consentements",
            "commandes",
            "lignes_commande",
            "evenements_service",
            "contacts_campagne",
            "evenements_email",
        ):
            ecrivain.ajouter(table, t[table])
        ecrivain.ajouter("temoins_campagne", _temoins(bloc, ids["client"]))
        if b == 0:  # the rented file's customers come from the first block (any size)
            clients_bloc0 = t["clients"]
        ids["client"] += n
        ids["cmd"] += len(t["commandes"]["commande_id"])
        ids["ligne"] += len(t["lignes_commande"]["ligne_id"])
        ids["evt"] += len(t["evenements_service"]["evenement_id"])
        for k, v in bloc.contacts_prospects.items():
            contacts_prospects[k] += v
        camps, comptes = np.unique(t["contacts_campagne"]["campagne_id"], return_counts=True)
        for k, v in zip(camps.tolist(), comptes.tolist(), strict=True):
            contacts_clients[k] = contacts_clients.get(k, 0) + v
        del bloc, t
    ecrivain.ajouter("categories", cat.tables["categories"])
    ecrivain.ajouter("produits", cat.tables["produits"])
    ecrivain.ajouter(
        "campagnes",
        {
            "campagne_id": np.array([c.campagne_id for c in CAMPAGNES]),
            "nom_campagne": np.array([c.nom for c in CAMPAGNES], dtype=object),
            "canal": np.array([c.canal for c in CAMPAGNES], dtype=object),
            "date_campagne": np.array([jour(c.date) for c in CAMPAGNES]),
            "offre": np.array([c.offre for c in CAMPAGNES], dtype=object),
            "categorie_id": np.array(
                [CATEGORIES.index(c.categorie) + 1 if c.categorie else -1 for c in CAMPAGNES]
            ),
            "cout_unitaire": np.array([c.cout_unitaire for c in CAMPAGNES]),
            "cible": np.array([c.cible for c in CAMPAGNES], dtype=object),
            "nb_contacts": np.array(
                [
                    contacts_prospects[c.campagne_id]
                    if c.cible == "prospects"
                    else contacts_clients.get(c.campagne_id, 0)
                    for c in CAMPAGNES
                ]
            ),
        },
    )
    ecrivain.ajouter("fichier_loue", fichier_loue(seed, clients_bloc0))
    lignes = ecrivain.terminer()
    manifeste = {
        "jeu": "Super Chef",
        "version_generateur": VERSION_GENERATEUR,
        "graine": seed,
        "nb_clients": n_total,
        "lignes": lignes,
        "sha256": {
            f"{DOSSIER_CSV}/{t}.csv": _sha256(dossier / DOSSIER_CSV / f"{t}.csv") for t in TABLES
        }
        | {FICHIER_SQLITE: _sha256(dossier / FICHIER_SQLITE)},
    }
    (dossier / FICHIER_MANIFESTE).write_text(
        json.dumps(manifeste, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifeste
