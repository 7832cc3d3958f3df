"""Self-checks for TD2 part 1, customer database and scoring (``td2_base_scoring``).

One declaration per question (kind, answer variable, points, tolerance, hints,
misconceptions): ``verifier("q10", marge_par_reponse)`` is the visible check,
``valider("q10", marge_par_reponse, 85.486…)`` the hidden test (same rule,
literal expected value; omitted for sets and tables, recomputed), and
``indice("q10")`` gives the next hint. Categorical answers are compared through
salted SHA-256 fingerprints; numbers, sets and tables are recomputed from the
Super Chef data with :mod:`crmkit.scoring`, :mod:`crmkit.economics` and
:mod:`crmkit.fichiers`.

Known misconceptions get their own message: segmentation and targeting
swapped (q1); the amount spent taken for an income, a declared passion for a
purchase (q2); pre-ticked boxes counted as consent, the wrong year (q3, q4,
q10…); a rented file counted before hygiene, customers or duplicates left in
because names were compared unnormalised, NPAI or opposed people kept (q5);
the rental of the removed lines forgotten, a cost divided by the lines
delivered (q6); recency points reversed (q7, q8); a response rate over the
responders, all contacts or the whole base, or its complement 1 − p (q9);
revenue (or revenue minus the mailing cost) used in place of the margin (q10,
q11, q13, q14, q15); a percentage (1.17) where a proportion (0.0117) is asked
(q9, q11, q14); class D kept although it is below the break-even rate (q12).
The recommendation note (q16) is graded by the teacher with the rubric of the
solution notebook.

Tolerances let a result rounded to the cent (amounts) or to four decimals
(rates) and carried into the next questions keep its points: the profit of
q13 moves by 667 × 0.01 € when the margin per response is rounded to the cent.

>>> evaluer("q11", ...).statut
'non_repondu'
>>> verifier("q5", hygiene()["exploitables"])
✅ q5 : bonne réponse.
>>> valider("q11", 0.0117, 0.011697748183474679)
>>> "seuil" in evaluer("q12", {"A", "B", "C", "D"}).message
True
>>> "CLIENTES" in evaluer("q5", hygiene()["sans_retrait_clients"]).message
True
"""

from __future__ import annotations

import pandas as pd

from crmkit.exercices.pieges import ensemble_egal, table_egale
from crmkit.exercices.td2_base_scoring_mesures import (
    BORNES_CLASSES,
    COUT_CONTACT,
    ETIQUETTES_CLASSES,
    FAMILLES_CRITERES,
    POINTS_POSSIBLES,
    PRIX_LOCATION_MILLE,
    REGLES_AUTRES,
    TRANCHES_RECENCE,
    VARIABLES_MODELE,
    campagne_2024,
    cout_par_adresse,
    holdout,
    hygiene,
    regles_grille,
    requetes,
    scores,
)
from crmkit.feedback import (
    Association,
    Choix,
    Ensemble,
    Libre,
    Nombre,
    Piege,
    Questionnaire,
    Tableau,
    empreinte,
    normaliser,
    proche,
)

TD_ID = "td2_base_scoring"
_SEL = "td2_base_scoring/2025"

