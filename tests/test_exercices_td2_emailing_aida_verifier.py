"""Self-checks of td2_emailing_aida: right answers pass, blanks, wrong types and
each listed misconception get their own French message, which never shows the
expected value."""

import math

import pytest

from crmkit.exercices import td2_emailing_aida as td
from crmkit.feedback import ReponseAVerifier

# Expected answers, recomputed here from the data by hand (pandas), not from the module.
OUVREURS, DELIVRES, ENVOYES, CLIQUEURS, DESABONNES = 2211, 10411, 10628, 348, 44

INDICATEURS = {
    "taux_ouverture": OUVREURS / DELIVRES,
    "taux_clic": CLIQUEURS / DELIVRES,
    "ctor": CLIQUEURS / OUVREURS,
    "taux_desinscription": DESABONNES / DELIVRES,
}
# Open rates of the A/B test (openers / delivered, table of part D), recomputed below.
OUVERTURE_A, OUVERTURE_B = 992 / 5203, 1219 / 5208
PUISSANCE_500 = 0.3888392595139999
EMAIL = {
    "expediteur": "Super Chef",
    "objet": "Le couteau qui manquait à vos casseroles : -15 %",
    "surtitre": "Réservé aux clients Super Chef",
    "titre": "Vos poêles et vos casseroles méritent une lame à leur hauteur",
    "sous_titre": "Émincer, ciseler, trancher net : la précision qui change vos recettes",
    "corps": "Lame forgée en acier inoxydable, affûtée à la main, manche qui ne glisse pas. "
    "Garantie 10 ans, comme vos casseroles.",
    "encadre": "Offre de lancement : -15 % sur toute la gamme de couteaux jusqu'au 15 février",
    "appel_a_l_action": "Je choisis mon couteau",
    "lien_desinscription": "Se désinscrire des e-mails Super Chef",
}

BONNES = {
    "q1": {"surtitre": "attention", "titre": "interet", "sous_titre": "desir", "encadre": "action"},
    "q2": [1, 2, 3, 5, 7],
    "q3": {"a": "non", "b": "oui", "c": "non", "d": "oui", "e": "non", "f": "non"},
    "q4": INDICATEURS,
    "q5": 5.414202929755315,
    "q6": 0.3234235178738991,
    "q7": "B",
    "q8": "aucun",
    "q9": PUISSANCE_500,
    "q10": 10106,
    "q11": {"case_precochee": "B", "achat_sans_poele": "A", "desinscrit": "C"},
    "q12": EMAIL,
}
# Personnalisee questions: the hidden test recomputes (no literal).
SANS_LITTERAL = {"q4", "q12"}


def message(question, reponse):
    """The French message of a failed check (fails the test if the check passes)."""
    with pytest.raises(ReponseAVerifier) as info:
        td.verifier(question, reponse)
    return str(info.value)


def test_counts_used_here_match_the_data():
    from crmkit.data import charger

    ev = charger("evenements_email")
    n = ev.groupby("evenement")["client_id"].nunique()
    assert (n["ouvert"], n["delivre"], n["envoye"], n["clique"], n["desabonne"]) == (
        OUVREURS,
        DELIVRES,
        ENVOYES,
        CLIQUEURS,
        DESABONNES,
    )


@pytest.mark.parametrize("question", sorted(BONNES, key=lambda q: int(q[1:])))
def test_right_answer_passes(question, capsys):
    td.verifier(question, BONNES[question])
    assert "✅" in capsys.readouterr().out


