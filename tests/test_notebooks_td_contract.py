"""The TD contract: one declaration per question, and the notebook agrees with it.

For every TD in ``solutions/`` (the single source of a TD), between the source
notebook and the declarations of ``crmkit.exercices.<td>``:

- declared question ids = graded ids (manual questions included), each
  auto-graded question has its statement, answer and test cells, in that order;
- heading ``### Question N (k point[s])`` = nbgrader points = declared points;
- the test cell is tagged ``raises-exception``, calls ``verifier("qN", <variable>)``
  and, in its hidden block, ``valider("qN", <variable>[, literal])``, and reads
  no other name; the literal equals the declaration's recomputed value;
- ``indice()`` answers every question with a declared hint;
- on a grid of answers around the expected one (just inside / just outside the
  tolerance, rounded to 2 and 4 decimals, percentage vs fraction, wrong types),
  the visible check and the hidden test, both run from the test cell's own
  source, accept and reject the same values.

The checker is :func:`problemes`; the tests at the bottom show it failing on
purpose on altered copies of td0 (points mismatch, missing tag, tolerance
mismatch, wrong literal, missing hint).
"""

from __future__ import annotations

import ast
import contextlib
import copy
import importlib
import io
import math
import operator
import re

import nbformat
import pytest
from notebook_files import REPO_ROOT

import crmkit.feedback as fb

#: TDs not yet ported to the contract (issue 18): their failures are expected.
#: The lead empties this list once every TD is ported.
PORT_EN_COURS: list[str] = []

TDS = sorted(
    p.name for p in (REPO_ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").exists()
)

CACHE_DEBUT, CACHE_FIN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
TITRE = re.compile(r"^### Question (\d+) \((\d+(?:,\d+)?) (points?)\)", re.MULTILINE)


def _parametres():
    return [
        pytest.param(
            td,
            marks=pytest.mark.xfail(strict=False, reason="port en cours")
            if td in PORT_EN_COURS
            else (),
        )
        for td in TDS
    ]


# --------------------------------------------------------------------------- reading
def _nbg(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _cellules(nb) -> dict[str, tuple[int, object]]:
    """grade_id → (position, cell)."""
    return {_nbg(c)["grade_id"]: (i, c) for i, c in enumerate(nb.cells) if _nbg(c).get("grade_id")}


def _qid(grade_id: str) -> str:
    return grade_id.split("_", 1)[0]


def _graded(nb) -> tuple[dict[str, object], dict[str, object]]:
    """(auto-graded test cells, manually graded answer cells), keyed by question id."""
    auto, manuelles = {}, {}
    for c in nb.cells:
        m = _nbg(c)
        if not m.get("grade"):
            continue
        (manuelles if m.get("solution") else auto)[_qid(m["grade_id"])] = c
    return auto, manuelles


_OPERATIONS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Pow: operator.pow,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}


def litteral(noeud: ast.AST) -> object:
    """The value of a hidden test's literal: constants, arithmetic, containers; nothing else.

    >>> litteral(ast.parse("12_500 / 375", mode="eval").body) == 12_500 / 375
    True
    """
    if isinstance(noeud, ast.Constant):
        return noeud.value
    if isinstance(noeud, ast.UnaryOp) and type(noeud.op) in _OPERATIONS:
        return _OPERATIONS[type(noeud.op)](litteral(noeud.operand))
    if isinstance(noeud, ast.BinOp) and type(noeud.op) in _OPERATIONS:
        return _OPERATIONS[type(noeud.op)](litteral(noeud.left), litteral(noeud.right))
    if isinstance(noeud, ast.Tuple):
        return tuple(litteral(e) for e in noeud.elts)
    if isinstance(noeud, ast.List):
        return [litteral(e) for e in noeud.elts]
    if isinstance(noeud, ast.Set):
        return {litteral(e) for e in noeud.elts}
    if isinstance(noeud, ast.Dict):
        return {litteral(k): litteral(v) for k, v in zip(noeud.keys, noeud.values, strict=True)}
    raise ValueError(f"pas un littéral : {ast.unparse(noeud)}")


def _appels(source: str, nom: str) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == nom
    ]


def _parties(source: str) -> tuple[str, str]:
    """(visible part, hidden block) of a test cell."""
    if CACHE_DEBUT not in source or CACHE_FIN not in source:
        return source, ""
    avant, reste = source.split(CACHE_DEBUT, 1)
    cache, apres = reste.split(CACHE_FIN, 1)
    return avant + apres, cache


