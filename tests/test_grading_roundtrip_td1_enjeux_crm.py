"""TD1 nbgrader round trip: the solution gets full marks, each misconception loses its points.

One nbgrader autograde run grades four submissions (solution, blank, misconceptions,
right answers written differently), so the whole file costs one release + one autograde.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from roundtrip import autograde, solution_notebook, student_notebook, with_answers  # noqa: E402

from crmkit.exercices import td1_enjeux_crm as td  # noqa: E402
from crmkit.exercices.td1_enjeux_crm_mesures import mesures  # noqa: E402

TD = "td1_enjeux_crm"
pytestmark = pytest.mark.slow

# Each known misconception, written as a student would, with the hint it must trigger.
MEPRISES = {
    "q2": (
        'exemples = {"a": "perso", "b": "masse", "c": "perso", "d": "masse", "e": "perso"}',
        {"a": "perso", "b": "masse", "c": "perso", "d": "masse", "e": "perso"},
        "qui adapte",
    ),
    # an advert posted on Facebook taken for social CRM
    "q6": (
        'situations = {"a": "crm_social", "b": "crm_social", "c": "experience_client", '
        '"d": "experience_client", "e": "crm_social", "f": "autre"}',
        {
            "a": "crm_social",
            "b": "crm_social",
            "c": "experience_client",
            "d": "experience_client",
            "e": "crm_social",
            "f": "autre",
        },
        "ne suffit pas",
    ),
    # Darty's cross-selling taken for up-selling
    "q7": (
        'exemples_cours = {"darty": "montee_en_gamme", "renault": "services", '
        '"sncf": "services", "sony": "pouvoir_client", "second_life": "ressources", '
        '"louvre": "prevision"}',
        {
            "darty": "montee_en_gamme",
            "renault": "services",
            "sncf": "services",
            "sony": "pouvoir_client",
            "second_life": "ressources",
            "louvre": "prevision",
        },
        "montée en gamme",
    ),
    "q9": ("part_ca_top20 = 0.8", 0.8, "20/80"),
    "q10": (
        'part_deficitaires = (charger("commandes").groupby("client_id")["marge"].sum() < 0).mean()',
        None,
        "coûts de service",
    ),
    # the prospect campaigns mixed in (issue 22): courrier looks dearer than it is
    "q11": (
        'campagnes = charger("campagnes")\n'
        'bilan = economics.bilan_campagnes(campagnes, charger("contacts_campagne"))\n'
        'par_canal = bilan.join(campagnes.set_index("campagne_id")["canal"]).groupby("canal").sum()\n'
        'cout_par_reponse = par_canal["cout_total"] / par_canal["nb_reponses"]',
        None,
        "prospection",
    ),
    "q12": ("rapport_telephone_courrier = 3 / 1", 3.0, "par contact"),
    "q13": ("cout_par_present = 420 / 20", 21.0, "présents"),
    # up-selling (a dearer pan of the same family) taken for cross-selling
    "q14": (
        'situations_super_chef = {"a": "cross_canal", "b": "vente_croisee", '
        '"c": "dematerialisation", "d": "marketing_de_masse", "e": "atawad", '
        '"f": "reconnaissance", "g": "marketing_interactif"}',
        {
            "a": "cross_canal",
            "b": "vente_croisee",
            "c": "dematerialisation",
            "d": "marketing_de_masse",
            "e": "atawad",
            "f": "reconnaissance",
            "g": "marketing_interactif",
        },
        "de la même famille",
    ),
}


# Right answers written differently: rounded to 4 decimals or to the cent and carried forward.
VARIANTES = {
    "q6": (
        'situations = {"f": "Autre", "e": "CRM_social", "d": "expérience_client", '
        '"c": "Experience_Client", "b": "autre", "a": "crm_social"}'
    ),
    "q7": (
        'exemples_cours = {"darty": "vente_croisée", "renault": "Services", '
        '"sncf": "services", "sony": "pouvoir_client", "second_life": "ressources", '
        '"louvre": "prévision"}'
    ),
    "q9": 'part_ca_top20 = round(economics.part_du_top(charger("commandes"), 0.2, valeur="montant"), 4)',
    "q11": (
        'campagnes = charger("campagnes").query("cible == \'clients\'")\n'
        'bilan = economics.bilan_campagnes(campagnes, charger("contacts_campagne"))\n'
        'par_canal = bilan.join(campagnes.set_index("campagne_id")["canal"]).groupby("canal").sum()\n'
        'cout_par_reponse = (par_canal["cout_total"] / par_canal["nb_reponses"]).round(2)'
    ),
    "q12": 'rapport_telephone_courrier = cout_par_reponse["telephone"] / cout_par_reponse["courrier"]',
    "q13": "cout_par_present = round(420 / 14, 2)",
}


@pytest.fixture(scope="module")
def resultat(tmp_path_factory):
    bon = solution_notebook(TD)
    meprises = with_answers(bon, {f"{q}_reponse": code for q, (code, _, _) in MEPRISES.items()})
    variantes = with_answers(bon, {f"{q}_reponse": code for q, code in VARIANTES.items()})
    return autograde(
        TD,
        {
            "solution": bon,
            "vide": student_notebook(TD),
            "meprises": meprises,
            "variantes": variantes,
        },
        tmp=tmp_path_factory.mktemp("roundtrip_td1_enjeux_crm"),  # kept: errors() reads it
    )


def test_solution_gets_full_marks(resultat):
    assert resultat.max_total == 22
    assert resultat.scores["solution"] == resultat.max_points
    assert resultat.errors("solution") == []  # the TD source runs top to bottom
    assert sorted(resultat.manual) == ["q15_reponse", "q16_reponse", "q17_reponse", "q18_reponse"]


def test_right_answers_written_differently_get_full_marks(resultat):
    assert resultat.scores["variantes"] == resultat.max_points


def test_blank_submission_gets_zero(resultat):
    assert resultat.total("vide") == 0


def test_each_misconception_loses_exactly_its_points(resultat):
    notes = resultat.scores["meprises"]
    for gid, maximum in resultat.max_points.items():
        q = gid.removesuffix("_test")
        attendu = 0 if q in MEPRISES else maximum
        assert notes[gid] == attendu, gid


@pytest.mark.parametrize("q", sorted(MEPRISES))
def test_each_misconception_has_its_hint(q):
    _, valeur, fragment = MEPRISES[q]
    if valeur is None:  # computed from the data as the student would
        from crmkit.data import charger

        if q == "q10":
            valeur = float((charger("commandes").groupby("client_id")["marge"].sum() < 0).mean())
        else:
            valeur = mesures()["q11_tous"]
    ev = td.evaluer(q, valeur)
    assert ev.statut == "incorrect" and fragment in ev.message, ev
