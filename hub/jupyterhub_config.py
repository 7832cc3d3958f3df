"""JupyterHub for one course: students, teachers, the formgrader and the nbgrader exchange.

Read by ``jupyterhub -f hub/jupyterhub_config.py`` (``make hub``, the tests
marked ``hub``, or a real server: see README « Déployer pour une promotion »).
Every setting that differs between a laptop demo and a university VM comes
from an environment variable, so this one file serves both:

========================  ===============================================  =======================
variable                  meaning                                          default
========================  ===============================================  =======================
CRMKIT_HUB_ETAT           folder of the hub's own state (its SQLite        /srv/crmkit-hub
                          database, cookie secret, proxy token, logs)
CRMKIT_HUB_IP / _PORT     public address of the hub                        127.0.0.1 / 8000
CRMKIT_HUB_API_PORT       hub API port (proxy API: this + 1)               8081
CRMKIT_COURSE_ID          course id = name of the formgrader service       grc-marketing-direct
CRMKIT_CORRECTEUR         Unix account running the formgrader              grader-grc
CRMKIT_COURS              the course folder (a clone of this repository)   ~CRMKIT_CORRECTEUR/cours
CRMKIT_FORMGRADER_PORT    local port of the formgrader service             9999
CRMKIT_ENSEIGNANTS        teachers' hub names, comma-separated             prof
CRMKIT_DB_URL             gradebook (PostgreSQL) URL, for the formgrader   the course's SQLite file
CRMKIT_ECHANGE            nbgrader exchange root                           /srv/nbgrader/exchange
CRMKIT_AUTH               ``dummy`` (demo, tests) or ``lti13`` (Moodle)    dummy
CRMKIT_HUB_MOT_DE_PASSE   the dummy authenticator's shared password        (required with dummy)
CRMKIT_LTI_*              LTI 1.3 platform settings (see below)
========================  ===============================================  =======================

Each hub user is a Unix account (JupyterHub's ``LocalProcessSpawner``, as on
The Littlest JupyterHub): accounts missing at first log-in are created with a
private home (``crmkit.hub.comptes.creer``). The hub itself runs as root.
"""

import os
import pwd
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (injected by traitlets)

HUB_DIR = Path(__file__).resolve().parent
REPO = HUB_DIR.parent
sys.path.insert(0, str(REPO / "src"))  # crmkit.hub, also when run from a checkout

from crmkit.hub.config import (  # noqa: E402
    authentificateur_lti13,
    creer_compte_avant_demarrage,
    groupes_et_roles,
    reglages,
)

r = reglages(os.environ, REPO)
ETAT = Path(r["etat"])
ETAT.mkdir(parents=True, exist_ok=True, mode=0o700)
BIN = str(Path(sys.executable).parent)  # the venv running the hub runs the servers too
PATH = os.pathsep.join([BIN, "/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"])