def test_equivalent_spellings_are_accepted(capsys):
    td.verifier(
        "q1",
        {"surtitre": "Attention", "titre": "Intérêt", "sous_titre": "désir", "encadre": " ACTION "},
    )
    td.verifier("q3", {"a": "Non", "b": "OUI", "c": "non ", "d": "oui", "e": "non", "f": "NON"})
    td.verifier("q2", (7, 5, 3, 2, 1))
    td.verifier("q2", {1.0, 2, 3, 5, 7})
    td.verifier("q5", 5.4142)
    td.verifier("q8", " Aucun ")
    td.verifier("q10", 10106.0)
    # rates rounded to 4 decimals, keys in another order, numpy numbers
    import numpy as np

    arrondis = {k: round(v, 4) for k, v in reversed(INDICATEURS.items())}
    td.verifier("q4", arrondis)
    td.verifier("q4", {k: np.float64(v) for k, v in INDICATEURS.items()})
    td.verifier("q9", 0.3888)
    td.verifier("q9", 0.39)  # a power read to 2 decimals
    # the same e-mail written differently: parts in another order, spaces, no optional parts
    autre = {k: f"  {v} " for k, v in reversed(EMAIL.items()) if k not in ("surtitre", "encadre")}
    td.verifier("q12", autre)
    assert capsys.readouterr().out.count("✅") == 12


@pytest.mark.parametrize("question", sorted(BONNES))
def test_blank_answer_is_not_attempted(question):
    texte = message(question, ...)
    assert "Traceback" not in texte
    assert texte.strip()
    assert td.evaluer(question, ...).statut == "non_repondu"


def test_blank_inside_a_dict_is_reported():
    texte = message("q3", {"a": "non", "b": ..., "c": "non", "d": "oui", "e": "non", "f": "non"})
    assert "il reste des ..." in texte and "'b'" in texte


# --------------------------------------------------------------------------- misconceptions
def _indicateurs(**autres):
    return dict(INDICATEURS, **autres)


@pytest.mark.parametrize(
    ("cle", "faux", "mots"),
    [
        ("taux_ouverture", OUVREURS / ENVOYES, ("ENVOYÉS", "DÉLIVRÉS")),
        ("taux_clic", CLIQUEURS / OUVREURS, ("OUVREURS", "CTOR")),
        ("taux_clic", CLIQUEURS / ENVOYES, ("ENVOYÉS",)),
        ("ctor", CLIQUEURS / DELIVRES, ("CTR", "OUVREURS")),
        ("ctor", CLIQUEURS / ENVOYES, ("ENVOYÉS", "OUVREURS")),
        ("taux_desinscription", DESABONNES / ENVOYES, ("ENVOYÉS",)),
        ("taux_desinscription", DESABONNES / OUVREURS, ("OUVREURS", "DÉLIVRÉS")),
    ],
)
def test_each_wrong_denominator_has_its_own_hint(cle, faux, mots):
    texte = message("q4", _indicateurs(**{cle: faux}))
    assert texte.startswith("❌ q4 : 3 taux sur 4 sont justes. " + cle)
    for mot in mots:
        assert mot in texte


def test_several_wrong_rates_name_the_first_and_count():
    faux = _indicateurs(taux_ouverture=OUVREURS / ENVOYES, taux_clic=CLIQUEURS / OUVREURS)
    texte = message("q4", faux)
    assert "2 taux sur 4 sont justes" in texte and "taux_ouverture" in texte
    # CTR and CTOR swapped: both wrong, each for its own reason
    inverses = _indicateurs(taux_clic=CLIQUEURS / OUVREURS, ctor=CLIQUEURS / DELIVRES)
    assert "taux_clic : vous avez divisé par les OUVREURS" in message("q4", inverses)


@pytest.mark.parametrize(
    ("reponse", "mot"),
    [
        (OUVREURS / DELIVRES, "dictionnaire"),
        ({"taux_ouverture": 0.2}, "manquantes : taux_clic, ctor, taux_desinscription"),
        (_indicateurs(taux_desabonnement=0.004), "en trop : taux_desabonnement"),
        (_indicateurs(ctor=...), "il reste des ..."),
        (_indicateurs(ctor="15,7 %"), "sans guillemets"),
        (_indicateurs(taux_clic=100 * CLIQUEURS / DELIVRES), "pourcentage"),
    ],
)
def test_rates_dict_format_mistakes(reponse, mot):
    assert mot in message("q4", reponse)


