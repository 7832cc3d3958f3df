"""Self-checks of td2_base_scoring: right answers pass (also written differently, rounded
and carried forward), blanks and wrong types get a French message, each listed
misconception gets its own hint, no message shows the expected value, and the
visible check and the notebook's hidden test accept and reject the same answers.
Expected values are recomputed here by hand (pandas/SQL)."""

import pandas as pd
import pytest
from notebook_files import hidden_tests

from crmkit.data import charger, connexion
from crmkit.exercices import td2_base_scoring as td
from crmkit.exercices.td2_base_scoring_mesures import holdout, requetes, scores
from crmkit.feedback import ReponseAVerifier

MARGE = 53833.06 / 628  # campaign 1: total margin of the responses / responses
CA = 144090.2 / 628  # campaign 1: revenue of the responses / responses
CONTACTS = {"D": 3302, "C": 2791, "B": 2274, "A": 2637}
REPONSES = {"D": 33, "C": 75, "B": 121, "A": 399}
TAUX = {k: REPONSES[k] / CONTACTS[k] for k in CONTACTS}
CA_2025 = {"catalogue": 596671.85, "magasin": 2456296.93, "telephone": 804268.43, "web": 1872101.55}
VARIABLES = {q.qid: q.variable for q in td.QUESTIONS.questions}
AUTO = [q.qid for q in td.QUESTIONS.questions if not q.manuelle]


def profit_abc(marge):
    return (399 + 121 + 75) * marge - (2637 + 2274 + 2791)


@pytest.fixture(scope="module")
def cibles():
    """q3 recomputed with pandas (no SQL, no crmkit helper)."""
    cmd = charger("commandes")
    lig = charger("lignes_commande").merge(charger("produits"), on="produit_id")
    poeles = cmd[cmd["commande_id"].isin(lig.loc[lig["categorie_id"] == 2, "commande_id"])]
    cons = charger("consentements")
    ok = cons[(cons["canal"] == "email") & (cons["statut"] == "opt_in")]
    valides = set(ok.loc[ok["source"] != "case_precochee", "client_id"])
    annee = poeles["date_commande"].dt.year
    ids = set(poeles.loc[annee == 2025, "client_id"])
    return {
        "bon": ids & valides,
        "precoche": ids & set(ok["client_id"]),
        "2024": set(poeles.loc[annee == 2024, "client_id"]) & valides,
    }


FAMILLES = {
    "ville": "geographique",
    "annee_naissance": "sociodemographique",
    "civilite": "sociodemographique",
    "carte_fidelite": "comportemental",
    "montant": "comportemental",
    "passion_cuisine": "psychographique",
}
ABREVIATIONS = {"R": "RUE", "AVENUE": "AV", "BOULEVARD": "BD", "BVD": "BD", "PLACE": "PL",
                "ALLEE": "ALL", "CHEMIN": "CHE", "CH": "CHE", "IMPASSE": "IMP"}  # fmt: skip


def _texte(serie):
    """Names and streets written one way, recomputed without crmkit.fichiers."""
    s = serie.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    return s.str.upper().str.replace(r"[^A-Z0-9]+", " ", regex=True).str.strip()


def _voie(serie):
    mots = _texte(serie).str.split(" ", n=2)
    return mots.str[0] + " " + mots.str[1].replace(ABREVIATIONS) + " " + mots.str[2]


