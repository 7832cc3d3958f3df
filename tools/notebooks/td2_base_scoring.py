"""Write the TD2 part 1 notebooks (database and scoring) with nbformat.

Run from the repository root (the script formats the notebooks with ruff), then
rebuild the student version::

    .venv/bin/python tools/notebooks/td2_base_scoring.py
    PATH=.venv/bin:$PATH crmkit grading release td2_base_scoring

Writes ``solutions/td2_base_scoring/td2_base_scoring.ipynb`` (nbgrader source:
solutions, hidden tests, rubric) and ``course/02_base_de_donnees_scoring.ipynb``
(the lecture). Both are written without outputs.
"""

from __future__ import annotations

import sys

from nbcommun import RACINE, ecrire, formater, md, nbgrader_meta, py
from nbformat.v4 import new_code_cell, new_markdown_cell

TD = "td2_base_scoring"


def _nbg(gid: str, **options) -> dict:
    return {"nbgrader": nbgrader_meta(gid, **options)}


def texte(gid: str, source: str):
    return new_markdown_cell(source.strip(), metadata=_nbg(gid))


def code(gid: str, source: str):
    return new_code_cell(source.strip(), metadata=_nbg(gid))


def reponse(gid: str, source: str):
    return new_code_cell(source.strip(), metadata=_nbg(gid, solution=True, locked=False))


def test(gid: str, source: str, points: int):
    meta = _nbg(gid, grade=True, locked=True, points=points)
    meta["tags"] = ["raises-exception"]
    return new_code_cell(source.strip(), metadata=meta)


def libre(gid: str, source: str, points: int):
    return new_markdown_cell(
        source.strip(), metadata=_nbg(gid, grade=True, solution=True, locked=False, points=points)
    )


def question(qid: str, enonce: str, solution: str, verif: str, cache: str, points: int) -> list:
    return [
        texte(f"{qid}_enonce", enonce),
        reponse(f"{qid}_reponse", solution),
        test(
            f"{qid}_test",
            f"{verif}\n### BEGIN HIDDEN TESTS\n{cache.strip()}\n### END HIDDEN TESTS",
            points,
        ),
    ]


