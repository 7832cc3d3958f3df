"""The self-check engine: every outcome, every question kind, no leaked answer."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit.feedback import (
    CORRECT,
    INCORRECT,
    NON_REPONDU,
    NON_VERIFIABLE,
    TYPE_INCORRECT,
    Association,
    Choix,
    Ensemble,
    Libre,
    Nombre,
    Personnalisee,
    Piege,
    QuestionInconnue,
    Questionnaire,
    ReponseAVerifier,
    Tableau,
    empreinte,
    normaliser,
)

SEL = "test/sel"


def _qs(*questions):
    qs = Questionnaire("test", sel=SEL)
    for q in questions:
        qs.ajouter(q)
    return qs


# --------------------------------------------------------------------------- outcomes
@pytest.mark.parametrize("vide", [..., None, "", "   "])
def test_blank_answer_is_not_attempted(vide):
    ev = Nombre("q1", attendu=12.5, variable="cout").evaluer(vide)
    assert ev.statut == NON_REPONDU
    assert "« cout »" in ev.message and "..." in ev.message


@pytest.mark.parametrize(
    ("valeur", "mot"),
    [
        ("12.5", "guillemets"),
        (True, "nombre"),
        ([12.5], ".sum()"),
        (pd.Series([12.5]), ".iloc[0]"),
        (float("nan"), "NaN"),
    ],
)
def test_wrong_type_for_a_number(valeur, mot):
    ev = Nombre("q1", attendu=12.5, variable="cout").evaluer(valeur)
    assert ev.statut == TYPE_INCORRECT
    assert mot in ev.message


@pytest.mark.parametrize(
    ("valeur", "attendu_msg"),
    [
        (262.5, "un peu trop élevé (écart < 10 %)"),
        (237.5, "un peu trop bas (écart < 10 %)"),
        (325.0, "trop élevé (écart entre 10 % et 50 %)"),
        (175.0, "trop bas (écart entre 10 % et 50 %)"),
        (1000.0, "nettement trop élevé"),
        (40.0, "nettement trop bas"),
        (2500.0, "facteur 10 trop grand"),
        (25.0, "facteur 10 trop petit"),
        (25_000.0, "facteur 100"),
        (2.5, "facteur 100 trop petit"),
        (250_000.0, "facteur 1 000 trop grand"),
        (-250.0, "signe est inversé"),
    ],
)
def test_numeric_bands(valeur, attendu_msg):
    ev = Nombre("q1", attendu=250.0).evaluer(valeur)
    assert ev.statut == INCORRECT
    assert attendu_msg in ev.message
    assert "250" not in ev.message


def test_numeric_tolerances_and_lazy_expected():
    appels = []

    def attendu():
        appels.append(1)
        return 2 / 3

    q = Nombre("q1", attendu=attendu, tolerance=1e-3)
    assert appels == []  # recomputed at check time only
    assert q.evaluer(0.6667).statut == CORRECT
    assert q.evaluer(0.66).statut == INCORRECT
    euros = Nombre("q2", attendu=12_500, tolerance=0, tolerance_abs=0.01)
    assert euros.evaluer(12_500.009).statut == CORRECT
    assert euros.evaluer(12_500.02).statut == INCORRECT


def test_numpy_numbers_are_numbers():
    np = pytest.importorskip("numpy")
    assert Nombre("q1", attendu=0.5).evaluer(np.float64(0.5)).statut == CORRECT
    assert Nombre("q1", attendu=3).evaluer(np.int64(3)).statut == CORRECT


def test_zero_expected_value():
    q = Nombre("q1", attendu=0.0, tolerance_abs=1e-9)
    assert q.evaluer(0).statut == CORRECT
    assert q.evaluer(2).message == "trop élevé."
    assert q.evaluer(-2).message == "trop bas."


def test_misconception_hint_takes_precedence_over_band():
    q = Nombre(
        "q2",
        attendu=0.03,
        pieges=(Piege(lambda r: math.isclose(r, 375 / 40_000), "calculé sur toute la base"),),
    )
    assert q.evaluer(375 / 40_000).message == "calculé sur toute la base"
    assert "nettement" in q.evaluer(0.5).message


def test_broken_misconception_predicate_never_breaks_the_check():
    q = Nombre("q1", attendu=1.0, pieges=(Piege(lambda r: 1 / 0, "jamais"),))
    assert "nettement" in q.evaluer(9.0).message


# --------------------------------------------------------------------------- hashing
def test_normalisation_folds_case_accents_and_spaces():
    assert normaliser(" Téléphone  fixe") == normaliser("telephone fixe")
    assert normaliser({"b", "A"}) == normaliser(["a", "b"])  # sets sorted
    assert normaliser(("a", "b")) == normaliser(["a", "b"])
    assert normaliser([1.0, 2]) == normaliser([1, 2.0])
    assert empreinte("q1", "x", "s1") != empreinte("q1", "x", "s2")  # salted
    assert empreinte("q1", "x", "s") != empreinte("q2", "x", "s")  # per question


def test_choice_by_fingerprint():
    q = Choix(
        "q3",
        empreintes=(empreinte("q3", "email", SEL),),
        options=("courrier", "sms", "email"),
        pieges_valeurs={"sms": "un canal coûte encore moins"},
    )
    qs = _qs(q)
    assert qs.evaluer("q3", " EMAIL ").statut == CORRECT
    assert qs.evaluer("q3", "sms").message == "un canal coûte encore moins"
    assert qs.evaluer("q3", "courrier").message == "ce n'est pas la bonne réponse."
    faute = qs.evaluer("q3", "mail")
    assert faute.statut == TYPE_INCORRECT and "choisissez parmi" in faute.message


def test_multiple_choice_and_ordering():
    plusieurs = Choix("q4", empreintes=(empreinte("q4", {"a", "c"}, SEL),), sans_ordre=True)
    ordre = Choix("q5", empreintes=(empreinte("q5", ["c", "a", "b"], SEL),))
    qs = _qs(plusieurs, ordre)
    assert qs.evaluer("q4", {"C", "A"}).correct
    assert qs.evaluer("q4", ["c", "a"]).correct
    assert not qs.evaluer("q4", {"a"}).correct
    assert qs.evaluer("q5", ["C", "A", "B"]).correct
    assert not qs.evaluer("q5", ["a", "b", "c"]).correct


def test_matching_counts_right_pairs_without_naming_them():
    attendu = {"attention": "objet", "interet": "accroche", "desir": "offre", "action": "bouton"}
    q = Association("q6", empreintes={k: empreinte("q6", [k, v], SEL) for k, v in attendu.items()})
    qs = _qs(q)
    assert qs.evaluer("q6", {k: v.upper() for k, v in attendu.items()}).correct
    faux = dict(attendu, desir="bouton", action="offre")
    assert (
        qs.evaluer("q6", faux).message == "2 associations sur 4 sont justes ; revoyez les autres."
    )
    manque = qs.evaluer("q6", {"attention": "objet"})
    assert manque.statut == TYPE_INCORRECT and "'interet'" in manque.message
    assert qs.evaluer("q6", "objet").statut == TYPE_INCORRECT
    for v in attendu.values():
        assert v not in qs.evaluer("q6", faux).message


def test_set_answers():
    q = Ensemble("q7", attendu=lambda: {101, 102, 103}, variable="ids")
    assert q.evaluer(pd.Series([103, 101, 102])).correct
    assert q.evaluer([101, 102, 104, 105]).message == "il manque 1 élément et 2 éléments en trop."
    assert q.evaluer(101).statut == TYPE_INCORRECT
    assert q.evaluer("101").statut == TYPE_INCORRECT


def test_dataframe_answers_recomputed():
    def attendu():
        return pd.DataFrame({"canal": ["email", "sms"], "taux": [0.02, 0.05]}).set_index("canal")

    q = Tableau("q8", attendu=attendu, variable="tableau")
    juste = pd.DataFrame({"taux": [0.05, 0.02], "autre": [1, 2]}, index=["sms", "email"])
    assert q.evaluer(juste).correct  # row order and extra columns ignored
    assert "1 valeur sur 2 est fausse" in q.evaluer(juste.assign(taux=[0.5, 0.02])).message
    assert "2 valeurs sur 2 sont fausses" in q.evaluer(juste.assign(taux=[0.5, 0.2])).message
    assert "colonne absente" in q.evaluer(juste[["autre"]]).message
    assert "plus de lignes" in q.evaluer(pd.concat([juste, juste.iloc[:1]])).message
    assert "étiquettes" in q.evaluer(juste.rename(index={"sms": "courrier"})).message
    assert ".to_frame()" in q.evaluer(juste["taux"]).message
    assert q.evaluer([0.02, 0.05]).statut == TYPE_INCORRECT


def test_series_answers():
    q = Tableau("q9", attendu=lambda: pd.Series({"a": 1.0, "b": 2.0}), variable="s")
    assert q.evaluer(pd.Series({"b": 2.0, "a": 1.0})).correct
    assert q.evaluer(pd.DataFrame({"x": [1.0, 2.0]}, index=["a", "b"])).statut == TYPE_INCORRECT


def test_custom_checker():
    q = Personnalisee(
        "q10",
        fonction=lambda r: True if r.startswith("Objet") else "l'objet manque.",
        pieges=(Piege(lambda r: "GRATUIT" in r, "évitez les majuscules : filtre anti-spam."),),
    )
    assert q.evaluer("Objet : promo").correct
    assert q.evaluer("promo").message == "l'objet manque."
    assert q.evaluer("GRATUIT").message.startswith("évitez")
    crash = q.evaluer(42)  # the checker raises AttributeError on an int
    assert crash.statut == TYPE_INCORRECT and "format" in crash.message


def test_free_text_is_not_checkable():
    assert Libre("q11").evaluer("Parce que…").statut == NON_VERIFIABLE
    assert Libre("q11").evaluer(...).statut == NON_REPONDU


# --------------------------------------------------------------------------- notebook API
def test_verifier_prints_on_success(capsys):
    qs = _qs(Nombre("q1", attendu=3.0, variable="x"))
    assert qs.verifier("q1", 3.0) is None
    assert capsys.readouterr().out == "✅ q1 : bonne réponse.\n"


def test_verifier_raises_short_french_assertion_error():
    qs = _qs(Nombre("q1", attendu=3.0, variable="x", indices=("multipliez.",)))
    with pytest.raises(AssertionError) as info:
        qs.verifier("q1", 3.5)
    err = info.value
    assert isinstance(err, ReponseAVerifier)
    assert err._render_traceback_() == [
        "❌ q1 : trop élevé (écart entre 10 % et 50 %).",
        'Un indice : indice("q1").',
    ]
    with pytest.raises(ReponseAVerifier) as info:
        qs.verifier("q1", ...)
    assert info.value._render_traceback_()[0].startswith("✏️ q1 : pas encore de réponse")
    assert len(info.value._render_traceback_()) == 1


def test_hints_and_unknown_question(capsys):
    qs = _qs(
        Nombre("q1", attendu=3.0, indices=("multipliez.", "par 3.")),
        Nombre("q2", attendu=1.0),
    )
    for qid in ("q1", "q2", "q1", "q1"):
        qs.indice(qid)
    assert capsys.readouterr().out.splitlines() == [
        "💡 q1 (1/2) : multipliez.",
        "💡 q2 : relisez l'énoncé et l'exemple résolu juste au-dessus.",
        "💡 q1 (2/2) : par 3.",
        "💡 q1 (2/2) : par 3.",  # the last hint repeats
    ]
    with pytest.raises(TypeError, match="indice"):  # one way to declare hints: indices=(…)
        Nombre("q3", attendu=1.0, indice="forme ancienne.")
    with pytest.raises(TypeError, match="tuple"):
        Nombre("q4", attendu=1.0, indices="un texte, pas un tuple")
    with pytest.raises(QuestionInconnue, match=r"q1, q2\."):
        qs.verifier("q9", 1)
    with pytest.raises(ValueError, match="deux fois"):
        qs.ajouter(Nombre("q1", attendu=1.0))


def test_ipython_shows_only_the_french_lines(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.user_ns["verifier"] = _qs(Nombre("q1", attendu=3.0)).verifier
        result = shell.run_cell('verifier("q1", 30)')
    finally:
        InteractiveShell.clear_instance()
    assert isinstance(result.error_in_exec, ReponseAVerifier)
    sortie = capsys.readouterr()
    texte = sortie.out + sortie.err
    assert "❌ q1 : facteur 10 trop grand" in texte
    assert "Traceback" not in texte and "File " not in texte


# --------------------------------------------------------------------------- no leak
@settings(max_examples=200, deadline=None)
@given(
    attendu=st.floats(min_value=0.01, max_value=1e6, allow_nan=False),
    ratio=st.floats(min_value=0.001, max_value=1000, allow_nan=False),
)
def test_numeric_messages_never_contain_the_expected_value(attendu, ratio):
    reponse = attendu * ratio
    qs = _qs(Nombre("q1", attendu=attendu, variable="x"))
    ev = qs.evaluer("q1", reponse)
    if ev.correct:
        return
    for forme in {f"{attendu}", f"{attendu:.2f}", f"{attendu:g}", f"{round(attendu)}"}:
        if len(forme) >= 3 and forme not in {"100", "1 000", "0.03", "1.5"}:
            assert forme not in ev.message


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=3, max_size=12).filter(lambda s: s.strip()))
def test_categorical_messages_never_contain_the_expected_value(secret):
    qs = _qs(Choix("q1", empreintes=(empreinte("q1", secret, SEL),)))
    ev = qs.evaluer("q1", secret + "x")
    if not ev.correct:
        assert secret not in ev.message


# --------------------------------------------------------------------------- hidden tests
def test_one_rule_for_numbers_tolerance_abs_is_not_widened():
    # Declaring only tolerance_abs means ±0.5 €, not ±(1e-3 × 48 000) = ±48 €.
    q = Nombre("q1", attendu=48_000.0, tolerance_abs=0.5)
    assert q.evaluer(48_000.5).correct and not q.evaluer(48_000.6).correct
    q = Nombre("q1", attendu=48_000.0, tolerance_abs=0.5, tolerance=1e-3)
    assert q.evaluer(48_047.0).correct and not q.evaluer(48_049.0).correct
    assert Nombre("q1", attendu=0.0, tolerance_abs=0.01).evaluer(0.009).correct
    with pytest.raises(ValueError, match="positive"):
        Nombre("q1", attendu=1.0, tolerance=-1e-3)


def _valide(qs, qid, reponse, *attendu):
    try:
        qs.valider(qid, reponse, *attendu)
    except ReponseAVerifier:
        return False
    return True


@pytest.mark.parametrize(
    "reponse", [12_500, 12_500.01, 12_500.011, 12_499.99, 12_512.5, "12500", None, ..., [12_500]]
)
def test_valider_numbers_agrees_with_verifier(reponse):
    qs = _qs(Nombre("q1", attendu=lambda: 12_500.0, tolerance_abs=0.01))
    visible = qs.evaluer("q1", reponse).correct
    assert _valide(qs, "q1", reponse, 12_500) == visible
    assert _valide(qs, "q1", reponse) == visible  # omitted: recomputed


def test_valider_every_kind():
    import numpy as np

    assoc = {"a": "x", "b": "y"}
    qs = _qs(
        Choix("q1", empreintes=(empreinte("q1", "email", sel=SEL),), options=("email", "sms")),
        Association(
            "q2", empreintes={k: empreinte("q2", [k, v], sel=SEL) for k, v in assoc.items()}
        ),
        Ensemble("q3", attendu=lambda: {101, 102}),
        Tableau("q4", attendu=lambda: pd.Series({"a": 1.0, "b": 2.0})),
        Personnalisee("q5", fonction=lambda r: r.startswith("Objet")),
        Libre("q6"),
        Choix(
            "q7",
            empreintes=(empreinte("q7", {"a", "b"}, sel=SEL),),
            options=("a", "b", "c"),
            sans_ordre=True,
        ),
    )
    assert _valide(qs, "q1", " E-MAIL".replace("-", ""), "email")
    assert not _valide(qs, "q1", "sms", "email") and not _valide(qs, "q1", ["email"], "email")
    assert _valide(qs, "q2", {"A": "X", "b": "y"}, assoc)
    assert not _valide(qs, "q2", {"a": "x", "b": "x"}, assoc)
    assert not _valide(qs, "q2", {"a": "x", "b": "y", "c": "z"}, assoc)
    assert _valide(qs, "q3", np.array([102, 101]), {101, 102}) and _valide(qs, "q3", [101, 102])
    assert not _valide(qs, "q3", [101], [101, 102])
    assert _valide(qs, "q4", pd.Series({"b": 2.0, "a": 1.0}))
    assert not _valide(qs, "q4", pd.Series({"b": 2.0, "a": 1.5}))
    assert _valide(qs, "q5", "Objet : promo") and not _valide(qs, "q5", "promo")
    with pytest.raises(TypeError, match="sans valeur attendue"):
        qs.valider("q5", "Objet", "Objet")
    with pytest.raises(TypeError, match="corrigée à la main"):
        qs.valider("q6", "texte")
    assert _valide(qs, "q7", ["b", "a"], {"a", "b"}) and not _valide(qs, "q7", ["a"], {"a", "b"})
    with pytest.raises(ReponseAVerifier, match=r"❌ q1 \(test caché\)"):
        qs.valider("q1", "sms", "email")


def test_choice_of_text_gets_a_type_message_for_a_list():
    q = Choix(
        "q3",
        empreintes=(empreinte("q3", "email", sel=SEL),),
        options=("email", "sms"),
        variable="canal",
    )
    q.sel = SEL
    ev = q.evaluer(["email"])
    assert ev.statut == TYPE_INCORRECT and "une liste, du texte est attendu" in ev.message