def test_significance_from_raw_gap_has_its_own_hint():
    texte = message("q8", "B")
    assert "écart brut" in texte and "p-value" in texte


# --------------------------------------------------------------------------- A/B sizing (q9)
def test_power_with_500_recipients_is_recomputed_here():
    from scipy.stats import norm

    from crmkit.data import charger

    ev = charger("evenements_email")
    n = ev.groupby(["variante_objet", "evenement"])["client_id"].nunique()
    assert (n["A", "ouvert"], n["A", "delivre"], n["B", "ouvert"], n["B", "delivre"]) == (
        992,
        5203,
        1219,
        5208,
    )
    # the textbook formula, written out (Fleiss et al. 2003, § 4.2)
    pa, pb = OUVERTURE_A, OUVERTURE_B
    pm = (pa + pb) / 2
    z = (abs(pa - pb) * math.sqrt(500) - 1.959964 * math.sqrt(2 * pm * (1 - pm))) / math.sqrt(
        pa * (1 - pa) + pb * (1 - pb)
    )
    assert norm.cdf(z) == pytest.approx(PUISSANCE_500, abs=1e-5)


@pytest.mark.parametrize(
    ("n", "alpha", "mot"),
    [
        (250, 0.05, "250 destinataires par variante"),
        (1000, 0.05, "UNE variante"),
        (500, 0.10, "UNILATÉRAL"),
    ],
)
def test_power_slips_have_their_own_hint(n, alpha, mot):
    from crmkit import emailing

    faux = emailing.puissance_ab(OUVERTURE_A, OUVERTURE_B, n, alpha=alpha)
    assert mot in message("q9", faux)


def test_power_on_clicks_one_minus_power_and_percent():
    from crmkit import emailing

    clics = emailing.puissance_ab(151 / 5203, 197 / 5208, 500)
    assert "CLIC" in message("q9", clics)
    assert "1 − puissance" in message("q9", 1 - PUISSANCE_500)
    assert "pourcentage" in message("q9", 100 * PUISSANCE_500)
    assert "trop" in message("q9", 0.34)  # open rates rounded to 2 decimals: too coarse


# --------------------------------------------------------------------------- the e-mail (q12)
@pytest.mark.parametrize(
    ("changement", "mot"),
    [
        ({"expediteur": "promo-7781@offres-du-jour.example"}, "expéditeur"),
        ({"objet": "RE : votre commande de couteaux"}, "imite une réponse"),
        ({"objet": "Les casseroles des grands chefs, enfin chez vous"}, "couteau"),
        ({"lien_desinscription": ""}, "lien de désinscription"),
        ({"lien_desinscription": "Voir nos magasins"}, "se désinscrire"),
        ({"appel_a_l_action": ""}, "appel à l'action"),
        ({"sous_titre": "..."}, "vrai texte"),
        ({"corps": "Super couteaux."}, "au moins 8 mots"),
        ({"sous_titre": "Vos poêles et vos casseroles méritent une lame à leur hauteur"}, "répète"),
        (
            {"corps": EMAIL["corps"] + " ☑ J'accepte de recevoir les offres des partenaires."},
            "cochée d'avance",
        ),
    ],
)
def test_email_mistakes_get_their_remark(changement, mot):
    assert mot in message("q12", dict(EMAIL, **changement))


def test_email_without_any_offer_word_is_not_identified_as_commercial():
    neutre = dict(
        EMAIL,
        objet="Des nouvelles de nos couteaux",
        surtitre="Nouveau chez Super Chef",
        encadre="",
    )
    assert "offre commerciale" in message("q12", neutre)


def test_email_of_the_course_is_refused_for_the_knives_brief():
    from crmkit.widgets.aida import EXEMPLE_SUPER_CHEF

    texte = message("q12", EXEMPLE_SUPER_CHEF)
    assert "couteau" in texte


