"""Figures quoted in the prose of the notebooks match what the data give.

Each entry names a notebook, the exact words the prose uses (typography
aside) and how to recompute the figure from the Super Chef data. When the data
or the prose change, this test says which sentence to update. Figures that a
cell prints next to the prose are checked by nbval; these are the ones written
by hand in markdown.
"""

from __future__ import annotations

import functools
import re

import nbformat
import pandas as pd
import pytest
from notebook_files import REPO_ROOT

from crmkit import loyalty
from crmkit.data import charger


def _prose(path: str) -> str:
    nb = nbformat.read(REPO_ROOT / path, as_version=4)
    texte = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return re.sub(r"[\u00a0\u202f]", " ", texte)


@functools.cache
def _commandes() -> pd.DataFrame:
    return charger("commandes")


@functools.cache
def _couts_mailings() -> pd.DataFrame:
    campagnes = charger("campagnes")
    mailings = campagnes[campagnes["canal"] == "courrier"]
    return loyalty.couts_acquisition_retention(mailings, charger("contacts_campagne"))


@functools.cache
def _retention_a_un_an() -> pd.Series:
    commandes = _commandes().assign(annee=lambda d: d["date_commande"].dt.year)
    cohortes = loyalty.retention_cohortes(commandes, "annee")
    return cohortes[1].dropna().rename(index=int)


@functools.cache
def _uplift_mailings() -> loyalty.ResultatUplift:
    """Campaigns 1 and 2 pooled: mailed vs control group, purchases in the 45 days after."""
    tables = [charger(t) for t in ("campagnes", "contacts_campagne", "temoins_campagne")]
    g = sum(loyalty.achats_test_temoin(*tables, _commandes(), c, jours=45) for c in (1, 2))
    return loyalty.mesure_uplift(
        int(g.loc["test", "acheteurs"]),
        int(g.loc["test", "effectif"]),
        int(g.loc["temoin", "acheteurs"]),
        int(g.loc["temoin", "effectif"]),
        cout_par_contact=1.0,
        reponses=int(g.loc["test", "reponses"]),
    )


@functools.cache
def _valeur_rfm_2025():
    from crmkit import scoring

    segments = scoring.segmentation_rfm(_commandes(), "2025-12-31")["segment"]
    cmd = _commandes()
    return loyalty.valeur_segments(segments, cmd[cmd["date_commande"].dt.year == 2025])


def _carte(carte: int) -> tuple[float, float]:
    """TD4 q5/q6: margin per active card holder (or not) in 2025, retention 2024 → 2025."""
    from crmkit.exercices.td2_fidelisation_mesures import segment

    return segment(carte)


def _gain_clv_carte() -> float:
    from crmkit.economics import clv

    marge, retention = _carte(1)
    return clv(marge, retention + 0.05, 0.10) - clv(marge, retention, 0.10)


def _ratio_multicanal() -> float:
    par_client = (
        _commandes()
        .groupby("client_id")
        .agg(canaux=("canal_vente", "nunique"), marge=("marge", "sum"))
    )
    multi = par_client.loc[par_client["canaux"] >= 2, "marge"].mean()
    return float(multi / par_client.loc[par_client["canaux"] == 1, "marge"].mean())


def _acquisition() -> float:
    return float(_couts_mailings().loc["prospects", "cout_par_reponse"])


def _retention_2025() -> float:
    return float(loyalty.churn_par_annee(_commandes()).loc[2025, "taux_retention"])


def _part_inactifs_trois_ans() -> float:
    dernier = _commandes().groupby("client_id")["date_commande"].max()
    return float((dernier < pd.Timestamp("2023-01-01")).mean())


