"""crmkit.emailing: funnel KPIs, A/B z-test reference values, consent law, AIDA checker."""

import math

import numpy as np
import pandas as pd
import pytest

from crmkit import emailing as em
from crmkit._validation import ErreurAnalyse


# --------------------------------------------------------------------------- KPIs
def test_ctor_reference_value():
    k = em.kpi_emailing_comptes(ouvreurs=2_000, cliqueurs=300)
    assert k["ctor"] == pytest.approx(0.15)
    assert "taux_clic" not in k  # needs the delivered count


def test_kpi_standard_definitions():
    k = em.kpi_emailing_comptes(
        envoyes=10_000,
        delivres=9_500,
        ouvreurs=1_900,
        cliqueurs=380,
        desabonnes=19,
        rejetes=500,
        acheteurs=95,
    )
    assert k["taux_delivrabilite"] == pytest.approx(0.95)
    assert k["taux_rejet"] == pytest.approx(0.05)
    assert k["taux_ouverture"] == pytest.approx(0.20)  # / delivered, not / sent
    assert k["taux_clic"] == pytest.approx(0.04)  # CTR: / delivered
    assert k["ctor"] == pytest.approx(0.20)  # / openers
    assert k["taux_desabonnement"] == pytest.approx(0.002)
    assert k["taux_conversion"] == pytest.approx(0.01)
    assert set(em.DEFINITIONS_KPI) <= set(k.index)


def test_kpi_rejects_impossible_funnel_and_negative_counts():
    with pytest.raises(ErreurAnalyse, match="entonnoir"):
        em.kpi_emailing_comptes(ouvreurs=100, cliqueurs=300)
    with pytest.raises(ErreurAnalyse, match="négatif"):
        em.kpi_emailing_comptes(envoyes=-1, delivres=0)


EVENTS = pd.DataFrame(
    {
        "client_id": [1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 4, 5],
        "variante_objet": list("AAAAAAABBBBBBB"),
        "evenement": [
            "envoye",
            "delivre",
            "ouvert",
            "ouvert",  # two opens by one person count once
            "envoye",
            "delivre",
            "clique",  # click without open signal: counts as an opener too
            "envoye",
            "rejete",
            "envoye",
            "delivre",
            "ouvert",
            "desabonne",
            "envoye",
        ],
    }
)


def test_kpi_emailing_from_events_counts_unique_people():
    k = em.kpi_emailing(EVENTS).loc["total"]
    assert k["envoyes"] == 5 and k["delivres"] == 3 and k["rejetes"] == 1
    assert k["ouvreurs"] == 3 and k["cliqueurs"] == 1 and k["desabonnes"] == 1
    assert k["ctor"] == pytest.approx(1 / 3)
    # EVENTS has client 5 only in variant B, sent once
    par = em.kpi_emailing(EVENTS, par="variante_objet")
    assert par.loc["A", "ouvreurs"] == 2 and par.loc["B", "envoyes"] == 3


def test_kpi_emailing_conversion_from_contacts_table():
    contacts = pd.DataFrame({"client_id": [1, 2, 4], "reponse": [1, 0, 1]})
    k = em.kpi_emailing(EVENTS, acheteurs=contacts).loc["total"]
    assert k["acheteurs"] == 2 and k["taux_conversion"] == pytest.approx(2 / 3)
    assert em.kpi_emailing(EVENTS, acheteurs=[1]).loc["total", "acheteurs"] == 1


def test_kpi_emailing_errors():
    with pytest.raises(ErreurAnalyse, match="inconnu"):
        em.kpi_emailing(EVENTS.replace({"evenement": {"rejete": "bounce"}}))
    with pytest.raises(ValueError, match="colonne 'evenement' absente"):
        em.kpi_emailing(EVENTS.rename(columns={"evenement": "type"}))


