"""nbgrader round trip for the warm-up TD: release → submissions → autograde → scores."""

import nbformat
import pytest
from roundtrip import autograde, solution_notebook, student_notebook, with_answers

TD = "td0_prise_en_main"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def resultat(tmp_path_factory):
    bon = solution_notebook(TD)
    mauvais = with_answers(
        bon,
        {
            "q1_reponse": 'cout_mailing = 12_500 * COUTS_CONTACT["sms"]',
            "q2_reponse": "taux_reponse = 375 / 12_500 * 100",
            "q3_reponse": 'canal_moins_cher = "sms"',
            "q4_reponse": "cout_par_reponse = ...",
        },
    )
    partiel = with_answers(bon, {"q2_reponse": "taux_reponse = 375 / 20_000"})
    soumissions = {"bon": bon, "mauvais": mauvais, "partiel": partiel, "vide": student_notebook(TD)}
    return autograde(TD, soumissions, tmp=tmp_path_factory.mktemp("td0"))


def test_correct_submission_gets_full_automatic_marks(resultat):
    assert resultat.max_points == {"q1_test": 1, "q2_test": 2, "q3_test": 1, "q4_test": 2}
    assert resultat.scores["bon"] == resultat.max_points
    assert resultat.errors("bon") == []  # the TD source runs top to bottom
    assert resultat.manual == ["q5_reponse"]


def test_wrong_and_blank_submissions_get_no_marks(resultat):
    assert resultat.total("mauvais") == 0
    # the error detector the perfect copies rely on sees the four failed test cells
    assert sorted(resultat.errors("mauvais")) == [
        f"q{i}_test: ReponseAVerifier" for i in range(1, 5)
    ]
    assert resultat.total("vide") == 0


def test_one_wrong_answer_costs_only_its_points(resultat):
    assert resultat.scores["partiel"]["q2_test"] == 0
    assert resultat.total("partiel") == resultat.max_total - 2


def test_graded_notebook_shows_short_french_messages(resultat):
    chemin = resultat.root / "grading" / "autograded" / "mauvais" / TD / f"{TD}.ipynb"
    nb = nbformat.read(chemin, as_version=4)
    erreurs = {
        c.metadata["nbgrader"]["grade_id"]: "\n".join(o["traceback"])
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o["output_type"] == "error"
    }
    assert set(erreurs) == {"q1_test", "q2_test", "q3_test", "q4_test"}
    assert "✏️ q4 : pas encore de réponse" in erreurs["q4_test"]
    assert "facteur 100" in erreurs["q2_test"]
    for texte in erreurs.values():
        assert "Traceback" not in texte and len(texte.splitlines()) <= 2
        assert "12500" not in texte.replace(" ", "").replace("_", "")
