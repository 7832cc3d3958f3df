"""nbgrader configuration for the course.

Sources live in ``solutions/``, student versions in ``exercises/``; everything
that holds student data (gradebook, submissions, autograded copies, feedback)
lives under the git-ignored ``grading/`` folder.
"""

import os

c = get_config()  # noqa: F821  (injected by traitlets when nbgrader loads this file)

_here = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.root = _here
c.CourseDirectory.course_id = "grc-marketing-direct"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = os.path.join("grading", "submitted")
c.CourseDirectory.autograded_directory = os.path.join("grading", "autograded")
c.CourseDirectory.feedback_directory = os.path.join("grading", "feedback")
# Gradebook: the SQLite file by default (one machine); a hub's course sets
# CRMKIT_DB_URL (or passes --db-url to crmkit grading) for a PostgreSQL server.
c.CourseDirectory.db_url = os.environ.get("CRMKIT_DB_URL") or "sqlite:///" + os.path.join(
    _here, "grading", "gradebook.db"
)

# A French prompt instead of nbgrader's ``raise NotImplementedError()``: the
# answer variable itself is pre-set to ``...`` above the solution block, so a
# blank answer is recognised by crmkit.feedback as "pas encore répondu".
# nbgrader's own autograde (formgrader button, plain ``nbgrader autograde``)
# fails a whole copy when a cell's output takes more than 4 s to arrive
# (``raise_on_iopub_timeout``), which happens on a loaded server: wait longer.
c.Execute.iopub_timeout = 30
c.ClearSolutions.code_stub = {"python": "# Écrivez votre réponse ici"}
c.ClearSolutions.text_stub = "_Écrivez votre réponse ici._"

# A student who deletes a graded cell is graded on the cell restored from the
# gradebook (nbgrader >= 0.9), not given 0 for it; crmkit's autograde forces
# the same even for a course whose config lacks these lines.
c.OverwriteCells.add_missing_cells = True
c.OverwriteCells.missing_cell_notification = (
    "Cette cellule (id : {cell_id}) manquait dans le dépôt : le correcteur l'a remise.\n\n"
)

# Feedback pages returned to students keep the hidden tests hidden (nbgrader
# shows them by default, with their expected values): see
# src/crmkit/grading/masquage.py. ``crmkit grading feedback TD
# --montrer-tests-caches`` restores nbgrader's behaviour.
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

from crmkit.grading.masquage import MasquerTestsCaches  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, MasquerTestsCaches, CSSHTMLHeaderPreprocessor]
