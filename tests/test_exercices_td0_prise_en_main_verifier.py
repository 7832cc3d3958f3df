"""Self-checks of the warm-up TD: right answers pass, known slips get their hint."""

import pytest

from crmkit.exercices.td0_prise_en_main import (
    NB_CLIENTS_BASE,
    NB_CONTACTES,
    NB_REPONSES,
    QUESTIONS,
    evaluer,
    indice,
    valider,
    verifier,
)
from crmkit.feedback import ReponseAVerifier

JUSTES = {"q1": 12_500, "q2": 0.03, "q3": "email", "q4": 12_500 / 375}
SECRETS = ("12500", "12 500", "0.03", "email", "33.3", "33,3")


@pytest.mark.parametrize(("qid", "valeur"), JUSTES.items())
def test_right_answers(qid, valeur, capsys):
    verifier(qid, valeur)
    assert capsys.readouterr().out.startswith(f"✅ {qid}")


@pytest.mark.parametrize(
    ("qid", "valeur", "morceau"),
    [
        ("q1", 12_500 * 0.10, "autre canal"),
        ("q1", 20_000, "toute la base"),
        ("q1", 13_000, "un peu trop élevé"),
        ("q2", 3, "pourcentage"),
        ("q2", 0.0188, "toute la base"),
        ("q2", 12_500 / 375, "à l'envers"),
        ("q2", "3 %", "sans guillemets"),
        ("q3", "sms", "encore moins"),
        ("q3", "face_a_face", "le plus cher"),
        ("q3", "e-mail", "choisissez parmi"),
        ("q3", ["email"], "une liste, du texte est attendu"),
        ("q4", 1.0, "coût par contact"),
        ("q4", 0.03, "à l'envers"),
        ("q4", 20_000 / 375, "toute la base"),
        ("q4", 33, "un peu trop bas"),
    ],
)
def test_known_slips_get_a_targeted_message(qid, valeur, morceau):
    ev = evaluer(qid, valeur)
    assert not ev.correct
    assert morceau in ev.message
    if morceau in ("choisissez parmi", "une liste, du texte est attendu"):
        return  # lists every option, the right one among them
    for secret in SECRETS:
        assert secret not in ev.message.replace("(0.03)", "")  # the generic example only


@pytest.mark.parametrize("qid", ["q1", "q2", "q3", "q4"])
def test_blank_answer_raises_short_message(qid):
    with pytest.raises(ReponseAVerifier) as info:
        verifier(qid, ...)
    assert info.value._render_traceback_()[0].startswith(f"✏️ {qid} : pas encore")


def test_every_question_has_a_hint(capsys):
    for qid in QUESTIONS.ids:
        indice(qid)
    lignes = capsys.readouterr().out.splitlines()
    assert len(lignes) == len(QUESTIONS.ids) == 5
    assert all(len(QUESTIONS.question(qid).indices) == 2 for qid in QUESTIONS.ids)
    assert all(ligne.startswith("💡 ") and "relisez l'énoncé" not in ligne for ligne in lignes)


@pytest.mark.parametrize(
    ("qid", "valeur"),
    [("q1", 12_500.0), ("q2", 0.0300), ("q3", " Email "), ("q4", 33.33), ("q4", 33.3333)],
)
def test_rounded_answers_pass_the_check_and_the_hidden_test(qid, valeur, capsys):
    verifier(qid, valeur)
    valider(qid, valeur, {"q1": 12_500, "q2": 0.03, "q3": "email", "q4": 12_500 / 375}[qid])


def test_figures_quoted_in_the_statement_match_the_data():
    import nbformat
    from notebook_files import REPO_ROOT as REPO

    from crmkit.data import charger
    from crmkit.data.generator import nb_clients

    assert NB_CLIENTS_BASE == nb_clients("default") == len(charger("clients"))
    nb = nbformat.read(REPO / "solutions/td0_prise_en_main/td0_prise_en_main.ipynb", as_version=4)
    enonces = {  # French typography: no-break spaces read as spaces here
        c.metadata["nbgrader"]["grade_id"]: c.source.replace("\xa0", " ").replace("\u202f", " ")
        for c in nb.cells
        if "nbgrader" in c.metadata
    }
    milliers = "{:,}".format  # "20,000" then the French separator
    assert f"compte {milliers(NB_CLIENTS_BASE).replace(',', ' ')} clients" in enonces["q1_enonce"]
    assert f"**{milliers(NB_CONTACTES).replace(',', ' ')}**" in enonces["q1_enonce"]
    assert f"**{NB_REPONSES}**" in enonces["q2_enonce"]