# --------------------------------------------------------------------------- grid
def _grille(q, attendu_litteral) -> list:
    """Answers around the expected one, right ones written differently, and wrong types."""
    communs = [None, ..., "texte", [1, 2], 0]
    if isinstance(q, fb.Nombre):
        a = float(attendu_litteral) if attendu_litteral is not None else q._attendu()
        m = q.marge(a) or 1e-9 * max(1.0, abs(a))
        return [
            *communs,
            a,
            a + 0.9 * m,
            a - 0.9 * m,
            a + 1.1 * m,
            a - 1.1 * m,
            a + 3 * m,
            round(a, 2),
            round(a, 4),
            round(a),
            100 * a,
            round(100 * a, 2),
            a / 100,
            -a,
            str(a),
            [a],
        ]
    if isinstance(q, fb.Choix):
        juste = [o for o in q.options if q._est_juste(o, q._attendu())] or (
            [attendu_litteral] if attendu_litteral is not None else []
        )
        variantes = [f"  {j.upper()} " for j in juste if isinstance(j, str)]
        return [*communs, *q.options, *juste, *variantes, *[[j] for j in juste]]
    if isinstance(q, fb.Association) and isinstance(attendu_litteral, dict):
        cles, valeurs = list(attendu_litteral), list(attendu_litteral.values())
        decale = dict(zip(cles, valeurs[1:] + valeurs[:1], strict=True))
        moins = dict(list(attendu_litteral.items())[1:])
        return [*communs, attendu_litteral, decale, moins, {**attendu_litteral, "_en_trop": 1}]
    if isinstance(q, fb.Ensemble):
        a = list(attendu_litteral if attendu_litteral is not None else q.attendu())
        return [*communs, a, set(a), a[::-1], a[1:], [*a, "_en_trop"], "".join(map(str, a))]
    if isinstance(q, fb.Tableau):
        a = q._attendu()
        faux = a.copy()
        if faux.size:
            faux.iloc[0] = faux.iloc[0] * 1.01 + 1 if faux.ndim == 1 else faux.iloc[0]
        return [*communs, a, a.copy(), a.iloc[::-1], a.iloc[:-1], faux, list(a.to_numpy().ravel())]
    return communs


def _accepte(code: str, espace: dict, variable: str, reponse: object) -> bool:
    ns = dict(espace)
    ns[variable] = reponse
    sortie = io.StringIO()
    try:
        with contextlib.redirect_stdout(sortie):
            exec(compile(code, "<test>", "exec"), ns)
    except Exception:
        return False
    return "❌" not in sortie.getvalue() and "✏️" not in sortie.getvalue()


def _espace_imports(nb) -> dict:
    """The names the notebook's locked imports cell brings (``from crmkit… import …``)."""
    ns: dict = {}
    cellules = _cellules(nb)
    if "imports" in cellules:
        arbre = ast.parse(cellules["imports"][1].source)
        lignes = [n for n in arbre.body if isinstance(n, ast.Import | ast.ImportFrom)]
        exec(compile(ast.Module(body=lignes, type_ignores=[]), "<imports>", "exec"), ns)
    return ns


# --------------------------------------------------------------------------- the checker
def problemes(nb, questions: fb.Questionnaire) -> list[str]:
    """Every breach of the TD contract between notebook *nb* and its declarations."""
    p: list[str] = []
    cellules = _cellules(nb)
    auto, manuelles = _graded(nb)
    declarees = {q.qid: q for q in questions.questions}
    if set(declarees) != set(auto) | set(manuelles):
        p.append(
            f"questions déclarées {sorted(declarees)} ≠ questions notées "
            f"{sorted(set(auto) | set(manuelles))}"
        )
    espace = _espace_imports(nb)
    for nom in ("verifier", "indice", "valider"):
        if nom not in espace:
            p.append(f"la cellule imports n'importe pas {nom}")
    for qid, q in declarees.items():
        notee = manuelles.get(qid) if q.manuelle else auto.get(qid)
        if notee is None:
            p.append(
                f"{qid} : {'manuelle' if q.manuelle else 'auto'} déclarée, pas de cellule notée de ce genre"
            )
            continue
        p += _points(qid, q, notee, cellules)
        if not q.indices:
            p.append(f"{qid} : aucun indice déclaré")
        else:
            sortie = io.StringIO()
            with contextlib.redirect_stdout(sortie):
                questions.indice(qid)
            if not sortie.getvalue().startswith(f"💡 {qid} ("):
                p.append(f"{qid} : indice() ne donne pas l'indice déclaré")
        if not q.manuelle:
            p += _cellule_test(qid, q, notee, cellules, espace)
    return p


