"""Cells of ``course/04_fidelisation.ipynb`` (used by ``td2_fidelisation.py``)."""

from __future__ import annotations

from nbcommun import md, py


def cellules_cours() -> list:
    return [
        md(
            """
# 4. La fidélisation : garder ses clients, et savoir ce que cela rapporte

**Objectifs** — à la fin de ce chapitre, vous saurez :

- définir la fidélisation, distinguer fidélité de comportement et fidélité d'attitude, fidélité « de portefeuille » et fidélité « de cœur » ;
- vérifier sur des données, au lieu de le répéter, qu'un client gagné coûte plusieurs fois plus cher qu'un client gardé ;
- lire un tableau de rétention par cohorte et calculer un taux d'attrition (*churn*) sur la bonne population ;
- calculer la valeur d'un client sur sa durée de vie (CLV) et ce que rapportent quelques points de rétention ;
- construire des offres personnalisées, mesurer la valeur des clients multicanaux et dire où s'arrête la personnalisation (intrusion, RGPD).

**Prérequis** : les chapitres 2 et 3 (tables de la base, taux de réponse, coût par réponse, consentements).

**Durée estimée** : 2 heures, exercices compris.

**Données** : tables `clients`, `commandes`, `lignes_commande`, `produits`, `categories`, `campagnes` et `contacts_campagne` de la base Super Chef (1er janvier 2019 – 31 décembre 2025).
"""
        ),
        py(
            """
import matplotlib.pyplot as plt
import pandas as pd

from crmkit import economics, loyalty, plots
from crmkit.data import charger
from crmkit.widgets.clv import simulateur_clv

plots.appliquer_style()
clients = charger("clients")
commandes = charger("commandes")
"""
        ),
        md(
            """
## 1. Fidéliser : de quoi parle-t-on ?

La **fidélisation** est une décision stratégique : l'entreprise met en place des actions pour que ses clients deviennent, puis restent, fidèles à un produit, à une marque ou à un point de vente. Le programme de fidélité (carte, points, avantages) n'est qu'un de ses outils ; la qualité du service, le conseil, le suivi après l'achat en font tout autant partie.

Pourquoi s'y intéresser ? Parce qu'un client fidèle :

- coûte moins cher à faire revenir qu'un inconnu à convaincre ;
- achète souvent davantage avec le temps et connaît déjà l'offre ;
- recommande l'enseigne autour de lui (le parrainage est un canal d'acquisition à part entière) ;
- rend l'activité plus prévisible.

On lit souvent qu'**acquérir un client coûte 5 à 7 fois plus cher que d'en garder un**. Ce chiffre circule sans source bien établie et varie beaucoup selon les secteurs : c'est un **ordre de grandeur**, pas une loi. Vérifions-le sur les campagnes de Super Chef.
"""
        ),
        py(
            """
campagnes = charger("campagnes")
contacts = charger("contacts_campagne")
reponses = contacts.groupby("campagne_id")["reponse"].sum()
bilan = campagnes.assign(
    cout_total=campagnes["nb_contacts"] * campagnes["cout_unitaire"],
    reponses=campagnes["campagne_id"].map(reponses).fillna(0).astype(int),
)
bilan["cout_par_reponse"] = bilan["cout_total"] / bilan["reponses"]
bilan[["campagne_id", "nom_campagne", "canal", "cible", "nb_contacts", "cout_total", "reponses", "cout_par_reponse"]].round(2)
"""
        ),
        md(
            """
Les campagnes n° 7 et 8 (« Catalogue de bienvenue ») sont des mailings envoyés à un fichier loué de **prospects** : chaque réponse est un client gagné. Les campagnes n° 1 et 2 (« Printemps des casseroles ») sont des mailings envoyés aux **clients** : chaque réponse est un client qui revient acheter. Même canal (le courrier, 1 € le contact), offre comparable : la comparaison est honnête.

La fonction `loyalty.couts_acquisition_retention` fait le calcul par cible ; on la restreint aux mailings.
"""
        ),
        py(
            """
mailings = campagnes[campagnes["canal"] == "courrier"]
couts = loyalty.couts_acquisition_retention(mailings, contacts)
ratio = loyalty.ratio_acquisition_retention(
    couts.loc["prospects", "cout_par_reponse"], couts.loc["clients", "cout_par_reponse"]
)
print(
    f"Un client gagné coûte {plots.format_euros(couts.loc['prospects', 'cout_par_reponse'], 2)}, "
    f"un client fidélisé {plots.format_euros(couts.loc['clients', 'cout_par_reponse'], 2)} : "
    f"{plots.format_nombre(ratio, 1)} fois plus."
)
couts.round(2)
"""
        ),
        md(
            """
Sur les données de Super Chef, un client gagné par mailing coûte environ **117 €**, un client fidélisé environ **19 €** : six fois plus, dans la fourchette annoncée.

**Attention au mélange des canaux.** Si l'on met dans le même sac toutes les campagnes adressées aux clients, on y trouve les visites de commerciaux chez les professionnels (250 € le contact) : le coût « de fidélisation » grimpe et le ratio s'effondre. Une comparaison n'a de sens qu'à canal et à offre comparables.
"""
        ),
        py(
            """
tous_canaux = loyalty.couts_acquisition_retention(campagnes, contacts)
tous_canaux.round(2)
"""
        ),
        md(
            """
## 2. Deux façons d'être fidèle

Un client peut revenir acheter pour des raisons très différentes. On distingue deux dimensions :

| | fidélité de **comportement** | fidélité d'**attitude** |
|---|---|---|
| ce qu'on observe | des achats répétés | une préférence, de la confiance, l'envie de recommander |
| comment la mesurer | données d'achat : rétention, fréquence, ancienneté | enquêtes : satisfaction, intention de recommander |
| son risque | l'habitude ou l'absence de choix (le seul magasin du quartier) | une sympathie qui ne se traduit pas en achats |

Et deux ressorts :

- la fidélité **financière** (« de portefeuille ») : le client revient pour les points, les remises, les bons d'achat. Elle est réelle mais fragile : elle dure ce que dure l'avantage, un concurrent plus généreux l'emporte, et chaque remise rogne la marge ;
- la fidélité **affective** (« de cœur ») : le client revient parce qu'il se sent reconnu, qu'il fait confiance aux conseils, qu'il aime l'expérience vécue avec la marque. Elle est plus longue à construire, mais plus solide : un client attaché compare moins les prix et pardonne plus facilement un incident.

Beaucoup d'enseignes constatent que leurs clients leur sont fidèles par intérêt plutôt que par attachement. D'où une piste de progrès : passer de l'avantage prix, à court terme, à un lien durable fait de reconnaissance, de services et d'expériences (un atelier de cuisine, un affûtage de couteaux offert, un conseil personnalisé).

Les données d'achat ne mesurent que le comportement : elles disent **qui** revient, pas **pourquoi**. Gardez cette limite en tête pour la suite.
"""
        ),
        md(
            """
## 3. Mesurer la fidélité : cohortes et attrition

### 3.1 Le tableau de rétention par cohorte

Une **cohorte** rassemble les clients qui ont fait leur premier achat la même année. Pour chacune, on regarde quelle part achète encore 1, 2, 3… ans plus tard. Suivre des cohortes plutôt que « tous les clients » évite de mélanger des nouveaux venus, qui partent vite, et des habitués, qui restent.
"""
        ),
        py(
            """
cohortes = loyalty.retention_cohortes(commandes, "annee")
cohortes.round(3)
"""
        ),
        py(
            """
fig, ax = plt.subplots(figsize=(8, 4.5))
plots.graphique_cohortes(cohortes, ax=ax, titre="Part des clients qui achètent encore, par cohorte")
plt.show()
"""
        ),
        md(
            """
**Lecture.** Ligne 2022, colonne 1 : parmi les clients dont le premier achat date de 2022, environ 62 % ont de nouveau commandé en 2023. Les cases vides sont des années qui n'ont pas encore eu lieu pour la cohorte. Un tiers des nouveaux clients ne revient pas l'année suivante : c'est la première année qui est décisive.

### 3.2 Tous les canaux d'acquisition ne se valent pas

Au lieu de l'année du premier achat, regroupons les clients selon le canal par lequel ils sont arrivés (`canal_acquisition`), puis selon qu'ils ont ou non la carte de fidélité.
"""
        ),
        py(
            """
par_canal = loyalty.retention_cohortes(
    commandes, "annee", cohorte="canal_acquisition", clients=clients
)
par_carte = loyalty.retention_cohortes(
    commandes, "annee", cohorte="carte_fidelite", clients=clients
).rename(index={0: "sans carte", 1: "avec carte"})

fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
for ax, table, titre in (
    (axes[0], par_canal, "Par canal d'acquisition"),
    (axes[1], par_carte, "Selon la carte de fidélité"),
):
    for i, (nom, ligne) in enumerate(table.iterrows()):
        ax.plot(ligne.index, ligne.to_numpy(), marker="o", label=str(nom), color=plots.PALETTE[i])
    ax.set_title(titre)
    ax.set_xlabel("Années depuis le premier achat")
    ax.yaxis.set_major_formatter(plots.formateur_pourcentage())
    ax.legend()
axes[0].set_ylabel("Part des clients qui achètent encore")
plt.show()
par_canal.round(2)
"""
        ),
        md(
            """
**Lecture.** Les clients venus par **parrainage** restent nettement plus que ceux venus du **web** ou d'un **salon** : un client recommandé par un proche arrive avec une confiance que la publicité n'achète pas. Les porteurs de la **carte** restent aussi davantage.

**Prudence sur la causalité.** La carte retient-elle les clients, ou bien les clients déjà attachés prennent-ils la carte ? Les deux sans doute : les données d'observation ne permettent pas de trancher. Pour mesurer l'effet propre de la carte, il faudrait une expérience (proposer la carte à une moitié tirée au hasard).

### 3.3 Le taux d'attrition (*churn*)

Le **taux d'attrition** d'une année est la part des clients actifs l'année précédente qui n'ont rien acheté cette année. Ici, « actif » veut dire « au moins une commande dans l'année ».
"""
        ),
        py(
            """
attrition = loyalty.churn_par_annee(commandes)
attrition.round(3)
"""
        ),
        md(
            """
Sur la même population et la même période, **attrition = 1 − rétention** : en 2025, environ 67 % des clients actifs en 2024 ont racheté, et 33 % sont partis.

Mais ce tableau ne porte pas sur la même population que celui des cohortes : il compte **tous** les clients actifs, anciens compris. Les anciens, qui ont déjà « survécu » plusieurs années, sont plus fidèles que les nouveaux ; la rétention de tous les actifs (environ 67 %) est donc plus élevée que celle d'une cohorte à un an (62 à 64 %). Prendre 1 moins la rétention d'une cohorte pour le churn de toute la base, ou mélanger deux années, est une erreur fréquente.

`loyalty.taux_churn` fait le même calcul sur des fenêtres glissantes de 365 jours avant une date de référence :
"""
        ),
        py(
            """
print("Attrition sur les 12 derniers mois :", plots.format_pourcentage(loyalty.taux_churn(commandes, "2025-12-31")))
"""
        ),
        md(
            """
## 4. Ce que vaut un client fidèle : la CLV

La **valeur vie client** (*customer lifetime value*, CLV) est la marge qu'un client rapportera pendant toute sa relation avec l'enseigne, ramenée en euros d'aujourd'hui. Le cours utilise la formule de `economics.clv` :

$$\\text{CLV} = m + \\frac{m\\,r}{1+d} + \\frac{m\\,r^2}{(1+d)^2} + \\dots = \\frac{m\\,(1+d)}{1+d-r}$$

avec *m* la marge annuelle d'un client actif, *r* la rétention annuelle et *d* le taux d'actualisation.

**Hypothèses** (à rappeler chaque fois qu'on donne une CLV) :

- la marge *m* et la rétention *r* sont constantes d'une année sur l'autre ;
- un client perdu ne revient jamais ;
- la première marge est perçue tout de suite (d'autres variantes existent : voir `economics.VARIANTES_CLV`) ;
- un euro reçu dans un an vaut 1 / (1 + *d*) euro aujourd'hui : c'est l'**actualisation**, sans laquelle on surestime la valeur des marges lointaines ;
- le coût d'acquisition n'est pas déduit.

Le terme 1 / (1 − *r*) donne au passage la **durée de vie moyenne** d'un client, en années : avec une rétention de 67 %, un client reste en moyenne environ trois ans.

Calculons la CLV de quelques segments, avec une actualisation de 10 % : la marge moyenne d'un client actif en 2025 et la rétention 2024 → 2025 de chaque segment.
"""
        ),
        py(
            """
def clv_segment(ids, actualisation=0.10):
    \"\"\"Marge 2025 par client actif, rétention 2024 → 2025 et CLV d'un ensemble de clients.\"\"\"
    cmd = commandes[commandes["client_id"].isin(ids)]
    en_2025 = cmd[cmd["date_commande"].dt.year == 2025]
    marge = en_2025.groupby("client_id")["marge"].sum().mean()
    retention = loyalty.churn_par_annee(cmd).loc[2025, "taux_retention"]
    return pd.Series(
        {"marge": marge, "retention": retention, "clv": economics.clv(marge, retention, actualisation)}
    )


segments = {
    "tous les clients": clients["client_id"],
    "avec carte": clients.loc[clients["carte_fidelite"] == 1, "client_id"],
    "sans carte": clients.loc[clients["carte_fidelite"] == 0, "client_id"],
}
for canal in ["parrainage", "magasin", "web"]:
    segments[f"venus par {canal}"] = clients.loc[clients["canal_acquisition"] == canal, "client_id"]
table_clv = pd.DataFrame({nom: clv_segment(ids) for nom, ids in segments.items()}).T
table_clv.round(3)
"""
        ),
        md(
            """
**Lecture.** Les porteurs de carte rapportent un peu **moins** de marge par an que les autres, mais ils restent plus longtemps : leur CLV est plus élevée. C'est tout l'argument économique de la fidélisation : la rétention pèse plus que la marge d'une seule année.

Comparez la CLV avec le coût d'acquisition d'environ 117 € mesuré plus haut : conquérir un client reste rentable ici, mais la marge de manœuvre dépend beaucoup de sa durée de vie.

### Simulateur : ce que valent quelques points de rétention

Faites varier la marge annuelle, la rétention et le taux d'actualisation ; le simulateur affiche la CLV et ce que rapporterait un gain de rétention. Observez :

1. à marge égale, un gain de 5 points vaut **plus** quand la rétention est déjà élevée ;
2. sans actualisation (taux à 0 %), la CLV grimpe nettement : oublier l'actualisation surestime la valeur des clients.
"""
        ),
        py(
            """
carte = table_clv.loc["avec carte"]
simulateur_clv(marge=round(float(carte["marge"])), retention=round(float(carte["retention"]), 2), actualisation=0.10)
"""
        ),
        md(
            """
## 5. Connaître le client pour personnaliser

La connaissance des clients est la matière première de la fidélisation. Deux exemples sont souvent cités :

- **Kroger**, l'une des plus grandes chaînes de supermarchés des États-Unis, travaille depuis le début des années 2000 avec **dunnhumby**, le cabinet d'analyse de données qui avait bâti le programme Clubcard de Tesco au Royaume-Uni. À partir des achats enregistrés par la carte de fidélité, chaque foyer reçoit des bons de réduction choisis pour lui, sur les produits qu'il achète ou pourrait acheter, plutôt que les mêmes bons que tout le monde ;
- en France, **Monoprix** envoie chaque mois à ses porteurs de carte un courrier de **6 à 8 offres personnalisées**, choisies d'après les produits qu'ils achètent le plus souvent.

Faisons la même chose pour Super Chef : pour chaque client, les catégories qu'il achète le plus souvent (nombre de commandes, puis montant) deviennent ses offres.
"""
        ),
        py(
            """
categories = charger("categories")
achats = loyalty.historique_achats(commandes, charger("lignes_commande"), charger("produits"), categories)
porteurs = clients.loc[clients["carte_fidelite"] == 1, "client_id"]
achats_porteurs = achats[achats["client_id"].isin(porteurs)]
offres = loyalty.offres_personnalisees(achats_porteurs, n=6)
offres = offres.merge(categories, on="categorie_id").sort_values(["client_id", "rang"])
offres.head(12)
"""
        ),
        md(
            """
**Une offre sur ce qui vient d'être acheté est une offre gâchée.** On n'achète pas une poêle tous les mois : proposer des poêles à quelqu'un qui vient d'en acheter une ne sert à rien, et lui montre surtout qu'on l'observe sans le comprendre. Vérifions quelle part des offres porte sur une catégorie achetée depuis le 1er novembre 2025.
"""
        ),
        py(
            """
recents = achats_porteurs[achats_porteurs["date_commande"] >= pd.Timestamp("2025-11-01")]
recents = recents[["client_id", "categorie_id"]].drop_duplicates()
controle = offres.merge(recents, on=["client_id", "categorie_id"], how="left", indicator=True)
deja_achetees = controle["_merge"] == "both"
print(f"{len(offres)} offres pour {offres['client_id'].nunique()} porteurs de carte")
print("Part des offres sur une catégorie achetée depuis le 1er novembre :", plots.format_pourcentage(deja_achetees.mean()))
offres_utiles = controle[~deja_achetees].drop(columns="_merge")
print("Offres gardées après le filtre :", len(offres_utiles))
"""
        ),
        md(
            """
Environ une offre sur huit tombait sur un achat récent. Le filtre est simple ; l'oublier, c'est envoyer chaque mois des milliers d'offres inutiles. Dans un vrai programme, on irait plus loin : proposer des produits **complémentaires** (des ustensiles à qui vient d'acheter une casserole) plutôt que les mêmes.

**Exercice.** Refaites le contrôle avec 8 offres par client (`n=8`), la limite haute de Monoprix. La part d'offres inutiles augmente-t-elle ?
"""
        ),
        md(
            """
## 6. Une fidélisation multicanale

Les clients de Super Chef achètent en magasin, sur le web, par téléphone ou sur catalogue. Un client qui utilise plusieurs canaux est-il plus précieux ?
"""
        ),
        py(
            """
multicanal = loyalty.valeur_multicanal(commandes)
fig, ax = plt.subplots(figsize=(6, 3.5))
plots.graphique_barres(
    multicanal["marge_moyenne"], "euros", ax=ax,
    titre="Marge totale moyenne par client (2019-2025)", xlabel="Nombre de canaux utilisés",
)
plt.show()
multicanal.round(3)
"""
        ),
        md(
            """
**Lecture.** Environ un client sur cinq a utilisé au moins deux canaux ; ces clients rapportent en moyenne près de quatre fois plus de marge que les clients d'un seul canal. Là encore, prudence : les gros acheteurs, qui commandent souvent, ont plus d'occasions d'essayer un autre canal. Le multicanal est à la fois une cause et un signe de l'attachement. Enfin, la barre « 4 canaux » ne repose que sur cinq clients : elle ne prouve rien à elle seule.

La conséquence pratique ne fait pas débat : un programme de fidélité doit fonctionner **quel que soit le canal**. Les points gagnés sur le web doivent compter en magasin, le numéro de carte doit être reconnu au téléphone, et l'historique doit réunir tous les achats : sinon le client multicanal, le plus précieux, est aussi le plus mal reconnu.
"""
        ),
        md(
            """
## 7. La limite : quand la personnalisation devient intrusion

Certaines enseignes décryptent si bien les achats de leurs clients qu'elles peuvent presque prévoir les prochains. C'est très utile pour cibler une promotion ; c'est aussi inquiétant pour un client qui découvre que l'enseigne en sait plus sur lui que ce qu'il lui a confié. En 2012, le *New York Times* a raconté comment l'enseigne américaine Target repérait des clientes probablement enceintes d'après leurs achats, pour leur envoyer des offres de puériculture avant même qu'elles l'aient annoncé à leurs proches.

La personnalisation bascule dans l'intrusion quand :

- elle révèle une information que le client n'a pas donnée (santé, situation familiale, difficultés financières) ;
- elle repose sur des données qu'il ne savait pas collectées (localisation, navigation, données revendues) ;
- elle insiste (relances trop fréquentes, offre sur un achat qui vient d'être fait) ou tombe au mauvais moment.

Le **RGPD** encadre ces pratiques. Quelques principes à connaître :

- **minimisation** (article 5) : ne collecter que les données nécessaires au but annoncé ; un programme de fidélité a besoin d'identifier le client, de le contacter, d'enregistrer ses achats et ses choix de consentement, pas de connaître ses revenus ni sa position GPS ;
- **finalité** et **transparence** : dire au client ce qui est collecté, pourquoi, et pendant combien de temps ;
- **données sensibles** (article 9) : santé, religion, opinions politiques… sont interdites sauf exception, y compris quand on les **déduit** des achats ;
- **droit d'opposition** : le client peut refuser à tout moment la prospection et le profilage qui la sert ;
- **durée de conservation** : la CNIL recommande de ne pas garder les données d'un prospect ou d'un ancien client plus de trois ans après le dernier contact venant de lui, pour lui envoyer de la prospection.

Appliquons ce dernier point à la base de Super Chef :
"""
        ),
        py(
            """
dernier_achat = commandes.groupby("client_id")["date_commande"].max()
inactifs = dernier_achat < pd.Timestamp("2023-01-01")
print(f"{int(inactifs.sum())} clients sur {len(dernier_achat)} n'ont rien acheté depuis plus de trois ans")
print("Part de la base :", plots.format_pourcentage(inactifs.mean()))
"""
        ),
        md(
            """
Environ un client sur cinq n'a rien acheté depuis plus de trois ans. Avant de les relancer, Super Chef doit vérifier qu'aucun autre contact n'est venu d'eux depuis ; sinon, leurs données ne peuvent plus servir à la prospection : il faut les supprimer ou les archiver, quitte à tenter une dernière relance pour leur redemander leur accord tant que c'est permis.

## En résumé

- Fidéliser coûte moins cher que conquérir : chez Super Chef, un client gagné par mailing coûte environ 117 €, un client fidélisé environ 19 €, soit six fois plus. Le « 5 à 7 fois » est un ordre de grandeur qui se vérifie **à canal égal**.
- La fidélité de comportement (racheter) ne dit pas tout de la fidélité d'attitude (préférer) ; la fidélité financière est fragile, la fidélité affective plus solide.
- La rétention se mesure **par cohorte** ; l'attrition vaut 1 − rétention **sur la même population et la même période**.
- La CLV, *m* (1 + *d*) / (1 + *d* − *r*), dépend surtout de la rétention ; sans actualisation, on la surestime.
- Personnaliser (6 à 8 offres à la Monoprix, bons ciblés de Kroger) suppose de bien connaître ses clients, sans offres sur ce qu'ils viennent d'acheter, sur tous les canaux, et sans franchir la ligne de l'intrusion : minimisation, transparence, consentement.

Place maintenant au TD noté : `exercises/td2_fidelisation/td2_fidelisation.ipynb`.
"""
        ),
    ]
