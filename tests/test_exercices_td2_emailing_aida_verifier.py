"""Self-checks of td2_emailing_aida: right answers pass, blanks, wrong types and
each listed misconception get their own French message, which never shows the
expected value."""

import math

import pytest

from crmkit.exercices import td2_emailing_aida as td
from crmkit.feedback import ReponseAVerifier

# Expected answers, recomputed here from the data by hand (pandas), not from the module.
OUVREURS, DELIVRES, ENVOYES, CLIQUEURS, DESABONNES = 2211, 10411, 10628, 348, 44

BONNES = {
    "q1": {"surtitre": "attention", "titre": "interet", "sous_titre": "desir", "encadre": "action"},
    "q2": [1, 2, 3, 5, 7],
    "q3": {"a": "non", "b": "oui", "c": "non", "d": "oui", "e": "non", "f": "non"},
    "q4": OUVREURS / DELIVRES,
    "q5": CLIQUEURS / DELIVRES,
    "q6": CLIQUEURS / OUVREURS,
    "q7": DESABONNES / DELIVRES,
    "q8": 5.414202929755315,
    "q9": 0.3234235178738991,
    "q10": "B",
    "q11": "aucun",
    "q12": 10106,
    "q13": {"case_precochee": "B", "achat_sans_poele": "A", "desinscrit": "C"},
}


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
    td.verifier("q8", 5.4142)
    td.verifier("q11", " Aucun ")
    td.verifier("q12", 10106.0)
    td.verifier("q7", 0.0042)  # a rate rounded to 4 decimals
    assert capsys.readouterr().out.count("✅") == 8


@pytest.mark.parametrize("question", sorted(BONNES))
def test_blank_answer_is_not_attempted(question):
    texte = message(question, ...)
    assert "Traceback" not in texte
    assert texte.strip()


def test_blank_inside_a_dict_is_reported():
    texte = message("q3", {"a": "non", "b": ..., "c": "non", "d": "oui", "e": "non", "f": "non"})
    assert "il reste des ..." in texte and "peut_envoyer" in texte


# --------------------------------------------------------------------------- misconceptions
def test_open_rate_over_sent_has_its_own_hint():
    texte = message("q4", OUVREURS / ENVOYES)
    assert "ENVOYÉS" in texte and "DÉLIVRÉS" in texte


def test_ctr_over_opens_has_its_own_hint():
    texte = message("q5", CLIQUEURS / OUVREURS)
    assert "OUVREURS" in texte and "CTOR" in texte


def test_ctor_over_delivered_has_its_own_hint():
    texte = message("q6", CLIQUEURS / DELIVRES)
    assert "CTR" in texte


def test_significance_from_raw_gap_has_its_own_hint():
    texte = message("q11", "B")
    assert "écart brut" in texte and "p-value" in texte


def test_existing_customer_consent_for_any_product_has_its_own_hint():
    texte = message("q3", dict(BONNES["q3"], c="oui"))
    assert "ANALOGUES" in texte and "cas c" in texte
    assert "cas a" not in texte
    texte = message("q12", 10732)  # achat_client consent counted for every customer
    assert "produits analogues" in texte


@pytest.mark.parametrize(
    ("reponse", "mot"),
    [(10909, "pré-cochée"), (11535, "opt_in"), (10002, "B2B")],
)
def test_other_consent_filter_mistakes(reponse, mot):
    assert mot in message("q12", reponse)


def test_percent_instead_of_fraction():
    assert "pourcentage" in message("q4", 100 * OUVREURS / DELIVRES)


def test_ab_test_with_sent_denominators_and_one_sided_p():
    assert "ENVOYÉS" in message("q8", 5.424735843978094)
    assert "unilatérale" in message("q9", 0.3234235178738991 / 2)
    assert "ENVOYÉS" in message("q9", 0.32131533214570573)
    assert "OUVERTURES" in message("q9", 6.2e-08)


def test_decision_on_opens():
    assert "SENS" in message("q10", "A")
    assert "5 %" in message("q10", "aucun")


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
        "q13", {"case_precochee": "B", "achat_sans_poele": "D", "desinscrit": "C"}
    )
    assert "1 association sur 3 est juste" in message(
        "q13", {"case_precochee": "A", "achat_sans_poele": "B", "desinscrit": "C"}
    )


def test_numeric_band_gives_direction_not_value():
    texte = message("q4", 0.25)
    assert "trop élevé" in texte
    texte = message("q12", 5000)
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
        ("q4", "21 %", "nombre"),
        ("q4", True, "nombre"),
        ("q9", 1.5, "entre 0 et 1"),
        ("q10", 2, "du texte est attendu"),
        ("q10", ["B"], "une seule option"),
        ("q10", "C", "'aucun'"),
        ("q12", "10106", "nombre"),
        ("q13", {"case_precochee": 1, "achat_sans_poele": "A", "desinscrit": "C"}, '"D"'),
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
    vide = td.evaluer("q1", {"surtitre": ..., "titre": ..., "sous_titre": ..., "encadre": ...})
    assert "il reste des ..." in vide.message
    assert td.evaluer("q4", "0.2").statut == "type_incorrect"
    assert td.evaluer("q4", OUVREURS / ENVOYES).statut == "incorrect"
    assert td.evaluer("q4", OUVREURS / DELIVRES).statut == "correct"


