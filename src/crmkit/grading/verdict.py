"""The verdict process: graded test cells run here, never in the student's kernel.

At grading, the student's kernel runs the student's cells only. At each
graded test cell the grader gets the plain values the cell reads
(:mod:`crmkit.grading.valeurs`) and sends them, with the cell's source taken
from the gradebook and the notebook's locked import lines (the *prelude*),
to a verdict worker: a separate Python process, sandboxed like the kernel
(bubblewrap, no network, read-only, no submission mounted), that never runs
student code. The worker runs the whole test cell (visible check and hidden
tests) in a fresh namespace and returns the outputs IPython would show:

* ``stdout``/``stderr`` of the visible lines (what hidden lines print is
  dropped: it may hold expected values);
* the value of a last visible expression, if not ``None``;
* on failure, one error output: the French lines of the exception's
  ``_render_traceback_`` (``ReponseAVerifier``) or ``Type: message`` for an
  error of the visible lines; for an error inside the hidden tests only the
  exception's type and ``cache: true`` (the grader writes the French "test
  caché" line, never the hidden test's text or message).

One worker per grading thread is reused for every notebook of the batch
(:class:`Verdicts`), so its start-up (numpy, pandas, crmkit) is paid once.

Protocol on the worker's stdin/stdout: frames of an 8-byte big-endian length
and a body; a request is a JSON header frame then a values frame (the JSON
of :func:`crmkit.grading.valeurs.lire_json`), a reply one JSON frame.

>>> sorties = juger_cellule(
...     "import math", "print('ok')\\nassert math.isclose(x, 2)\\n### BEGIN HIDDEN TESTS\\n"
...     "print('secret 42')\\nassert x == 3\\n### END HIDDEN TESTS", {"x": 2.0})
>>> [s["output_type"] for s in sorties], sorties[0]["text"], sorties[1]["cache"]
(['stream', 'error'], 'ok\\n', True)
>>> juger_cellule("", "verifier(y)", {})[0]["traceback"]
["NameError: name 'verifier' is not defined"]
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable

__all__ = [
    "DEBUT",
    "FIN",
    "VerdictIndisponible",
    "juger_cellule",
    "lignes_cachees",
    "prelude",
    "noms_fournis",
    "noms_lus",
    "Verdict",
    "Verdicts",
]

DEBUT = "### BEGIN HIDDEN TESTS"
FIN = "### END HIDDEN TESTS"
_FICHIER = "<cellule>"
_PRECHARGES = ("numpy", "pandas", "crmkit.feedback")


class VerdictIndisponible(RuntimeError):
    """The verdict worker died, timed out or answered nonsense."""


# --------------------------------------------------------------------------- worker side


def lignes_cachees(source: str, debut: str = DEBUT, fin: str = FIN) -> set[int]:
    """1-based numbers of the lines of the hidden-test blocks (markers included).

    >>> sorted(lignes_cachees("a\\n### BEGIN HIDDEN TESTS\\nb\\n### END HIDDEN TESTS\\nc"))
    [2, 3, 4]
    """
    out, dedans = set(), False
    for numero, ligne in enumerate(source.splitlines(), 1):
        texte = ligne.strip()
        if texte == debut:
            dedans = True
        if dedans:
            out.add(numero)
        if texte == fin:
            dedans = False
    return out


def _lignes_erreur(exc: BaseException) -> list[int]:
    lignes = []
    if isinstance(exc, SyntaxError) and exc.filename == _FICHIER and exc.lineno:
        lignes.append(exc.lineno)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _FICHIER:
            lignes.append(tb.tb_lineno)
        tb = tb.tb_next
    return lignes


def _sortie_erreur(exc: BaseException, cachees: set[int]) -> dict:
    ename = type(exc).__name__
    if any(n in cachees for n in _lignes_erreur(exc)):
        return {"output_type": "error", "ename": ename, "cache": True}
    evalue = str(exc)
    rendu = getattr(exc, "_render_traceback_", None)
    try:
        traceback = list(rendu()) if callable(rendu) else [f"{ename}: {evalue}"]
    except Exception:  # noqa: BLE001 - a broken renderer still yields a message
        traceback = [f"{ename}: {evalue}"]
    return {
        "output_type": "error",
        "ename": ename,
        "evalue": evalue,
        "traceback": [str(t) for t in traceback],
    }


def juger_cellule(
    prelude: str, source: str, valeurs: dict, debut: str = DEBUT, fin: str = FIN
) -> list[dict]:
    """Run one test cell on plain *valeurs* after *prelude*; the outputs IPython would show."""
    cachees = lignes_cachees(source, debut, fin)
    ns: dict = {"__name__": "__main__", "__builtins__": builtins}
    visibles = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    jetees = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    resultat, erreur = None, None
    try:
        exec(compile(prelude, "<prelude>", "exec"), ns)  # noqa: S102 - gradebook imports
    except BaseException as exc:  # noqa: BLE001
        return [
            {
                "output_type": "error",
                "ename": "ErreurCorrecteur",
                "evalue": f"imports du notebook impossibles : {type(exc).__name__}: {exc}",
                "traceback": [
                    f"ErreurCorrecteur: imports du notebook impossibles : {type(exc).__name__}"
                ],
            }
        ]
    ns.update(valeurs)
    try:
        arbre = ast.parse(source, _FICHIER)
        instructions = arbre.body
        for i, instruction in enumerate(instructions):
            cachee = instruction.lineno in cachees
            flux = jetees if cachee else visibles
            with (
                contextlib.redirect_stdout(flux["stdout"]),
                contextlib.redirect_stderr(flux["stderr"]),
            ):
                if i == len(instructions) - 1 and isinstance(instruction, ast.Expr):
                    code = compile(ast.Expression(instruction.value), _FICHIER, "eval")
                    valeur = eval(code, ns)  # noqa: S307 - gradebook test code
                    if valeur is not None and not cachee:
                        resultat = repr(valeur)
                else:
                    module = ast.Module(body=[instruction], type_ignores=[])
                    exec(compile(module, _FICHIER, "exec"), ns)  # noqa: S102
    except BaseException as exc:  # noqa: BLE001 - every failure is an output
        erreur = _sortie_erreur(exc, cachees)
    sorties = [
        {"output_type": "stream", "name": nom, "text": flux.getvalue()}
        for nom, flux in visibles.items()
        if flux.getvalue()
    ]
    if resultat is not None:
        sorties.append(
            {"output_type": "execute_result", "data": {"text/plain": resultat}, "metadata": {}}
        )
    if erreur is not None:
        sorties.append(erreur)
    return sorties


def _lire_trame(flux) -> bytes | None:
    tete = flux.read(8)
    if len(tete) < 8:
        return None
    (taille,) = struct.unpack(">Q", tete)
    return flux.read(taille)


def _ecrire_trame(flux, corps: bytes) -> None:
    flux.write(struct.pack(">Q", len(corps)) + corps)
    flux.flush()


def main() -> None:
    """Worker loop (run as ``python -m crmkit.grading.verdict LIMITS_JSON``)."""
    from crmkit.grading import kernel_boot
    from crmkit.grading.valeurs import lire_json

    if len(sys.argv) > 1:
        kernel_boot.set_limits(json.loads(sys.argv[1]))
    entree = os.fdopen(os.dup(0), "rb")
    sortie = os.fdopen(os.dup(1), "wb")
    nul = os.open(os.devnull, os.O_RDWR)
    os.dup2(nul, 0)
    os.dup2(nul, 1)  # stray C-level prints never reach the reply channel
    import importlib

    for nom in _PRECHARGES:
        with contextlib.suppress(Exception):
            importlib.import_module(nom)
    while True:
        tete = _lire_trame(entree)
        corps = _lire_trame(entree) if tete is not None else None
        if corps is None:
            return
        demande = json.loads(tete)
        try:
            valeurs, absents, refus = lire_json(corps)
            sorties = juger_cellule(
                demande["prelude"], demande["source"], valeurs, demande["debut"], demande["fin"]
            )
            reponse = {"sorties": sorties, "refus": refus}
        except Exception as exc:  # noqa: BLE001 - the grader reports it
            reponse = {"erreur": f"{type(exc).__name__}: {exc}"}
        _ecrire_trame(sortie, json.dumps(reponse).encode())


# --------------------------------------------------------------------------- grader side


def prelude(sources: list[str]) -> str:
    """The top-level ``import``/``from … import …`` lines of the notebook's locked cells.

    >>> print(prelude(["import math\\nx = 1", "from crmkit.feedback import est_vide as v\\nv(x)"]))
    import math
    from crmkit.feedback import est_vide as v
    """
    lignes = []
    for source in sources:
        try:
            arbre = ast.parse(source)
        except SyntaxError:
            continue
        for instruction in arbre.body:
            if isinstance(instruction, ast.Import) or (
                isinstance(instruction, ast.ImportFrom)
                and instruction.level == 0
                and instruction.module != "__future__"
            ):
                lignes.append(ast.unparse(instruction))
    return "\n".join(lignes)


def noms_fournis(prelude_source: str) -> set[str]:
    """Names the prelude binds (a ``*`` import is resolved by importing the module here).

    >>> sorted(noms_fournis("import os.path\\nimport numpy as np\\nfrom math import pi, tau as t"))
    ['np', 'os', 'pi', 't']
    """
    import importlib

    noms: set[str] = set()
    for instruction in ast.parse(prelude_source).body:
        for alias in instruction.names:
            if alias.name == "*":
                module = importlib.import_module(instruction.module)
                publics = [n for n in dir(module) if not n.startswith("_")]
                noms.update(getattr(module, "__all__", publics))
            elif isinstance(instruction, ast.Import) and alias.asname is None:
                noms.add(alias.name.split(".")[0])
            else:
                noms.add(alias.asname or alias.name)
    return noms


def noms_lus(source: str, fournis: set[str] = frozenset()) -> list[str]:
    """Free names a test cell loads, minus those *fournis* (prelude) and builtins.

    >>> noms_lus("verifier('q1', x)\\n_n = len(y)\\nassert {k: v for k, v in z.items()} == _n",
    ...          {"verifier"})
    ['x', 'y', 'z']
    """
    import symtable

    try:
        table = symtable.symtable(source, _FICHIER, "exec")
    except SyntaxError:
        return []
    lus: set[str] = set()
    lies: set[str] = set()

    def visiter(t) -> None:
        module = t.get_type() == "module"
        for symbole in t.get_symbols():
            nom = symbole.get_name()
            if module:
                if symbole.is_referenced():
                    lus.add(nom)
                if symbole.is_assigned() or symbole.is_imported() or symbole.is_namespace():
                    lies.add(nom)
            elif symbole.is_referenced() and symbole.is_global():
                lus.add(nom)
        for enfant in t.get_children():
            visiter(enfant)

    visiter(table)
    return sorted(lus - lies - set(fournis) - set(dir(builtins)))


class Verdict:
    """One verdict worker, started on demand and restarted after a failure.

    *commande* builds the worker's command line (sandboxed or not).
    """

    def __init__(self, commande: Callable[[], list[str]]) -> None:
        self._commande = commande
        self._proc: subprocess.Popen | None = None

    def demarrer(self) -> None:
        """Start the worker if it is not running (it preloads while the kernel starts)."""
        if self._proc is not None and self._proc.poll() is None:
            return
        self._proc = subprocess.Popen(
            self._commande(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def _lire(self, taille: int, fin: float) -> bytes:
        fd = self._proc.stdout.fileno()
        morceaux, reste = [], taille
        while reste:
            attente = fin - time.monotonic()
            if attente <= 0:
                raise VerdictIndisponible("délai dépassé")
            prets, _, _ = select.select([fd], [], [], attente)
            if not prets:
                continue
            bloc = os.read(fd, min(reste, 1 << 20))
            if not bloc:
                raise VerdictIndisponible("processus de verdict arrêté")
            morceaux.append(bloc)
            reste -= len(bloc)
        return b"".join(morceaux)

    def juger(self, demande: dict, valeurs: bytes, delai: float) -> dict:
        """Send one test cell; return ``{"sorties": [...], "refus": {...}}``."""
        self.demarrer()
        fin = time.monotonic() + delai
        tete = json.dumps(demande).encode()
        try:
            _ecrire_trame(self._proc.stdin, tete)
            _ecrire_trame(self._proc.stdin, valeurs)
            (taille,) = struct.unpack(">Q", self._lire(8, fin))
            reponse = json.loads(self._lire(taille, fin))
        except (OSError, ValueError, VerdictIndisponible) as exc:
            self.arreter()
            raise VerdictIndisponible(str(exc)) from None
        if type(reponse) is not dict or "erreur" in reponse:
            raise VerdictIndisponible(str(reponse.get("erreur", "réponse invalide"))[:300])
        return reponse

    def arreter(self) -> None:
        """Kill the worker (and its sandbox) if it runs."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, 9)
        with contextlib.suppress(OSError):
            proc.kill()
        proc.wait()
        for flux in (proc.stdin, proc.stdout):
            with contextlib.suppress(OSError):
                flux.close()


class Verdicts:
    """One :class:`Verdict` per grading thread, all stopped by :meth:`fermer`."""

    def __init__(self, commande: Callable[[], list[str]]) -> None:
        self._commande = commande
        self._local = threading.local()
        self._tous: list[Verdict] = []
        self._verrou = threading.Lock()

    def du_fil(self) -> Verdict:
        """The worker of the calling thread (created, not yet started, on first call)."""
        verdict = getattr(self._local, "verdict", None)
        if verdict is None:
            verdict = Verdict(self._commande)
            self._local.verdict = verdict
            with self._verrou:
                self._tous.append(verdict)
        return verdict

    def fermer(self) -> None:
        with self._verrou:
            for verdict in self._tous:
                verdict.arreter()


if __name__ == "__main__":
    main()