@pytest.fixture(scope="module")
def hyg():
    """q5 / q6 recomputed with pandas: steps of the hygiene and their usual slips."""
    f, cl = charger("fichier_loue"), charger("clients")
    cp = f["code_postal"].str.zfill(5)
    personne = _texte(f["prenom"]) + "|" + _texte(f["nom"]) + "|" + _voie(f["adresse"]) + "|" + cp
    cle_client = _texte(f["prenom"]) + "|" + _texte(f["nom"]) + "|" + cp
    clients = set(_texte(cl["prenom"]) + "|" + _texte(cl["nom"]) + "|" + cl["code_postal"])
    ok = (f["retour_npai"] == 0) & (f["liste_opposition"] == 0)
    unique, nouveau = ~personne.duplicated(), ~cle_client.isin(clients)
    brut = set(cl["prenom"] + "|" + cl["nom"] + "|" + cl["code_postal"])
    nouveau_brut = ~(f["prenom"] + "|" + f["nom"] + "|" + f["code_postal"]).isin(brut)
    return {
        "livrees": len(f),
        "bon": int((unique & nouveau & ok).sum()),
        "sans_clients": int((unique & ok).sum()),
        "clients_bruts": int((unique & nouveau_brut & ok).sum()),
        "doublons": int((nouveau & ok).sum()),
        "npai": int((unique & nouveau & (f["liste_opposition"] == 0)).sum()),
        "opposition": int((unique & nouveau & (f["retour_npai"] == 0)).sum()),
    }


def cout(livrees, exploitables):
    return (livrees * 120 / 1000 + exploitables * 1.0) / exploitables


def taux(valeurs):
    return pd.Series(valeurs, name="taux_reponse")


@pytest.fixture(scope="module")
def bonnes(cibles, hyg):
    return {
        "q1": {
            "base_de_donnees": "C",
            "progiciel": "A",
            "segmentation": "E",
            "ciblage": "B",
            "marketing_direct": "D",
        },
        "q2": FAMILLES,
        "q3": cibles["bon"],
        "q4": pd.Series(CA_2025),
        "q5": hyg["bon"],
        "q6": cout(hyg["livrees"], hyg["bon"]),
        "q7": [30, 20, 10, 0],
        "q8": scores("2024"),
        "q9": taux(TAUX),
        "q10": MARGE,
        "q11": 1 / MARGE,
        "q12": {"A", "B", "C"},
        "q13": profit_abc(MARGE),
        "q14": 0.6,
        "q15": 1579.44,
    }


def _cache_accepte(q, reponse) -> bool:
    """The hidden test of the notebook, run as nbgrader runs it (no exception = points)."""
    ns = {"valider": td.valider, VARIABLES[q]: reponse}
    try:
        exec(hidden_tests("td2_base_scoring")[q], ns)
    except ReponseAVerifier:
        return False
    return True


def message(question, reponse):
    """The French message of a failed check; the hidden test must fail too."""
    with pytest.raises(ReponseAVerifier) as info:
        td.verifier(question, reponse)
    assert not _cache_accepte(question, reponse), (question, reponse)
    return str(info.value)


def test_hidden_test_literals_match_the_data(cibles, hyg):
    assert (hyg["livrees"], hyg["bon"]) == (3210, 2524)  # q5 and q6's literals
    assert td.PRIX_LOCATION_MILLE == 120
    c = charger("contacts_campagne")
    r1 = c.query("campagne_id == 1 and reponse == 1")
    assert len(r1) == 628
    assert r1["marge_reponse"].sum() == pytest.approx(53833.06)
    assert r1["montant_reponse"].sum() == pytest.approx(144090.2)
    assert len(cibles["bon"]) == 2426 and sum(cibles["bon"]) == 30773144
    ca = pd.read_sql(
        "SELECT canal_vente, SUM(montant) AS ca FROM commandes "
        "WHERE date_commande LIKE '2025%' GROUP BY canal_vente",
        connexion(),
    )
    assert dict(zip(ca["canal_vente"], ca["ca"].round(2), strict=True)) == CA_2025
    # the class counts in q13's literal, and the file sizes quoted in parts D and E
    v = td.QUESTIONS.question("q9")._attendu()
    assert dict(v.round(12)) == {k: round(x, 12) for k, x in TAUX.items()}
    assert sum(CONTACTS.values()) == (c["campagne_id"] == 1).sum() == 11_004
    assert (c["campagne_id"] == 2).sum() == 14_085