# --------------------------------------------------------------------------- no leak
def _forme_texte(x):
    return {f"{x:.4f}", f"{x:.3f}", f"{x * 100:.1f}", f"{x:.4f}".replace(".", ",")}


FAUSSES = {
    "q4": [OUVREURS / ENVOYES, 0.5, 0.0],
    "q5": [CLIQUEURS / OUVREURS, 0.9],
    "q6": [CLIQUEURS / DELIVRES, 0.01],
    "q7": [DESABONNES / ENVOYES, 0.2],
    "q8": [1.0, 10.0],
    "q9": [0.01, 0.9],
    "q12": [10732, 1, 20000],
}
ATTENDUES_TEXTE = {
    "q4": OUVREURS / DELIVRES,
    "q5": CLIQUEURS / DELIVRES,
    "q6": CLIQUEURS / OUVREURS,
    "q7": DESABONNES / DELIVRES,
    "q8": 5.414202929755315,
    "q9": 0.3234235178738991,
}


def indice(question, capsys):
    td.indice(question)
    return capsys.readouterr().out


@pytest.mark.parametrize("question", sorted(FAUSSES))
def test_messages_never_contain_the_expected_value(question, capsys):
    for reponse in FAUSSES[question]:
        texte = message(question, reponse) + indice(question, capsys)
        if question == "q12":
            assert "10106" not in texte.replace("\u202f", "").replace(" ", "")
        else:
            for forme in _forme_texte(ATTENDUES_TEXTE[question]):
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
def test_unpooled_z_gets_its_own_cause_not_the_sent_one():
    import math

    def non_poole(sa, na, sb, nb):
        pa, pb = sa / na, sb / nb
        return abs(pa - pb) / math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)

    # A: 5203 delivered, B: 5208 (see the table of part D), openers recomputed here
    from crmkit.data import charger

    ev = charger("evenements_email")
    n = ev.groupby(["variante_objet", "evenement"])["client_id"].nunique()
    z = non_poole(n["A", "ouvert"], n["A", "delivre"], n["B", "ouvert"], n["B", "delivre"])
    texte = message("q8", z)
    assert "NON POOLÉ" in texte and "ENVOYÉS" not in texte
    assert "NON POOLÉ" in message("q8", round(z, 4))
    # rounded to 2 decimals, the two slips give the same figure: both causes are named
    texte = message("q8", round(z, 2))
    assert "poolé" in texte and "ENVOYÉS" in texte
    # the z on sent e-mails keeps its own message
    assert "ENVOYÉS" in message("q8", 5.424735843978094)
    assert "NON POOLÉ" not in message("q8", 5.424735843978094)


def test_negative_z_is_told_to_take_the_absolute_value():
    assert "valeur absolue" in message("q8", -5.414202929755315)


def test_one_minus_p_has_its_own_hint():
    assert "1 − p" in message("q9", 1 - 0.3234235178738991)


# --------------------------------------------------------------------------- contract
def test_hints_come_one_after_the_other(capsys):
    qs = td.QUESTIONS
    qs._indices_vus.pop("q8", None)
    premiers = [indice("q8", capsys) for _ in range(3)]
    assert "(1/2)" in premiers[0] and "(2/2)" in premiers[1] and premiers[2] == premiers[1]


def test_manual_question_has_its_own_hint(capsys):
    texte = indice("q14", capsys)
    assert "permission" in texte.lower() or "accord" in texte


def test_declared_points_sum_to_the_graded_total():
    auto = [q for q in td.QUESTIONS.questions if not q.manuelle]
    assert sum(q.points for q in auto) == 19
    assert [q.qid for q in td.QUESTIONS.questions if q.manuelle] == ["q14"]


def test_hidden_test_literals_pass_and_catch_wrong_answers():
    for question, bonne in BONNES.items():
        td.valider(question, bonne, bonne)
    with pytest.raises(ReponseAVerifier, match="test caché"):
        td.valider("q4", OUVREURS / ENVOYES, OUVREURS / DELIVRES)
    with pytest.raises(ReponseAVerifier, match="test caché"):
        td.valider("q2", [1, 2, 3, 5], {1, 2, 3, 5, 7})
    with pytest.raises(ReponseAVerifier):
        td.valider("q12", 10105.4, 10106)


# The visible check and the hidden test are compared on a grid of answers, from the
# test cells' own source, by tests/test_notebooks_td_contract.py.