@functools.cache
def _par_canal_clients() -> pd.DataFrame:
    campagnes = charger("campagnes")
    contacts = charger("contacts_campagne")
    clients = campagnes[campagnes["cible"] == "clients"]
    couts = clients["nb_contacts"] * clients["cout_unitaire"]
    reponses = clients["campagne_id"].map(contacts.groupby("campagne_id")["reponse"].sum())
    par_canal = (
        pd.DataFrame(
            {
                "canal": clients["canal"],
                "contacts": clients["nb_contacts"],
                "cout": couts,
                "rep": reponses,
            }
        )
        .groupby("canal")[["contacts", "cout", "rep"]]
        .sum()
    )
    return par_canal.assign(
        par_contact=lambda d: d["cout"] / d["contacts"], par_reponse=lambda d: d["cout"] / d["rep"]
    )


@functools.cache
def _emailing_ab() -> pd.DataFrame:
    """Funnel of e-mail campaign 3 by subject line (A/B), buyers included."""
    from crmkit import emailing

    acheteurs = charger("contacts_campagne").query("campagne_id == 3 and reponse == 1")
    return emailing.kpi_emailing(
        charger("evenements_email"), par="variante_objet", acheteurs=acheteurs
    )


def _emailing_total(colonne: str) -> float:
    from crmkit import emailing

    return float(emailing.kpi_emailing(charger("evenements_email")).loc["total", colonne])


def _test_ab(num: str) -> float:
    from crmkit import emailing

    a, b = _emailing_ab().loc["A"], _emailing_ab().loc["B"]
    return emailing.test_ab(int(a[num]), int(a["delivres"]), int(b[num]), int(b["delivres"]))


@functools.cache
def _filtre_poeles() -> pd.DataFrame:
    from crmkit import emailing
    from crmkit.data import connexion

    achats = pd.read_sql(
        "SELECT DISTINCT c.client_id, p.categorie_id FROM commandes AS c "
        "JOIN lignes_commande AS l ON l.commande_id = c.commande_id "
        "JOIN produits AS p ON p.produit_id = l.produit_id",
        connexion(),
    )
    return emailing.filtre_consentement(
        charger("consentements"), charger("clients"), "email", categorie_offre=2, achats=achats
    )


def _ouverture(variante: str) -> float:
    return float(_emailing_ab().loc[variante, "taux_ouverture"])


def _rapport(canal: str, autre: str, colonne: str) -> float:
    d = _par_canal_clients()
    return float(d.loc[canal, colonne] / d.loc[autre, colonne])


