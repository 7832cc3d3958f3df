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