# --------------------------------------------------------------------------- A/B
def test_ab_reference_values():
    r = em.test_ab(250, 10_000, 200, 10_000)
    assert round(r.z, 3) == 2.384
    assert round(r.p_value, 4) == 0.0171
    assert r.significatif
    assert r.taux_a == 0.025 and r.taux_b == 0.02
    # unpooled 95 % interval of the difference
    se = math.sqrt(0.025 * 0.975 / 10_000 + 0.02 * 0.98 / 10_000)
    assert r.ic_bas == pytest.approx(0.005 - 1.959964 * se, abs=1e-6)
    assert r.ic_haut == pytest.approx(0.005 + 1.959964 * se, abs=1e-6)
    assert "variante A" in r.conclusion and "significatif" in r.conclusion
    assert "2,50 %" in r.conclusion and str(r) == r.conclusion


def test_ab_not_significant_and_symmetry():
    r = em.test_ab(21, 1000, 20, 1000)
    assert not r.significatif and "Pas de différence significative" in r.conclusion
    r2 = em.test_ab(200, 10_000, 250, 10_000)
    assert r2.z == pytest.approx(-2.384, abs=1e-3) and "variante B" in r2.conclusion
    assert r2.p_value == pytest.approx(em.test_ab(250, 10_000, 200, 10_000).p_value)
    assert em.test_ab(0, 10, 0, 10).p_value == 1.0


def test_ab_level_changes_the_decision():
    r = em.test_ab(250, 10_000, 200, 10_000, niveau=0.99)
    assert not r.significatif  # p = 0.017 > 0.01
    assert r.ic_bas < 0 < r.ic_haut


def test_ab_errors_and_pytest_marker():
    with pytest.raises(ErreurAnalyse, match="dépasse l'effectif"):
        em.test_ab(300, 200, 10, 100)
    with pytest.raises(ErreurAnalyse, match="nombre entier"):
        em.test_ab(2.5, 100, 1, 100)
    assert em.test_ab.__test__ is False


def test_comparer_variantes_on_super_chef():
    from crmkit.data import charger

    ev = charger("evenements_email")
    r = em.comparer_variantes(ev, "taux_ouverture")
    k = em.kpi_emailing(ev, par="variante_objet")
    assert r.taux_a == pytest.approx(k.loc["A", "taux_ouverture"])
    assert r.taux_b == pytest.approx(k.loc["B", "taux_ouverture"])
    with pytest.raises(ErreurAnalyse, match="absente"):
        em.comparer_variantes(ev[ev.variante_objet == "A"])


# --------------------------------------------------------------------------- consent
def _cas():
    """One customer per legal situation (e-mail channel unless stated)."""
    clients = pd.DataFrame(
        {
            "client_id": range(1, 12),
            "type_client": ["b2c"] * 7 + ["b2b"] * 3 + ["b2c"],
        }
    )
    cons = pd.DataFrame(
        [
            (1, "email", "opt_in", "formulaire_web"),
            (2, "email", "opt_in", "case_precochee"),
            (3, "email", "opt_out", "magasin"),
            (4, "email", "opt_in", "achat_client"),  # bought category 1
            (5, "email", "opt_in", "achat_client"),  # bought category 3 only
            (6, "email", "opt_in", "achat_client"),  # no purchase found
            (7, "email", "opt_out", "achat_client"),  # used the opt-out offered
            (8, "email", "opt_in", "case_precochee"),  # professional
            (9, "email", "opt_out", "lien_desabonnement"),  # professional, unsubscribed
            # 10: professional without any consent row; 11: private person without row
            (1, "sms", "opt_out", "formulaire_web"),
            (1, "courrier", "opt_in", "magasin"),
            (3, "courrier", "opt_out", "magasin"),
        ],
        columns=["client_id", "canal", "statut", "source"],
    )
    achats = pd.DataFrame({"client_id": [4, 4, 5, 7], "categorie_id": [1, 2, 3, 1]})
    return clients, cons, achats


def test_filtre_consentement_email_encodes_the_law():
    clients, cons, achats = _cas()
    f = em.filtre_consentement(cons, clients, "email", categorie_offre=1, achats=achats)
    attendu = {
        1: (True, "opt_in"),
        2: (False, "case_precochee"),
        3: (False, "opt_out"),
        4: (True, "client_analogue"),
        5: (False, "client_non_analogue"),
        6: (False, "client_sans_achat"),
        7: (False, "opt_out"),
        8: (True, "b2b_professionnel"),
        9: (False, "opt_out"),
        10: (True, "b2b_professionnel"),
        11: (False, "aucun_consentement"),
    }
    obtenu = {r.client_id: (bool(r.autorise), r.code_motif) for r in f.itertuples(index=False)}
    assert obtenu == attendu
    # every decision comes with a French reason
    assert f["motif"].str.len().gt(20).all()
    assert "pré-cochée" in f.set_index("client_id").loc[2, "motif"]
    assert "formulaire web" in f.set_index("client_id").loc[1, "motif"]


