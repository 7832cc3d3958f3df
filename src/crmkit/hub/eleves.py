"""Simulated students: nbgrader's exchange used under each student's own Unix account.

A real student clicks « Fetch » / « Submit » in the assignment list, which
runs nbgrader's exchange classes in their Jupyter server, as their Unix
user. Here one root process imports nbgrader once, then forks a child per
student that drops to that student's uid/gid (exactly what ``runuser`` does)
before calling the same classes: the exchange's permissions apply to it as
to a real student, at a fraction of the cost of one Python start-up each.

>>> charger_config({"CRMKIT_ECHANGE": "/srv/x", "CRMKIT_COURSE_ID": "c1"}).Exchange.root
'/srv/x'
"""

from __future__ import annotations

import os
import pwd
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "charger_config",
    "Resultat",
    "en_tant_que",
    "en_parallele",
    "recuperer",
    "remettre",
    "recuperer_retours",
]

HUB_DIR = Path(__file__).resolve().parents[3] / "hub"


def charger_config(env: dict, fichier: Path | None = None):
    """The hub's ``nbgrader_config.py`` read with *env*'s settings (course id, exchange root)."""
    from traitlets.config.loader import PyFileConfigLoader

    fichier = Path(fichier or HUB_DIR / "nbgrader_config.py")
    avant = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return PyFileConfigLoader(fichier.name, path=str(fichier.parent)).load_config()
    finally:
        for k, v in avant.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@dataclass
class Resultat:
    """Exit status and stderr of a child run as a student."""

    nom: str
    statut: int
    erreur: str

    @property
    def ok(self) -> bool:
        return self.statut == 0


def _devenir(nom: str) -> None:
    info = pwd.getpwnam(nom)
    os.setgroups(os.getgrouplist(nom, info.pw_gid))
    os.setgid(info.pw_gid)
    os.setuid(info.pw_uid)
    os.environ.update(HOME=info.pw_dir, USER=nom, LOGNAME=nom)
    os.environ.pop("JUPYTER_DATA_DIR", None)
    os.chdir(info.pw_dir)
    os.umask(0o022)


def en_tant_que(nom: str, fonction: Callable, *args) -> tuple[int, int]:
    """Fork; the child becomes *nom* and runs ``fonction(*args)``. Returns ``(pid, fd)``:
    the pid to wait for and a pipe carrying the child's error text."""
    lecture, ecriture = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(lecture)
        statut = 0
        try:
            _devenir(nom)
            fonction(*args)
        except BaseException:  # noqa: BLE001 - reported to the parent, child exits
            os.write(ecriture, traceback.format_exc()[-2000:].encode())
            statut = 1
        finally:
            os.close(ecriture)
            sys.stdout.flush()
            os._exit(statut)
    os.close(ecriture)
    return pid, lecture


def _attendre(pid: int, fd: int, nom: str) -> Resultat:
    morceaux = []
    while True:
        bloc = os.read(fd, 4096)
        if not bloc:
            break
        morceaux.append(bloc)
    os.close(fd)
    _, etat = os.waitpid(pid, 0)
    return Resultat(
        nom, os.waitstatus_to_exitcode(etat), b"".join(morceaux).decode(errors="replace")
    )


def en_parallele(taches: list[tuple[str, Callable, tuple]], paralleles: int = 4) -> list[Resultat]:
    """Run ``(student, function, args)`` tasks, *paralleles* children at a time, in order."""
    resultats: list[Resultat] = []
    en_cours: list[tuple[int, int, str]] = []
    for nom, fonction, args in taches:
        if len(en_cours) >= paralleles:
            resultats.append(_attendre(*en_cours.pop(0)))
        en_cours.append((*en_tant_que(nom, fonction, *args), nom))
    for pid, fd, nom in en_cours:
        resultats.append(_attendre(pid, fd, nom))
    return resultats


def _echange(classe_nom: str, config, td: str):
    import nbgrader.exchange.default as exchange
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = td
    classe = getattr(exchange, classe_nom)
    action = classe(coursedir=coursedir, authenticator=Authenticator(config=config), config=config)
    return action.start()


def recuperer(config, td: str) -> None:
    """« Fetch »: copy the released TD into ``~/<course>/<td>/``."""
    _echange("ExchangeFetchAssignment", config, td)


def remettre(config, td: str) -> None:
    """« Submit »: hand ``~/<course>/<td>/`` in to the exchange's inbound folder."""
    _echange("ExchangeSubmit", config, td)


def recuperer_retours(config, td: str) -> None:
    """« Fetch feedback »: copy this student's released feedback into ``~/<course>/<td>/feedback/``."""
    _echange("ExchangeFetchFeedback", config, td)
