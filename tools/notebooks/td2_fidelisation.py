"""Build the loyalty notebooks: the TD source and the course chapter.

Writes ``solutions/td2_fidelisation/td2_fidelisation.ipynb`` (nbgrader source,
with solutions, hidden tests and the teacher's rubrics) and
``course/04_fidelisation.ipynb`` (lecture notebook), both without outputs.
Run from anywhere, then rebuild the student version::

    python tools/notebooks/td2_fidelisation.py
    PATH=.venv/bin:$PATH crmkit grading release td2_fidelisation
"""

from __future__ import annotations

import sys
from pathlib import Path

from nbformat.v4 import new_code_cell, new_markdown_cell

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbcommun import RACINE, ecrire, formater  # noqa: E402
from nbcommun import nbgrader_meta as _nbgrader  # noqa: E402
from td2_fidelisation_cours import cellules_cours  # noqa: E402

TD = "td2_fidelisation"


def texte(gid: str, source: str):
    cell = new_markdown_cell(source.strip())
    cell.metadata["nbgrader"] = _nbgrader(gid)
    return cell


def code(gid: str, source: str):
    cell = new_code_cell(source.strip())
    cell.metadata["nbgrader"] = _nbgrader(gid)
    return cell


def question(qid: str, variable: str, solution: str, tests_caches: str, points: int):
    """Answer cell (``variable = ...`` + solution) and locked test cell (self-check + hidden)."""
    reponse = new_code_cell(
        f"{variable} = ...\n### BEGIN SOLUTION\n{solution.strip()}\n### END SOLUTION"
    )
    reponse.metadata["nbgrader"] = _nbgrader(f"{qid}_reponse", solution=True, locked=False)
    test = new_code_cell(
        f'verifier("{qid}", {variable})\n### BEGIN HIDDEN TESTS\n{tests_caches.strip()}\n'
        "### END HIDDEN TESTS"
    )
    test.metadata["nbgrader"] = _nbgrader(f"{qid}_test", grade=True, points=points)
    test.metadata["tags"] = ["raises-exception"]
    return [reponse, test]


def libre(qid: str, corrige: str, points: int):
    """Manually graded markdown answer; the model answer and rubric exist only in the source."""
    cell = new_markdown_cell(f"### BEGIN SOLUTION\n{corrige.strip()}\n### END SOLUTION")
    cell.metadata["nbgrader"] = _nbgrader(
        f"{qid}_reponse", grade=True, solution=True, locked=False, points=points
    )
    return cell