# ---------------------------------------------------------------- hub, proxy, state
c.JupyterHub.ip = r["ip"]
c.JupyterHub.port = r["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = r["api_port"]
c.JupyterHub.db_url = "sqlite:///" + str(ETAT / "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = str(ETAT / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(ETAT / "jupyterhub.pid")
c.ConfigurableHTTPProxy.command = [
    str(HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy")
]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{r['api_port'] + 1}"
c.ConfigurableHTTPProxy.pid_file = str(ETAT / "proxy.pid")
c.ConfigurableHTTPProxy.auth_token = r["jeton_proxy"]
# A hub restart (upgrade, crash) must not stop the students' servers nor the
# proxy: their kernels and unsaved work survive, the new hub reconnects.
c.JupyterHub.cleanup_servers = False
c.JupyterHub.cleanup_proxy = False

# ---------------------------------------------------------------- users' servers
c.Spawner.cmd = [os.path.join(BIN, "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
c.Spawner.environment = {
    "PATH": PATH,  # nbgrader shells out to alembic: the venv's bin first
    "JUPYTER_CONFIG_PATH": os.pathsep.join([str(HUB_DIR / "config" / "etudiants"), str(HUB_DIR)]),
    "CRMKIT_COURSE_ID": r["cours_id"],
    "CRMKIT_ECHANGE": r["echange"],
    "CRMKIT_DATA": r["donnees"],
}
c.Spawner.pre_spawn_hook = creer_compte_avant_demarrage
# Memory per student server (the course's kernels use 100–280 MB; see
# benchmarks/bench_cohort.py). LocalProcessSpawner does not enforce it;
# SystemdSpawner (The Littlest JupyterHub) and KubeSpawner do.
c.Spawner.mem_limit = os.environ.get("CRMKIT_MEMOIRE_ETUDIANT", "1G")

# ---------------------------------------------------------------- groups, roles, formgrader
groupes, roles = groupes_et_roles(r["cours_id"], r["enseignants"], r["correcteur"])
c.JupyterHub.load_groups = groupes
c.JupyterHub.load_roles = roles
c.Authenticator.admin_users = set(r["enseignants"])
c.JupyterHub.services = [
    {
        # The service's name MUST be the course id (nbgrader's course list links to it).
        "name": r["cours_id"],
        "url": f"http://127.0.0.1:{r['formgrader_port']}",
        "command": [os.path.join(BIN, "jupyterhub-singleuser"), f"--port={r['formgrader_port']}"],
        "user": r["correcteur"],
        "cwd": r["cours"],
        "oauth_no_confirm": True,
        # JupyterLab's first start on a busy machine can take over 30 s (the default):
        # past this delay the hub gives up and stops.
        "timeout": 180,
        "environment": {
            "PATH": PATH,
            "HOME": pwd.getpwnam(r["correcteur"]).pw_dir if r["correcteur_existe"] else r["cours"],
            "JUPYTERHUB_DEFAULT_URL": "/lab",
            "JUPYTER_CONFIG_PATH": os.pathsep.join(
                [str(HUB_DIR / "config" / "correcteur"), str(HUB_DIR)]
            ),
            "CRMKIT_COURSE_ID": r["cours_id"],
            "CRMKIT_ECHANGE": r["echange"],
            "CRMKIT_DB_URL": r["db_url"],
            "CRMKIT_DATA": r["donnees"],
        },
    }
]

# An API token for scripts (make hub-stop, the tests): start/stop servers, read users.
if os.environ.get("CRMKIT_HUB_JETON_ADMIN"):
    c.JupyterHub.services.append(
        {"name": "crmkit-admin", "api_token": os.environ["CRMKIT_HUB_JETON_ADMIN"]}
    )
    c.JupyterHub.load_roles.append(
        {
            "name": "crmkit-admin",
            "services": ["crmkit-admin"],
            "scopes": ["admin:users", "admin:servers", "access:servers", "list:users"],
        }
    )

# ---------------------------------------------------------------- authentication
if r["auth"] == "lti13":
    # Moodle (LTI 1.3 external tool): hub names are Moodle log-ins, sent in
    # the launch as the custom parameter « etudiant=$User.username ».
    c.JupyterHub.authenticator_class = authentificateur_lti13()
    c.LTI13Authenticator.issuer = os.environ["CRMKIT_LTI_ISSUER"]
    c.LTI13Authenticator.client_id = set(os.environ["CRMKIT_LTI_CLIENT_ID"].split(","))
    c.LTI13Authenticator.authorize_url = os.environ["CRMKIT_LTI_AUTHORIZE_URL"]
    c.LTI13Authenticator.jwks_endpoint = os.environ["CRMKIT_LTI_JWKS_URL"]
    c.LTI13Authenticator.username_key = os.environ.get("CRMKIT_LTI_USERNAME_KEY", "custom_etudiant")
    c.Authenticator.allow_all = True  # Moodle decides who may launch the tool
else:
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = os.environ["CRMKIT_HUB_MOT_DE_PASSE"]
    c.Authenticator.allow_all = True