C01 = "course/01_enjeux_relation_client.ipynb"
C04 = "course/04_fidelisation.ipynb"
TD_EMAILING = "solutions/td2_emailing_aida/td2_emailing_aida.ipynb"
TD4 = "solutions/td2_fidelisation/td2_fidelisation.ipynb"
# (notebook, words quoted in the prose, recomputed value, rounding used in the prose)
CITATIONS = [
    (
        C01,
        "le courrier coûte 50 fois plus que l'e-mail",
        lambda: _rapport("courrier", "email", "par_contact"),
        0,
    ),
    (
        C01,
        "environ 7,5 fois plus seulement",
        lambda: _rapport("courrier", "email", "par_reponse"),
        1,
    ),
    (
        C01,
        "Le téléphone coûte trois fois plus cher par contact",
        lambda: _rapport("telephone", "courrier", "par_contact"),
        0,
    ),
    (
        C01,
        "leur écart (moins de 0,5 %)",
        lambda: 0.5 if abs(_rapport("sms", "email", "par_reponse") - 1) < 0.005 else 99,
        1,
    ),
    (
        C04,
        "coûte environ **117 €**",
        lambda: _couts_mailings().loc["prospects", "cout_par_reponse"],
        0,
    ),
    (
        C04,
        "environ **19 €** : six fois moins",
        lambda: _couts_mailings().loc["clients", "cout_par_reponse"],
        0,
    ),
    (
        C04,
        "six fois moins",
        lambda: (
            _couts_mailings().loc["prospects", "cout_par_reponse"]
            / _couts_mailings().loc["clients", "cout_par_reponse"]
        ),
        0,
    ),
    (C04, "18,5 % des clients postés ont acheté", lambda: 100 * _uplift_mailings().taux_test, 1),
    (C04, "contre 15,7 % des témoins", lambda: 100 * _uplift_mailings().taux_temoin, 1),
    (C04, "La réponse incrémentale est de 2,8 points", lambda: 100 * _uplift_mailings().uplift, 1),
    (C04, "de 1,4 à 4,2 points", lambda: 100 * _uplift_mailings().uplift_bas, 1),
    (C04, "de 1,4 à 4,2 points", lambda: 100 * _uplift_mailings().uplift_haut, 1),
    (
        C04,
        "environ **36 € par acheteur incrémental**",
        lambda: _uplift_mailings().cout_par_achat_incremental,
        0,
    ),
    (C04, "(entre 24 et 73 €", lambda: _uplift_mailings().cout_incremental_bas, 0),
    (C04, "(entre 24 et 73 €", lambda: _uplift_mailings().cout_incremental_haut, 0),
    (C04, "contre 19 € par réponse", lambda: _uplift_mailings().cout_par_reponse, 0),
    (
        C04,
        "le rapport tombe à **3,3**",
        lambda: _acquisition() / _uplift_mailings().cout_par_achat_incremental,
        1,
    ),
    (
        C04,
        "il est compris entre 1,6 et 4,9",
        lambda: _acquisition() / _uplift_mailings().cout_incremental_haut,
        1,
    ),
    (
        C04,
        "il est compris entre 1,6 et 4,9",
        lambda: _acquisition() / _uplift_mailings().cout_incremental_bas,
        1,
    ),
    (
        C04,
        "(environ 36 €), le rapport est d'environ 3,3, entre 1,6 et 4,9",
        lambda: _uplift_mailings().cout_par_achat_incremental,
        0,
    ),
    (
        C04,
        "(environ 36 €), le rapport est d'environ 3,3, entre 1,6 et 4,9",
        lambda: _acquisition() / _uplift_mailings().cout_par_achat_incremental,
        1,
    ),
    (
        C04,
        "Les champions, environ 22 % des clients, ont fait environ 76 % de la marge de 2025",
        lambda: 100 * _valeur_rfm_2025().loc["Champions", "part_clients"],
        0,
    ),
    (
        C04,
        "Les champions, environ 22 % des clients, ont fait environ 76 % de la marge de 2025",
        lambda: 100 * _valeur_rfm_2025().loc["Champions", "part_marge"],
        0,
    ),
    (
        TD4,
        "(environ 22 % des clients, 76 % de la marge de 2025)",
        lambda: 100 * _valeur_rfm_2025().loc["Champions", "part_clients"],
        0,
    ),
    (
        TD4,
        "(environ 22 % des clients, 76 % de la marge de 2025)",
        lambda: 100 * _valeur_rfm_2025().loc["Champions", "part_marge"],
        0,
    ),
    (TD4, "(74 % contre 63 % d'une année sur l'autre)", lambda: 100 * _carte(1)[1], 0),
    (TD4, "(74 % contre 63 % d'une année sur l'autre)", lambda: 100 * _carte(0)[1], 0),
    (
        TD4,
        "Cinq points de rétention valent environ 117 € de CLV par porteur",
        lambda: _gain_clv_carte(),
        0,
    ),
    (TD4, "(environ 117 € de CLV de plus par porteur, question 6)", lambda: _gain_clv_carte(), 0),
    (
        TD4,
        "au coût observé de 36 € par acheteur incrémental (et non 19 € par réponse",
        lambda: _uplift_mailings().cout_par_achat_incremental,
        0,
    ),
    (
        TD4,
        "au coût observé de 36 € par acheteur incrémental (et non 19 € par réponse",
        lambda: _uplift_mailings().cout_par_reponse,
        0,
    ),
    (
        TD4,
        "plus de 36 € de marge par client ramené",
        lambda: _uplift_mailings().cout_par_achat_incremental,
        0,
    ),
    (
        TD4,
        "rapportent près de quatre fois plus, question 12",
        lambda: _ratio_multicanal(),
        0,
    ),
    (
        TD4,
        "(environ trois fois sur nos mailings,",
        lambda: _acquisition() / _uplift_mailings().cout_par_achat_incremental,
        0,
    ),
    (C04, "date de 2022, environ 62 %", lambda: 100 * _retention_a_un_an().loc[2022], 0),
    (C04, "(de 36 à 38 % selon la cohorte)", lambda: 100 * (1 - _retention_a_un_an().max()), 0),
    (C04, "(de 36 à 38 % selon la cohorte)", lambda: 100 * (1 - _retention_a_un_an().min()), 0),
    (C04, "cohorte à un an (62 à 64 %)", lambda: 100 * _retention_a_un_an().min(), 0),
    (C04, "cohorte à un an (62 à 64 %)", lambda: 100 * _retention_a_un_an().max(), 0),
    (C04, "en 2025, environ 67 % des clients actifs", lambda: 100 * _retention_2025(), 0),
    (C04, "ont racheté, et 33 % sont partis", lambda: 100 * (1 - _retention_2025()), 0),
    (C04, "Environ un client sur cinq n'a rien acheté", lambda: 1 / _part_inactifs_trois_ans(), 0),
    # TD e-mailing, model answers of q14 and q15 (the rubric quotes the student's own figures)
    (
        TD_EMAILING,
        "(44 désinscriptions seulement sur 10 411 e-mails délivrés)",
        lambda: _emailing_total("desabonnes"),
        0,
    ),
    (
        TD_EMAILING,
        "(44 désinscriptions seulement sur 10 411 e-mails délivrés)",
        lambda: _emailing_total("delivres"),
        0,
    ),
    (
        TD_EMAILING,
        "notre filtre a écarté 803 « oui » issus d'une case pré-cochée",
        lambda: (_filtre_poeles()["code_motif"] == "case_precochee").sum(),
        0,
    ),
    (
        TD_EMAILING,
        "ouvrir 23,4 % des destinataires contre 19,1 % pour A",
        lambda: 100 * _ouverture("B"),
        1,
    ),
    (
        TD_EMAILING,
        "ouvrir 23,4 % des destinataires contre 19,1 % pour A",
        lambda: 100 * _ouverture("A"),
        1,
    ),
    (TD_EMAILING, "un écart significatif (|z| ≈ 5,4)", lambda: abs(_test_ab("ouvreurs").z), 1),
    (TD_EMAILING, "(p-value de 0,32)", lambda: _test_ab("acheteurs").p_value, 2),
    (
        TD_EMAILING,
        "21,2 % d'ouverture, 3,3 % de clics (CTR) et un CTOR de 15,7 %",
        lambda: 100 * _emailing_total("taux_ouverture"),
        1,
    ),
    (
        TD_EMAILING,
        "21,2 % d'ouverture, 3,3 % de clics (CTR) et un CTOR de 15,7 %",
        lambda: 100 * _emailing_total("taux_clic"),
        1,
    ),
    (
        TD_EMAILING,
        "21,2 % d'ouverture, 3,3 % de clics (CTR) et un CTOR de 15,7 %",
        lambda: 100 * _emailing_total("ctor"),
        1,
    ),
    (
        TD_EMAILING,
        "Le taux de désinscription (0,42 %)",
        lambda: 100 * _emailing_total("taux_desabonnement"),
        2,
    ),
    (
        TD_EMAILING,
        "ce test n'aurait eu que 39 % de chances",
        lambda: 100 * _puissance_ab(500),
        0,
    ),
    (
        TD_EMAILING,
        "il en faut 1 393 par variante pour 80 %",
        lambda: _taille_ab(),
        0,
    ),
    (
        TD_EMAILING,
        "n'écrire qu'aux 10 106 clients que le filtre autorise",
        lambda: _filtre_poeles()["autorise"].sum(),
        0,
    ),
]


