"""Colours and line styles of the interactive map and the overview.

Papers are colours from Okabe and Ito's palette ("Color Universal Design", 2008),
chosen to stay apart under the common colour-vision deficiencies; the tests
simulate protanopia, deuteranopia and tritanopia and check that the shipped
papers' colours still differ. Black is left out (it is the text colour). Past
seven papers the colours repeat with a dashed, then a double border, and every
claim also names its paper in its id, so no paper is told by colour alone.

A claim's box is filled with a tint of its paper's colour and bordered in the colour itself.

Relation types are line styles and arrow heads (:data:`RELATION_LOOKS`), each
pair of them unique, so that "supports" (solid, triangle) and "attacks" (long
dashes, a bar) differ in a grey-scale print too; their colours (blue for the
agreement family, vermillion for the conflict family, grey for dependencies, the
same families as ``compare``) only repeat what the line already says.
"""

from __future__ import annotations

from typing import NamedTuple

#: Okabe-Ito, without black: orange, sky blue, bluish green, yellow, reddish purple,
#: blue, vermillion.
OKABE_ITO: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#CC79A7", "#0072B2", "#D55E00",
)
#: How much of a paper's colour fills its claims' boxes (the rest is white): enough that the
#: fills stay apart under simulated colour-blindness, light enough for black text (contrast
#: above 6.5:1).
FILL = 0.7
#: Border styles for the second and third round of colours.
BORDERS: tuple[str, ...] = ("solid", "dashed", "double")

AGREEMENT = "#0072B2"
CONFLICT = "#D55E00"
DEPENDENCY = "#555555"


class PaperLook(NamedTuple):
    colour: str
    fill: str
    border: str


class RelationLook(NamedTuple):
    """How a relation type is drawn: ``dash`` is ``[]`` for a solid line, else a
    dash pattern in pixels (``[1, 4]`` dots); arrows are cytoscape.js shape names."""

    dash: tuple[int, ...]
    target_arrow: str
    source_arrow: str
    width: float
    colour: str


RELATION_LOOKS: dict[str, RelationLook] = {
    "supports": RelationLook((), "triangle", "none", 2, AGREEMENT),
    "attacks": RelationLook((10, 5), "tee", "none", 2, CONFLICT),
    "agrees": RelationLook((), "circle", "circle", 3, AGREEMENT),
    "conflicts": RelationLook((10, 4, 2, 4), "tee", "tee", 3, CONFLICT),
    "depends_on": RelationLook((1, 4), "vee", "none", 2.5, DEPENDENCY),
    "leads_to": RelationLook((), "chevron", "none", 1.5, DEPENDENCY),
    "answers": RelationLook((1, 4), "circle", "none", 2.5, DEPENDENCY),
    "confirms": RelationLook((5, 4), "diamond", "none", 2, AGREEMENT),
    "refutes": RelationLook((5, 4), "square", "none", 2, CONFLICT),
}


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` 1.0 is the colour, 0.0 white."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * amount):02X}" for c in rgb)


def paper_look(rank: int) -> PaperLook:
    """The look of the paper at ``rank`` in date order (0 is the earliest)."""
    colour = OKABE_ITO[rank % len(OKABE_ITO)]
    border = BORDERS[(rank // len(OKABE_ITO)) % len(BORDERS)]
    return PaperLook(colour, tint(colour, FILL), border)
