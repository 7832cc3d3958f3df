"""Sphinx configuration of the course site (``make site`` → ``_build/site/``).

Sources: ``index.md`` and the notebooks reached through the ``course`` and ``exercises``
links of this folder (the repository's own folders: no copy, and a page's path is the
notebook's path in the repository, which the launch buttons need). TDs are published in
their student version only; ``solutions/`` is never reachable from here, and any
``enseignant/`` folder is excluded. Everything the pages load is served by the site itself
(theme, search, MathJax vendored from npm by ``make site``): no network at read time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ICI = Path(__file__).resolve().parent
sys.path.insert(0, str(ICI / "_ext"))

project = "GRC et marketing direct"
author = "Équipe du cours GRC et marketing direct"
copyright = "2025-2026, " + author
language = "fr"

extensions = ["myst_nb", "crmkit_site"]
root_doc = "index"
include_patterns = ["index.md", "course/*.ipynb", "exercises/*/*.ipynb"]
exclude_patterns = [
    "enseignant/**",
    "**/enseignant/**",
    "**/.ipynb_checkpoints/**",
    "node_modules/**",
    "_build/**",
]

# MyST: the notebooks' Markdown, with $…$ and $$…$$ formulas.
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# Course notebooks are executed at build time; TDs never (they are blank student versions).
# Quicker builds for tests: CRMKIT_SITE_EXECUTION=off, or CRMKIT_SITE_NON_EXECUTES=a,b
# (more glob patterns of notebooks left unexecuted).
nb_execution_mode = os.environ.get("CRMKIT_SITE_EXECUTION", "force")
nb_execution_excludepatterns = [
    "exercises/*/*.ipynb",
    *filter(None, os.environ.get("CRMKIT_SITE_NON_EXECUTES", "").split(",")),
]
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_merge_streams = True
# Widgets need a kernel: no CDN embed scripts (the launch buttons give a live notebook).
nb_ipywidgets_js: dict = {}
# Self-check messages are short French texts, not Python tracebacks.
nb_render_error_lexer = "text"

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
html_css_files = ["crmkit.css"]
html_sourcelink_suffix = ""  # the download button serves the .ipynb itself
html_last_updated_fmt = None
html_show_sphinx = False
mathjax_path = "mathjax/tex-chtml.js"  # copied from npm's mathjax by crmkit_site


def _publication() -> dict[str, str]:
    """Where the course is published (publication.toml, overridden by CRMKIT_* variables)."""
    valeurs = tomllib.loads((ICI / "publication.toml").read_text(encoding="utf-8"))
    for cle in ("depot", "branche", "binder", "hub"):
        valeurs[cle] = os.environ.get(f"CRMKIT_{cle.upper()}", valeurs[cle]).rstrip("/")
    return valeurs


PUBLICATION = _publication()

html_theme_options = {
    "repository_url": PUBLICATION["depot"],
    "repository_branch": PUBLICATION["branche"],
    "path_to_docs": "",
    "use_download_button": True,
    "use_repository_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "launch_buttons": {
        "binderhub_url": PUBLICATION["binder"],
        "jupyterhub_url": PUBLICATION["hub"],
        "notebook_interface": "jupyterlab",
    },
}