def test_declarations():
    points = {q.qid: q.points for q in td.QUESTIONS.questions}
    assert sum(points[q] for q in AUTO) == 18 and points["q16"] == 4
    assert [q.qid for q in td.QUESTIONS.questions if q.manuelle] == ["q16"]
    assert "Personnalisee" not in {type(q).__name__ for q in td.QUESTIONS.questions}


def test_right_answers_pass_both_checks(bonnes, capsys):
    for question, valeur in bonnes.items():
        td.verifier(question, valeur)
        assert _cache_accepte(question, valeur), question
    assert capsys.readouterr().out.count("✅") == 15


def test_equivalent_forms_are_accepted_by_both_checks(cibles, bonnes):
    variantes = [
        (
            "q1",
            {
                "base_de_donnees": "c",
                "progiciel": " A",
                "segmentation": "e",
                "ciblage": "B",
                "marketing_direct": "D",
            },
        ),  # fmt: skip
        ("q2", {k.upper(): v.capitalize() for k, v in FAMILLES.items()}),
        ("q2", {**FAMILLES, "ville": "Géographique", "montant": "comportemental "}),
        ("q5", 2524.0),
        ("q6", round(cout(3210, 2524), 3)),
        ("q6", 1.1526),
        ("q3", sorted(cibles["bon"])),
        ("q3", pd.Series(sorted(cibles["bon"]), name="client_id")),
        ("q7", (30.0, 20, 10, 0)),
        ("q9", taux(TAUX).round(4)),
        ("q10", round(MARGE, 2)),
        ("q10", 85.72),  # truncated to the cent
        ("q11", round(1 / MARGE, 4)),  # 0.0117
        ("q11", 1 / round(MARGE, 2)),  # carried from q8 rounded to the cent
        ("q12", ["c", "a", "b"]),
        ("q13", profit_abc(round(MARGE, 2))),  # carried from q8 rounded to the cent
        ("q13", profit_abc(85.72)),
        ("q13", round(profit_abc(MARGE), 2)),
        ("q15", 1579.4428662420396),
        ("q15", 1579.4),
    ]
    for question, valeur in variantes:
        assert td.evaluer(question, valeur).correct, (question, valeur)
        assert _cache_accepte(question, valeur), (question, valeur)


@pytest.mark.parametrize("question", AUTO)
def test_visible_check_and_hidden_test_agree(question, bonnes):
    juste = bonnes[question]
    grille = [..., None, "texte", 0, 1e6, [1, 2], juste]
    if isinstance(juste, float):
        marge = td.QUESTIONS.question(question).marge(juste)
        grille += [juste + f * marge for f in (-1.1, -0.9, 0.9, 1.1)]
        grille += [round(juste, 2), round(juste, 4), 100 * juste, -juste, 1 - juste]
    if isinstance(juste, pd.Series) and len(juste) > 100:  # q8: each comparison costs seconds
        grille = [..., "texte", juste, juste + 1, juste.iloc[:-1]]
    elif isinstance(juste, pd.Series):
        grille += [juste * 1.001, juste * 1.003, juste.iloc[:-1], juste.to_dict(), 100 * juste]
    if isinstance(juste, set | list):
        grille += [list(juste)[1:], [*juste, "x"], set(juste)]
    for v in grille:
        assert td.evaluer(question, v).correct == _cache_accepte(question, v), (question, v)


@pytest.mark.parametrize("question", td.QUESTIONS.ids)
def test_blank_answer_is_not_attempted(question):
    ev = td.evaluer(question, ...)
    assert ev.statut == "non_repondu", (question, ev)


def test_blank_template_and_half_filled_dict():
    modele = dict.fromkeys(
        ["base_de_donnees", "progiciel", "segmentation", "ciblage", "marketing_direct"], ...
    )
    assert td.evaluer("q1", modele).statut == "non_repondu"
    ev = td.evaluer("q1", {**modele, "progiciel": "A"})
    assert ev.statut == "type_incorrect" and "base_de_donnees" in ev.message


