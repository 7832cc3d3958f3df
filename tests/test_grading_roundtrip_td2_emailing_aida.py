"""td2_emailing_aida through nbgrader: the solution gets full marks; each listed
misconception loses its points and shows its hint in the graded notebook."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from roundtrip import (  # noqa: E402
    autograde,
    misconception_hints_missing,
    misconception_score_errors,
    solution_notebook,
    with_answers,
    with_misconceptions,
)

TD = "td2_emailing_aida"

# grade_id of the answer cell → (new source, test cell that must lose its points, hint words)
MEPRISES = {
    "q3_reponse": (
        'peut_envoyer = {"a": "non", "b": "oui", "c": "oui", "d": "oui", "e": "non", "f": "non"}',
        "q3_test",
        "ANALOGUES",
    ),
    # the open rate over sent e-mails, inside the dict of four rates
    "q4_reponse": (
        "indicateurs = {\n"
        '    "taux_ouverture": comptes["ouvert"] / comptes["envoye"],\n'
        '    "taux_clic": comptes["clique"] / comptes["delivre"],\n'
        '    "ctor": comptes["clique"] / comptes["ouvert"],\n'
        '    "taux_desinscription": comptes["desabonne"] / comptes["delivre"],\n'
        "}",
        "q4_test",
        "ENVOYÉS",
    ),
    # z with the unpooled standard error (issue 19: it was blamed on the sent e-mails)
    "q5_reponse": (
        'a, b = par_variante.loc["A"], par_variante.loc["B"]\n'
        'pa, pb = a["ouvreurs"] / a["delivres"], b["ouvreurs"] / b["delivres"]\n'
        'se = (pa * (1 - pa) / a["delivres"] + pb * (1 - pb) / b["delivres"]) ** 0.5\n'
        "z_ouverture = abs(pa - pb) / se",
        "q5_test",
        "NON POOLÉ",
    ),
    "q6_reponse": (
        "test_achats = emailing.test_ab(\n"
        '    int(a["acheteurs"]), int(a["delivres"]), int(b["acheteurs"]), int(b["delivres"])\n'
        ")\n"
        "p_value_achats = 1 - test_achats.p_value",
        "q6_test",
        "1 − p",
    ),
    "q8_reponse": ('decision_achats = "B"', "q8_test", "écart brut"),
    # 500 recipients in all instead of 500 per variant
    "q9_reponse": (
        "puissance_500 = emailing.puissance_ab(\n"
        '    par_variante.loc["A", "taux_ouverture"], par_variante.loc["B", "taux_ouverture"], 250\n'
        ")",
        "q9_test",
        "CHAQUE variante",
    ),
    "q10_reponse": (
        "filtre = emailing.filtre_consentement(\n"
        '    consentements, clients, canal="email", categorie_offre=2,\n'
        "    achats=achats.assign(categorie_id=2),\n"
        ")\n"
        'nb_destinataires = int(filtre["autorise"].sum())',
        "q10_test",
        "produits analogues",
    ),
    # the course's pans e-mail, sent to the knives target: the subject line is off-offer
    "q12_reponse": (
        "from crmkit.widgets.aida import EXEMPLE_SUPER_CHEF\n\nmon_email = dict(EXEMPLE_SUPER_CHEF)",
        "q12_test",
        "sans rapport avec l'offre",
    ),
}


# Right answers written differently, in the same notebook: they keep their points.
AUTREMENT = {
    "q1_reponse": 'etapes_aida = {"surtitre": "Attention", "titre": "Intérêt", '
    '"sous_titre": " désir", "encadre": "ACTION"}',
    "q2_reponse": "problemes = {7, 5, 3, 2, 1}",
    "q7_reponse": 'decision_ouverture = " b "',
    "q11_reponse": 'motifs_exclusion = {"case_precochee": "b", "achat_sans_poele": "a", '
    '"desinscrit": "c"}',
}
# Right answers written differently, in a notebook of their own (q4 and q12 are wrong above).
AUTREMENT_2 = {
    "q4_reponse": "indicateurs = {\n"
    '    "ctor": 0.1574,\n'
    '    "taux_desinscription": round(comptes["desabonne"] / comptes["delivre"], 4),\n'
    '    "taux_clic": float(comptes["clique"] / comptes["delivre"]),\n'
    '    "taux_ouverture": 0.2124,\n'
    "}",
    "q12_reponse": "mon_email = {\n"
    '    "lien_desinscription": "Vous désabonner",\n'
    '    "expediteur": "Julie, de l\'équipe Super Chef",\n'
    '    "objet": "Couteaux Super Chef : l\'offre de lancement",\n'
    '    "titre": "Il ne manque plus qu\'un couteau à votre cuisine",\n'
    '    "sous_titre": "Des tomates tranchées net et des herbes ciselées sans effort",\n'
    '    "corps": "Acier forgé, tranchant garanti dix ans : -15 % sur la gamme jusqu\'au 15 février.",\n'
    '    "appel_a_l_action": "Découvrir les couteaux",\n'
    "}",
}


@pytest.fixture(scope="module")
def resultat(tmp_path_factory):
    bon = solution_notebook(TD)
    mauvais = with_misconceptions(bon, MEPRISES, AUTREMENT)
    tmp = tmp_path_factory.mktemp("roundtrip_td2_emailing")
    autrement = with_answers(bon, AUTREMENT_2)
    return autograde(TD, {"bon": bon, "meprises": mauvais, "autrement": autrement}, tmp=tmp)


def test_solution_gets_full_marks(resultat):
    assert resultat.max_total == 20  # + 10 points graded by hand (q13, q14, q15)
    assert len(resultat.max_points) == 12
    assert resultat.scores["bon"] == resultat.max_points
    assert resultat.errors("bon") == []  # the TD source runs top to bottom
    assert resultat.scores["autrement"] == resultat.max_points
    assert sorted(resultat.manual) == ["q13_reponse", "q14_reponse", "q15_reponse"]


def test_each_misconception_loses_its_points(resultat):
    assert misconception_score_errors(resultat, "meprises", MEPRISES) == []


def test_each_misconception_shows_its_hint(resultat):
    assert misconception_hints_missing(resultat, "meprises", MEPRISES) == []