def _points(qid, q, notee, cellules) -> list[str]:
    p = []
    enonce = cellules.get(f"{qid}_enonce")
    if enonce is None:
        return [f"{qid} : pas de cellule {qid}_enonce"]
    titre = TITRE.search(enonce[1].source)
    if not titre or f"q{titre.group(1)}" != qid:
        return [f"{qid} : pas de titre « ### Question {qid[1:]} (k points) » dans l'énoncé"]
    k = float(titre.group(2).replace(",", "."))
    if titre.group(3) != ("points" if k >= 2 else "point"):
        p.append(f"{qid} : « {titre.group(2)} {titre.group(3)} » (accord)")
    if not (q.points == k == _nbg(notee).get("points")):
        p.append(
            f"{qid} : points déclarés {q.points}, titre {k:g}, nbgrader {_nbg(notee).get('points')}"
        )
    return p


def _cellule_test(qid, q, test, cellules, espace) -> list[str]:
    p = []
    positions = [cellules.get(f"{qid}_{s}", (None,))[0] for s in ("enonce", "reponse", "test")]
    if None in positions or positions != sorted(positions):
        p.append(f"{qid} : il faut les cellules énoncé, réponse puis test, dans cet ordre")
    if "raises-exception" not in test.get("metadata", {}).get("tags", []):
        p.append(f"{qid} : cellule de test sans l'étiquette raises-exception")
    visible, cache = _parties(test.source)
    v = q.variable
    appels = _appels(visible, "verifier")
    if not any(
        [ast.unparse(a) for a in c.args] == [repr(qid), v]
        or [ast.unparse(a) for a in c.args] == [f'"{qid}"', v]
        for c in appels
    ):
        p.append(f'{qid} : la cellule de test n\'appelle pas verifier("{qid}", {v})')
    noms = {n.id for n in ast.walk(ast.parse(test.source)) if isinstance(n, ast.Name)}
    if noms - {"verifier", "valider", v}:
        p.append(
            f"{qid} : la cellule de test lit d'autres noms : {sorted(noms - {'verifier', 'valider', v})}"
        )
    valider = [c for c in _appels(cache, "valider") if c.args and litteral(c.args[0]) == qid]
    attendu = None
    if (
        len(valider) != 1
        or len(valider[0].args) not in (2, 3)
        or ast.unparse(valider[0].args[1]) != v
    ):
        p.append(f'{qid} : le bloc caché n\'appelle pas valider("{qid}", {v}, …) une fois')
    elif len(valider[0].args) == 3:
        attendu = litteral(valider[0].args[2])
        p += _litteral_conforme(qid, q, attendu)
    elif isinstance(q, fb.Nombre | fb.Choix | fb.Association | fb.Ensemble):
        p.append(f"{qid} : le test caché doit écrire la valeur attendue ({type(q).__name__})")
    desaccords = [
        r
        for r in _grille(q, attendu)
        if _accepte(visible, espace, v, r) != _accepte(cache, espace, v, r)
    ]
    if desaccords:
        p.append(f"{qid} : la vérification et le test caché divergent sur {desaccords!r}")
    return p


def _litteral_conforme(qid, q, attendu) -> list[str]:
    if isinstance(q, fb.Tableau | fb.Personnalisee):
        return [f"{qid} : {type(q).__name__} : valider sans valeur attendue (recalculée)"]
    if isinstance(q, fb.Nombre):
        a = q._attendu()
        if not isinstance(attendu, int | float) or not abs(attendu - a) <= max(
            0.01 * q.marge(a), 1e-9 * abs(a), 1e-12
        ):
            return [f"{qid} : la valeur du test caché n'est pas celle que la déclaration recalcule"]
        return []
    try:
        interne = q._depuis_litteral(attendu)
    except Exception as exc:
        return [f"{qid} : valeur du test caché illisible ({exc})"]
    ok = interne <= q._attendu() if isinstance(q, fb.Choix) else interne == q._attendu()
    return [] if ok else [f"{qid} : la valeur du test caché n'est pas celle de la déclaration"]


def problemes_declarations(source: str) -> list[str]:
    """Breaches of the declaration form in a TD module's source (one dialect for all TDs)."""
    p = []
    if re.search(r"^\s*import hashlib|^\s*from hashlib", source, re.MULTILINE):
        p.append("hachage privé : utiliser crmkit.feedback.empreinte / Questionnaire.empreinte")
    lignes = source.splitlines()
    for i, ligne in enumerate(lignes):
        if re.search(r"\bPersonnalisee\(", ligne) and not ligne.lstrip().startswith(("#", "from")):
            autour = lignes[max(0, i - 3) : i + 1]
            if not any("#" in x for x in autour):
                p.append(f"ligne {i + 1} : Personnalisee sans commentaire qui dit pourquoi")
    return p


# --------------------------------------------------------------------------- the TDs
def _td(td: str):
    nb = nbformat.read(REPO_ROOT / "solutions" / td / f"{td}.ipynb", as_version=4)
    module = importlib.import_module(f"crmkit.exercices.{td}")
    return nb, module.QUESTIONS


