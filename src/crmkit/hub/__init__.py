"""Running the course for a cohort on one machine: JupyterHub, the nbgrader exchange, PostgreSQL.

``postgres`` (a throw-away gradebook server), ``comptes`` (Unix accounts),
``eleves`` (students simulated through nbgrader's exchange), ``cohorte``
(course folders, the hub process), ``config`` (the testable parts of
``hub/jupyterhub_config.py``); ``python -m crmkit.hub`` is ``make hub``.
"""