# --------------------------------------------------------------------------- fingerprints
_CLES_Q1 = {
    "base_de_donnees": "a01a858659d70542e2fceb69278cdad7fc97add2ea9c43c8f65303e27391a205",
    "progiciel": "d0e1556ee2a0fe2c8c0d6e2c5e6e3f232f3d2315d14ee1ba089474325b7e27c8",
    "segmentation": "77267ff9fa5f93e987c6f2a3b7234f1510aa8c887679f02365ae18a01492540f",
    "ciblage": "1d9b700ed03007953ecc0c1bd4f3ba028c2e7b195b32fb38459fe6e0a3907ef0",
    "marketing_direct": "55c830355af932239f53509edde33c951d54b0349baec2b418db81b4cceb0390",
}
_Q1_INVERSION = "e4a5654cd48846f54a415076b6a3bb33cd1c0c7ce4bffddd62fe8417927612fe"
_CLES_Q2 = {
    "ville": "8df527b5f189653b6f742e4873088667ac3bbe425c7520c44ffcdfe7b1d3f673",
    "annee_naissance": "351f185fb89e3cdcc8dc3662afcfe716947574e23d8b3186679811ff4da9995c",
    "civilite": "605cd18f22edde8652fa07b3ae4169ce713459d015adfc4de4d003875852b4bf",
    "carte_fidelite": "5d06025dc807ae286e8730e497456c8d4e22103a62856bc9df9fe46103c116cf",
    "montant": "65f1304b861cf31738c70026450ca4b02334e30a777f4bca55ae066d2f4476c5",
    "passion_cuisine": "10b0be75947ba32608973176d1deaaf031ba81fef5c1665a70301e1acaa8c83f",
}
_Q2_MONTANT_REVENU = "a4c311147f1585a58c0ca80edd488a0018fa011e5248ee0b6d2e6dfddb1c5733"
_Q2_CARTE_ATTITUDE = "8bcc6d0db083538c0f2970eca4c4dc0e3917672c434eeeed719de16bcb1d94a2"
_Q2_PASSION_ACHAT = "b413675bf14a1e308bf11ccf72d99cef157da567859a8c3a8b796c393b6763af"
_Q7 = "a16712844c603d8a48bb37d2e6e285a4fb816332b4f099cf82c3d44f708fbeb8"
_Q7_INVERSE = "9eb19bdbd5e50b9110945a4e0eec8f13198a63fb02f98132682358e635a8a3b4"
_Q12 = "587f60b8f5ac1ef00a9e0d0dc7f8f0a6b56e78a54ab3b45dab3ac559461ee767"
_Q12_TOUTES = "649d15eacfaefb0064d5b50fc2552ee5ba9ed1f20b6501f78fd187539b1c58a6"
_Q12_SANS_C = "3a983ec928d18d1ee7144635a71f8264ba4319e4d726d3b8e8b2a60c3ad74279"


def _h(qid: str, valeur: object) -> str:
    return empreinte(qid, valeur, _SEL)


# --------------------------------------------------------------------------- trap predicates
def _d(cle: str):
    return lambda: campagne_2024()[cle]


def _paire(r, cle: str) -> str:
    """Fingerprint of the (criterion, family) pair a student gave for *cle* in q2."""
    valeurs = {normaliser(k): v for k, v in r.items()}
    return _h("q2", [cle, valeurs[normaliser(cle)]])


def _hyg(cle: str):
    return lambda: hygiene()[cle]


def _h25(cle: str):
    return lambda: holdout()[cle]


def _vaut(source, cle: str, tolerance: float = 1e-3):
    """Predicate: a number within *tolerance* (relative) of the recomputed value *cle*."""
    return lambda r: proche(r, source()[cle], tolerance)


_MARGE_CA = (
    "vous avez utilisé le CHIFFRE D'AFFAIRES par réponse au lieu de la MARGE par réponse : "
    "une vente ne rapporte que sa marge (prix de vente − coût des produits)."
)
_CA_MOINS_COUTS = (
    "vous avez calculé CHIFFRE D'AFFAIRES − coût des courriers : le profit part de la MARGE des "
    "réponses (prix de vente − coût des produits), dont on retire ensuite le coût des courriers."
)
_CAMPAGNE_2025 = (
    "vous avez pris la campagne n° 2 (2025) : cette question porte sur la campagne n° 1, celle "
    "de 2024 (campagne_id == 1)."
)
_POURCENTAGE = (
    "c'est un pourcentage (1.2 pour 1,2 %) : la question demande une proportion entre 0 et 1 "
    "(0.012), sans multiplier par 100."
)