def test_naive_opt_in_filter_would_be_wrong():
    clients, cons, achats = _cas()
    f = em.filtre_consentement(cons, clients, "email", categorie_offre=1, achats=achats)
    naive = set(cons.query("canal == 'email' and statut == 'opt_in'").client_id)
    legal = set(f.loc[f.autorise, "client_id"])
    assert naive != legal
    assert 2 not in legal  # pre-ticked box
    assert 10 in legal  # B2B on an opt-out basis


def test_analogous_products_depend_on_the_offer():
    clients, cons, achats = _cas()
    f = em.filtre_consentement(cons, clients, "email", categorie_offre=3, achats=achats)
    d = f.set_index("client_id")["autorise"]
    assert not d[4] and d[5]
    f = em.filtre_consentement(cons, clients, "email", categorie_offre=None, achats=achats)
    d = f.set_index("client_id")["autorise"]
    assert not d[4] and not d[5]


def test_b2b_offer_unrelated_to_profession_follows_b2c_rules():
    clients, cons, achats = _cas()
    f = em.filtre_consentement(
        cons, clients, "email", categorie_offre=1, achats=achats, objet_professionnel=False
    ).set_index("client_id")
    assert not f.loc[8, "autorise"] and f.loc[8, "code_motif"] == "case_precochee"
    assert not f.loc[10, "autorise"]
    assert f.loc[8, "motif"].startswith("professionnel, mais l'offre ne concerne pas")


def test_sms_and_post_channels():
    clients, cons, achats = _cas()
    sms = em.filtre_consentement(cons, clients, "sms").set_index("client_id")
    assert not sms.loc[1, "autorise"] and sms.loc[1, "code_motif"] == "opt_out"
    assert not sms.loc[2, "autorise"]  # no SMS consent at all for a private person
    post = em.filtre_consentement(cons, clients, "courrier").set_index("client_id")
    assert post.loc[1, "autorise"] and post.loc[1, "code_motif"] == "courrier"
    assert not post.loc[3, "autorise"]
    assert post.loc[2, "autorise"]  # post: opt-out basis, no prior consent needed


def test_filtre_consentement_errors_and_no_mutation():
    clients, cons, achats = _cas()
    copie = cons.copy()
    em.filtre_consentement(cons, clients, "email", categorie_offre=1, achats=achats)
    pd.testing.assert_frame_equal(cons, copie)
    with pytest.raises(ErreurAnalyse, match="valeurs possibles"):
        em.filtre_consentement(cons, clients, "fax")
    with pytest.raises(ValueError, match="colonne 'statut' absente"):
        em.filtre_consentement(cons.drop(columns="statut"), clients)
    with pytest.raises(ErreurAnalyse, match="plusieurs lignes"):
        em.filtre_consentement(pd.concat([cons, cons]), clients)


def test_filtre_consentement_on_super_chef():
    from crmkit.data import charger
    from crmkit.loyalty import historique_achats

    achats = historique_achats(
        charger("commandes"), charger("lignes_commande"), charger("produits")
    )
    cons, clients = charger("consentements"), charger("clients")
    f = em.filtre_consentement(cons, clients, "email", categorie_offre=2, achats=achats)
    assert len(f) == len(clients)
    assert not f.loc[f.statut == "opt_out", "autorise"].any()
    b2c = f.type_client == "b2c"
    assert not f.loc[b2c & (f.source == "case_precochee"), "autorise"].any()
    assert f.autorise.sum() > 0


