"""The inventory of the source documents (``docs/couverture_sources.toml``) resolves.

Every place that teaches an item must be found in its course notebook (phrase in a
text cell or heading, after typography is folded), every question that exercises an
item must be declared in ``crmkit.exercices.<td_id>``, an exercised item must be
taught somewhere, and a place with no phrase nor heading is refused. The checker
itself is tested on planted mistakes, so it cannot pass by finding nothing.
"""

import doctest
import functools
import importlib.util
import sys

import nbformat
import pytest
from notebook_files import REPO_ROOT

_SPEC = importlib.util.spec_from_file_location(
    "couverture_sources", REPO_ROOT / "tools" / "couverture_sources.py"
)
couverture = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = couverture  # dataclasses look their module up there
_SPEC.loader.exec_module(couverture)


@functools.cache
def inventaire():
    """The committed inventory (a malformed entry fails the test that reads it)."""
    return couverture.charger()


COURS_1 = "course/01_enjeux_relation_client.ipynb"


def _item(**champs):
    base = {
        "id": "essai",
        "source": "fiche_td",
        "section": "TD1",
        "genre": "notion",
        "libelle": "essai",
        "enseigne": [],
        "exerce": [],
    }
    return couverture._item({**base, **champs})


def test_doctests_of_the_tool():
    resultat = doctest.testmod(couverture)
    assert resultat.attempted > 0 and resultat.failed == 0


def test_every_reference_resolves():
    casses = couverture.renvois_casses(inventaire())
    assert not casses, "renvois de docs/couverture_sources.toml introuvables :\n" + "\n".join(
        casses
    )


def test_inventory_has_the_expected_granularity():
    # About 75 items in the earlier review; both sources represented.
    assert 60 <= len(inventaire().items) <= 100
    assert {i.source for i in inventaire().items} == set(couverture.SOURCES)


@pytest.mark.parametrize(
    "phrase",
    [
        "« Tout acheteur est un bon client » : c'est faux",  # straight apostrophe, no bold
        '"Tout acheteur est un bon client": c’est **faux**',  # other quotes, bold kept
        "«\u202fTout acheteur est un bon client\u202f»\u202f: c'est faux",  # narrow spaces
    ],
)
def test_a_phrase_written_differently_is_found(phrase):
    assert couverture.lieu_trouve(couverture.Lieu(COURS_1, phrase=phrase))


@pytest.mark.parametrize(
    "lieu",
    [
        couverture.Lieu(COURS_1, phrase="Tout acheteur est un excellent client"),
        couverture.Lieu(COURS_1, phrase="Nespresso"),  # a brand the course does not name
        couverture.Lieu("course/99_absent.ipynb", phrase="ATAWAD"),
        couverture.Lieu(COURS_1, titre="Le CRM mobile"),
        # A phrase of a heading is not a heading by itself.
        couverture.Lieu(COURS_1, titre="CRM social"),
        # Code cells do not teach: this line is only in a code cell.
        couverture.Lieu(COURS_1, phrase='commandes = charger("commandes")'),
    ],
    ids=str,
)
def test_a_wrong_place_is_not_found(lieu):
    assert not couverture.lieu_trouve(lieu)


def test_numbering_of_a_heading_is_ignored():
    assert couverture.lieu_trouve(couverture.Lieu(COURS_1, titre="3.3 Le CRM social"))
    assert couverture.lieu_trouve(couverture.Lieu(COURS_1, titre="Le CRM social"))


def test_checker_reports_planted_mistakes():
    plante = couverture.Inventaire(
        (
            _item(
                id="phrase_fausse",
                enseigne=[{"notebook": COURS_1, "phrase": "le marketing tribal"}],
            ),
            _item(
                id="question_absente",
                enseigne=[{"notebook": COURS_1, "titre": "Le CRM social"}],
                exerce=["td1_enjeux_crm:q99", "td9_inconnu:q1"],
            ),
            _item(id="exerce_sans_cours", exerce=["td1_enjeux_crm:q1"]),
        ),
        production=("td2_fidelisation:q42",),
    )
    casses = couverture.renvois_casses(plante)
    assert len(casses) == 5, casses
    assert any("phrase_fausse" in c and "marketing tribal" in c for c in casses)
    assert any("td1_enjeux_crm:q99" in c for c in casses)
    assert any("td9_inconnu:q1" in c for c in casses)
    assert any("exerce_sans_cours" in c and "enseigné nulle part" in c for c in casses)
    assert any("[production]" in c for c in casses)


