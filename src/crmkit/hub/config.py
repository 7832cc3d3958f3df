"""Pieces of ``hub/jupyterhub_config.py`` that are worth a test.

The settings come from environment variables (see the config file's
docstring); the groups and roles are nbgrader's documented layout for one
course; Moodle log-ins become valid Unix account names.

>>> env = {"CRMKIT_ENSEIGNANTS": "prof, ana", "CONFIGPROXY_AUTH_TOKEN": "t"}
>>> r = reglages(env, Path("/repo"))
>>> r["enseignants"], r["cours_id"], r["cours"], r["port"]
(['prof', 'ana'], 'grc-marketing-direct', '/home/grader-grc/cours', 8000)
>>> nom_unix("Jean.Dupont@Univ-Exemple.fr"), nom_unix("21904512")
('jean-dupont', 'e21904512')
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from pathlib import Path

__all__ = [
    "reglages",
    "groupes_et_roles",
    "nom_unix",
    "creer_compte_avant_demarrage",
    "authentificateur_lti13",
]

COURS_ID = "grc-marketing-direct"


def _entier(env, cle: str, defaut: int) -> int:
    valeur = env.get(cle, "") or str(defaut)
    if not valeur.isdigit():
        raise ValueError(f"{cle} doit être un numéro de port, reçu {valeur!r}")
    return int(valeur)


def _jeton(etat: Path, nom: str) -> str:
    """A secret kept in *etat*/*nom*: the same after a hub restart (the proxy keeps running)."""
    chemin = etat / nom
    try:
        return chemin.read_text().strip()
    except OSError:
        pass
    jeton = secrets.token_hex(32)
    try:
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(jeton)
        chemin.chmod(0o600)
    except OSError:  # read-only checkout in a doctest: a fresh token is fine
        pass
    return jeton


def reglages(env, repo: Path) -> dict:
    """Hub settings from the environment mapping *env* (see ``hub/jupyterhub_config.py``)."""
    import pwd

    correcteur = env.get("CRMKIT_CORRECTEUR", "grader-grc")
    try:
        home = pwd.getpwnam(correcteur).pw_dir
        existe = True
    except KeyError:
        home, existe = f"/home/{correcteur}", False
    cours = env.get("CRMKIT_COURS") or os.path.join(home, "cours")
    etat = Path(env.get("CRMKIT_HUB_ETAT", "/srv/crmkit-hub"))
    return {
        "etat": str(etat),
        "ip": env.get("CRMKIT_HUB_IP", "127.0.0.1"),
        "port": _entier(env, "CRMKIT_HUB_PORT", 8000),
        "api_port": _entier(env, "CRMKIT_HUB_API_PORT", 8081),
        "formgrader_port": _entier(env, "CRMKIT_FORMGRADER_PORT", 9999),
        "cours_id": env.get("CRMKIT_COURSE_ID", COURS_ID),
        "correcteur": correcteur,
        "correcteur_existe": existe,
        "cours": cours,
        "enseignants": [
            n.strip() for n in env.get("CRMKIT_ENSEIGNANTS", "prof").split(",") if n.strip()
        ],
        "db_url": env.get("CRMKIT_DB_URL")
        or "sqlite:///" + os.path.join(cours, "grading", "gradebook.db"),
        "echange": env.get("CRMKIT_ECHANGE", "/srv/nbgrader/exchange"),
        "donnees": env.get("CRMKIT_DATA") or str(repo / "data"),
        "auth": env.get("CRMKIT_AUTH", "dummy"),
        "jeton_proxy": env.get("CONFIGPROXY_AUTH_TOKEN") or _jeton(etat, "proxy_token"),
    }


def groupes_et_roles(cours_id: str, enseignants: list[str], correcteur: str):
    """nbgrader's groups for one course and the roles that open the formgrader to teachers.

    >>> g, r = groupes_et_roles("c1", ["prof"], "grader-c1")
    >>> sorted(g), g["formgrade-c1"]["users"]
    (['formgrade-c1', 'nbgrader-c1'], ['prof', 'grader-c1'])
    >>> [x["scopes"] for x in r]
    [['access:services!service=c1'], ['list:services', 'read:services!service=c1']]
    """
    groupes = {
        # teachers and the grader account: the formgrader service
        f"formgrade-{cours_id}": {"users": [*enseignants, correcteur]},
        # students (filled by the admin, or by JupyterHubAuthPlugin with
        # « nbgrader db student add »): they see the course, not its formgrader
        f"nbgrader-{cours_id}": {"users": []},
    }
    roles = [
        {
            "name": f"formgrade-{cours_id}",
            "groups": [f"formgrade-{cours_id}"],
            "scopes": [f"access:services!service={cours_id}"],
        },
        {
            "name": f"nbgrader-{cours_id}",
            "groups": [f"nbgrader-{cours_id}"],
            "scopes": ["list:services", f"read:services!service={cours_id}"],
        },
    ]
    return groupes, roles


def nom_unix(identifiant: str) -> str:
    """A valid Unix account name for a Moodle log-in (lowercase ASCII, ``-``; e-mail domain dropped).

    >>> nom_unix("Élodie Martin")
    'elodie-martin'
    >>> nom_unix("")
    Traceback (most recent call last):
    ...
    ValueError: identifiant Moodle vide : impossible d'en faire un nom de compte
    """
    texte = unicodedata.normalize("NFKD", identifiant.split("@", 1)[0])
    texte = texte.encode("ascii", "ignore").decode().lower()
    texte = re.sub(r"[^a-z0-9_-]+", "-", texte).strip("-")
    if not texte:
        raise ValueError("identifiant Moodle vide : impossible d'en faire un nom de compte")
    if not re.match(r"[a-z_]", texte):
        texte = "e" + texte  # Debian refuses names that start with a digit
    return texte[:32]


def creer_compte_avant_demarrage(spawner) -> None:
    """JupyterHub ``pre_spawn_hook``: create the user's Unix account (0700 home) if missing."""
    from crmkit.hub import comptes

    if comptes.creer(spawner.user.name):
        spawner.log.info("Compte Unix créé pour %s", spawner.user.name)


def authentificateur_lti13():
    """``LTI13Authenticator`` whose user names are valid Unix names (:func:`nom_unix`)."""
    from ltiauthenticator.lti13.auth import LTI13Authenticator

    class LTI13Cours(LTI13Authenticator):
        def normalize_username(self, username):
            return nom_unix(super().normalize_username(username))

    return LTI13Cours
