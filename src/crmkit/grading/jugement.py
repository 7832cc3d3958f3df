"""Grade one test cell out of the student's kernel: export its names, run it in the verdict.

Used by :mod:`crmkit.grading.executor` for every cell whose ``grade_id`` the
gradebook lists as an autograded test cell. The kernel only receives a fixed
export request (:func:`crmkit.grading.valeurs_noyau.requete_export`); the
cell's source, taken from the gradebook, goes to the verdict worker with
the plain values. A value that is not plain data gives the cell an error
output with the French reason (the question scores 0); a failure inside the
hidden tests becomes :data:`crmkit.grading.masquage.MESSAGE_ECHEC_CACHE`.

>>> sortie({"output_type": "error", "ename": "AssertionError", "cache": True}).traceback == [
...     MESSAGE_ECHEC_CACHE]
True
>>> Tests({"t1": "verifier('q1', x)"}, "from m import verifier", {"verifier"}).noms("t1")
['x']
"""

from __future__ import annotations

import json
import queue
import time
from dataclasses import dataclass, field

from nbformat import NotebookNode

from crmkit.grading import valeurs
from crmkit.grading.masquage import MESSAGE_ECHEC_CACHE
from crmkit.grading.valeurs_noyau import requete_export
from crmkit.grading.verdict import DEBUT, FIN, VerdictIndisponible, noms_lus

__all__ = ["Tests", "Arret", "juger", "sortie"]


@dataclass
class Tests:
    """What the gradebook says about one notebook's test cells (never the student's file).

    ``sources``: grade_id -> source of each graded test cell; ``prelude``: the
    import lines of its locked cells (see :func:`crmkit.grading.verdict.prelude`);
    ``fournis``: the names the prelude binds.
    """

    __test__ = False  # not a pytest class

    sources: dict[str, str] = field(default_factory=dict)
    prelude: str = ""
    fournis: set[str] = field(default_factory=set)
    _noms: dict[str, list[str]] = field(default_factory=dict)

    def noms(self, grade_id: str) -> list[str]:
        """Names test cell *grade_id* reads from the student's namespace."""
        if grade_id not in self._noms:
            self._noms[grade_id] = noms_lus(self.sources[grade_id], self.fournis)
        return self._noms[grade_id]


class Arret(Exception):
    """Execution must stop at this cell (status code in ``args[0]``)."""


async def _exporter(client, km, noms: list[str], deadline: float, killed: list) -> dict:
    """Ask the kernel for the plain values of *noms*; the raw JSON payload it sent.

    A fixed request (``user_expressions``, silent, no history) evaluates
    :func:`crmkit.grading.valeurs_noyau.requete_export`; nothing of the test cell
    is sent. Raises :class:`Arret` when the kernel dies or time runs out,
    :class:`valeurs.ValeurRefusee` when its answer is not an export.
    """
    kc = client.kc
    msg_id = kc.execute(
        "",
        silent=True,
        store_history=False,
        user_expressions={"valeurs": requete_export(noms)},
        allow_stdin=False,
        stop_on_error=False,
    )
    while True:
        if killed:
            raise Arret(killed[0])
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Arret("delai_depasse")
        try:
            msg = await kc.get_shell_msg(timeout=min(1.0, remaining))
        except queue.Empty:
            if not await km.is_alive():
                raise Arret((killed or ["noyau_arrete"])[0]) from None
            continue
        if msg.get("parent_header", {}).get("msg_id") == msg_id:
            break
    content = msg.get("content") or {}
    resultat = (content.get("user_expressions") or {}).get("valeurs") or {}
    if content.get("status") != "ok" or resultat.get("status") != "ok":
        erreur = resultat.get("ename") or content.get("ename") or "?"
        raise valeurs.ValeurRefusee(
            f"le noyau n'a pas transmis les valeurs demandées (erreur {str(erreur)[:80]})"
        )
    contenu = (resultat.get("data") or {}).get(valeurs.MIME)
    if contenu is None:
        raise valeurs.ValeurRefusee("le noyau n'a pas transmis les valeurs demandées")
    return contenu