def cellules_td() -> list:
    c = []
    c.append(
        texte(
            "intro",
            """
# TD2 (partie 3) — Cas pratique : fidéliser les clients de Super Chef

**Objectifs** — dans ce TD, vous allez :

- mesurer la rétention d'une cohorte de clients et le taux d'attrition (*churn*) sans vous tromper de population ni de période ;
- calculer la valeur d'un client sur sa durée de vie (CLV) avec actualisation, pour un exemple puis pour les porteurs de la carte de fidélité ;
- comparer, sur les campagnes de Super Chef, le coût d'un client gagné et celui d'un client fidélisé ;
- construire des offres personnalisées « à la Monoprix » et mesurer la valeur des clients multicanaux ;
- décider quelles données un programme de fidélité a vraiment besoin de collecter, puis argumenter sur la fidélité affective et sur la frontière entre personnalisation et intrusion.

**Prérequis** : le chapitre 4 du cours (`course/04_fidelisation.ipynb`).

**Durée estimée** : 2 heures.

**Données** : tables `clients`, `commandes`, `lignes_commande`, `produits`, `campagnes` et `contacts_campagne` de la base Super Chef (historique 2019-2025).
""",
        )
    )
    c.append(
        texte(
            "comment_repondre",
            """
## Comment répondre

Chaque question se présente ainsi :

1. une cellule **réponse** où une variable vaut `...` (trois points = « pas encore répondu ») : remplacez `...` par votre réponse ;
2. une cellule **vérification** (verrouillée) : exécutez-la. Un ✅ signifie que la réponse est juste ; sinon un message vous dit ce qui ne va pas, sans donner la réponse. Pour un coup de pouce, exécutez `indice("q1")` (avec le numéro de la question) dans une cellule vide.

Les taux s'écrivent **entre 0 et 1** (23 % s'écrit `0.23`) et les montants en euros, sans arrondir. La vérification que vous voyez n'est qu'une partie de la correction : d'autres tests, cachés, sont appliqués après le rendu.

Exécutez d'abord la cellule ci-dessous (Maj + Entrée).
""",
        )
    )
    c.append(
        code(
            "imports",
            """
import pandas as pd

from crmkit import economics, loyalty
from crmkit.data import charger
from crmkit.exercices.td2_fidelisation import indice, verifier

commandes = charger("commandes")
clients = charger("clients")
""",
        )
    )
    # ------------------------------------------------------------------ A
    c.append(
        texte(
            "q1_enonce",
            """
## Partie A — Rétention et attrition

Une **cohorte** regroupe les clients qui ont fait leur **premier** achat la même année. La rétention d'une cohorte, un an plus tard, est la part de ces clients qui ont de nouveau acheté l'année suivante. La fonction `loyalty.retention_cohortes(commandes, "annee")` calcule ce tableau : une ligne par cohorte, une colonne par nombre d'années écoulées depuis le premier achat (la colonne 0 vaut toujours 100 %).

### Question 1 (1 point) — La rétention de la cohorte 2022

Parmi les clients dont le premier achat date de 2022, quelle part a de nouveau commandé en 2023 ? Donnez une fraction entre 0 et 1.
""",
        )
    )
    c += question(
        "q1",
        "retention_2022",
        """
cohortes = loyalty.retention_cohortes(commandes, "annee")
retention_2022 = cohortes.loc["2022", 1]
""",
        "assert abs(float(retention_2022) / 0.6229619565217391 - 1) < 1e-3",
        1,
    )
    c.append(
        texte(
            "q2_enonce",
            """
### Question 2 (1 point) — Quel canal d'acquisition fidélise le mieux ?

La cellule suivante calcule la rétention en regroupant les clients par **canal d'acquisition** (colonne `canal_acquisition` de la table `clients`) au lieu de l'année du premier achat.
""",
        )
    )
    c.append(
        code(
            "q2_donnees",
            """
par_canal = loyalty.retention_cohortes(
    commandes, "annee", cohorte="canal_acquisition", clients=clients
)
par_canal.round(3)
""",
        )
    )
    c.append(
        texte(
            "q2_consigne",
            """
Trois ans après leur premier achat, quels clients sont les plus nombreux à acheter encore ? Répondez par le code du canal : `"magasin"`, `"web"`, `"salon"`, `"parrainage"` ou `"catalogue"`.
""",
        )
    )
    c += question(
        "q2",
        "meilleur_canal",
        "meilleur_canal = par_canal[3].idxmax()\nmeilleur_canal",
        'assert str(meilleur_canal).strip().lower() == "parrainage"',
        1,
    )
    c.append(
        texte(
            "q3_enonce",
            """
### Question 3 (2 points) — Le taux d'attrition de 2025

Le **taux d'attrition** (*churn*) de 2025 est la part des clients **actifs en 2024** (au moins une commande en 2024, quelle que soit l'année de leur premier achat) qui n'ont **rien** commandé en 2025. Calculez-le, entre 0 et 1.

Attention : « attrition = 1 − rétention » n'est vrai que si les deux taux portent sur la **même population** et la **même période**.
""",
        )
    )
    c += question(
        "q3",
        "churn_2025",
        'churn_2025 = loyalty.churn_par_annee(commandes).loc[2025, "taux_churn"]',
        "assert abs(float(churn_2025) / 0.33141333333333334 - 1) < 1e-3",
        2,
    )
    # ------------------------------------------------------------------ B
    c.append(
        texte(
            "q4_enonce",
            """
## Partie B — La valeur d'un client sur sa durée de vie (CLV)

On suppose qu'un client actif rapporte chaque année la même marge *m*, qu'il reste client d'une année sur l'autre avec la probabilité *r* (la rétention) et qu'un euro reçu dans un an vaut 1 / (1 + *d*) euro aujourd'hui (*d* : taux d'actualisation). La première marge est perçue tout de suite. Alors :

$$\\text{CLV} = m + \\frac{m\\,r}{1+d} + \\frac{m\\,r^2}{(1+d)^2} + \\dots = \\frac{m\\,(1+d)}{1+d-r}$$

C'est la formule de `economics.clv(marge, retention, actualisation)`.

### Question 4 (1 point) — Une CLV d'exemple

Calculez la CLV d'un client qui rapporte 120 € de marge par an, avec une rétention de 65 % et un taux d'actualisation de 10 %.
""",
        )
    )
    c += question(
        "q4",
        "clv_exemple",
        "clv_exemple = economics.clv(120, 0.65, 0.10)",
        "assert abs(float(clv_exemple) / 293.3333333333333 - 1) < 1e-3",
        1,
    )
    c.append(
        texte(
            "q5_enonce",
            """
### Question 5 (2 points) — La CLV des porteurs de la carte de fidélité

Calculez, **pour les seuls porteurs de la carte** (`carte_fidelite == 1` dans `clients`) :

1. la marge moyenne d'un porteur actif en 2025 : total de la marge de ses commandes de 2025, en moyenne sur les porteurs qui ont commandé en 2025 ;
2. leur rétention de 2024 à 2025 : parmi les porteurs actifs en 2024, la part de ceux qui ont de nouveau commandé en 2025 (`loyalty.churn_par_annee` appliquée à leurs seules commandes) ;
3. leur CLV avec ces deux valeurs et un taux d'actualisation de 10 %.

Gardez les variables `marge_carte` et `retention_carte` : elles resservent à la question 6.
""",
        )
    )
    c += question(
        "q5",
        "clv_carte",
        """
porteurs = set(clients.loc[clients["carte_fidelite"] == 1, "client_id"])
commandes_carte = commandes[commandes["client_id"].isin(porteurs)]
en_2025 = commandes_carte[commandes_carte["date_commande"].dt.year == 2025]
marge_carte = en_2025.groupby("client_id")["marge"].sum().mean()
retention_carte = loyalty.churn_par_annee(commandes_carte).loc[2025, "taux_retention"]
clv_carte = economics.clv(marge_carte, retention_carte, 0.10)
print(f"marge {marge_carte:.2f} €, rétention {retention_carte:.3f}, CLV {clv_carte:.2f} €")
""",
        "assert abs(float(clv_carte) / 719.671152865959 - 1) < 1e-3",
        2,
    )
    c.append(
        texte(
            "q6_enonce",
            """
### Question 6 (1 point) — Ce que valent 5 points de rétention

Si Super Chef faisait passer la rétention des porteurs de carte de *r* à *r* + 0,05 (cinq points de plus), sans changer leur marge, de combien d'euros leur CLV augmenterait-elle ?
""",
        )
    )
    c += question(
        "q6",
        "gain_retention",
        """
clv_actuelle = economics.clv(marge_carte, retention_carte, 0.10)
clv_amelioree = economics.clv(marge_carte, retention_carte + 0.05, 0.10)
gain_retention = clv_amelioree - clv_actuelle
""",
        "assert abs(float(gain_retention) / 117.55884800742399 - 1) < 1e-3",
        1,
    )
    # ------------------------------------------------------------------ C
    c.append(
        texte(
            "c_enonce",
            """
## Partie C — Conquérir ou fidéliser : combien ça coûte ?

La cellule suivante ajoute à la table `campagnes` le coût total de chaque campagne (contacts × coût d'un contact) et son nombre de réponses (table `contacts_campagne`). Les campagnes dont la cible est `prospects` visent à **gagner** de nouveaux clients à partir d'un fichier loué : chaque réponse est un client gagné. Les autres s'adressent aux clients existants : chaque réponse est un client qui revient acheter.
""",
        )
    )
    c.append(
        code(
            "c_donnees",
            """
campagnes = charger("campagnes")
reponses = charger("contacts_campagne").groupby("campagne_id")["reponse"].sum()
campagnes = campagnes.assign(
    cout_total=campagnes["nb_contacts"] * campagnes["cout_unitaire"],
    reponses=campagnes["campagne_id"].map(reponses).fillna(0).astype(int),
)
colonnes = ["campagne_id", "nom_campagne", "canal", "cible", "nb_contacts", "cout_total", "reponses"]
campagnes[colonnes]
""",
        )
    )
    c.append(
        texte(
            "q7_enonce",
            """
### Question 7 (1 point) — Le coût d'un client gagné

Avec les campagnes adressées aux **prospects**, calculez le coût d'acquisition d'un client : coût total de ces campagnes divisé par le nombre de clients qu'elles ont gagnés.
""",
        )
    )
    c += question(
        "q7",
        "cout_acquisition",
        """
prospects = campagnes[campagnes["cible"] == "prospects"]
cout_acquisition = prospects["cout_total"].sum() / prospects["reponses"].sum()
""",
        "assert abs(float(cout_acquisition) / 116.68611435239207 - 1) < 1e-3",
        1,
    )
    c.append(
        texte(
            "q8_enonce",
            """
### Question 8 (2 points) — Combien de fois plus cher ?

Pour comparer ce qui est comparable, prenez les deux campagnes adressées aux clients **par courrier**, sur la même offre que les campagnes de conquête (campagnes n° 1 et 2) : leur coût total divisé par leur nombre de réponses donne le coût d'un client fidélisé. Calculez ensuite combien de fois un client gagné coûte plus cher qu'un client fidélisé.
""",
        )
    )
    c += question(
        "q8",
        "ratio_acquisition_retention",
        """
mailings_clients = campagnes[campagnes["campagne_id"].isin([1, 2])]
cout_retention = mailings_clients["cout_total"].sum() / mailings_clients["reponses"].sum()
ratio_acquisition_retention = cout_acquisition / cout_retention
print(f"{cout_acquisition:.2f} € contre {cout_retention:.2f} € : {ratio_acquisition_retention:.1f} fois")
""",
        "assert abs(float(ratio_acquisition_retention) / 6.05677825691112 - 1) < 1e-3",
        2,
    )
    # ------------------------------------------------------------------ D
    c.append(
        texte(
            "d_enonce",
            """
## Partie D — Des offres personnalisées « à la Monoprix »

Monoprix envoie chaque mois à ses porteurs de carte un mailing de 6 à 8 offres choisies d'après leurs achats les plus fréquents. Super Chef veut tester l'idée sur six clients. La cellule suivante prépare l'historique des achats (une ligne par ligne de commande, avec le client, la date et la catégorie du produit) et la liste des six clients.
""",
        )
    )
    c.append(
        code(
            "d_donnees",
            """
achats = loyalty.historique_achats(commandes, charger("lignes_commande"), charger("produits"))
clients_cibles = [881, 2363, 3009, 3854, 5029, 8933]
charger("categories")
""",
        )
    )
    c.append(
        texte(
            "q9_enonce",
            """
### Question 9 (2 points) — Six offres par client

Construisez le tableau `offres` des **six** catégories les plus achetées par chacun des clients de `clients_cibles` (une ligne par client et par offre, avec au moins les colonnes `client_id`, `rang` et `categorie_id`). La fonction `loyalty.offres_personnalisees(achats, n=...)` classe les catégories par nombre de commandes, puis par montant.
""",
        )
    )
    c += question(
        "q9",
        "offres",
        """
achats_cibles = achats[achats["client_id"].isin(clients_cibles)]
offres = loyalty.offres_personnalisees(achats_cibles, n=6)
offres
""",
        """
_triplets = set(
    offres[["client_id", "rang", "categorie_id"]].astype(int).itertuples(index=False, name=None)
)
assert len(offres) == 36
assert _triplets == {
    (881, 1, 5), (881, 2, 8), (881, 3, 7), (881, 4, 3), (881, 5, 6), (881, 6, 2),
    (2363, 1, 3), (2363, 2, 8), (2363, 3, 5), (2363, 4, 4), (2363, 5, 1), (2363, 6, 2),
    (3009, 1, 7), (3009, 2, 4), (3009, 3, 5), (3009, 4, 2), (3009, 5, 8), (3009, 6, 1),
    (3854, 1, 4), (3854, 2, 7), (3854, 3, 8), (3854, 4, 6), (3854, 5, 3), (3854, 6, 1),
    (5029, 1, 2), (5029, 2, 5), (5029, 3, 8), (5029, 4, 4), (5029, 5, 3), (5029, 6, 7),
    (8933, 1, 7), (8933, 2, 1), (8933, 3, 6), (8933, 4, 3), (8933, 5, 2), (8933, 6, 5),
}
""",
        2,
    )
    c.append(
        texte(
            "q10_enonce",
            """
### Question 10 (2 points) — Pas d'offre sur ce qui vient d'être acheté

Proposer des couteaux à un client qui vient d'en acheter, c'est gâcher une offre (et lui montrer qu'on le surveille sans le comprendre). Retirez du tableau `offres` chaque catégorie que **le même client** a achetée depuis le **1er novembre 2025** (date de commande à partir du 2025-11-01). Appelez le résultat `offres_utiles` ; gardez les colonnes `client_id` et `categorie_id`.
""",
        )
    )
    c += question(
        "q10",
        "offres_utiles",
        """
recents = achats[achats["date_commande"] >= pd.Timestamp("2025-11-01")]
recents = recents[["client_id", "categorie_id"]].drop_duplicates()
fusion = offres.merge(recents, on=["client_id", "categorie_id"], how="left", indicator=True)
offres_utiles = fusion[fusion["_merge"] == "left_only"].drop(columns="_merge")
print(len(offres), "offres,", len(offres_utiles), "après le filtre")
""",
        """
_paires = set(offres_utiles[["client_id", "categorie_id"]].astype(int).itertuples(index=False, name=None))
assert len(_paires) == 32
assert _paires == {
    (881, 2), (881, 3), (881, 6), (881, 7),
    (2363, 1), (2363, 2), (2363, 3), (2363, 4), (2363, 5), (2363, 8),
    (3009, 1), (3009, 2), (3009, 4), (3009, 5), (3009, 7), (3009, 8),
    (3854, 1), (3854, 3), (3854, 4), (3854, 6), (3854, 7), (3854, 8),
    (5029, 2), (5029, 3), (5029, 4), (5029, 5), (5029, 7), (5029, 8),
    (8933, 1), (8933, 2), (8933, 5), (8933, 6),
}
""",
        2,
    )
    # ------------------------------------------------------------------ E
    c.append(
        texte(
            "q11_enonce",
            """
## Partie E — Les clients multicanaux

Un client **multicanal** a commandé par au moins deux canaux de vente différents (`canal_vente` : magasin, web, téléphone, catalogue) sur toute la période.

### Question 11 (1 point) — Combien vaut un client multicanal ?

Calculez, pour chaque client, sa marge totale (2019-2025) et son nombre de canaux. Combien de fois la marge moyenne d'un client multicanal dépasse-t-elle celle d'un client qui n'a utilisé qu'un seul canal ?
""",
        )
    )
    c += question(
        "q11",
        "ratio_multicanal",
        """
par_client = commandes.groupby("client_id").agg(
    nb_canaux=("canal_vente", "nunique"), marge=("marge", "sum")
)
marge_multi = par_client.loc[par_client["nb_canaux"] >= 2, "marge"].mean()
marge_mono = par_client.loc[par_client["nb_canaux"] == 1, "marge"].mean()
ratio_multicanal = marge_multi / marge_mono
""",
        "assert abs(float(ratio_multicanal) / 3.8303585769518733 - 1) < 1e-3",
        1,
    )
    # ------------------------------------------------------------------ F
    c.append(
        texte(
            "q12_enonce",
            """
## Partie F — Connaître ses clients, sans excès

### Question 12 (2 points) — Les données d'une carte de fidélité

Super Chef refond le formulaire d'adhésion à sa carte : des points sur chaque achat, un bon d'achat tous les 500 points et un mailing mensuel d'offres personnalisées, envoyé par le canal que le client accepte. Le RGPD impose de ne collecter que les données **nécessaires** à ce but (principe de minimisation). Lesquelles de ces données le programme doit-il vraiment collecter ?

1. Nom et prénom
2. Adresse e-mail ou postale
3. Revenus du foyer
4. Position GPS du téléphone, suivie en continu
5. Numéro de carte
6. Historique des achats faits avec la carte
7. Convictions religieuses
8. Numéro de sécurité sociale
9. Choix du client pour recevoir des offres par e-mail, SMS ou courrier
10. Carnet d'adresses du téléphone

Répondez par la liste des numéros (l'ordre ne compte pas).
""",
        )
    )
    c += question(
        "q12",
        "champs_necessaires",
        "champs_necessaires = [1, 2, 5, 6, 9]",
        "assert sorted(int(x) for x in champs_necessaires) == [1, 2, 5, 6, 9]",
        2,
    )
    c.append(
        texte(
            "q13_enonce",
            """
## Partie G — Argumenter

### Question 13 (3 points) — Fidélité « de portefeuille » et fidélité « de cœur »

Distinguez la fidélité financière (fondée sur l'intérêt) de la fidélité affective (fondée sur l'attachement). Montrez pourquoi un programme fondé uniquement sur les remises fidélise mal, et proposez deux actions qui créeraient un attachement à Super Chef (10 à 15 lignes). Appuyez-vous sur au moins un chiffre de ce TD.
""",
        )
    )
    c.append(
        libre(
            "q13",
            """
**Réponse type.** Un client fidèle « par intérêt » revient parce que la carte lui rapporte des points ou des remises : sa fidélité dure tant que l'avantage est le meilleur du marché, et un concurrent qui offre un peu plus l'emporte. C'est une fidélité comportementale (il rachète) sans attitude favorable, coûteuse pour l'enseigne puisque chaque remise réduit la marge. Un client fidèle « de cœur » revient parce qu'il aime la marque, s'y reconnaît, fait confiance à ses conseils : il compare moins les prix, recommande l'enseigne à ses proches et pardonne plus facilement un incident.

Chez Super Chef, les porteurs de la carte restent davantage (74 % contre 63 % d'une année sur l'autre) alors qu'ils rapportent un peu moins de marge par an : la carte retient, mais une partie de cette fidélité est achetée. Cinq points de rétention valent environ 118 € de CLV par porteur : fidéliser par l'attachement plutôt que par la remise protège cette valeur.

Deux actions possibles : des ateliers de cuisine en magasin réservés aux porteurs de carte (reconnaissance, expérience, lien avec les vendeurs) ; un service après-vente généreux (affûtage des couteaux offert, garantie à vie des casseroles), qui montre que la marque prend soin de ses clients ; ou encore une communauté de recettes animée par des chefs.

**Barème (enseignant, 3 points)**

- 1 pt — la distinction : fidélité financière (intérêt, remises, points, fragile face à une meilleure offre, coûteuse en marge) et fidélité affective (attachement, confiance, reconnaissance, recommandation) ; mention possible de la fidélité comportementale et de la fidélité d'attitude.
- 1 pt — la limite des remises : fidélité qui dure ce que dure l'avantage, marge rognée, clients « chasseurs de promotions » ; appui sur un chiffre du TD (rétention avec et sans carte, gain de CLV de la question 6, coût de fidélisation de la question 8).
- 1 pt — deux actions concrètes et adaptées à une enseigne d'articles de cuisine qui créent un lien (services, expérience, reconnaissance, communauté, conseils), pas de simples remises.

Ne pas pénaliser l'orthographe ; accepter d'autres actions si elles créent un attachement.
""",
            3,
        )
    )
    c.append(
        texte(
            "q14_enonce",
            """
### Question 14 (3 points) — Quand la personnalisation devient intrusion

Kroger, avec son partenaire dunnhumby, envoie des bons de réduction ciblés à partir des achats de chaque client ; Monoprix adresse ses offres selon les achats les plus fréquents. Expliquez pourquoi la connaissance du client est utile à la fidélisation, puis à partir de quand la personnalisation peut être ressentie comme une intrusion. Donnez trois règles que Super Chef devrait suivre pour rester du bon côté de la frontière (10 à 15 lignes).
""",
        )
    )
    c.append(
        libre(
            "q14",
            """
**Réponse type.** Connaître ses clients permet de leur proposer ce qui les intéresse : des offres sur leurs catégories favorites (comme les six offres de la partie D), au bon moment et par le canal qu'ils acceptent. Les messages sont plus pertinents, donc mieux reçus et plus rentables ; le client se sent reconnu. Kroger a montré qu'un bon de réduction choisi d'après le panier de chaque client est bien plus souvent utilisé qu'un bon envoyé à tous.

La personnalisation devient intrusion quand le client a l'impression d'être surveillé plutôt que compris : l'enseigne en sait plus que ce qu'il lui a confié (déduire une grossesse ou une maladie de ses achats), elle utilise des données qu'il ne pensait pas avoir données (localisation, navigation), elle révèle ce qu'elle sait au mauvais moment ou devant des tiers, ou elle insiste sur un achat déjà fait.

Trois règles pour Super Chef : ne collecter que les données utiles au programme et ne jamais déduire de données sensibles (minimisation, RGPD) ; dire clairement au client ce qui est collecté et pourquoi, recueillir son consentement par canal et lui permettre de le retirer d'un clic ; rester sur des sujets attendus (la cuisine), éviter les offres sur un achat récent et garder une fréquence raisonnable.

**Barème (enseignant, 3 points)**

- 1 pt — l'intérêt de la connaissance client : offres pertinentes, au bon moment, par le bon canal ; meilleur retour des campagnes ; client reconnu ; exemple de Kroger (bons ciblés, dunnhumby) ou de Monoprix (6 à 8 offres par mois).
- 1 pt — la frontière : sentiment d'être surveillé ou « mis à nu », données déduites ou sensibles, données collectées à l'insu du client, insistance ou mauvais moment ; au moins un exemple concret.
- 1 pt — trois règles réalistes : minimisation et finalité (RGPD), transparence et consentement révocable, pertinence et mesure (pas d'offre sur ce qui vient d'être acheté, fréquence, données sensibles exclues).

Ne pas pénaliser l'orthographe.
""",
            3,
        )
    )
    c.append(
        texte(
            "fin",
            """
## Avant de rendre

Exécutez tout le notebook (menu <kbd>Run</kbd> > <kbd>Run All Cells</kbd>), vérifiez que chaque vérification affiche ✅, enregistrez, puis rendez le fichier selon les consignes de votre enseignant.
""",
        )
    )
    return c


def main() -> None:
    formater(
        ecrire(RACINE / "solutions" / TD / f"{TD}.ipynb", cellules_td(), "td"),
        ecrire(RACINE / "course" / "04_fidelisation.ipynb", cellules_cours(), "cours"),
    )


if __name__ == "__main__":
    main()
