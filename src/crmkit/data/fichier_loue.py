"""The rented prospect file (``fichier_loue``): a few thousand addresses with real defects.

Super Chef rents a prospect file from a list broker before a recruitment mailing.
Like a real rented file it needs cleaning before anyone is mailed:

- the same person appears more than once, written differently (upper case,
  accents lost, extra spaces, « bd » for « boulevard », a postal code that lost
  its leading zero in a spreadsheet);
- some people are already Super Chef customers (same first name, name and
  postal code as a row of ``clients``, written the file's way);
- some addresses came back « n'habite pas à l'adresse indiquée » (NPAI) from a
  previous mailing (``retour_npai`` = 1);
- some people are on an opposition list (``liste_opposition`` = 1).

The table has its OWN random stream (``default_rng([seed, FLUX_FICHIER_LOUE])``),
drawn after every other table, so adding it left the other tables byte-identical.
Duplicates and flags are drawn per person: every row of one person carries the
same flags, so the cleaning steps give the same count in any order.

>>> import numpy as np
>>> clients = {"civilite": np.array(["Mme"]), "prenom": np.array(["Léa"]),
...            "nom": np.array(["Müller"]), "code_postal": np.array(["06000"]),
...            "ville": np.array(["Nice"]), "type_client": np.array(["b2c"])}
>>> t = fichier_loue(seed=1, clients=clients, n_personnes=50)
>>> len(t["ligne_id"]) >= 50, sorted(set(t["retour_npai"].tolist())) <= [0, 1]
(True, True)
"""

from __future__ import annotations

import numpy as np

from crmkit.francais import sans_accents

from .referentiels import NOMS, PRENOMS_F, PRENOMS_M, VILLES

__all__ = ["FLUX_FICHIER_LOUE", "PARAMETRES_FICHIER", "fichier_loue"]

# Random stream of this table: far from the block numbers (0, 1, 2…) of the customers.
FLUX_FICHIER_LOUE = 0x4C4F5545  # "LOUE"

PARAMETRES_FICHIER = {
    "n_personnes": 3_000,  # distinct people in the file
    "part_clients": 0.08,  # people who are already Super Chef customers
    "part_clients_saisis_autrement": 0.5,  # of them, typed in capitals (half without accents)
    "part_doublons": 0.07,  # people delivered twice, written differently
    "part_npai": 0.05,  # addresses returned NPAI by a previous mailing
    "part_opposition": 0.03,  # people on an opposition list
    "part_cp_sans_zero": 0.5,  # postal codes 0xxxx written on 4 digits (spreadsheet)
}

# Towns of the broker's file: the customers' towns plus départements 01 to 09,
# whose postal codes start with a zero.
_VILLES_FICHIER = VILLES + (
    ("Bourg-en-Bresse", "01000", "01", 4),
    ("Laon", "02000", "02", 3),
    ("Moulins", "03000", "03", 3),
    ("Gap", "05000", "05", 3),
    ("Antibes", "06600", "06", 5),
    ("Privas", "07000", "07", 2),
    ("Charleville-Mézières", "08000", "08", 3),
    ("Foix", "09000", "09", 2),
)

# (way type, usual abbreviations) and street names, as people write them.
_VOIES = (
    ("rue", ("r.",)),
    ("avenue", ("av.", "av")),
    ("boulevard", ("bd", "bvd")),
    ("place", ("pl.",)),
    ("allée", ("all.",)),
    ("chemin", ("ch.",)),
    ("impasse", ("imp.",)),
)
_POIDS_VOIES = np.array([45, 20, 15, 6, 6, 5, 3], dtype=float)
_NOMS_VOIES = (
    "Victor Hugo",
    "Jean Jaurès",
    "de la République",
    "Pasteur",
    "Gambetta",
    "du Général de Gaulle",
    "des Lilas",
    "de la Gare",
    "Émile Zola",
    "des Écoles",
    "de Verdun",
    "du Moulin",
    "Sainte-Anne",
    "Saint-Exupéry",
    "des Tilleuls",
    "Jules Ferry",
    "de la Liberté",
    "du Château",
    "Voltaire",
    "des Acacias",
    "Carnot",
    "de l'Église",
    "Anatole France",
    "du Maréchal Foch",
)


def _cle(prenom: str, nom: str, code_postal: str) -> tuple[str, str, str]:
    return (sans_accents(prenom).upper(), sans_accents(nom).upper(), code_postal)


def _variante(rng: np.random.Generator, ligne: dict, abreviation: str) -> dict:
    """The same person written differently: one to three of the usual slips."""
    v = dict(ligne)
    defauts = rng.choice(4, size=rng.integers(1, 4), replace=False)
    for d in defauts.tolist():
        if d == 0:  # capitals everywhere
            v.update(prenom=v["prenom"].upper(), nom=v["nom"].upper(), adresse=v["adresse"].upper())
        elif d == 1:  # accents lost
            v.update({k: sans_accents(v[k]) for k in ("prenom", "nom", "adresse", "ville")})
        elif d == 2:  # spaces doubled and left over
            v.update(nom=f" {v['nom']} ", adresse=v["adresse"].replace(" ", "  ", 1) + " ")
        else:  # abbreviated way type
            type_voie = v["adresse"].split()[1]
            v["adresse"] = v["adresse"].replace(f" {type_voie} ", f" {abreviation} ", 1)
    if v["code_postal"].startswith("0"):
        v["code_postal"] = v["code_postal"][1:]
    return v


