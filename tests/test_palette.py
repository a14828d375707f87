"""The palette: papers' colours stay apart in colour-blind vision, and relation types
differ without their colours."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from argmap.palette import OKABE_ITO, RELATION_LOOKS, paper_look

#: Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
    "typical": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
}


def _linear(colour: str) -> list[float]:
    out = []
    for i in (1, 3, 5):
        c = int(colour[i:i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out


def _lab(colour: str, matrix: Any) -> tuple[float, float, float]:
    rgb = _linear(colour)
    r, g, b = (min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))))
               for row in matrix)
    x, y, z = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, \
        0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _distance(a: str, b: str, matrix: Any) -> float:
    return float(sum((p - q) ** 2 for p, q in zip(_lab(a, matrix), _lab(b, matrix), strict=True))
                 ** 0.5)


@pytest.mark.parametrize("vision", sorted(CVD))
def test_papers_colours_stay_apart_in_colour_blind_vision(vision: str) -> None:
    looks = [paper_look(rank) for rank in range(len(OKABE_ITO))]
    for a, b in itertools.combinations(looks, 2):
        assert _distance(a.colour, b.colour, CVD[vision]) > 15, (a, b)  # borders, overview
        assert _distance(a.fill, b.fill, CVD[vision]) > 10, (a, b)  # the claims' boxes
    for look in looks:  # black text on every fill: contrast above 6.5:1 (WCAG AA is 4.5)
        r, g, b = _linear(look.fill)
        assert (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05) / 0.05 > 6.5
    assert paper_look(len(OKABE_ITO)).border == "dashed"  # the colours repeat, the border differs


def test_relation_types_differ_without_their_colours() -> None:
    shapes = {t: (look.dash, look.target_arrow, look.source_arrow) for t, look in RELATION_LOOKS.items()}
    assert len(set(shapes.values())) == len(shapes) == 9
    supports, attacks = RELATION_LOOKS["supports"], RELATION_LOOKS["attacks"]
    assert supports.dash != attacks.dash and supports.target_arrow != attacks.target_arrow