def test_email_with_several_problems_says_how_many_are_left():
    texte = message("q12", {"expediteur": "Super Chef", "objet": "Couteaux : -15 %"})
    assert "autres remarques" in texte and "verifier_email_commercial" in texte


@pytest.mark.parametrize(
    ("reponse", "mot"),
    [
        ("Objet : couteaux", "dictionnaire"),
        (["objet"], "dictionnaire"),
        (dict(EMAIL, titre=3), "texte entre guillemets"),
    ],
)
def test_email_wrong_types(reponse, mot):
    assert mot in message("q12", reponse)
    assert td.evaluer("q12", reponse).statut == "type_incorrect"


def test_email_check_is_the_course_function():
    from crmkit import emailing

    for changement in ({}, {"expediteur": "Promo"}, {"corps": ""}):
        brouillon = dict(EMAIL, **changement)
        attendu = emailing.verifier_email_commercial(brouillon, mots_offre=("couteau",))
        assert td.evaluer("q12", brouillon).correct == (attendu == [])


def test_existing_customer_consent_for_any_product_has_its_own_hint():
    texte = message("q3", dict(BONNES["q3"], c="oui"))
    assert "ANALOGUES" in texte and "cas c" in texte
    assert "cas a" not in texte
    texte = message("q10", 10732)  # achat_client consent counted for every customer
    assert "produits analogues" in texte


@pytest.mark.parametrize(
    ("reponse", "mot"),
    [(10909, "pré-cochée"), (11535, "opt_in"), (10002, "B2B")],
)
def test_other_consent_filter_mistakes(reponse, mot):
    assert mot in message("q10", reponse)


def test_ab_test_with_sent_denominators_and_one_sided_p():
    assert "ENVOYÉS" in message("q5", 5.424735843978094)
    assert "unilatérale" in message("q6", 0.3234235178738991 / 2)
    assert "ENVOYÉS" in message("q6", 0.32131533214570573)
    assert "OUVERTURES" in message("q6", 6.2e-08)


def test_decision_on_opens():
    assert "SENS" in message("q7", "A")
    assert "5 %" in message("q7", "aucun")
    assert "question 6" in message("q8", "B")


def test_partial_answers_say_how_many_are_wrong():
    doublon = {
        "surtitre": "attention",
        "titre": "interet",
        "sous_titre": "action",
        "encadre": "action",
    }
    assert "une fois" in message("q1", doublon)
    swapped = {
        "surtitre": "interet",
        "titre": "attention",
        "sous_titre": "desir",
        "encadre": "action",
    }
    assert "2 associations sur 4 sont justes" in message("q1", swapped)
    assert "il en manque" in message("q2", [1, 2, 3])
    assert "qualités d'un e-mail" in message("q2", [1, 2, 3, 5, 7, 8])
    assert "il manque des vrais problèmes" in message("q2", [1, 2, 3, 4])
    assert "règle D" in message(
        "q11", {"case_precochee": "B", "achat_sans_poele": "D", "desinscrit": "C"}
    )
    assert "1 association sur 3 est juste" in message(
        "q11", {"case_precochee": "A", "achat_sans_poele": "B", "desinscrit": "C"}
    )


def test_numeric_band_gives_direction_not_value():
    texte = message("q4", _indicateurs(taux_ouverture=0.25))
    assert "trop élevé" in texte
    texte = message("q10", 5000)
    assert "trop bas" in texte and "50 %" in texte


