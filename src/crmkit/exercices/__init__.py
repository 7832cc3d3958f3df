"""Self-check questions, one module per TD.

Each module declares its questions with :mod:`crmkit.feedback` and exports
``verifier(question_id, reponse)`` and ``indice(question_id)``. Expected
answers are never stored in plain text: categorical answers are compared by
salted hash, numeric ones are recomputed from the question's inputs or the data.
"""