VERDICT_S = 60.0  # budget of one test cell in the verdict process (teacher code)


async def juger(cell, idx, gid, *, client, km, tests, verdict, deadline, killed, result) -> float:
    """Grade one test cell: export its names from the kernel, run it in the verdict process.

    Returns the seconds spent in the verdict process: the grader's time, which
    the caller does not count in the notebook's budget.
    """
    number = idx + 1
    debut = fin = time.monotonic()
    noms = tests.noms(gid)
    try:
        contenu = await _exporter(client, km, noms, deadline, killed) if noms else None
        if contenu is None:
            contenu = {"format": 1, "valeurs": {}, "absents": [], "refus": {}, "tampons": []}
        _valeurs, absents, refus = valeurs.lire(contenu)
        manquants = [n for n in noms if n not in _valeurs and n not in absents and n not in refus]
        for nom in manquants:
            refus[nom] = f"« {nom} » : valeur non transmise par le noyau."
        motifs = [refus[n] for n in noms if n in refus]
        if motifs:
            raise valeurs.ValeurRefusee(" ".join(motifs))
        transmis = dict(contenu, valeurs={n: contenu["valeurs"][n] for n in _valeurs})
        demande = {
            "prelude": tests.prelude,
            "source": tests.sources[gid],
            "debut": DEBUT,
            "fin": FIN,
        }
        corps = json.dumps(transmis).encode()
        debut = time.monotonic()
        try:
            reponse = verdict.juger(demande, corps, VERDICT_S)
        except VerdictIndisponible:  # one restart of the worker, then give up
            reponse = verdict.juger(demande, corps, VERDICT_S)
        fin = time.monotonic()
    except valeurs.ValeurRefusee as exc:
        text = f"réponse refusée à la cellule {number} : {exc}"
        cell.outputs = [_erreur("ReponseRefusee", text)]
        _note(result, gid, text, "reponse_refusee")
        return 0.0
    except VerdictIndisponible as exc:
        text = (
            f"erreur interne du correcteur à la cellule {number} : "
            f"le test n'a pas pu être exécuté ({exc})"
        )
        cell.outputs = [_erreur("ErreurCorrecteur", text)]
        _note(result, gid, text, "erreur_interne")
        return time.monotonic() - debut
    cell.outputs = [sortie(o) for o in reponse.get("sorties", [])]
    cell.execution_count = number
    return fin - debut


def _note(result, gid: str, text: str, status: str) -> None:
    result.cell_reasons[gid] = text
    if result.status == "ok":
        result.status, result.message = status, text
    else:
        result.message = f"{result.message} ; {text}"


def sortie(o: dict) -> NotebookNode:
    """An output of the verdict worker as an nbformat output (hidden failures masked here)."""
    kind = o.get("output_type")
    if kind == "stream":
        return NotebookNode(output_type="stream", name=str(o["name"]), text=str(o["text"]))
    if kind == "execute_result":
        return NotebookNode(
            output_type="execute_result",
            execution_count=None,
            data={"text/plain": str(o["data"]["text/plain"])},
            metadata={},
        )
    ename = str(o.get("ename", "Erreur"))
    if o.get("cache"):
        return NotebookNode(
            output_type="error",
            ename=ename,
            evalue=MESSAGE_ECHEC_CACHE,
            traceback=[MESSAGE_ECHEC_CACHE],
        )
    return NotebookNode(
        output_type="error",
        ename=ename,
        evalue=str(o.get("evalue", "")),
        traceback=[str(t) for t in o.get("traceback", [])],
    )


def _erreur(ename: str, text: str) -> NotebookNode:
    return NotebookNode(
        output_type="error", ename=ename, evalue=text, traceback=[f"{ename}: {text}"]
    )
