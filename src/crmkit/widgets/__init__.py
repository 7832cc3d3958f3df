"""Interactive simulators (ipywidgets) used in the course notebooks.

One module per simulator; each keeps its computation in a pure function
(tested without a browser) and only wires sliders to it:

- :mod:`crmkit.widgets.canaux` — channel-cost simulator (TD1);
- :mod:`crmkit.widgets.profondeur_mailing` — profit by mailing depth (TD2, scoring);
- :mod:`crmkit.widgets.aida` — AIDA e-mail builder (TD2, e-mailing);
- :mod:`crmkit.widgets.clv` — customer lifetime value (TD2, fidélisation).

They share one slider factory, :func:`crmkit.widgets.curseurs.curseur`.
"""
