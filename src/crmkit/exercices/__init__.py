"""Self-check declarations, one module per TD (not ``exercises/``: the student notebooks).

Each module declares every question once with :mod:`crmkit.feedback` (variable,
points, kind, tolerance, hints, misconceptions) and exports
``verifier(qid, reponse)`` (visible self-check), ``indice(qid)`` (next hint) and
``valider(qid, reponse[, attendu])`` (hidden test, same rule). Expected answers
are never stored in plain text: categorical answers are compared by salted
hash, numeric ones are recomputed from the question's inputs or the data.
"""