@pytest.mark.parametrize(
    ("question", "reponse", "mots"),
    [
        ("q2", {**FAMILLES, "ville": "regionale"}, '"geographique"'),
        ("q5", "2524", "sans guillemets"),
        ("q3", "1, 2, 3", "collection"),
        ("q4", 5_743_000, "série"),
        ("q7", "30, 20, 10, 0", "format demandé"),
        ("q7", [30, 25, 10, 0], "option"),
        ("q11", "0,0117", "sans guillemets"),
        ("q12", {"A", "E"}, "n'est pas une option"),
        ("q14", [0.6], "un seul nombre"),
        (
            "q1",
            {
                "base_de_donnees": "Z",
                "progiciel": "A",
                "segmentation": "E",
                "ciblage": "B",
                "marketing_direct": "D",
            },
            '"A", "B", "C", "D", "E"',
        ),  # fmt: skip
    ],
)
def test_wrong_types_get_a_format_message(question, reponse, mots):
    ev = td.evaluer(question, reponse)
    assert ev.statut == "type_incorrect" and mots in ev.message, ev
    assert not _cache_accepte(question, reponse)


def test_misconceptions_get_their_own_hint(cibles, hyg):
    sur = {
        cle: taux({k: REPONSES[k] / n for k in CONTACTS})
        for cle, n in (("repondants", 628), ("contactes", 11004), ("base", 20000))
    }
    marge_2025 = charger("contacts_campagne").query("campagne_id == 2 and reponse == 1")
    marge_2025 = marge_2025["marge_reponse"].mean()
    cas = [
        # segmentation families: spending taken for income, a card for an attitude…
        ("q2", {**FAMILLES, "montant": "sociodemographique"}, "revenu"),
        ("q2", {**FAMILLES, "carte_fidelite": "psychographique"}, "comportement"),
        ("q2", {**FAMILLES, "passion_cuisine": "comportemental"}, "DÉCLARE"),
        # the rented file counted before hygiene, or with a step left out
        ("q5", hyg["livrees"], "LIVRÉES"),
        ("q5", hyg["sans_clients"], "CLIENTES"),
        ("q5", hyg["clients_bruts"], "sans normaliser"),
        ("q5", hyg["doublons"], "doublons"),
        ("q5", hyg["npai"], "NPAI"),
        ("q5", hyg["opposition"], "opposition"),
        # its cost: naive, over the lines delivered, letters to all, rental only, per unit
        ("q6", 1.12, "AFFICHÉ"),
        ("q6", cout(3210, 2524) * 2524 / 3210, "LIVRÉES"),
        ("q6", (3210 * 0.12 + 3210) / 2524, "chaque ligne livrée"),
        ("q6", 3210 * 0.12 / 2524, "seule location"),
        ("q6", (3210 * 120 + 2524) / 2524, "MILLE"),
        ("q6", cout(3210, hyg["sans_clients"]), "question 5"),
        ("q6", cout(3210, hyg["doublons"]), "question 5"),
        # segmentation and targeting swapped
        (
            "q1",
            {
                "base_de_donnees": "C",
                "progiciel": "A",
                "segmentation": "B",
                "ciblage": "E",
                "marketing_direct": "D",
            },
            "inversés",
        ),  # fmt: skip
        ("q3", cibles["precoche"], "pré-cochée"),
        ("q3", cibles["2024"], "acheteurs de 2024"),  # year shifted by one
        ("q3", pd.DataFrame({"client_id": sorted(cibles["bon"])}), "tableau entier"),
        ("q7", [0, 10, 20, 30], "récence inversée"),
        ("q7", [30, 30, 10, 0], "une fois exactement"),
        ("q7", [30, 10, 20, 0], "règle de la récence"),
        # response rate over responders, over all contacted, over the whole base
        ("q9", sur["repondants"], "RÉPONDANTS"),
        ("q9", sur["contactes"], "TOUS les contactés"),
        ("q9", sur["base"], "BASE"),
        ("q9", 1 - taux(TAUX), "NON-réponse"),  # 1 − p
        # percentages instead of proportions (5 written for 0.05)
        ("q9", taux({k: 100 * v for k, v in TAUX.items()}), "pourcentage"),
        ("q11", 100 / MARGE, "pourcentage"),
        ("q14", 60, "pourcentage"),
        # revenue instead of margin, revenue minus costs instead of margin
        ("q10", CA, "CHIFFRE D'AFFAIRES"),
        ("q10", CA - 11004 / 628, "coût des courriers"),
        ("q11", 1 / CA, "CHIFFRE D'AFFAIRES"),
        ("q13", profit_abc(CA), "CHIFFRE D'AFFAIRES − coût des courriers"),
        # the 2025 campaign used for the 2024 one (year shifted by one)
        ("q10", marge_2025, "campagne n° 2"),
        ("q11", 1 / marge_2025, "campagne n° 2"),
        ("q13", profit_abc(marge_2025), "campagne n° 2"),
        ("q15", 1579.4428662420396 + 2 * (marge_2025 - MARGE), "2025"),
        ("q10", MARGE * 628 / 11004, "CONTACTÉS"),
        ("q11", MARGE, "à l'envers"),
        ("q12", {"A", "B", "C", "D"}, "répond moins que le taux de réponse de rentabilité"),
        ("q12", {"A", "B"}, "AU-DESSUS du seuil"),
        ("q13", 628 * MARGE - 11004, "TOUS"),
        ("q13", 595 * MARGE, "oublié de retirer"),
        ("q14", 0.4, "1 − p"),
        ("q15", -1579.44, "signe"),
        ("q15", 0, "100 %"),
    ]
    for question, reponse, mots in cas:
        texte = message(question, reponse)
        assert mots in texte, (question, texte)


