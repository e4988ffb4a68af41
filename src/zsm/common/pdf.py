"""What every PDF of the product shares: DejaVu Sans (from node_modules, so ş, ł and ț print), embedded."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont


@lru_cache(maxsize=1)
def pdf_fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered with reportlab once per process; Helvetica without the npm font."""
    folder = Path(settings.NODE_MODULES) / "dejavu-fonts-ttf" / "ttf"
    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont("ZsmSans", str(regular)))
    pdfmetrics.registerFont(TTFont("ZsmSans-Bold", str(bold)))
    # So that <b> inside a paragraph picks the bold DejaVu, not Helvetica-Bold.
    registerFontFamily("ZsmSans", normal="ZsmSans", bold="ZsmSans-Bold", italic="ZsmSans", boldItalic="ZsmSans-Bold")
    return "ZsmSans", "ZsmSans-Bold"
