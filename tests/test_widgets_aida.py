"""AIDA e-mail builder: pure functions and widget callbacks, no browser."""

import pytest

from crmkit.emailing import verifier_aida
from crmkit.widgets.aida import (
    CLES,
    EXEMPLE_SUPER_CHEF,
    ConstructeurAida,
    ErreurAida,
    apercu_html,
    constructeur_aida,
    normaliser_parties,
    remarques_html,
    remarques_structure,
)


def test_example_is_complete_and_every_part_is_shown():
    assert remarques_structure(EXEMPLE_SUPER_CHEF) == []
    html = apercu_html(EXEMPLE_SUPER_CHEF)
    for cle in ("surtitre", "sous_titre", "appel_a_l_action", "lien_desinscription"):
        assert EXEMPLE_SUPER_CHEF[cle].split()[0] in html


@pytest.mark.parametrize(
    ("cle", "mot"),
    [
        ("appel_a_l_action", "appel à l'action"),
        ("lien_desinscription", "désinscription"),
        ("titre", "titre"),
        ("sous_titre", "sous-titre"),
    ],
)
def test_each_missing_part_gets_its_remark(cle, mot):
    parties = dict(EXEMPLE_SUPER_CHEF, **{cle: "   "})
    remarques = remarques_structure(parties)
    assert len(remarques) == 1
    assert mot in remarques[0].lower()


def test_desire_needs_body_or_box():
    parties = dict(EXEMPLE_SUPER_CHEF, corps="", encadre="")
    assert any(r.startswith("Désir") for r in remarques_structure(parties))
    assert remarques_structure(dict(parties, encadre="Un cadeau offert")) == []


def test_same_verdict_as_the_course_function():
    parties = {"titre": "Nouveau", "appel_a_l_action": "J'achète"}
    attendu = verifier_aida(parties)
    assert remarques_structure(parties) == attendu
    assert len(attendu) >= 3


def test_student_text_is_escaped_and_empty_parts_left_out():
    html = apercu_html({"titre": "<script>alert(1)</script>", "encadre": ""})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "dashed" not in html  # the box style only appears when the box has text


def test_normalise_rejects_unknown_parts_and_non_text():
    assert normaliser_parties({"titre": ...})["titre"] == ""
    assert set(normaliser_parties({})) == set(CLES)
    with pytest.raises(ErreurAida, match="partie inconnue"):
        normaliser_parties({"bouton": "OK"})
    with pytest.raises(ErreurAida, match="texte entre guillemets"):
        normaliser_parties({"titre": 3})
    with pytest.raises(ErreurAida, match="dictionnaire"):
        normaliser_parties(["titre"])


def test_remarks_html():
    assert "✅" in remarques_html([])
    html = remarques_html(["Action : il manque <un> bouton"])
    assert "⚠️" in html and "&lt;un&gt;" in html


def test_widget_callback_updates_preview_and_remarks():
    c = ConstructeurAida()
    assert c.remarques == []
    assert "✅" in c.retours.value
    c.champs["appel_a_l_action"].value = ""
    assert any("appel à l'action" in r for r in c.remarques)
    assert "⚠️" in c.retours.value
    assert "Je découvre" not in c.apercu.value
    c.champs["appel_a_l_action"].value = "Je commande"
    assert c.remarques == []
    assert "Je commande" in c.apercu.value
    c.champs["titre"].value = "Des poêles <b>incroyables</b>"
    assert "Des poêles &lt;b&gt;incroyables&lt;/b&gt;" in c.apercu.value


def test_blank_builder_lists_every_missing_step():
    c = ConstructeurAida({})
    etapes = {r.split(" :")[0] for r in c.remarques}
    assert {"Attention", "Intérêt", "Désir", "Action", "Obligation légale"} <= etapes
    assert type(constructeur_aida({})).__name__ == "HBox"


# --------------------------------------------------------------------------- export (TD question 12)
def test_code_export_is_a_plain_dict_literal_that_round_trips():
    import ast

    from crmkit.widgets.aida import code_python

    parties = dict(EXEMPLE_SUPER_CHEF, corps='Ligne 1\nLigne 2 "citée" \\ fin', titre="J'ai faim")
    code = code_python(parties, "mon_email")
    arbre = ast.parse(code)
    assert len(arbre.body) == 1 and isinstance(arbre.body[0], ast.Assign)
    assert arbre.body[0].targets[0].id == "mon_email"
    assert ast.literal_eval(arbre.body[0].value) == normaliser_parties(parties)
    with pytest.raises(ErreurAida, match="nom de variable"):
        code_python(parties, "mon email")


def test_markdown_export_shows_every_filled_part_in_reading_order():
    from crmkit.widgets.aida import texte_markdown

    texte = texte_markdown(EXEMPLE_SUPER_CHEF)
    positions = [texte.index(EXEMPLE_SUPER_CHEF[cle]) for cle in CLES]
    assert positions == sorted(positions)
    assert "**De :** Super Chef" in texte
    assert "Encadré" not in texte_markdown({"titre": "Un titre"})


def test_builder_export_gives_plain_data_and_the_code_to_paste():
    import ast

    c = ConstructeurAida({}, variable="brouillon", mots_offre=("couteau",))
    c.champs["objet"].value = "Nos couteaux"
    exporte = c.exporter()
    assert type(exporte) is dict and all(type(v) is str for v in exporte.values())
    assert exporte["objet"] == "Nos couteaux"
    assert ast.literal_eval(c.code.value.split(" = ", 1)[1]) == exporte
    exporte["objet"] = "modifié"  # a copy: the widget keeps its own text
    assert c.champs["objet"].value == "Nos couteaux"
    c.bouton.click()  # the button does the same
    assert c.code.value.startswith("brouillon = {")


def test_builder_export_sets_the_notebook_variable(monkeypatch):
    import IPython

    class Shell:
        user_ns: dict = {}

    shell = Shell()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    c = ConstructeurAida(EXEMPLE_SUPER_CHEF)
    c.exporter()
    assert shell.user_ns["mon_email"] == normaliser_parties(EXEMPLE_SUPER_CHEF)


def test_builder_gives_the_verdict_of_the_td_check():
    from crmkit.emailing import verifier_email_commercial
    from crmkit.widgets.aida import remarques_email

    c = ConstructeurAida(mots_offre=("couteau",))  # the casseroles example, for a knives brief
    assert c.remarques == verifier_email_commercial(EXEMPLE_SUPER_CHEF, mots_offre=("couteau",))
    assert len(c.remarques) == 1 and "couteau" in c.remarques[0]
    c.champs["objet"].value = "Le couteau des grands chefs, enfin chez vous"
    assert c.remarques == [] and "✅" in c.retours.value
    c.champs["expediteur"].value = "promo@offres.example"
    assert c.remarques == remarques_email(c.parties(), mots_offre=("couteau",))
    assert "expéditeur" in c.remarques[0]