# --------------------------------------------------------------------------- AIDA
COMPLET = {
    "objet": "Les casseroles des chefs, chez vous",
    "surtitre": "Nouveau",
    "titre": "Réussissez les recettes des grands chefs avec Super Chef",
    "sous_titre": "Les casseroles des professionnels, en série limitée",
    "encadre": "Le guide des papilles offert pour toute commande aujourd'hui",
    "corps": "Inox triple épaisseur, tous feux, garantie 10 ans.",
    "appel_a_l_action": "Commandez maintenant",
    "lien_desinscription": "https://superchef.example/desinscription",
}


def test_aida_complete_email_has_no_remark():
    assert em.verifier_aida(COMPLET) == []


@pytest.mark.parametrize(
    ("partie", "fragment"),
    [
        ("titre", "Attention : il manque un titre"),
        ("sous_titre", "Intérêt : il manque un sous-titre"),
        ("appel_a_l_action", "Action : il manque un appel à l'action"),
        ("lien_desinscription", "lien de désinscription"),
    ],
)
def test_aida_flags_each_missing_part(partie, fragment):
    email = {k: v for k, v in COMPLET.items() if k != partie}
    remarques = em.verifier_aida(email)
    assert len(remarques) == 1 and fragment in remarques[0]
    # an empty or blank part is missing too
    assert fragment in em.verifier_aida({**COMPLET, partie: "   "})[0]


def test_aida_desire_needs_body_or_box():
    sans = {k: v for k, v in COMPLET.items() if k not in ("corps", "encadre")}
    assert any(r.startswith("Désir") for r in em.verifier_aida(sans))
    assert em.verifier_aida({k: v for k, v in COMPLET.items() if k != "corps"}) == []


def test_aida_seed_mailing_lacks_action_and_unsubscribe():
    seed_like = {
        "surtitre": "Nouveau : étonnez les papilles de votre famille",
        "titre": "Réussir facilement les recettes des grands cuisiniers",
        "sous_titre": "Les casseroles des professionnels enfin disponibles",
        "encadre": "Le guide des papilles offert si vous répondez aujourd'hui",
    }
    r = em.verifier_aida(seed_like)
    assert [x.split(" :")[0] for x in r] == ["Action", "Obligation légale"]


def test_aida_order_length_and_unknown_parts():
    desordre = {"appel_a_l_action": COMPLET["appel_a_l_action"]}
    desordre.update({k: v for k, v in COMPLET.items() if k != "appel_a_l_action"})
    assert any(r.startswith("Ordre") for r in em.verifier_aida(desordre))
    long = em.verifier_aida({**COMPLET, "objet": "x" * 80})
    assert len(long) == 1 and "80 caractères" in long[0]
    inconnu = em.verifier_aida({**COMPLET, "signature": "Paul"})
    assert len(inconnu) == 1 and "'signature'" in inconnu[0]
    with pytest.raises(ErreurAnalyse, match="dictionnaire"):
        em.verifier_aida("Achetez nos casseroles")


# --------------------------------------------------------------------------- A/B test sizing


def test_sample_size_matches_zar_example_24_26():
    """Zar, Biostatistical Analysis (4th ed., 1999), ex. 24.26: 0.45 vs 0.25, α 5 %, power 90 %."""
    n_corrige = em.taille_echantillon_ab(
        0.45, 0.25, puissance=0.9, correction_continuite=True, arrondi=False
    )
    assert n_corrige == pytest.approx(127.2343, abs=1e-3)  # the published figure
    # by hand: p̄ = .35; (1.959964 √(2·.35·.65) + 1.281552 √(.45·.55 + .25·.75))² / .2² = 117.43
    assert em.taille_echantillon_ab(0.45, 0.25, puissance=0.9, arrondi=False) == pytest.approx(
        117.4307, abs=1e-3
    )
    assert em.taille_echantillon_ab(0.45, 0.25, puissance=0.9) == 118  # rounded up
    assert em.taille_echantillon_ab(0.25, 0.45, puissance=0.9) == 118  # symmetric
    # known-wrong formulas give other numbers: z(1 − α) (one-sided) or 80 % power
    assert em.taille_echantillon_ab(0.45, 0.25, alpha=0.10, puissance=0.9) < 118
    assert em.taille_echantillon_ab(0.45, 0.25) < 118