# --------------------------------------------------------------------------- wrong types
@pytest.mark.parametrize(
    ("question", "reponse", "mot"),
    [
        ("q1", ["attention"], "dictionnaire"),
        ("q1", {"surtitre": "attention"}, "manquante"),
        (
            "q1",
            {
                "surtitre": "accroche",
                "titre": "interet",
                "sous_titre": "desir",
                "encadre": "action",
            },
            '"attention"',
        ),
        ("q2", "1, 2, 3", "du texte"),
        ("q2", [1, 9], "9 n'est pas une option"),
        (
            "q3",
            {"a": "peut-être", "b": "oui", "c": "non", "d": "oui", "e": "non", "f": "non"},
            '"oui"',
        ),
        ("q4", _indicateurs(taux_clic="21 %"), "nombre"),
        ("q4", _indicateurs(taux_clic=True), "nombre"),
        ("q6", 1.5, "entre 0 et 1"),
        ("q7", 2, "du texte est attendu"),
        ("q7", ["B"], "une seule option"),
        ("q7", "C", "'aucun'"),
        ("q9", "39 %", "nombre"),
        ("q10", "10106", "nombre"),
        ("q11", {"case_precochee": 1, "achat_sans_poele": "A", "desinscrit": "C"}, '"D"'),
        ("q3", {"a": False, "b": True, "c": "non", "d": "oui", "e": "non", "f": "non"}, '"oui"'),
    ],
)
def test_wrong_type_gets_a_clear_message(question, reponse, mot):
    texte = message(question, reponse)
    assert mot in texte
    assert "Traceback" not in texte


def test_unknown_question_id():
    with pytest.raises(ValueError, match="q99"):
        td.verifier("q99", 1)
    with pytest.raises(ValueError, match="q99"):
        td.indice("q99")


def test_statuses():
    assert td.evaluer("q4", ...).statut == "non_repondu"
    # The answer template left as given is "not answered yet", not wrong.
    vide = td.evaluer("q1", {"surtitre": ..., "titre": ..., "sous_titre": ..., "encadre": ...})
    assert vide.statut == "non_repondu"
    assert td.evaluer("q4", dict.fromkeys(INDICATEURS, ...)).statut == "non_repondu"
    assert td.evaluer("q4", "0.2").statut == "type_incorrect"
    assert td.evaluer("q4", _indicateurs(taux_ouverture="0.2")).statut == "type_incorrect"
    assert td.evaluer("q4", _indicateurs(taux_ouverture=OUVREURS / ENVOYES)).statut == "incorrect"
    assert td.evaluer("q4", INDICATEURS).statut == "correct"
    assert td.evaluer("q13", "Mon e-mail s'adresse…").statut == "non_verifiable"


# --------------------------------------------------------------------------- no leak
def _forme_texte(x):
    return {f"{x:.4f}", f"{x:.3f}", f"{x * 100:.1f}", f"{x:.4f}".replace(".", ",")}


FAUSSES = {
    "q4": [
        _indicateurs(taux_ouverture=OUVREURS / ENVOYES),
        _indicateurs(taux_clic=0.9),
        _indicateurs(ctor=0.01),
        _indicateurs(taux_desinscription=0.2),
        dict.fromkeys(INDICATEURS, 0.5),
    ],
    "q5": [1.0, 10.0],
    "q6": [0.01, 0.9],
    "q9": [0.2, 0.9, 0.0],
    "q10": [10732, 1, 20000],
}
ATTENDUES_TEXTE = {
    "q4": list(INDICATEURS.values()),
    "q5": [5.414202929755315],
    "q6": [0.3234235178738991],
    "q9": [PUISSANCE_500],
}


def indice(question, capsys):
    td.indice(question)
    return capsys.readouterr().out


@pytest.mark.parametrize("question", sorted(FAUSSES))
def test_messages_never_contain_the_expected_value(question, capsys):
    for reponse in FAUSSES[question]:
        texte = message(question, reponse) + indice(question, capsys)
        if question == "q10":
            assert "10106" not in texte.replace("\u202f", "").replace(" ", "")
        else:
            for attendue in ATTENDUES_TEXTE[question]:
                for forme in _forme_texte(attendue):
                    assert forme not in texte