@pytest.mark.parametrize("td", _parametres())
def test_td_respects_the_contract(td):
    nb, questions = _td(td)
    module = importlib.import_module(f"crmkit.exercices.{td}")
    source = open(module.__file__, encoding="utf-8").read()
    assert problemes(nb, questions) + problemes_declarations(source) == []


def test_every_td_is_checked():
    assert "td0_prise_en_main" in TDS and len(TDS) >= 5
    assert set(PORT_EN_COURS) <= set(TDS)


# --------------------------------------------------------------------------- seen failing
def _td0_modifie(grade_id: str, modifier) -> list[str]:
    nb, questions = _td("td0_prise_en_main")
    nb = copy.deepcopy(nb)
    for c in nb.cells:
        if _nbg(c).get("grade_id") == grade_id:
            modifier(c)
    return problemes(nb, questions)


def test_td0_is_ported():
    assert "td0_prise_en_main" not in PORT_EN_COURS


def test_seen_failing_points_mismatch():
    p = _td0_modifie("q2_test", lambda c: c.metadata.nbgrader.update(points=3))
    assert p == ["q2 : points déclarés 2, titre 2, nbgrader 3"]


def test_seen_failing_heading_points():
    p = _td0_modifie(
        "q5_enonce", lambda c: setattr(c, "source", c.source.replace("(2 points)", "(3 points)"))
    )
    assert p == ["q5 : points déclarés 2, titre 3, nbgrader 2"]


def test_seen_failing_missing_tag():
    p = _td0_modifie("q3_test", lambda c: c.metadata.pop("tags"))
    assert p == ["q3 : cellule de test sans l'étiquette raises-exception"]


def test_seen_failing_tolerance_mismatch():
    # The pre-contract hidden test of q1: 0.01 € while the check accepted ±12.50 €.
    def ancien(c):
        c.source = c.source.replace(
            'valider("q1", cout_mailing, 12_500)', "assert abs(cout_mailing - 12_500) <= 0.001"
        )

    p = _td0_modifie("q1_test", ancien)
    assert any(x.startswith("q1 : la vérification et le test caché divergent") for x in p)
    assert any("valider" in x for x in p)


def test_seen_failing_wrong_literal_and_grid():
    def faux(c):
        c.source = c.source.replace("12_500 / 375", "33.3")

    p = _td0_modifie("q4_test", faux)
    assert p[0] == "q4 : la valeur du test caché n'est pas celle que la déclaration recalcule"
    assert p[1].startswith("q4 : la vérification et le test caché divergent")


def test_seen_failing_choice_literal_and_test_cell_names():
    def faux(c):
        c.source = c.source.replace('"email")', '"sms")\nprint(COUTS_CONTACT)')

    p = _td0_modifie("q3_test", faux)
    assert "q3 : la cellule de test lit d'autres noms : ['COUTS_CONTACT', 'print']" in p
    assert "q3 : la valeur du test caché n'est pas celle de la déclaration" in p


def test_seen_failing_declarations():
    nb, questions = _td("td0_prise_en_main")
    autre = fb.Questionnaire("td0_prise_en_main", sel=questions.sel)
    for q in questions.questions:
        q = copy.copy(q)
        if q.qid == "q5":
            q.indices = ()
        if q.qid == "q2":
            q.tolerance = 0.05  # the visible check widened, the notebook unchanged
        autre.ajouter(q)
    autre.ajouter(fb.Libre("q6", variable="texte", points=1, indices=("…",)))
    p = problemes(nb, autre)
    assert p[0].startswith(
        "questions déclarées ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'] ≠ questions notées"
    )
    assert "q5 : aucun indice déclaré" in p
    assert "q6 : manuelle déclarée, pas de cellule notée de ce genre" in p
    # Same rule on both sides: a widened tolerance moves the hidden test with it.
    assert not any(x.startswith("q2") for x in p)


def test_literal_reader_refuses_code():
    with pytest.raises(ValueError, match="pas un littéral"):
        litteral(ast.parse("__import__('os')", mode="eval").body)
    assert litteral(ast.parse("{'a': [1, -2.5], 'b': {3}}", mode="eval").body) == {
        "a": [1, -2.5],
        "b": {3},
    }
    assert math.isclose(litteral(ast.parse("2 ** -2 * 4", mode="eval").body), 1.0)


def test_seen_failing_declaration_form():
    source = (
        "import hashlib\n"
        'Personnalisee("q2", fonction=f)\n'
        "# Personnalisee: the answer is a free list of numbers checked by rules\n"
        'Personnalisee("q3", fonction=g)\n'
    )
    assert problemes_declarations(source) == [
        "hachage privé : utiliser crmkit.feedback.empreinte / Questionnaire.empreinte",
        "ligne 2 : Personnalisee sans commentaire qui dit pourquoi",
    ]