def test_depth_0_7_names_both_causes():
    """The grid's depth and the model run on revenue per response both give 0.7 (issue 19)."""
    h = holdout()
    assert h["part_grille"] == h["part_modele_ca"] == pytest.approx(0.7, abs=1e-3)
    texte = message("q14", 0.7)
    assert "GRILLE" in texte and "CHIFFRE D'AFFAIRES" in texte


def test_table_traps():
    assert "récence inversée" in message("q8", scores("2024", inverse=True))
    assert "11004 valeurs sur 11004 sont fausses" in message("q8", scores("2024") + 1)
    r = requetes()
    assert "2024" in message("q4", r["ca_2024"])
    assert "MARGE" in message("q4", r["marge"])
    assert "toutes les années" in message("q4", r["ca_toutes_annees"])


def test_messages_and_hints_never_show_the_expected_values(cibles):
    secrets = ["85.72", "85,72", "0.0116", "0.0117", "1579", "43302", "43 302", "2426",
               "2524", "2 524", "1.15", "1,15"]  # fmt: skip
    for question, valeur in [("q10", 80.0), ("q11", 0.02), ("q15", 1000.0), ("q13", 40000.0),
                             ("q3", set(list(cibles["bon"])[:100])), ("q14", 0.4),
                             ("q5", 2000), ("q6", 2.0)]:  # fmt: skip
        texte = message(question, valeur)
        assert not any(s in texte for s in secrets), (question, texte)
    for q in td.QUESTIONS.questions:
        assert 2 <= len(q.indices) <= 3, q.qid
        for texte in q.indices:
            assert not any(s in texte for s in [*secrets, "0.6"]), (q.qid, texte)


def test_hints_are_given_one_after_the_other(capsys):
    for q in td.QUESTIONS.questions:
        for n in range(1, len(q.indices) + 2):
            td.indice(q.qid)
            k = min(n, len(q.indices))
            assert capsys.readouterr().out.startswith(f"💡 {q.qid} ({k}/{len(q.indices)}) :")