def fichier_loue(seed: int, clients: dict[str, np.ndarray], n_personnes: int | None = None) -> dict:
    """Columns of the ``fichier_loue`` table (lists keyed by column name).

    ``clients``: columns ``civilite``, ``prenom``, ``nom``, ``code_postal``,
    ``ville``, ``type_client`` of (some of) the customers, from which the
    people already customers are drawn (private customers only).
    """
    p = PARAMETRES_FICHIER
    n = int(p["n_personnes"] if n_personnes is None else n_personnes)
    rng = np.random.default_rng([int(seed), FLUX_FICHIER_LOUE])
    poids_villes = np.array([v[3] for v in _VILLES_FICHIER], dtype=float)
    villes = rng.choice(len(_VILLES_FICHIER), size=n, p=poids_villes / poids_villes.sum())
    femmes = rng.random(n) < 0.52
    prenoms_f = rng.choice(len(PRENOMS_F), size=n)
    prenoms_m = rng.choice(len(PRENOMS_M), size=n)
    noms = rng.choice(len(NOMS), size=n)
    numeros = rng.integers(1, 120, size=n)
    voies = rng.choice(len(_VOIES), size=n, p=_POIDS_VOIES / _POIDS_VOIES.sum())
    noms_voies = rng.choice(len(_NOMS_VOIES), size=n)
    personnes = []
    for i in range(n):
        ville, cp, _, _ = _VILLES_FICHIER[villes[i]]
        type_voie = _VOIES[voies[i]][0]
        personnes.append(
            {
                "civilite": "Mme" if femmes[i] else "M.",
                "prenom": PRENOMS_F[prenoms_f[i]] if femmes[i] else PRENOMS_M[prenoms_m[i]],
                "nom": NOMS[noms[i]],
                "adresse": f"{numeros[i]} {type_voie} {_NOMS_VOIES[noms_voies[i]]}",
                "code_postal": cp,
                "ville": ville,
            }
        )
    # New prospects never share first name + name + postal code with a customer of the
    # block: the people matched to the customer base are exactly those planted below.
    deja_vus = {
        _cle(clients["prenom"][c], clients["nom"][c], clients["code_postal"][c])
        for c in range(len(clients["nom"]))
    }
    for personne in personnes:
        while _cle(personne["prenom"], personne["nom"], personne["code_postal"]) in deja_vus:
            personne["nom"] = NOMS[int(rng.integers(len(NOMS)))]
    # People already customers: their identity and town, a street the customer file lacks;
    # the broker often types them in capitals, or without accents.
    particuliers = np.flatnonzero(np.asarray(clients["type_client"]) == "b2c")
    n_clients = min(int(round(p["part_clients"] * n)), len(particuliers))
    deja = rng.choice(particuliers, size=n_clients, replace=False)
    places = rng.choice(n, size=n_clients, replace=False)
    for i, c in zip(places.tolist(), deja.tolist(), strict=True):
        personnes[i].update(
            {k: str(clients[k][c]) for k in ("civilite", "prenom", "nom", "code_postal", "ville")}
        )
    saisie = rng.random(n_clients)
    for i, u in zip(places.tolist(), saisie.tolist(), strict=True):
        if u < p["part_clients_saisis_autrement"]:
            personne = personnes[i]
            personne.update(prenom=personne["prenom"].upper(), nom=personne["nom"].upper())
            if u < p["part_clients_saisis_autrement"] / 2:
                personne.update(
                    prenom=sans_accents(personne["prenom"]), nom=sans_accents(personne["nom"])
                )
    npai = (rng.random(n) < p["part_npai"]).astype(int)
    opposition = (rng.random(n) < p["part_opposition"]).astype(int)
    cp_sans_zero = rng.random(n) < p["part_cp_sans_zero"]
    doublons = rng.choice(n, size=int(round(p["part_doublons"] * n)), replace=False)
    lignes = []
    for i, personne in enumerate(personnes):
        ligne = dict(personne, retour_npai=int(npai[i]), liste_opposition=int(opposition[i]))
        if cp_sans_zero[i] and ligne["code_postal"].startswith("0"):
            ligne["code_postal"] = ligne["code_postal"][1:]
        lignes.append(ligne)
    for i in doublons.tolist():
        abreviations = _VOIES[voies[i]][1]
        abreviation = abreviations[int(rng.integers(len(abreviations)))]
        base = dict(personnes[i], retour_npai=int(npai[i]), liste_opposition=int(opposition[i]))
        lignes.append(_variante(rng, base, abreviation))
    ordre = rng.permutation(len(lignes))
    lignes = [lignes[k] for k in ordre.tolist()]
    colonnes = (
        "civilite",
        "prenom",
        "nom",
        "adresse",
        "code_postal",
        "ville",
        "retour_npai",
        "liste_opposition",
    )
    table = {"ligne_id": np.arange(1, len(lignes) + 1)}
    for col in colonnes:
        valeurs = [ligne[col] for ligne in lignes]
        entier = col in ("retour_npai", "liste_opposition")
        table[col] = np.array(valeurs, dtype=int if entier else object)
    return table
