"""The slider every simulator uses: labelled, fixed width, updates on release.

``continuous_update=False`` recomputes once when the student lets go of the
handle, not at every pixel (each update redraws a table or a chart).

>>> c = curseur("Marge par réponse (€)", 85, 1, 300, 1, format=".0f")
>>> c.value, c.continuous_update, c.readout_format, c.style.description_width
(85.0, False, '.0f', '190px')
"""

from __future__ import annotations

__all__ = ["curseur"]


def curseur(
    description: str,
    valeur: float,
    minimum: float,
    maximum: float,
    pas: float,
    format: str | None = None,
    largeur_libelle: str = "190px",
    largeur: str = "520px",
):
    """An ``ipywidgets.FloatSlider`` with the course's look (*format*: readout, e.g. ``".0%"``)."""
    import ipywidgets as w

    lecture = {} if format is None else {"readout_format": format}
    return w.FloatSlider(
        value=valeur,
        min=minimum,
        max=maximum,
        step=pas,
        description=description,
        style={"description_width": largeur_libelle},
        layout=w.Layout(width=largeur),
        continuous_update=False,
        **lecture,
    )