def _puissance_ab(n: int) -> float:
    from crmkit import emailing

    return emailing.puissance_ab(_ouverture("A"), _ouverture("B"), n)


def _taille_ab() -> float:
    from crmkit import emailing

    return emailing.taille_echantillon_ab(_ouverture("A"), _ouverture("B"))


_NOMBRES = {"un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7}


def _valeurs_citees(citation: str) -> list[float]:
    # thousands are grouped by a space (« 10 411 »): one number, not two
    nombres = re.findall(r"\d{1,3}(?: \d{3})+(?!\d)(?:,\d+)?|\d+(?:,\d+)?", citation)
    valeurs = [float(x.replace(" ", "").replace(",", ".")) for x in nombres]
    mots = [_NOMBRES[m] for m in re.findall(r"\b(" + "|".join(_NOMBRES) + r")\b", citation)]
    return valeurs + [float(m) for m in mots if m != 1 or not valeurs]


@pytest.mark.parametrize(
    ("notebook", "citation", "calcul", "decimales"),
    CITATIONS,
    ids=[f"{n.split('/')[-1]}:{c}" for n, c, *_ in CITATIONS],
)
def test_quoted_figure_matches_the_data(notebook, citation, calcul, decimales):
    assert citation in _prose(notebook), f"phrase introuvable dans {notebook} : « {citation} »"
    valeur = round(float(calcul()), decimales)
    assert valeur in _valeurs_citees(citation), (
        f"{notebook} cite « {citation} », mais les données donnent {valeur:g}"
    )


def test_a_wrong_quote_is_caught():
    assert 40 not in _valeurs_citees("Super Chef compte 20 000 clients")
    assert _valeurs_citees("sur 10 411 e-mails, 44 désinscriptions") == [10411.0, 44.0]
    assert 10412 not in _valeurs_citees("sur 10 411 e-mails")
    assert _valeurs_citees("six fois moins") == [6.0]


def test_words_without_figures_match_the_data():
    """« à peu près autant » (course/01): telephone and mail within 5 % per response."""
    assert "mais à peu près autant par réponse" in _prose(C01)
    assert abs(_rapport("telephone", "courrier", "par_reponse") - 1) < 0.05


def _fr(x: float, decimales: int = 0) -> str:
    """A number as the prose writes it once typography is aside: 48 438, 1,17."""
    return f"{x:,.{decimales}f}".replace(",", " ").replace(".", ",")


def test_td2_base_scoring_recommendation_note_quotes_the_data():
    """The model note of td2_base_scoring q16 (solution only) quotes the TD's results."""
    from crmkit import scoring
    from crmkit.exercices.td2_base_scoring_mesures import (
        BORNES_CLASSES,
        ETIQUETTES_CLASSES,
        PRIX_LOCATION_MILLE,
        campagne_2024,
        holdout,
        hygiene,
        scores,
    )

    td2 = "solutions/td2_base_scoring/td2_base_scoring.ipynb"
    c, h, f = campagne_2024(), holdout(), hygiene()
    classes = scoring.classes_de_score(scores("2024"), BORNES_CLASSES, ETIQUETTES_CLASSES)
    contacts_d = int((classes == "D").sum())
    attendues = [
        f"une marge de {_fr(c['marge'], 2)} € par réponse",
        f"le taux de réponse de rentabilité est de {_fr(100 * c['seuil'], 2)} %",
        f"aurait rapporté {_fr(c['profit_abc'])} € de profit",
        f"contre {_fr(c['profit_tous'])} € pour un envoi à tous",
        f"avec {_fr(contacts_d)} courriers de moins",
        f"il rapporte {_fr(h['gain'])} € de plus",
        f"sa profondeur optimale ({_fr(100 * h['part_modele'])} % du fichier)",
        f"Sur {_fr(f['livrees'])} lignes livrées, seules {_fr(f['exploitables'])} adresses",
        f"une adresse exploitable coûte {_fr(f['cout'], 3)} € et non {_fr(f['cout_naif'], 2)} €",
    ]
    prose = _prose(td2)
    for phrase in attendues:
        assert phrase in prose, f"{td2} devrait citer « {phrase} »"
    assert PRIX_LOCATION_MILLE == 120 and "au prix de `PRIX_LOCATION_MILLE` = 120 € HT" in prose
    # a wrong figure is caught: the same sentence with another value is not in the note
    assert f"coûte {_fr(f['cout'] + 0.01, 3)} €" not in prose
