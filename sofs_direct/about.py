"""About this service: what SofS Direct is for, and each of its tools with where its approach comes
from — the credit the practice owes the people who made these tools (the Safety House is Sonja
Parker's, the Three Houses Nicki Weld and Maggie Greening's), and the symbols' credit and licence
(OpenMoji, CC BY-SA 4.0, which asks for the credit wherever the symbols are used).

Main decision: the tools are listed from the registry, each saying its own `ABOUT` (a Kind member),
so a tool added later is credited here with no edit to this page. The page holds no child data, so
anyone may read it, signed in or not, as a leaflet would be.
"""

from flask import Blueprint, render_template

from .artefacts.kinds import KINDS

bp = Blueprint("about", __name__)


@bp.get("/about")
def about_page():
    tools = [{"label": kind.LABEL, "about": kind.ABOUT} for kind in KINDS.values()]
    return render_template("about/about.html", tools=tools)