# --------------------------------------------------------------------------- TD notebook
def td_cells() -> list:
    cells = [
        texte(
            "intro",
            """
# TD2 (partie 1) — La base de données clients et le scoring

**Objectifs** — dans ce TD, vous allez :

- définir les mots de la démarche : base de données, progiciel, segmentation, ciblage, marketing direct ;
- interroger la base Super Chef en SQL et avec pandas pour construire une cible et un tableau de bord ;
- argumenter sur la place de la base de données dans une démarche de GRC ;
- construire un score avec une grille de points, puis décider à quelles classes écrire grâce au seuil de rentabilité ;
- comparer la grille à un score statistique (régression logistique) sur une campagne qu'aucun des deux n'a vue.

**Prérequis** : le chapitre 2 du cours (`course/02_base_de_donnees_scoring.ipynb`).

**Durée estimée** : 2 h 30.

**Données** : tables `clients`, `consentements`, `commandes`, `lignes_commande`, `produits`, `contacts_campagne` ; campagnes n° 1 (mailing « Printemps des casseroles 2024 ») et n° 2 (la même offre en 2025).
""",
        ),
        texte(
            "comment_repondre",
            """
## Comment répondre

Chaque question se présente ainsi :

1. une cellule **réponse** où une variable vaut `...` (trois points = « pas encore répondu ») : remplacez `...` par votre réponse ;
2. une cellule **vérification** (verrouillée) : exécutez-la. Un ✅ signifie que la réponse est juste ; sinon un message vous dit ce qui ne va pas, sans donner la réponse. Pour un coup de pouce, exécutez `indice("q1")` (avec le numéro de la question) dans une cellule vide.

Les taux s'écrivent **entre 0 et 1** (23 % s'écrit `0.23`), sauf si la question dit autre chose. La vérification que vous voyez n'est qu'une partie de la correction : d'autres tests, cachés, sont appliqués après le rendu.

Exécutez d'abord la cellule ci-dessous (Maj + Entrée).
""",
        ),
        code(
            "imports",
            """
import pandas as pd

from crmkit import economics, plots, scoring
from crmkit.data import charger, connexion
from crmkit.exercices.td2_base_scoring import (
    BORNES_CLASSES,
    COUT_CONTACT,
    ETIQUETTES_CLASSES,
    indice,
    regles_grille,
    verifier,
)

base = connexion()
""",
        ),
    ]
    cells += question(
        "q1",
        """
## Partie A — Les mots de la démarche

### Question 1 (2 points) — Cinq définitions

| lettre | définition |
|---|---|
| A | Logiciel vendu à de nombreuses entreprises et paramétré pour chacune, qui relie ses différents services (vente, service client, marketing) autour des mêmes données. |
| B | Choisir le ou les groupes de clients à qui l'on adressera une offre, parce qu'ils ont le plus de chances d'y répondre. |
| C | Ensemble organisé d'informations sur chaque client : identité et coordonnées, mais aussi historique de ses achats et de ses échanges avec l'entreprise. |
| D | Message personnalisé envoyé directement à une personne identifiée (courrier, e-mail, SMS, appel) pour obtenir une réponse que l'on peut mesurer. |
| E | Découper une clientèle en groupes homogènes selon un ou plusieurs critères. |

Associez chaque terme à sa définition, en écrivant sa lettre entre guillemets.
""",
        """
definitions = {
    "base_de_donnees": ...,
    "progiciel": ...,
    "segmentation": ...,
    "ciblage": ...,
    "marketing_direct": ...,
}
### BEGIN SOLUTION
definitions = {
    "base_de_donnees": "C",
    "progiciel": "A",
    "segmentation": "E",
    "ciblage": "B",
    "marketing_direct": "D",
}
### END SOLUTION
""",
        'verifier("q1", definitions)',
        """
assert {k: str(v).strip().upper() for k, v in definitions.items()} == {
    "base_de_donnees": "C",
    "progiciel": "A",
    "segmentation": "E",
    "ciblage": "B",
    "marketing_direct": "D",
}
""",
        2,
    )
    cells += [
        texte(
            "b_enonce",
            """
## Partie B — Interroger la base

La variable `base` est une connexion (en lecture seule) à la base SQLite Super Chef. `pd.read_sql(requete, base)` exécute une requête SQL et renvoie un tableau pandas. L'exemple ci-dessous rappelle les quatre briques du cours : `SELECT` (les colonnes), `JOIN` (relier deux tables par une clé), `WHERE` (filtrer les lignes), `GROUP BY` (regrouper et agréger).
""",
        ),
        code(
            "b_exemple",
            """
pd.read_sql(
    '''
    SELECT p.categorie_id, COUNT(DISTINCT c.client_id) AS acheteurs_2025
    FROM commandes AS c
    JOIN lignes_commande AS l ON l.commande_id = c.commande_id
    JOIN produits AS p ON p.produit_id = l.produit_id
    WHERE c.date_commande >= '2025-01-01'
    GROUP BY p.categorie_id
    ''',
    base,
)
""",
        ),
    ]
    cells += question(
        "q2",
        """
### Question 2 (2 points) — La cible d'un e-mail sur les poêles

Super Chef veut envoyer un e-mail sur ses nouvelles poêles (catégorie n° 2) aux clients qui :

- ont **commandé au moins une poêle dans les 12 derniers mois** (commandes datées du 2025-01-01 au 2025-12-31, la base s'arrêtant au 31 décembre 2025) ;
- **acceptent les e-mails** avec un consentement valable : dans la table `consentements`, une ligne `canal = 'email'` de statut `'opt_in'`, dont la source n'est **pas** `'case_precochee'`.

Placez dans `clients_cibles` les numéros (`client_id`) de ces clients, sans doublon : une liste, un ensemble ou une colonne de tableau conviennent.
""",
        """
clients_cibles = ...
### BEGIN SOLUTION
cible = pd.read_sql(
    '''
    SELECT DISTINCT s.client_id
    FROM commandes AS c
    JOIN lignes_commande AS l ON l.commande_id = c.commande_id
    JOIN produits AS p ON p.produit_id = l.produit_id
    JOIN consentements AS s ON s.client_id = c.client_id
    WHERE p.categorie_id = 2
      AND c.date_commande >= '2025-01-01'
      AND s.canal = 'email'
      AND s.statut = 'opt_in'
      AND s.source <> 'case_precochee'
    ''',
    base,
)
clients_cibles = cible["client_id"]
print(len(clients_cibles), "clients à contacter")
### END SOLUTION
""",
        'verifier("q2", clients_cibles)',
        """
_c = clients_cibles["client_id"] if hasattr(clients_cibles, "columns") else clients_cibles
_ids = {int(x) for x in _c}
assert len(_ids) == 2426
assert sum(_ids) == 30773144
""",
        2,
    )
    cells += question(
        "q3",
        """
### Question 3 (1 point) — Le chiffre d'affaires 2025 par canal de vente

Calculez le chiffre d'affaires (colonne `montant` de la table `commandes`, en € HT) réalisé **en 2025** par chaque canal de vente. `ca_par_canal` doit être une série pandas dont l'index est le canal (`catalogue`, `magasin`, `telephone`, `web`). Avec SQL, terminez par `.set_index("canal_vente")["ca"]` pour obtenir une série.
""",
        """
ca_par_canal = ...
### BEGIN SOLUTION
ca_par_canal = pd.read_sql(
    '''
    SELECT canal_vente, SUM(montant) AS ca
    FROM commandes
    WHERE date_commande BETWEEN '2025-01-01' AND '2025-12-31'
    GROUP BY canal_vente
    ''',
    base,
).set_index("canal_vente")["ca"]
ca_par_canal
### END SOLUTION
""",
        'verifier("q3", ca_par_canal)',
        """
_attendu = {
    "catalogue": 596872.66,
    "magasin": 2463305.33,
    "telephone": 806123.97,
    "web": 1876621.26,
}
assert {str(k): round(float(v), 2) for k, v in ca_par_canal.items()} == _attendu
""",
        1,
    )
    cells += [
        texte(
            "q4_enonce",
            """
## Partie C — Argumenter

### Question 4 (3 points) — La base de données au cœur de la GRC

Montrez l'importance de la base de données dans une démarche de gestion de la relation client (10 à 15 lignes). Appuyez-vous sur au moins un exemple tiré de ce que vous venez de faire avec la base Super Chef.
""",
        ),
        libre(
            "q4_reponse",
            """
### BEGIN SOLUTION
**Réponse type.** Une démarche de GRC cherche à connaître chaque client pour lui proposer, au bon moment et par le bon canal, l'offre qui lui convient, et pour garder les clients rentables. Rien de cela n'est possible sans une base de données : elle est la mémoire de la relation.

Elle va plus loin qu'un simple fichier d'adresses : elle réunit l'identité du client (coordonnées, type de client, consentements), l'historique de ses achats (dates, montants, produits, canaux) et l'historique de ses échanges avec l'entreprise (campagnes reçues et réponses, réclamations, appels au service client).

Elle sert à **segmenter** (groupes homogènes), à **cibler** (choisir à qui écrire : les acheteurs récents de poêles qui acceptent les e-mails), à **personnaliser** les messages, à **respecter la loi** (seuls les consentements valables sont utilisés) et à **mesurer** les résultats (taux de réponse, profit par campagne), qui reviennent enrichir la base. Le scoring en dépend entièrement : sans historique d'achats et de réponses, pas de récence, de fréquence ni de montant, donc pas de ciblage rentable.

Enfin, partagée grâce au progiciel de GRC entre le magasin, le site, le centre d'appels et le marketing, elle donne à tous la même vision du client.

**Barème (enseignant, 3 points)**

- 1 pt — contenu : plus qu'un fichier, avec au moins deux des trois blocs (identité et consentements, historique d'achats, historique de la relation).
- 1 pt — usages : au moins trois parmi segmentation, ciblage, personnalisation, scoring, mesure des campagnes, respect des consentements, fidélisation.
- 0,5 pt — un exemple concret tiré du TD (la cible de la question 2, le chiffre d'affaires par canal, le score…).
- 0,5 pt — idée de boucle ou de partage : les résultats des campagnes enrichissent la base ; la base est partagée par tous les services grâce au progiciel.
### END SOLUTION
""",
            3,
        ),
        texte(
            "d_enonce",
            """
## Partie D — Le scoring pas à pas

Au printemps 2024, Super Chef a envoyé un mailing « Printemps des casseroles » (campagne n° 1, coût : `COUT_CONTACT` = 1 € par courrier) à 12 227 clients. Le tableau `clients_2024` décrit chaque client contacté **à la veille de l'envoi** (aucune information postérieure) :

| colonne | sens |
|---|---|
| `recence` | jours depuis la dernière commande |
| `frequence` | nombre de commandes passées |
| `montant` | total des achats passés (€ HT) |
| `part_categorie` | part des achats passés faite en casseroles (entre 0 et 1) |
| `reponse` | 1 si le client a répondu au mailing, 0 sinon |

Exécutez la cellule suivante (quelques secondes).
""",
        ),
        code(
            "d_donnees",
            """
commandes = charger("commandes")
lignes = charger("lignes_commande")
produits = charger("produits")
contacts = charger("contacts_campagne")


def variables(campagne_id, date):
    return scoring.variables_campagne(
        commandes,
        contacts[contacts["campagne_id"] == campagne_id],
        date,
        lignes=lignes,
        produits=produits,
        categorie_id=1,
    )


clients_2024 = variables(1, "2024-03-12")
clients_2024.head()
""",
        ),
    ]
    cells += question(
        "q5",
        """
### Question 5 (1 point) — Les points de la récence

La grille de points du service marketing note quatre critères. Trois sont déjà réglés :

| critère | tranches → points |
|---|---|
| fréquence (`frequence`) | moins de 2 commandes → 0 ; 2 à 4 → 10 ; 5 à 9 → 20 ; 10 et plus → 30 |
| montant (`montant`) | moins de 150 € → 0 ; 150 à 499 € → 10 ; 500 à 1 499 € → 20 ; 1 500 € et plus → 30 |
| affinité casseroles (`part_categorie`) | moins de 0,2 → 0 ; de 0,2 à moins de 0,5 → 10 ; 0,5 et plus → 20 |

Il reste la **récence**, en quatre tranches : moins de 90 jours ; 90 à 179 jours ; 180 à 364 jours ; 365 jours et plus. Donnez les points de ces quatre tranches, **dans cet ordre**, en utilisant une fois chacune des valeurs 0, 10, 20 et 30.
""",
        """
points_recence = ...
### BEGIN SOLUTION
points_recence = [30, 20, 10, 0]
### END SOLUTION
""",
        'verifier("q5", points_recence)',
        "assert [int(x) for x in points_recence] == [30, 20, 10, 0]",
        1,
    )
    cells += question(
        "q6",
        """
### Question 6 (1 point) — Le score de chaque client

`regles_grille(points_recence)` renvoie la grille complète (vos points de récence et les trois autres critères) ; `scoring.appliquer_grille(tableau, regles)` calcule les points de chaque critère et leur total, dans une colonne `score`.

Placez dans `scores_2024` la série des scores totaux des clients de `clients_2024`.
""",
        """
scores_2024 = ...
### BEGIN SOLUTION
regles = regles_grille(points_recence)
points = scoring.appliquer_grille(clients_2024, regles)
scores_2024 = points["score"]
points.head()
### END SOLUTION
""",
        'verifier("q6", scores_2024)',
        """
assert len(scores_2024) == 12227
assert int(scores_2024.sum()) == 528820
assert int(scores_2024.max()) == 110 and int(scores_2024.min()) == 0
""",
        1,
    )
    cells += question(
        "q7",
        """
### Question 7 (2 points) — Le taux de réponse par classe de score

Les scores sont regroupés en quatre classes : D de 0 à 29 points, C de 30 à 49, B de 50 à 69, A de 70 à 110 (bornes `BORNES_CLASSES`, étiquettes `ETIQUETTES_CLASSES`, à passer à `scoring.classes_de_score`).

Calculez le **taux de réponse** de chaque classe lors de la campagne 2024. `taux_par_classe` est une série indexée par la classe (A, B, C, D), avec des proportions entre 0 et 1.
""",
        """
taux_par_classe = ...
### BEGIN SOLUTION
clients_2024["classe"] = scoring.classes_de_score(scores_2024, BORNES_CLASSES, ETIQUETTES_CLASSES)
par_classe = scoring.taux_reponse_par_classe(clients_2024, "classe")
taux_par_classe = par_classe["taux_reponse"]
par_classe
### END SOLUTION
""",
        'verifier("q7", taux_par_classe)',
        """
_taux = {str(k): float(v) for k, v in taux_par_classe.items()}
_attendu = {"D": 35 / 3645, "C": 82 / 3091, "B": 137 / 2553, "A": 448 / 2938}
assert sorted(_taux) == sorted(_attendu)
assert all(abs(_taux[k] - _attendu[k]) < 1e-6 for k in _attendu)
""",
        2,
    )
    cells += question(
        "q8",
        """
### Question 8 (1 point) — La marge moyenne par réponse

Dans `contacts` (table `contacts_campagne`), la campagne n° 1 donne pour chaque répondant le chiffre d'affaires (`montant_reponse`) et la marge (`marge_reponse`) de sa commande. Calculez la **marge moyenne par réponse** de la campagne n° 1, en euros.
""",
        """
marge_par_reponse = ...
### BEGIN SOLUTION
repondants = contacts[(contacts["campagne_id"] == 1) & (contacts["reponse"] == 1)]
marge_par_reponse = repondants["marge_reponse"].sum() / len(repondants)
marge_par_reponse
### END SOLUTION
""",
        'verifier("q8", marge_par_reponse)',
        "assert abs(float(marge_par_reponse) - 60011.55 / 702) < 0.01",
        1,
    )
    cells += question(
        "q9",
        """
### Question 9 (1 point) — Le seuil de rentabilité

Calculez le **taux de réponse de rentabilité** (le seuil) du mailing : le taux de réponse en dessous duquel un courrier coûte plus qu'il ne rapporte. Donnez-le en **proportion** (entre 0 et 1).
""",
        """
seuil = ...
### BEGIN SOLUTION
seuil = economics.seuil_rentabilite(COUT_CONTACT, marge_par_reponse)
seuil
### END SOLUTION
""",
        'verifier("q9", seuil)',
        "assert abs(float(seuil) - 702 / 60011.55) < 1e-6",
        1,
    )
    cells += question(
        "q10",
        """
### Question 10 (1 point) — À quelles classes écrire ?

En comparant les taux de réponse de la question 7 au seuil de la question 9, à quelles classes Super Chef doit-il envoyer son prochain mailing ? Répondez par un ensemble de lettres, par exemple `{"A", "D"}`.
""",
        """
classes_retenues = ...
### BEGIN SOLUTION
classes_retenues = set(taux_par_classe[taux_par_classe > seuil].index)
classes_retenues
### END SOLUTION
""",
        'verifier("q10", classes_retenues)',
        'assert {str(x).strip().upper() for x in classes_retenues} == {"A", "B", "C"}',
        1,
    )
    cells += question(
        "q11",
        """
### Question 11 (1 point) — Le profit du ciblage

Si, en 2024, Super Chef n'avait écrit qu'aux classes retenues, quel **profit** le mailing aurait-il dégagé ? Profit = marge apportée par les réponses − coût des courriers. Prenez la marge moyenne par réponse de la question 8 pour chaque réponse.

Comparez ensuite (sans le rendre) avec le profit de l'envoi à tous les clients.
""",
        """
profit_ciblage = ...
### BEGIN SOLUTION
retenus = par_classe.loc[sorted(classes_retenues)]
profit_ciblage = (
    retenus["reponses"].sum() * marge_par_reponse - retenus["contacts"].sum() * COUT_CONTACT
)
profit_tous = par_classe["reponses"].sum() * marge_par_reponse - len(clients_2024) * COUT_CONTACT
print(
    f"ciblage : {plots.format_euros(profit_ciblage)} ; "
    f"tout le monde : {plots.format_euros(profit_tous)}"
)
### END SOLUTION
""",
        'verifier("q11", profit_ciblage)',
        "assert abs(float(profit_ciblage) - 48437.52) < 0.5",
        1,
    )
    cells += [
        texte(
            "e_enonce",
            """
## Partie E — Une grille de points ou un modèle statistique ?

Une grille de points est fixée à dire d'expert. Un **score statistique** apprend lui-même le poids de chaque variable sur une campagne passée : ici une **régression logistique**, qui estime pour chaque client une probabilité de réponse (son appétence).

Pour juger honnêtement un score, on l'évalue sur une campagne qu'il n'a **pas** vue. Le modèle apprend sur la campagne 2024 (`clients_2024`) ; on compare ensuite les deux scores sur la campagne 2025 (n° 2, même offre, 15 650 clients), préparée par la cellule suivante.
""",
        ),
        code("e_donnees", 'clients_2025 = variables(2, "2025-03-11")\nclients_2025.head()'),
    ]
    cells += question(
        "q12",
        """
### Question 12 (1 point) — La profondeur optimale selon le modèle

1. Ajustez un modèle sur `clients_2024` avec `scoring.ajuster_score_logistique(clients_2024, ["recence", "frequence", "log_montant", "part_categorie"])`.
2. Ajoutez à `clients_2025` une colonne `proba` (la méthode `.predire(clients_2025)` du modèle) et une colonne `score` (la grille de la partie D appliquée à `clients_2025`).
3. Avec `scoring.profondeur_optimale` (coût `COUT_CONTACT`, votre `marge_par_reponse`, déciles par défaut), trouvez la part du fichier 2025 qu'il fallait contacter, meilleures probabilités d'abord, pour gagner le plus.

Donnez `profondeur_modele` en proportion ou en pourcentage : **ici, 0.25 et 25 sont tous deux acceptés**.
""",
        """
profondeur_modele = ...
### BEGIN SOLUTION
modele = scoring.ajuster_score_logistique(
    clients_2024, ["recence", "frequence", "log_montant", "part_categorie"]
)
clients_2025["proba"] = modele.predire(clients_2025)
clients_2025["score"] = scoring.appliquer_grille(clients_2025, regles_grille(points_recence))[
    "score"
]
optimum_modele = scoring.profondeur_optimale(
    clients_2025, COUT_CONTACT, marge_par_reponse, score="proba"
)
profondeur_modele = float(optimum_modele["part_contacts"])
print(modele.coefficients)
optimum_modele
### END SOLUTION
""",
        'verifier("q12", profondeur_modele)',
        """
_p = float(profondeur_modele)
assert abs((_p / 100 if _p > 1 else _p) - 0.6) < 1e-9
""",
        1,
    )
    cells += [
        texte(
            "gains_enonce",
            """
La cellule suivante trace la **courbe de gains** des deux scores sur la campagne 2025 : en abscisse la part du fichier contactée (meilleurs scores d'abord), en ordonnée la part des répondants touchés. Plus la courbe monte vite, mieux le score classe les clients ; la diagonale correspond à un envoi au hasard.
""",
        ),
        code(
            "gains",
            """
if {"proba", "score"} <= set(clients_2025.columns):
    gains = {
        "Modèle logistique": scoring.table_gains(clients_2025, score="proba"),
        "Grille de points": scoring.table_gains(clients_2025, score="score"),
    }
    plots.graphique_gains(gains, titre="Campagne 2025 : courbes de gains")
else:
    print("Répondez d'abord à la question 12 : il manque la colonne proba ou score.")
""",
        ),
    ]
    cells += question(
        "q13",
        """
### Question 13 (1 point) — Combien rapporte le modèle ?

Calculez, sur la campagne 2025, le profit obtenu à la profondeur optimale du **modèle** moins le profit obtenu à la profondeur optimale de la **grille** (même coût, même marge par réponse, déciles).
""",
        """
gain_modele = ...
### BEGIN SOLUTION
optimum_grille = scoring.profondeur_optimale(
    clients_2025, COUT_CONTACT, marge_par_reponse, score="score"
)
gain_modele = float(optimum_modele["profit"] - optimum_grille["profit"])
for nom, opt in (("grille", optimum_grille), ("modèle", optimum_modele)):
    part = plots.format_pourcentage(opt["part_contacts"], 0)
    print(f"{nom} : {part} du fichier, profit {plots.format_euros(opt['profit'])}")
gain_modele
### END SOLUTION
""",
        'verifier("q13", gain_modele)',
        "assert abs(float(gain_modele) - 1650.49) < 0.5",
        1,
    )
    cells += question(
        "q14",
        """
### Question 14 (1 point) — La décision

Pour le mailing du printemps 2026, quel score Super Chef doit-il utiliser pour choisir les destinataires ? Répondez `"grille"` ou `"modele"`.
""",
        """
choix_score = ...
### BEGIN SOLUTION
choix_score = "modele"
### END SOLUTION
""",
        'verifier("q14", choix_score)',
        'assert str(choix_score).strip().lower().replace("è", "e") == "modele"',
        1,
    )
    cells.append(
        texte(
            "fin",
            """
## Avant de rendre

Exécutez tout le notebook (menu `Run > Run All Cells`), vérifiez que chaque vérification affiche ✅, enregistrez, puis rendez le fichier selon les consignes de votre enseignant.
""",
        )
    )
    return cells


