"""The course's part of the hub for The Littlest JupyterHub (TLJH).

Copy to ``/opt/tljh/config/jupyterhub_config.d/grc.py`` after installing this
repository into the hub's environment (``sudo /opt/tljh/hub/bin/pip install .``)
and ``sudo tljh-config reload``. TLJH keeps its own spawner, proxy and users
(Unix accounts ``jupyter-<name>``); this file adds nbgrader's groups and roles
and the formgrader service run by the grader account, as ``jupyterhub_config.py``
does for the local hub.
"""

import os

from crmkit.hub.config import groupes_et_roles

c = get_config()  # noqa: F821  (injected by traitlets)

COURS = os.environ.get("CRMKIT_COURSE_ID", "grc-marketing-direct")
CORRECTEUR = os.environ.get("CRMKIT_CORRECTEUR", "jupyter-grader-grc")
ENSEIGNANTS = os.environ.get("CRMKIT_ENSEIGNANTS", "prof").split(",")
COURS_DIR = os.environ.get("CRMKIT_COURS", f"/home/{CORRECTEUR}/cours")
USER_BIN = "/opt/tljh/user/bin"

groupes, roles = groupes_et_roles(COURS, ENSEIGNANTS, CORRECTEUR.removeprefix("jupyter-"))
c.JupyterHub.load_groups.update(groupes)
c.JupyterHub.load_roles.extend(roles)
c.JupyterHub.services.append(
    {
        "name": COURS,
        "url": "http://127.0.0.1:9999",
        "command": [f"{USER_BIN}/jupyterhub-singleuser", "--port=9999"],
        "user": CORRECTEUR,
        "cwd": COURS_DIR,
        "oauth_no_confirm": True,
        "timeout": 180,
        "environment": {
            "PATH": f"{USER_BIN}:/usr/bin:/bin",
            "JUPYTERHUB_DEFAULT_URL": "/lab",
            "CRMKIT_DB_URL": os.environ.get("CRMKIT_DB_URL", ""),
        },
    }
)
