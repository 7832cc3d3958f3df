"""nbgrader configuration shared by every account of the course's hub.

Install it where every Jupyter server of the machine reads it
(``/etc/jupyter/nbgrader_config.py`` on The Littlest JupyterHub) or point
``JUPYTER_CONFIG_PATH`` at this folder (what ``jupyterhub_config.py`` does for
the servers it starts, and the tests for the students' commands).

The teacher's course folder keeps its own ``nbgrader_config.py`` (the
repository's one, read from the course root): source, release and submitted
folders, gradebook URL (``CRMKIT_DB_URL``), hidden tests masked in feedback.

Settings read from the environment (the defaults are a real deployment's):

* ``CRMKIT_COURSE_ID``: course id, also the formgrader service's name;
* ``CRMKIT_ECHANGE``: exchange root (default ``/srv/nbgrader/exchange``,
  created by the admin with mode 0777 as nbgrader documents: ``nbgrader
  release_assignment`` then creates ``<course>/inbound`` (-wx for others,
  not listable) and ``<course>/outbound`` itself).
"""

import os

c = get_config()  # noqa: F821  (injected by traitlets)

c.CourseDirectory.course_id = os.environ.get("CRMKIT_COURSE_ID", "grc-marketing-direct")
c.Exchange.root = os.environ.get("CRMKIT_ECHANGE", "/srv/nbgrader/exchange")
# <root>/<course>/{inbound,outbound,feedback}: several courses can share one
# exchange, and a student only sees the courses of their config.
c.Exchange.path_includes_course = True
# Every submission's folder name ends with a random string: the inbound
# folder is not listable, so a student cannot guess another one's path.
c.ExchangeSubmit.add_random_string = True
# One course per hub: nbgrader's default NoAuthPlugin (the course above) is
# enough. For several courses on one hub, use JupyterHub's groups instead:
#   from nbgrader.auth import JupyterHubAuthPlugin
#   c.Authenticator.plugin_class = JupyterHubAuthPlugin