def test_categorical_key_is_not_in_the_module_source():
    import inspect

    source = inspect.getsource(td)
    assert "[1, 2, 3, 5, 7]" not in source
    assert '"case_precochee": "B"' not in source
    assert '"sous_titre": "desir"' not in source
    assert "10106" not in source


def test_every_question_has_a_hint(capsys):
    for question in BONNES:
        assert len(indice(question, capsys)) > 25
    assert not math.isnan(td._d.comptes()["delivres"])


# --------------------------------------------------------------------------- issue 19 traps
def test_unpooled_z_gets_its_own_cause_not_the_sent_one():  # q5 (the z of the opens)
    import math

    def non_poole(sa, na, sb, nb):
        pa, pb = sa / na, sb / nb
        return abs(pa - pb) / math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)

    # A: 5203 delivered, B: 5208 (see the table of part D), openers recomputed here
    from crmkit.data import charger

    ev = charger("evenements_email")
    n = ev.groupby(["variante_objet", "evenement"])["client_id"].nunique()
    z = non_poole(n["A", "ouvert"], n["A", "delivre"], n["B", "ouvert"], n["B", "delivre"])
    texte = message("q5", z)
    assert "NON POOLÉ" in texte and "ENVOYÉS" not in texte
    assert "NON POOLÉ" in message("q5", round(z, 4))
    # rounded to 2 decimals, the two slips give the same figure: both causes are named
    texte = message("q5", round(z, 2))
    assert "poolé" in texte and "ENVOYÉS" in texte
    # the z on sent e-mails keeps its own message
    assert "ENVOYÉS" in message("q5", 5.424735843978094)
    assert "NON POOLÉ" not in message("q5", 5.424735843978094)


def test_negative_z_is_told_to_take_the_absolute_value():
    assert "valeur absolue" in message("q5", -5.414202929755315)


def test_one_minus_p_has_its_own_hint():
    assert "1 − p" in message("q6", 1 - 0.3234235178738991)


# --------------------------------------------------------------------------- contract
def test_hints_come_one_after_the_other(capsys):
    premiers = [indice("q5", capsys) for _ in range(3)]
    assert "(1/2)" in premiers[0] and "(2/2)" in premiers[1] and premiers[2] == premiers[1]


def test_manual_questions_have_their_own_hints(capsys):
    texte = indice("q14", capsys)
    assert "permission" in texte.lower() or "accord" in texte
    assert "cible" in indice("q13", capsys)
    assert "décision" in indice("q15", capsys)


def test_declared_points_sum_to_the_graded_total():
    auto = [q for q in td.QUESTIONS.questions if not q.manuelle]
    assert sum(q.points for q in auto) == 20
    manuelles = {q.qid: q.points for q in td.QUESTIONS.questions if q.manuelle}
    assert manuelles == {"q13": 4, "q14": 3, "q15": 3}


def test_hidden_test_literals_pass_and_catch_wrong_answers():
    for question, bonne in BONNES.items():
        if question in SANS_LITTERAL:
            td.valider(question, bonne)
        else:
            td.valider(question, bonne, bonne)
    with pytest.raises(ReponseAVerifier, match="test caché"):
        td.valider("q4", _indicateurs(taux_ouverture=OUVREURS / ENVOYES))
    with pytest.raises(ReponseAVerifier, match="test caché"):
        td.valider("q2", [1, 2, 3, 5], {1, 2, 3, 5, 7})
    with pytest.raises(ReponseAVerifier):
        td.valider("q10", 10105.4, 10106)
    with pytest.raises(ReponseAVerifier, match="test caché"):
        td.valider("q12", dict(EMAIL, lien_desinscription=""))
    with pytest.raises(ReponseAVerifier, match="test caché"):
        td.valider("q9", 0.2193, PUISSANCE_500)
    with pytest.raises(TypeError, match="corrigée à la main"):
        td.valider("q15", "Je recommande…")


# The visible check and the hidden test are compared on a grid of answers, from the
# test cells' own source, by tests/test_notebooks_td_contract.py.
