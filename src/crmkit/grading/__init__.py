"""Instructor grading tools behind ``crmkit grading …`` (see :mod:`crmkit.grading.cli`).

``release`` (student versions), ``collect`` (folders and Moodle zips),
``autograde`` (parallel sandboxed engine), ``retours`` (feedback folders),
``export`` (grades CSV and Moodle CSV), ``report`` (distribution, hardest items).
"""
