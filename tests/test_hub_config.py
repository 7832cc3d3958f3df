"""The hub's configuration files load, and say what the course needs (no server started).

``hub/jupyterhub_config.py`` is read the way JupyterHub reads it (traitlets'
``PyFileConfigLoader``), once with the dummy authenticator and once with the
Moodle (LTI 1.3) one, whose launch claims must map to a valid Unix account name.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from crmkit.hub.config import nom_unix

REPO = Path(__file__).resolve().parents[1]
HUB = REPO / "hub"
COURS = "grc-marketing-direct"
LTI = {
    "CRMKIT_AUTH": "lti13",
    "CRMKIT_LTI_ISSUER": "https://moodle.univ-exemple.fr",
    "CRMKIT_LTI_CLIENT_ID": "aBcD1234",
    "CRMKIT_LTI_AUTHORIZE_URL": "https://moodle.univ-exemple.fr/mod/lti/auth.php",
    "CRMKIT_LTI_JWKS_URL": "https://moodle.univ-exemple.fr/mod/lti/certs.php",
}
CUSTOM = "https://purl.imsglobal.org/spec/lti/claim/custom"


def _charger(tmp_path, monkeypatch, **env):
    monkeypatch.setenv("CRMKIT_HUB_ETAT", str(tmp_path / "etat"))
    monkeypatch.setenv("CRMKIT_HUB_MOT_DE_PASSE", "secret")
    monkeypatch.setenv("CRMKIT_CORRECTEUR", "grader-grc")
    monkeypatch.setenv("CRMKIT_DB_URL", "postgresql+psycopg://grader@127.0.0.1:5432/grc")
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(HUB)).load_config()


def test_dummy_config_declares_groups_roles_and_the_formgrader_service(tmp_path, monkeypatch):
    c = _charger(tmp_path, monkeypatch, CRMKIT_ENSEIGNANTS="prof,ana")
    assert c.JupyterHub.authenticator_class == "dummy"
    assert c.JupyterHub.load_groups[f"formgrade-{COURS}"]["users"] == ["prof", "ana", "grader-grc"]
    assert f"nbgrader-{COURS}" in c.JupyterHub.load_groups
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert roles[f"formgrade-{COURS}"]["scopes"] == [f"access:services!service={COURS}"]
    # students may see the course's service, not use it
    assert f"access:services!service={COURS}" not in roles[f"nbgrader-{COURS}"]["scopes"]
    (service,) = c.JupyterHub.services
    assert service["name"] == COURS and service["user"] == "grader-grc"
    assert service["environment"]["CRMKIT_DB_URL"].startswith("postgresql+psycopg://")
    assert c.JupyterHub.cleanup_servers is False  # a hub restart keeps students' servers
    assert Path(c.ConfigurableHTTPProxy.command[0]).name == "configurable-http-proxy"
    assert (tmp_path / "etat").is_dir()


def test_admin_token_service_only_when_asked(tmp_path, monkeypatch):
    c = _charger(tmp_path, monkeypatch, CRMKIT_HUB_JETON_ADMIN="t0k3n")
    assert [s["name"] for s in c.JupyterHub.services] == [COURS, "crmkit-admin"]
    monkeypatch.delenv("CRMKIT_HUB_JETON_ADMIN")
    c = _charger(tmp_path, monkeypatch)
    assert [s["name"] for s in c.JupyterHub.services] == [COURS]


def test_bad_port_is_a_clear_error(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="CRMKIT_HUB_PORT doit être un numéro de port"):
        _charger(tmp_path, monkeypatch, CRMKIT_HUB_PORT="huit-mille")


def _authentifier(c, claims):
    classe = c.JupyterHub.authenticator_class
    auth = classe(config=c)
    return asyncio.run(auth.get_authenticated_user(None, claims))


def test_lti13_launch_claims_map_to_the_moodle_login(tmp_path, monkeypatch):
    c = _charger(tmp_path, monkeypatch, **LTI)
    classe = c.JupyterHub.authenticator_class
    assert classe.__mro__[1].__name__ == "LTI13Authenticator"
    assert c.LTI13Authenticator.username_key == "custom_etudiant"
    assert c.LTI13Authenticator.client_id == {"aBcD1234"}
    claims = {
        "sub": "1234",
        "email": "jean.dupont@etu.univ-exemple.fr",
        CUSTOM: {"etudiant": "Jean.Dupont"},
    }
    user = _authentifier(c, claims)
    assert user["name"] == "jean-dupont"
    assert user["auth_state"]["email"] == "jean.dupont@etu.univ-exemple.fr"
    # no custom parameter: Moodle's numeric user id, made a valid Unix name
    assert _authentifier(c, {"sub": "21904512"})["name"] == "e21904512"
    # right answer written differently: same account
    assert (
        _authentifier(c, {"sub": "9", CUSTOM: {"etudiant": "JEAN.DUPONT"}})["name"] == "jean-dupont"
    )


def test_lti13_without_a_user_is_refused(tmp_path, monkeypatch):
    from ltiauthenticator.lti13.error import LoginError

    c = _charger(tmp_path, monkeypatch, **LTI)
    with pytest.raises(LoginError):
        _authentifier(c, {CUSTOM: {}})


def test_unix_names():
    assert nom_unix("Élodie.Martin") == "elodie-martin"
    assert nom_unix("a" * 40) == "a" * 32
    with pytest.raises(ValueError, match="vide"):
        nom_unix("@univ.fr")


def _extensions_nbgrader() -> set[str]:
    import nbgrader

    dossier = Path(nbgrader.__file__).parent / "labextension" / "static"
    if not dossier.is_dir():  # installed layout: share/jupyter/labextensions
        dossier = (
            Path(os.sys.prefix)
            / "share"
            / "jupyter"
            / "labextensions"
            / "@jupyter"
            / "nbgrader"
            / "static"
        )
    noms = set()
    for js in dossier.glob("*.js"):
        texte = js.read_text(errors="ignore")
        noms |= {m for m in __import__("re").findall(r'"(@jupyter/nbgrader:[a-z-]+)"', texte)}
    return noms


def test_lab_extensions_per_role_are_real_nbgrader_extensions():
    existantes = _extensions_nbgrader()
    assert "@jupyter/nbgrader:assignment-list" in existantes
    for role, cachees, visibles in [
        ("etudiants", {"formgrader", "create-assignment", "course-list"}, {"assignment-list"}),
        ("correcteur", {"assignment-list", "course-list"}, {"formgrader", "create-assignment"}),
    ]:
        page = json.loads((HUB / "config" / role / "labconfig" / "page_config.json").read_text())
        desactivees = {k for k, v in page["disabledExtensions"].items() if v}
        assert desactivees <= existantes, desactivees - existantes
        assert desactivees == {f"@jupyter/nbgrader:{n}" for n in cachees}
        assert not desactivees & {f"@jupyter/nbgrader:{n}" for n in visibles}


def test_hub_nbgrader_config_uses_course_folders_in_the_exchange(monkeypatch):
    monkeypatch.setenv("CRMKIT_ECHANGE", "/srv/ex")
    c = PyFileConfigLoader("nbgrader_config.py", path=str(HUB)).load_config()
    assert c.Exchange.path_includes_course is True
    assert c.Exchange.root == "/srv/ex"
    assert c.CourseDirectory.course_id == COURS
    assert c.ExchangeSubmit.add_random_string is True


def test_tljh_drop_in_adds_the_course_to_tljh_config(monkeypatch):
    monkeypatch.setenv("CRMKIT_ENSEIGNANTS", "prof")
    c = PyFileConfigLoader("tljh_grc.py", path=str(HUB)).load_config()
    # TLJH's own groups and services are kept, the course's are added
    groupes = c.JupyterHub.load_groups.get_value({"admins": {"users": ["prof"]}})
    assert groupes["admins"] == {"users": ["prof"]}
    assert groupes[f"formgrade-{COURS}"]["users"] == ["prof", "grader-grc"]
    (service,) = c.JupyterHub.services.get_value([])
    assert service["name"] == COURS and service["user"] == "jupyter-grader-grc"