def test_sample_size_power_and_mde_are_inverse():
    n = em.taille_echantillon_ab(0.02, 0.025, arrondi=False)
    assert em.puissance_ab(0.02, 0.025, round(n)) == pytest.approx(0.8, abs=1e-3)
    assert em.effet_minimal_detectable(0.02, round(n)) == pytest.approx(0.005, abs=1e-5)
    # smaller lists only detect bigger lifts
    assert em.effet_minimal_detectable(0.02, 500) > em.effet_minimal_detectable(0.02, 5000)
    assert em.puissance_ab(0.02, 0.025, 500) < 0.2


def test_power_by_simulation():
    """Monte Carlo: with 118 per group, the z-test of test_ab rejects about 90 % of the time."""
    rng = np.random.default_rng(12)
    sa, sb = rng.binomial(118, 0.45, 4000), rng.binomial(118, 0.25, 4000)
    p = (sa + sb) / 236
    z = (sa - sb) / 118 / np.sqrt(p * (1 - p) * 2 / 118)
    assert np.mean(np.abs(z) > 1.959964) == pytest.approx(
        em.puissance_ab(0.45, 0.25, 118), abs=0.03
    )


@pytest.mark.parametrize(
    "appel, message",
    [
        (lambda: em.taille_echantillon_ab(2, 2.5), "3 % s'écrit 0.03"),
        (lambda: em.taille_echantillon_ab(0.02, 0.02), "taux sont égaux"),
        (lambda: em.taille_echantillon_ab(0.02, 0.03, alpha=5), "alpha"),
        (lambda: em.taille_echantillon_ab(0.02, 0.03, puissance=80), "puissance"),
        (lambda: em.taille_echantillon_ab(0.02, 0.03, puissance=0.3), "80 % s'écrit 0.8"),
        (lambda: em.taille_echantillon_ab("2 %", 0.03), "doit être un nombre"),
        (lambda: em.effet_minimal_detectable(0.5, 5), "plus de destinataires"),
        (lambda: em.effet_minimal_detectable(0.02, 500.5), "entier"),
        (lambda: em.puissance_ab(0.02, 0.03, 0), "au moins 2"),
    ],
)
def test_sizing_errors_are_french(appel, message):
    with pytest.raises(ErreurAnalyse, match=message):
        appel()


# --------------------------------------------------------------------------- commercial e-mail check
BROUILLON = {
    "expediteur": "Super Chef",
    "objet": "Couteaux Super Chef : -15 % pour leur lancement",
    "surtitre": "Nouveau",
    "titre": "Le couteau qui manquait à vos casseroles",
    "sous_titre": "Trancher net, ciseler les herbes, réussir chaque découpe",
    "corps": "Lame forgée en acier inoxydable, affûtée à la main, garantie 10 ans.",
    "encadre": "Offre de lancement valable jusqu'au 15 février",
    "appel_a_l_action": "Je choisis mon couteau",
    "lien_desinscription": "Se désinscrire",
}


def _remarques(**changement):
    return em.verifier_email_commercial({**BROUILLON, **changement}, mots_offre=("couteau",))


def test_commercial_email_right_draft_passes():
    assert _remarques() == []
    # written differently: other key order, padded text, accents and case folded, no optional parts
    autre = {k: f" {v.upper()} " for k, v in reversed(BROUILLON.items())}
    del autre["surtitre"], autre["encadre"]
    autre["objet"] = " COUTEAUX SUPER CHEF : L'OFFRE DE LANCEMENT "
    assert em.verifier_email_commercial(autre, mots_offre=("Couteau",)) == []
    # the sender may be written in a sentence; unsubscribe wordings vary
    assert _remarques(expediteur="Julie, de l'équipe SUPER CHEF") == []
    for lien in ("Vous désabonner", "Ne plus recevoir nos e-mails", "Unsubscribe"):
        assert _remarques(lien_desinscription=lien) == [], lien