# --------------------------------------------------------------------------- course notebook
def course_cells() -> list:
    return [
        md(
            """
# 2. La base de données clients et le scoring

**Objectifs** — à la fin de ce chapitre, vous saurez :

- dire ce que contient une base de données clients, et en quoi elle dépasse un simple fichier ;
- distinguer la base de données du progiciel de GRC qui l'exploite ;
- relier segmentation, ciblage et marketing direct ;
- interroger une base en SQL (`SELECT`, `WHERE`, `JOIN`, `GROUP BY`) et avec pandas ;
- expliquer ce qu'est un score d'appétence, et décider jusqu'où envoyer un mailing grâce au seuil de rentabilité.

**Prérequis** : le chapitre 1 (les enjeux de la relation client) et le notebook `00_demarrer`.

**Durée estimée** : 1 h 30.

**Données** : la base SQLite Super Chef (tables `clients`, `consentements`, `commandes`, `lignes_commande`, `produits`, `campagnes`, `contacts_campagne`).
"""
        ),
        py(
            """
import pandas as pd

from crmkit import economics, plots, scoring
from crmkit.data import charger, connexion
from crmkit.widgets.profondeur_mailing import simulateur_profondeur

base = connexion()
"""
        ),
        md(
            """
## 1. Plus qu'un fichier : ce que contient une base clients

Un **fichier** clients est une liste : un nom, une adresse, parfois un téléphone. Une **base de données** clients est un ensemble organisé de tables reliées entre elles, qui garde pour chaque client trois sortes d'informations :

1. son **identité** : civilité, coordonnées, type de client (particulier ou professionnel), date et canal d'entrée, et ses **consentements** (accepte-t-il les e-mails, les SMS, le courrier ?) ;
2. l'**historique de ses achats** : chaque commande, sa date, son canal, son montant, les produits achetés ;
3. l'**historique de la relation** : les campagnes qu'il a reçues et ses réponses, ses retours, ses réclamations, ses appels au service client.

Chez Super Chef, chaque table a une **clé** (`client_id`, `commande_id`, `produit_id`…) qui permet de relier les tables entre elles. Voici les tables de la base et leur nombre de lignes.
"""
        ),
        py(
            """
pd.read_sql(
    '''
    SELECT name AS table_sql FROM sqlite_master WHERE type = 'table' ORDER BY name
    ''',
    base,
).assign(lignes=lambda t: [len(charger(nom)) for nom in t["table_sql"]])
"""
        ),
        md(
            """
### `SELECT` et `WHERE` : choisir des colonnes et filtrer des lignes

Une requête SQL se lit presque comme une phrase : « sélectionne ces colonnes, depuis cette table, là où cette condition est vraie ». Par exemple, les clients professionnels entrés par un salon :
"""
        ),
        py(
            """
pd.read_sql(
    '''
    SELECT client_id, raison_sociale, ville, date_inscription
    FROM clients
    WHERE type_client = 'b2b' AND canal_acquisition = 'salon'
    ORDER BY date_inscription
    LIMIT 5
    ''',
    base,
)
"""
        ),
        md(
            """
La même chose avec pandas : on charge la table, puis on filtre avec une condition entre crochets.
"""
        ),
        py(
            """
clients = charger("clients")
pros_salon = clients[(clients["type_client"] == "b2b") & (clients["canal_acquisition"] == "salon")]
pros_salon[["client_id", "raison_sociale", "ville", "date_inscription"]].sort_values(
    "date_inscription"
).head()
"""
        ),
        md(
            """
### `JOIN` et `GROUP BY` : relier des tables et résumer

La table `commandes` ne contient pas le type de client : il est dans `clients`. Un `JOIN` relie les deux tables par leur clé commune, `client_id`. `GROUP BY` regroupe ensuite les lignes pour calculer un total ou une moyenne par groupe. Voici, pour chaque type de client, le nombre de clients actifs en 2025, le chiffre d'affaires et la marge :
"""
        ),
        py(
            """
pd.read_sql(
    '''
    SELECT cl.type_client,
           COUNT(DISTINCT co.client_id) AS clients_actifs,
           ROUND(SUM(co.montant), 0) AS chiffre_affaires,
           ROUND(SUM(co.marge), 0) AS marge
    FROM commandes AS co
    JOIN clients AS cl ON cl.client_id = co.client_id
    WHERE co.date_commande >= '2025-01-01'
    GROUP BY cl.type_client
    ''',
    base,
)
"""
        ),
        md(
            """
En pandas, `merge` joue le rôle du `JOIN` et `groupby` celui du `GROUP BY` :
"""
        ),
        py(
            """
commandes = charger("commandes")
recentes = commandes[commandes["date_commande"] >= "2025-01-01"]
recentes.merge(clients[["client_id", "type_client"]], on="client_id").groupby("type_client").agg(
    clients_actifs=("client_id", "nunique"),
    chiffre_affaires=("montant", "sum"),
    marge=("marge", "sum"),
).round(0)
"""
        ),
        md(
            """
## 2. La base de données et le progiciel de GRC

On confond souvent la base et le logiciel qui s'en sert :

- la **base de données** est le contenu : les tables, leurs lignes, leurs liens ;
- le **progiciel** (mot formé sur « produit » et « logiciel ») est un logiciel conçu pour de nombreuses entreprises, que chacune paramètre selon ses besoins. Un progiciel de GRC (en anglais *CRM software*) donne à chaque service (vendeurs en magasin, centre d'appels, marketing, site web) des écrans pour lire et enrichir la même base, et automatise des tâches : envoi de campagnes, relances, suivi des réclamations.

Changer de progiciel est possible sans perdre sa clientèle, à condition de garder la base. L'inverse n'est pas vrai : un excellent logiciel alimenté par des données fausses ou incomplètes ne produit que des erreurs. C'est pourquoi la qualité des données (adresses à jour, doublons supprimés, consentements tracés) est un travail permanent.

## 3. Segmenter, cibler, contacter : le marketing direct

- **Segmenter**, c'est découper la clientèle en groupes homogènes selon un ou plusieurs critères (âge, type de client, canal préféré, montant des achats…), pour adapter l'offre à chaque groupe.
- **Cibler**, c'est choisir le ou les segments auxquels on s'adresse, ceux qui ont le plus de chances de répondre à une offre donnée.
- Le **marketing direct** envoie alors un message personnalisé à chaque personne de la cible (courrier, e-mail, SMS, appel, visite) pour obtenir une **réponse mesurable** : une commande, une visite, une inscription.

Parce que chaque contact est nominatif, chaque réponse est connue : le marketing direct se mesure au client près, et ses résultats reviennent enrichir la base. Exemple de ciblage simple : les clients qui ont acheté des casseroles en 2025.
"""
        ),
        py(
            """
cible = pd.read_sql(
    '''
    SELECT c.client_id, MAX(c.date_commande) AS derniere_commande
    FROM commandes AS c
    JOIN lignes_commande AS l ON l.commande_id = c.commande_id
    JOIN produits AS p ON p.produit_id = l.produit_id
    WHERE p.categorie_id = 1
    GROUP BY c.client_id
    HAVING MAX(c.date_commande) >= '2025-01-01'
    ''',
    base,
)
print(f"{len(cible)} clients ont acheté des casseroles en 2025.")
"""
        ),
        md(
            """
Avant d'écrire à ces clients, il faut encore vérifier leurs **consentements** (chapitre 3 : la loi encadre strictement la prospection par e-mail et SMS).

## 4. Pourquoi la base est le cœur de la GRC

Toute la démarche de gestion de la relation client repose sur la base :

- **connaître** : qui achète quoi, quand, par quel canal ; quels clients sont rentables (chapitre 1) ;
- **décider** : segmenter, cibler, fixer un budget de campagne ;
- **agir** : personnaliser les messages, choisir le canal, respecter les consentements ;
- **mesurer** : chaque réponse est rattachée à un client et à une campagne, ce qui permet de calculer un taux de réponse et un profit, puis d'améliorer la campagne suivante.

La base est donc à la fois le point de départ et le point d'arrivée de chaque action : une boucle qui s'enrichit à chaque campagne.

## 5. Le scoring : estimer l'appétence

Envoyer un mailing à tous les clients coûte cher, et beaucoup ne répondront pas. Le **scoring** attribue à chaque client une note, le **score**, qui traduit sa probabilité de répondre à une offre : son **appétence**. On écrit d'abord aux clients les mieux notés.

Deux familles de scores :

1. la **grille de points**, construite par des experts : chaque critère rapporte des points, le score est leur total ;
2. le **score statistique** (par exemple une régression logistique), qui apprend le poids de chaque critère à partir des réponses à une campagne passée.

Les critères les plus utilisés en marketing direct sont la **récence** (date du dernier achat), la **fréquence** (nombre d'achats) et le **montant** dépensé : on parle de méthode **RFM**. On y ajoute souvent l'**affinité** pour le produit proposé. Plus un client a acheté récemment, souvent et beaucoup, plus il a de chances de répondre : la tranche de récence la plus **récente** reçoit donc le plus de points.

Voici une petite grille à deux critères, appliquée aux clients contactés par le mailing « Printemps des casseroles 2025 » (campagne n° 2), décrits à la veille de l'envoi :
"""
        ),
        py(
            """
contacts = charger("contacts_campagne")
fichier_2025 = scoring.variables_campagne(
    commandes, contacts[contacts["campagne_id"] == 2], "2025-03-11"
)
grille = scoring.grille_de_points(
    {
        "recence": [(0, 180, 40), (180, 540, 20), (540, float("inf"), 0)],
        "frequence": [(0, 3, 0), (3, 8, 15), (8, float("inf"), 30)],
    }
)
fichier_2025["score"] = scoring.appliquer_grille(fichier_2025, grille)["score"]
grille
"""
        ),
        md(
            """
Le score est-il utile ? On découpe le fichier en trois classes et on compare leurs **taux de réponse** (réponses de la classe / clients contactés de la classe) :
"""
        ),
        py(
            """
fichier_2025["classe"] = scoring.classes_de_score(
    fichier_2025["score"], [0, 25, 45, 71], ["faible", "moyen", "fort"]
)
scoring.taux_reponse_par_classe(fichier_2025, "classe")
"""
        ),
        md(
            """
La colonne `indice` compare chaque classe à la moyenne : 2 signifie « deux fois plus de réponses que la moyenne du fichier ».

## 6. L'économie d'un mailing : le seuil de rentabilité

Chaque courrier coûte (impression, enveloppe, affranchissement) : c'est le **coût par contact**. Chaque réponse rapporte non pas son chiffre d'affaires, mais sa **marge** : le prix de vente moins le coût des produits vendus. Un contact est donc rentable en moyenne quand :

$$\\text{taux de réponse} \\times \\text{marge par réponse} > \\text{coût par contact}$$

d'où le **taux de réponse de rentabilité** (ou seuil de rentabilité) :

$$\\text{seuil} = \\frac{\\text{coût par contact}}{\\text{marge par réponse}}$$

Exemple : un courrier à 1 € et une marge de 40 € par réponse donnent un seuil de 1 / 40 = 2,5 %. Une classe qui répond à 4 % est rentable ; une classe qui répond à 1 % fait perdre de l'argent. Attention à ne pas diviser par le chiffre d'affaires : le seuil paraîtrait bien plus bas et l'on écrirait à des clients qui coûtent plus qu'ils ne rapportent.
"""
        ),
        py(
            """
seuil = economics.seuil_rentabilite(1.0, 40.0)
profit = economics.profit_attendu(10_000, 0.04, 40.0, 1.0)
print(f"seuil : {plots.format_pourcentage(seuil)}")
print(f"profit attendu de 10 000 courriers à 4 % de réponse : {plots.format_euros(profit)}")
"""
        ),
        md(
            """
## 7. Jusqu'où envoyer le mailing ?

Trions les clients du meilleur score au moins bon, puis envoyons le mailing aux premiers 10 %, 20 %, 30 %… du fichier : c'est la **profondeur** du mailing. Au début, chaque tranche ajoutée répond bien au-dessus du seuil et le profit monte ; puis les clients ajoutés répondent de moins en moins, et le profit finit par baisser. La **profondeur optimale** est celle où le profit est le plus haut.

Le simulateur ci-dessous utilise les clients et les réponses réelles de la campagne 2025, classés par la petite grille de la partie 5. Déplacez les curseurs : que devient la profondeur optimale quand le courrier coûte 3 € au lieu de 1 € ? Quand la marge par réponse baisse ?
"""
        ),
        py(
            """
simulateur_profondeur(fichier_2025, cout_contact=1.0, marge_par_reponse=85.0)
"""
        ),
        md(
            """
Le même calcul, sans curseur, avec les fonctions de `crmkit.scoring` :
"""
        ),
        py(
            """
profondeurs = scoring.profit_par_profondeur(fichier_2025, cout_contact=1.0, marge_par_reponse=85.0)
plots.graphique_profondeur(profondeurs)
profondeurs.round(2)
"""
        ),
        md(
            """
## À retenir

- Une base de données clients réunit l'identité, l'historique des achats et l'historique de la relation : c'est bien plus qu'un fichier.
- Le progiciel de GRC est l'outil qui lit et enrichit la base ; la base, elle, est le capital de l'entreprise.
- Segmenter découpe la clientèle ; cibler choisit à qui écrire ; le marketing direct s'adresse à chacun et mesure chaque réponse.
- Un score estime l'appétence d'un client ; la récence, la fréquence et le montant en sont les critères classiques.
- Seuil de rentabilité = coût par contact / **marge** par réponse ; on écrit aux classes dont le taux de réponse dépasse ce seuil, jusqu'à la profondeur qui maximise le profit.

Place au TD : `td2_base_scoring`.
"""
        ),
    ]


def main() -> int:
    chemin_td = ecrire(RACINE / "solutions" / TD / f"{TD}.ipynb", td_cells(), "td")
    chemin_cours = ecrire(
        RACINE / "course" / "02_base_de_donnees_scoring.ipynb", course_cells(), "cours"
    )
    formater(chemin_td, chemin_cours)
    print(f"écrit : {chemin_td.relative_to(RACINE)}, {chemin_cours.relative_to(RACINE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