# --------------------------------------------------------------------------- questionnaire
QUESTIONS = Questionnaire(TD_ID, sel=_SEL)
for _question in (
    Association(
        "q1",
        variable="definitions",
        points=2,
        empreintes=_CLES_Q1,
        valeurs=("A", "B", "C", "D", "E"),
        indices=(
            "Une définition parle d'un logiciel, une autre de découper, une autre de choisir, "
            "une autre d'un message adressé à une personne identifiée.",
            "Segmenter, c'est DÉCOUPER la clientèle en groupes ; cibler, c'est CHOISIR à qui "
            "l'on s'adresse ; la base, c'est le contenu, le progiciel, l'outil (cours, parties "
            "2 et 3).",
        ),
        pieges=(
            Piege(
                lambda r: (
                    _h(
                        "q1",
                        [
                            "segmentation-ciblage",
                            str(r["segmentation"]).strip().upper(),
                            str(r["ciblage"]).strip().upper(),
                        ],  # fmt: skip
                    )
                    == _Q1_INVERSION
                ),
                "segmentation et ciblage sont inversés : segmenter, c'est DÉCOUPER la clientèle "
                "en groupes homogènes ; cibler, c'est CHOISIR le ou les groupes à qui "
                "l'on s'adresse.",
            ),
        ),
    ),
    Association(
        "q2",
        variable="familles",
        points=1,
        empreintes=_CLES_Q2,
        valeurs=FAMILLES_CRITERES,
        indices=(
            "Géographique : où vit le client ; sociodémographique : qui il est (âge, sexe, "
            "revenu, profession) ; psychographique : ce qu'il pense et aime (valeurs, style de "
            "vie, centres d'intérêt) ; comportemental : ce qu'il FAIT avec l'entreprise.",
            "Une colonne remplie par les achats ou l'usage (montant, adhésion à la carte) est "
            "comportementale ; une opinion déclarée dans un questionnaire est psychographique.",
        ),
        pieges=(
            Piege(
                lambda r: _paire(r, "montant") == _Q2_MONTANT_REVENU,
                "le montant des achats n'est pas le revenu du client : il décrit ce que le client "
                "a acheté chez Super Chef, c'est un critère comportemental (le M de RFM).",
            ),
            Piege(
                lambda r: _paire(r, "carte_fidelite") == _Q2_CARTE_ATTITUDE,
                "la carte de fidélité se constate dans la base (le client a adhéré) : c'est un "
                "comportement, pas une attitude ou un trait de personnalité.",
            ),
            Piege(
                lambda r: _paire(r, "passion_cuisine") == _Q2_PASSION_ACHAT,
                "une passion que le client DÉCLARE dans un questionnaire n'est pas un achat "
                "observé : c'est un critère psychographique (centres d'intérêt, style de vie).",
            ),
        ),
    ),
    Ensemble(
        "q3",
        variable="clients_cibles",
        points=2,
        attendu=lambda: requetes()["cibles"],
        indices=(
            "Trois conditions : une commande de poêle (categorie_id = 2) depuis le 2025-01-01 ; "
            "un consentement e-mail (canal = 'email', statut = 'opt_in') ; une source "
            "différente de 'case_precochee'.",
            "Joignez commandes, lignes_commande, produits et consentements (JOIN … ON), "
            "filtrez avec WHERE, puis gardez les client_id distincts (SELECT DISTINCT) : "
            'resultat["client_id"].',
        ),
        pieges=(
            Piege(
                lambda r: isinstance(r, pd.DataFrame),
                "« clients_cibles » est un tableau entier : gardez sa colonne de numéros, par "
                'exemple resultat["client_id"].',
            ),
            Piege(
                ensemble_egal(lambda: requetes()["avec_precoche"]),
                "vous avez gardé les « opt_in » issus d'une case pré-cochée : ce n'est pas un "
                "consentement valable (le RGPD exige un acte positif). Ajoutez la condition "
                "source <> 'case_precochee'.",
            ),
            Piege(
                ensemble_egal(lambda: requetes()["annee_2024"]),
                "ce sont les acheteurs de 2024 : les 12 derniers mois vont du 2025-01-01 au "
                "2025-12-31.",
            ),
            Piege(
                ensemble_egal(lambda: requetes()["sans_date"]),
                "vous avez gardé tous les acheteurs de poêles depuis 2019 : la question porte sur "
                "les 12 derniers mois (commandes depuis le 2025-01-01).",
            ),
            Piege(
                ensemble_egal(lambda: requetes()["sans_consentement"]),
                "ce sont tous les acheteurs récents de poêles : il faut aussi qu'ils aient "
                "accepté les e-mails (table consentements, canal 'email', statut 'opt_in').",
            ),
        ),
    ),
    Tableau(
        "q4",
        variable="ca_par_canal",
        points=1,
        attendu=lambda: requetes()["ca"],
        tolerance=1e-6,  # moins d'un euro sur des centaines de milliers : le centime passe
        indices=(
            "Filtrez les commandes de 2025, groupez par canal_vente et additionnez la colonne "
            "montant.",
            "En SQL : WHERE date_commande BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY "
            'canal_vente, puis .set_index("canal_vente")["ca"] ; en pandas : .groupby() puis '
            ".sum().",
        ),
        pieges=(
            Piege(
                table_egale(lambda: requetes()["ca_2024"]),
                "c'est le chiffre d'affaires de 2024 : la question porte sur 2025.",
            ),
            Piege(
                table_egale(lambda: requetes()["ca_toutes_annees"]),
                "vous avez additionné toutes les années depuis 2019 : gardez seulement les "
                "commandes de 2025.",
            ),
            Piege(
                table_egale(lambda: requetes()["marge"]),
                "vous avez additionné la MARGE : le chiffre d'affaires est la colonne « montant ».",
            ),
            Piege(
                table_egale(lambda: requetes()["nb_commandes"]),
                "vous avez compté les commandes : il faut additionner leurs montants (.sum()).",
            ),
        ),
    ),
    Nombre(
        "q5",
        variable="adresses_exploitables",
        points=1,
        attendu=_hyg("exploitables"),
        tolerance_abs=0.5,  # un nombre de lignes : exact
        indices=(
            "Quatre étapes : dédoublonner le fichier, retirer les clients, retirer les adresses "
            "NPAI (retour_npai == 1), retirer les personnes opposées (liste_opposition == 1).",
            "fichiers.dedoublonner(fichier) puis fichiers.retirer_clients(…, clients) "
            "comparent les lignes APRÈS normalisation ; filtrez ensuite les deux marques, "
            "puis comptez les lignes restantes avec len(…).",
        ),
        pieges=(
            Piege(
                lambda r: proche(r, hygiene()["livrees"], 0),
                "c'est le nombre de lignes LIVRÉES : il faut d'abord nettoyer le fichier "
                "(doublons, clients, NPAI, oppositions).",
            ),
            Piege(
                lambda r: proche(r, hygiene()["sans_retrait_clients"], 0),
                "vous avez oublié de retirer les personnes déjà CLIENTES de Super Chef : on ne "
                "paie pas un courrier de conquête pour un client (fichiers.retirer_clients).",
            ),
            Piege(
                lambda r: proche(r, hygiene()["clients_sans_normaliser"], 0),
                "vous avez comparé les clients au fichier sans normaliser les noms : « MARTIN » "
                "et « Martin » ne se rapprochent pas. Utilisez fichiers.retirer_clients.",
            ),
            Piege(
                lambda r: (
                    proche(r, hygiene()["sans_dedoublonner"], 0)
                    or proche(r, hygiene()["doublons_bruts"], 0)
                ),
                "des doublons restent dans votre fichier : une même personne écrite autrement "
                "(majuscules, accents, « bd » pour « boulevard »…) n'est repérée qu'après "
                "normalisation. Utilisez fichiers.dedoublonner.",
            ),
            Piege(
                lambda r: proche(r, hygiene()["sans_npai"], 0),
                "vous avez gardé les adresses NPAI (retour_npai == 1) : un courrier y revient "
                "« n'habite pas à l'adresse indiquée », il coûte sans rien rapporter.",
            ),
            Piege(
                lambda r: proche(r, hygiene()["sans_opposition"], 0),
                "vous avez gardé les personnes inscrites sur une liste d'opposition "
                "(liste_opposition == 1) : on ne doit pas les prospecter.",
            ),
            Piege(
                lambda r: proche(r, hygiene()["sans_marques"], 0),
                "vous avez oublié les deux marques du fichier : retirez aussi les adresses NPAI "
                "et les personnes opposées.",
            ),
        ),
    ),
    Nombre(
        "q6",
        variable="cout_par_adresse",
        points=1,
        attendu=_hyg("cout"),
        tolerance_abs=6e-4,  # un coût arrondi au millième d'euro est accepté
        indices=(
            "On paie la location de TOUTES les adresses livrées, mais on n'envoie un courrier "
            "qu'aux adresses exploitables ; on divise le tout par les adresses exploitables.",
            "Coût = (lignes livrées × PRIX_LOCATION_MILLE / 1000 + adresses exploitables × "
            "COUT_CONTACT) / adresses exploitables.",
        ),
        pieges=(
            Piege(
                lambda r: proche(r, hygiene()["cout_naif"], 1e-4),
                "c'est le coût AFFICHÉ (location d'une adresse + un courrier) : il oublie que "
                "l'on paie aussi la location des lignes écartées par le nettoyage.",
            ),
            Piege(
                lambda r: proche(r, hygiene()["cout_sur_livrees"], 1e-3),
                "vous avez divisé par le nombre de lignes LIVRÉES : le coût se rapporte aux "
                "adresses EXPLOITABLES, les seules qui reçoivent un courrier.",
            ),
            Piege(
                lambda r: proche(r, hygiene()["cout_envoi_a_tous"], 1e-3),
                "vous avez compté un courrier pour chaque ligne livrée : après nettoyage, on "
                "n'écrit qu'aux adresses exploitables.",
            ),
            Piege(
                lambda r: proche(r, hygiene()["cout_location_seule"], 1e-3),
                "c'est le coût de la seule location : ajoutez le courrier (COUT_CONTACT) envoyé "
                "à chaque adresse exploitable.",
            ),
            Piege(
                lambda r: proche(r, hygiene()["cout_prix_unitaire"], 1e-3),
                "le prix de location est donné pour MILLE adresses : divisez-le par 1 000.",
            ),
            Piege(
                lambda r: any(
                    proche(r, cout_par_adresse(hygiene()["livrees"], hygiene()[cle]), 2e-4)
                    for cle in (
                        "sans_retrait_clients",
                        "clients_sans_normaliser",
                        "sans_dedoublonner",
                        "doublons_bruts",
                        "sans_npai",
                        "sans_opposition",
                        "sans_marques",
                    )
                ),
                "la formule est juste, mais le nombre d'adresses exploitables ne l'est pas : "
                "revoyez la question 5.",
            ),
        ),
    ),
    Choix(
        "q7",
        variable="points_recence",
        points=1,
        empreintes=(_Q7,),
        options=POINTS_POSSIBLES,
        attendu_type=(list, tuple),
        indices=(
            "Qui répond le plus à un mailing : le client qui a acheté le mois dernier ou celui "
            "dont le dernier achat date de trois ans ?",
            "La tranche la plus récente (moins de 90 jours) reçoit le plus de points ; la plus "
            "ancienne, le moins.",
        ),
        pieges=(
            Piege(
                lambda r: (
                    sorted(normaliser(x) for x in r)
                    != sorted(normaliser(x) for x in POINTS_POSSIBLES)
                ),
                "utilisez chacune des valeurs 0, 10, 20 et 30 une fois exactement.",
            ),
            Piege(
                lambda r: _h("q7", list(r)) == _Q7_INVERSE,
                "récence inversée : un achat ANCIEN rapporte ici le plus de points. Or un client "
                "qui a acheté récemment répond bien plus souvent qu'un client parti depuis "
                "longtemps : la tranche la plus récente doit recevoir le plus de points.",
            ),
            Piege(
                lambda r: True,
                "l'ordre des points ne suit pas la règle de la récence ; relisez le cours.",
            ),
        ),
    ),
    Tableau(
        "q8",
        variable="scores_2024",
        points=1,
        attendu=lambda: scores("2024"),
        indices=(
            "Construisez les règles avec regles_grille(points_recence), puis appliquez-les à "
            "clients_2024 avec scoring.appliquer_grille.",
            "scoring.appliquer_grille(clients_2024, regles) renvoie un tableau : gardez sa "
            'colonne "score".',
        ),
        pieges=(
            Piege(
                table_egale(lambda: scores("2024", inverse=True)),
                "vos scores utilisent une récence inversée (les achats anciens rapportent le "
                "plus) : corrigez « points_recence » (question 7), puis relancez vos cellules.",
            ),
        ),
    ),
    Tableau(
        "q9",
        variable="taux_par_classe",
        points=2,
        attendu=_d("taux"),
        tolerance=2e-3,  # des taux arrondis à 4 décimales sont acceptés
        indices=(
            "Taux de réponse d'une classe = réponses de la classe ÷ clients CONTACTÉS de cette "
            "classe.",
            "Ajoutez une colonne classe avec scoring.classes_de_score(scores_2024, "
            "BORNES_CLASSES, ETIQUETTES_CLASSES), puis scoring.taux_reponse_par_classe(tableau, "
            '"classe") donne la colonne "taux_reponse".',
        ),
        pieges=(
            Piege(
                table_egale(lambda: campagne_2024()["sur_repondants"], 2e-3),
                "vous avez divisé par le nombre de RÉPONDANTS : vous obtenez la part des "
                "réponses venue de chaque classe, pas un taux de réponse. Le taux de réponse "
                "d'une classe = réponses de la classe / clients CONTACTÉS de cette classe.",
            ),
            Piege(
                table_egale(lambda: campagne_2024()["sur_contactes"], 2e-3),
                "vous avez divisé par TOUS les contactés de la campagne : le dénominateur est le "
                "nombre de clients contactés DANS la classe.",
            ),
            Piege(
                table_egale(lambda: campagne_2024()["sur_base"], 2e-3),
                "vous avez divisé par toute la BASE clients : seuls les clients contactés, et "
                "ceux de la classe, comptent au dénominateur.",
            ),
            Piege(
                table_egale(lambda: campagne_2024()["non_reponse"], 2e-3),
                "ce sont les taux de NON-réponse (1 − p) : comptez les clients qui ont répondu "
                "(reponse == 1).",
            ),
            Piege(
                table_egale(lambda: campagne_2024()["pourcentages"], 2e-3),
                "vos taux sont en pourcentage (15 pour 15 %) : écrivez des proportions entre 0 "
                "et 1 (0.15), sans multiplier par 100.",
            ),
        ),
    ),
    Nombre(
        "q10",
        variable="marge_par_reponse",
        points=1,
        attendu=_d("marge"),
        tolerance_abs=0.01,  # un montant arrondi au centime est accepté
        indices=(
            "Gardez les répondants de la campagne n° 1 (campagne_id == 1 et reponse == 1).",
            "Marge par réponse = somme de leur marge_reponse ÷ nombre de répondants.",
        ),
        pieges=(
            Piege(_vaut(campagne_2024, "ca"), _MARGE_CA),
            Piege(
                _vaut(campagne_2024, "ca_moins_couts"),
                "vous avez retiré le coût des courriers du chiffre d'affaires : la marge d'une "
                "vente est prix de vente − coût des produits (colonne marge_reponse) ; le coût "
                "des courriers se compte à part, dans le profit.",
            ),
            Piege(_vaut(campagne_2024, "marge_2025", 2e-4), _CAMPAGNE_2025),
            Piege(
                lambda r: proche(r, _d("marge")() * _d("reponses")() / _d("contacts")()),
                "vous avez divisé par tous les CONTACTÉS : la question porte sur la marge "
                "moyenne d'une RÉPONSE (divisez par le nombre de répondants).",
            ),
        ),
    ),
    Nombre(
        "q11",
        variable="seuil",
        points=1,
        attendu=_d("seuil"),
        tolerance_abs=5e-5,  # un taux arrondi à 4 décimales (0.0117) est accepté
        indices=(
            "Au seuil, une réponse rapporte juste ce que coûtent les courriers envoyés pour "
            "l'obtenir : taux × marge par réponse = coût par contact.",
            "Seuil = coût par contact ÷ marge par réponse, en proportion (entre 0 et 1) ; "
            "economics.seuil_rentabilite le calcule.",
        ),
        pieges=(
            Piege(
                _vaut(campagne_2024, "seuil_ca"),
                "vous avez divisé par le CHIFFRE D'AFFAIRES par réponse : le seuil se calcule "
                "avec la MARGE par réponse (coût par contact / marge par réponse).",
            ),
            Piege(lambda r: proche(r, 100 * _d("seuil")(), 5e-3), _POURCENTAGE),
            Piege(
                lambda r: proche(r, 1 / _d("seuil")(), 1e-3),
                "division à l'envers : c'est le COÛT par contact qui se divise par la MARGE par "
                "réponse.",
            ),
            Piege(_vaut(campagne_2024, "seuil_2025", 2e-3), _CAMPAGNE_2025),
        ),
    ),
    Choix(
        "q12",
        variable="classes_retenues",
        points=1,
        empreintes=(_Q12,),
        options=ETIQUETTES_CLASSES,
        sans_ordre=True,
        attendu_type=(set, frozenset, list, tuple),
        indices=(
            "Comparez le taux de réponse de chaque classe (question 9) au taux de réponse de rentabilité "
            "(question 11).",
            "On écrit aux classes dont le taux de réponse dépasse le seuil : chaque courrier y "
            "rapporte plus qu'il ne coûte.",
        ),
        pieges=(
            Piege(
                lambda r: _h("q12", {str(x).upper() for x in r}) == _Q12_TOUTES,
                "une classe répond moins que le taux de réponse de rentabilité : lui écrire fait "
                "perdre de l'argent. Si toutes les classes vous semblent rentables, vérifiez "
                "que votre seuil utilise la MARGE et non le chiffre d'affaires.",
            ),
            Piege(
                lambda r: _h("q12", {str(x).upper() for x in r}) == _Q12_SANS_C,
                "une classe écartée a un taux de réponse AU-DESSUS du seuil : chaque contact y "
                "rapporte plus qu'il ne coûte, il faut la garder.",
            ),
        ),
    ),
    Nombre(
        "q13",
        variable="profit_ciblage",
        points=1,
        attendu=_d("profit_abc"),
        # 667 réponses × 0,01 € : une marge par réponse arrondie au centime garde le point.
        tolerance_abs=7.0,
        indices=(
            "Profit = réponses des classes retenues × marge par réponse − contacts des classes "
            "retenues × coût par contact.",
            "Les colonnes reponses et contacts de votre tableau par classe (question 9), "
            "limitées aux classes de la question 12, donnent les deux nombres.",
        ),
        pieges=(
            Piege(
                lambda r: proche(r, _d("profit_abc_ca")()) or proche(r, _d("profit_tous_ca")()),
                _CA_MOINS_COUTS,
            ),
            Piege(
                _vaut(campagne_2024, "profit_abc_sans_cout"),
                "vous avez oublié de retirer le coût des contacts (1 € par courrier).",
            ),
            Piege(
                _vaut(campagne_2024, "profit_tous"),
                "c'est le profit de l'envoi à TOUS les clients : calculez celui des seules "
                "classes retenues.",
            ),
            Piege(
                _vaut(campagne_2024, "profit_abc_2025", 1e-4),
                "vous avez pris la marge par réponse de la campagne n° 2 (2025) : le profit de "
                "2024 se calcule avec celle de la campagne n° 1 (question 10).",
            ),
        ),
    ),
    Nombre(
        "q14",
        variable="profondeur_modele",
        points=1,
        attendu=_h25("part_modele"),
        tolerance_abs=0.005,  # une part du fichier, par pas de 10 %
        indices=(
            "Ajustez le modèle sur clients_2024, ajoutez la colonne proba à clients_2025, puis "
            'cherchez l\'optimum avec score="proba".',
            "scoring.profondeur_optimale(clients_2025, COUT_CONTACT, marge_par_reponse, "
            'score="proba") renvoie la ligne optimale ; lisez « part_contacts », une '
            "proportion entre 0 et 1.",
        ),
        pieges=(
            Piege(
                lambda r: proche(r, _h25("part_grille")()) and proche(r, _h25("part_modele_ca")()),
                "ce n'est pas la profondeur du modèle calculée avec la marge. Deux causes donnent "
                'ce résultat : la colonne « score » de la GRILLE au lieu de « proba » (score="proba"), '
                "ou le CHIFFRE D'AFFAIRES par réponse au lieu de la MARGE par réponse "
                "(marge_par_reponse). Vérifiez les deux.",
            ),
            Piege(
                _vaut(holdout, "part_grille"),
                "c'est la profondeur optimale de la GRILLE de points : refaites le calcul avec "
                'la colonne « proba » du modèle (score="proba").',
            ),
            Piege(
                _vaut(holdout, "part_modele_ca"),
                "vous avez utilisé le chiffre d'affaires par réponse au lieu de la MARGE par "
                "réponse : une vente ne rapporte que sa marge.",
            ),
            Piege(
                lambda r: proche(r, 100 * _h25("part_modele")()),
                "c'est un pourcentage : écrivez la part du fichier en proportion (0.25 pour "
                "25 %), comme « part_contacts ».",
            ),
            Piege(
                lambda r: proche(r, 1 - _h25("part_modele")()),
                "c'est la part du fichier qu'on ne contacte PAS (1 − p) : donnez la part "
                "contactée.",
            ),
        ),
    ),
    Nombre(
        "q15",
        variable="gain_modele",
        points=1,
        attendu=_h25("gain"),
        # Profits arrondis au centime ; le gain bouge d'1 € par euro de marge par réponse.
        tolerance_abs=0.05,
        indices=(
            "Gain = profit à la profondeur optimale du modèle − profit à la profondeur optimale "
            "de la grille, tous deux sur la campagne 2025.",
            'Refaites scoring.profondeur_optimale avec score="score" (la grille) et lisez la '
            "colonne profit des deux lignes optimales.",
        ),
        pieges=(
            Piege(_vaut(holdout, "gain_ca"), _MARGE_CA),
            Piege(
                lambda r: proche(r, -_h25("gain")()),
                "le signe est inversé : calculez profit du modèle − profit de la grille.",
            ),
            Piege(
                lambda r: abs(float(r)) < 1e-6,
                "un écart nul : avez-vous comparé les deux scores à 100 % du fichier ? À cette "
                "profondeur tout le monde est contacté, quel que soit le score.",
            ),
            Piege(
                _vaut(holdout, "gain_2025", 1e-4),
                "vous avez pris la marge par réponse de la campagne 2025 : le choix se fait avec "
                "ce qu'on savait avant l'envoi, la marge de 2024 (question 10).",
            ),
        ),
    ),
    Libre(
        "q16",
        variable="note",
        points=4,
        indices=(
            "Une note de recommandation répond à « que faire ? » avant de dire pourquoi : "
            "commencez par la décision, puis appuyez chaque point sur un chiffre du TD.",
            "Trois décisions à chiffrer : à quelles classes écrire (seuil, profit des "
            "questions 11 à 13), avec quel score (question 15), et à quelles conditions louer "
            "le fichier de prospects (questions 5 et 6).",
        ),
    ),
):
    QUESTIONS.ajouter(_question)

verifier = QUESTIONS.verifier
indice = QUESTIONS.indice
valider = QUESTIONS.valider
evaluer = QUESTIONS.evaluer

__all__ = [
    "BORNES_CLASSES",
    "COUT_CONTACT",
    "ETIQUETTES_CLASSES",
    "PRIX_LOCATION_MILLE",
    "QUESTIONS",
    "REGLES_AUTRES",
    "TD_ID",
    "TRANCHES_RECENCE",
    "VARIABLES_MODELE",
    "evaluer",
    "indice",
    "regles_grille",
    "valider",
    "verifier",
]