@pytest.mark.parametrize(
    ("changement", "debut", "fragment"),
    [
        ({"expediteur": "promo-7781@offres.example"}, "Mentions légales", "expéditeur"),
        ({"expediteur": ""}, "Mentions légales", "expéditeur"),
        ({"objet": ""}, "Mentions légales", "il manque l'objet"),
        ({"objet": "RE : votre commande de couteaux"}, "Mentions légales", "imite une réponse"),
        ({"objet": "TR: nos couteaux à -15 %"}, "Mentions légales", "imite une réponse"),
        ({"objet": "Nos casseroles à -15 % ce week-end"}, "Mentions légales", "(couteau)"),
        ({"lien_desinscription": "Nos magasins"}, "Mentions légales", "se désinscrire"),
        ({"lien_desinscription": ""}, "Obligation légale", "lien de désinscription"),
        (
            {"corps": BROUILLON["corps"] + " ☑ J'accepte les offres."},
            "Mentions légales",
            "Planet49",
        ),
        ({"encadre": "Case pré-cochée : vous acceptez nos offres"}, "Mentions légales", "cochée"),
        ({"titre": "..."}, "Structure", "vrai texte"),
        ({"titre": "À compléter"}, "Structure", "vrai texte"),
        ({"corps": "Très beau couteau."}, "Structure", "au moins 8 mots"),
        ({"appel_a_l_action": "OK"}, "Structure", "au moins 2 mots"),
        ({"sous_titre": BROUILLON["titre"]}, "Structure", "répète le titre"),
        ({"appel_a_l_action": ""}, "Action", "appel à l'action"),
        (
            {"objet": "Couteaux Super Chef : " + "une offre vraiment exceptionnelle " * 2},
            "Attention",
            "caractères",
        ),
    ],
)
def test_commercial_email_each_known_mistake_is_flagged(changement, debut, fragment):
    remarques = _remarques(**changement)
    assert len(remarques) == 1, remarques
    assert remarques[0].startswith(debut) and fragment in remarques[0]


def test_commercial_email_needs_an_offer_word_to_be_identifiable():
    neutre = {
        "objet": "Des nouvelles de nos couteaux",
        "surtitre": "Nouveau chez nous",
        "titre": "Le couteau qui manquait à vos casseroles",
        "encadre": "",
    }
    remarques = _remarques(**neutre)
    assert len(remarques) == 1 and "art. 20 de la LCEN" in remarques[0]


def test_commercial_email_without_offer_words_only_checks_the_rest():
    assert (
        em.verifier_email_commercial(dict(BROUILLON, objet="Vos casseroles à -15 % ce week-end"))
        == []
    )
    # another advertiser name
    r = em.verifier_email_commercial(BROUILLON, annonceur="Cuisine & Co")
    assert len(r) == 1 and "« Cuisine & Co »" in r[0]


def test_commercial_email_bad_input():
    with pytest.raises(ErreurAnalyse, match="dictionnaire"):
        em.verifier_email_commercial("Objet : couteaux")
    with pytest.raises(ErreurAnalyse, match="texte entre guillemets"):
        em.verifier_email_commercial({**BROUILLON, "titre": 3})
    r = em.verifier_email_commercial({**BROUILLON, "signature": "Paul"})
    assert len(r) == 1 and "'signature'" in r[0]
    # ... and None count as empty parts, not as text
    assert any("il manque un titre" in x for x in _remarques(titre=...))
    assert any("il manque un titre" in x for x in _remarques(titre=None))


def test_commercial_email_seed_draft_of_the_td_fails_on_every_law_point():
    # the agency draft of the TD's question 2, in parts
    agence = {
        "expediteur": "promo-7781@offres-du-jour.example",
        "objet": "RE : votre commande",
        "surtitre": "Exclusif",
        "titre": "Les poêles qui ne collent jamais",
        "corps": "Fonte d'aluminium, revêtement garanti 5 ans, compatibles induction. "
        "Testées par 200 chefs.",
        "encadre": "-20 % jusqu'à dimanche minuit.",
        "lien_desinscription": "Vous recevez ce message car la case « J'accepte de recevoir les "
        "offres » était cochée d'avance sur le formulaire du jeu-concours.",
    }
    texte = " ".join(em.verifier_email_commercial(agence))
    for mot in (
        "expéditeur",
        "imite une réponse",
        "se désinscrire",
        "Planet49",
        "appel à l'action",
    ):
        assert mot in texte, mot
