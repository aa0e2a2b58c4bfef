"""QR codes (reportlab's barcode module) as flowables, e.g. a link to the citizens' status lookup."""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm

from petitions.printing.fonts import REGULAR, register_fonts

DEFAULT_QR_SIZE = 22 * mm


def qr_drawing(url: str, size: float = DEFAULT_QR_SIZE, *, level: str = "M") -> Drawing:
    """A square Drawing flowable of ``size`` points encoding ``url``, quiet zone included.

    Level M (15 % recovery) survives a crease or a stamp overlap on paper; L is too fragile.
    """
    if not url:
        raise ValueError("a QR code needs a non-empty URL")
    if level not in {"L", "M", "Q", "H"}:
        raise ValueError(f"unknown QR error-correction level {level!r}")
    register_fonts()
    drawing = Drawing(size, size)
    # The renderer sets the drawing's initial font even when nothing is written; Helvetica would leak
    # into the page resources.
    drawing.initialFontName = REGULAR
    drawing.add(QrCodeWidget(url, barWidth=size, barHeight=size, barLevel=level))
    drawing.hAlign = "LEFT"
    return drawing


def qr_svg(data: str, size: float = 200) -> bytes:
    """The same QR code as an SVG image, for screens (e.g. the authenticator enrolment page)."""
    from reportlab.graphics import renderSVG

    return renderSVG.drawToString(qr_drawing(data, size, level="M")).encode("utf-8")