@pytest.mark.parametrize(
    "lieu",
    [
        {"notebook": COURS_1},  # marked taught, but no phrase nor heading
        {"notebook": COURS_1, "phrase": "  "},
        {"notebook": COURS_1, "phrase": "a", "titre": "b"},
        {"notebook": COURS_1, "phrse": "ATAWAD"},  # misspelt key
        {"notebook": "solutions/td1_enjeux_crm/td1_enjeux_crm.ipynb", "phrase": "ATAWAD"},
        "course/01_enjeux_relation_client.ipynb",
    ],
    ids=str,
)
def test_a_place_without_phrase_or_heading_is_refused(lieu):
    with pytest.raises(ValueError, match="lieu|notebook"):
        _item(enseigne=[lieu])


@pytest.mark.parametrize(
    ("champs", "message"),
    [
        ({"source": "manuel"}, "source"),
        ({"genre": "anecdote"}, "genre"),
        ({"exerce": ["td1_enjeux_crm-q1"]}, "td_id:qN"),
        ({"exerce": "td1_enjeux_crm:q1"}, "listes"),
        ({"enseigne_": []}, "clés inconnues"),
    ],
)
def test_a_malformed_item_is_refused(champs, message):
    with pytest.raises(ValueError, match=message):
        _item(**champs)


def test_duplicate_ids_are_refused():
    texte = '[[item]]\nid = "a"\nsource = "fiche_td"\nsection = "s"\ngenre = "notion"\n'
    texte += 'libelle = "l"\nenseigne = []\nexerce = []\n'
    with pytest.raises(ValueError, match="double"):
        couverture.lire(texte * 2)


def test_status_is_derived_from_the_declarations():
    enseigne = [{"notebook": COURS_1, "titre": "Le CRM social"}]
    assert couverture.statut(_item()) == couverture.MANQUANT
    assert couverture.statut(_item(enseigne=enseigne)) == couverture.ENSEIGNE
    # td1 q16 is declared Libre (hand-graded), q1 is an Association (auto-graded).
    main = _item(enseigne=enseigne, exerce=["td1_enjeux_crm:q16"])
    assert couverture.statut(main) == couverture.EXERCE_MAIN
    mixte = _item(enseigne=enseigne, exerce=["td1_enjeux_crm:q16", "td1_enjeux_crm:q1"])
    assert couverture.statut(mixte) == couverture.EXERCE_AUTO


def test_counts_add_up():
    c = couverture.comptes(inventaire().items)
    assert c["enseignes"] + c["manquants"] == c["total"]
    assert c["exerces_auto"] + c["exerces_main"] == c["exerces"] <= c["enseignes"]


@pytest.mark.parametrize("td", couverture.tds())
def test_td_figures_match_the_student_notebook(td):
    # Independent source: the nbgrader points and answer cells of the student version.
    nb = nbformat.read(REPO_ROOT / "exercises" / td / f"{td}.ipynb", as_version=4)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    b = couverture.bilan_td(td)
    assert b["points"] == sum(c.metadata.nbgrader.points for c in graded)
    ecrits = [c for c in graded if c.cell_type == "markdown"]
    assert b["main"] == sum(c.metadata.nbgrader.points for c in ecrits)
    assert b["reponses_ecrites"] == len(ecrits)
    assert b["reponses_code"] == sum(1 for c in graded if c.cell_type == "code")
    assert b["lecture_minutes"] == b["mots"] / 150 > 0


def test_production_points_come_from_the_inventory_list():
    assert couverture.bilan_td("td1_enjeux_crm")["production"] == 0
    # q16 is hand-graded (Libre), q1 auto-graded: both production, only q16 by hand.
    liste = ("td1_enjeux_crm:q16", "td1_enjeux_crm:q1", "td0_prise_en_main:q5")
    avec = couverture.bilan_td("td1_enjeux_crm", liste)
    q1, q16 = (couverture.question(f"td1_enjeux_crm:{q}") for q in ("q1", "q16"))
    assert avec["production_main"] == q16.points
    assert avec["production"] == q16.points + q1.points


def test_script_refuses_a_broken_inventory(tmp_path, capsys):
    texte = (REPO_ROOT / "docs" / "couverture_sources.toml").read_text(encoding="utf-8")
    casse = tmp_path / "couverture.toml"
    casse.write_text(texte.replace('"td1_enjeux_crm:q3"', '"td1_enjeux_crm:q303"'), "utf-8")
    assert couverture.main([str(casse)]) == 1
    assert "td1_enjeux_crm:q303 non déclarée" in capsys.readouterr().err
