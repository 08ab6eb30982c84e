"""Draw a poster as a PNG (Pillow + qrcode) or an A4 PDF (fpdf2): large, clear, high-contrast
type, and a QR code big enough to scan from a noticeboard."""

from __future__ import annotations

import io
import textwrap
import unicodedata
from dataclasses import replace
from pathlib import Path

import qrcode
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from services.recruitment.activities.service_layer.posters import Poster

# Debian's fonts-dejavu-core (deploy/local/install.sh): covers £, Welsh letters and curly quotes.
FONTS = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
A4_PX = (1654, 2339)  # A4 at 200 dots per inch


def qr_image(url: str) -> Image.Image:
    # Medium error correction survives a crease or a drawing pin through the corner.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=20, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("RGB")


def _font(path: Path, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(path), size) if path.exists() else ImageFont.load_default(size)


def png(poster: Poster) -> bytes:
    page = Image.new("RGB", A4_PX, "white")
    draw = ImageDraw.Draw(page)
    y = 110
    for line in textwrap.wrap(poster.title, 24)[:3]:
        draw.text((100, y), line, font=_font(BOLD, 96), fill="black")
        y += 120
    y += 20
    for line in (w for item in poster.offered for w in textwrap.wrap(item, 36)):
        draw.text((100, y), line, font=_font(REGULAR, 56), fill="black")
        y += 72
    y += 30
    draw.text((100, y), "Scan to sign up", font=_font(BOLD, 80), fill="black")
    qr = qr_image(poster.url).resize((900, 900), Image.Resampling.NEAREST)
    page.paste(qr, ((A4_PX[0] - 900) // 2, y + 110))
    y += 1050
    draw.text((100, y), poster.url, font=_font(BOLD, 52), fill="black")
    if poster.text_line:
        draw.text((100, y + 90), poster.text_line, font=_font(BOLD, 64), fill="black")
    out = io.BytesIO()
    page.save(out, "PNG", dpi=(200, 200))
    return out.getvalue()


_PLAIN = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def _latin1(text: str) -> str:
    """Without DejaVu (an image built without fonts-dejavu-core) the PDF falls back to
    Helvetica, which only has Latin-1: 'Grŵp' would fail, so it is printed as 'Grwp'."""
    plain = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    kept = "".join(c for c in plain if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept).encode("latin-1", "replace").decode("latin-1")


def pdf(poster: Poster) -> bytes:
    if not REGULAR.exists():
        poster = replace(
            poster,
            title=_latin1(poster.title),
            offered=[_latin1(item) for item in poster.offered],
            text_line=_latin1(poster.text_line) if poster.text_line else None,
        )
    doc = FPDF(format="A4")
    doc.set_auto_page_break(False)
    doc.set_title(poster.title)
    family = "DejaVu" if REGULAR.exists() else "Helvetica"
    if family == "DejaVu":
        doc.add_font("DejaVu", "", str(REGULAR))
        doc.add_font("DejaVu", "B", str(BOLD))
    doc.add_page()
    doc.set_margins(15, 15)
    doc.set_font(family, "B", 40)
    doc.multi_cell(0, 16, poster.title, new_x="LMARGIN", new_y="NEXT")
    doc.set_font(family, "", 22)
    for item in poster.offered:
        doc.multi_cell(0, 10, item, new_x="LMARGIN", new_y="NEXT")
    doc.ln(4)
    doc.set_font(family, "B", 32)
    doc.cell(0, 14, "Scan to sign up", new_x="LMARGIN", new_y="NEXT")
    doc.image(qr_image(poster.url), x=55, w=100, h=100)
    doc.set_font(family, "B", 20)
    doc.multi_cell(0, 10, poster.url, new_x="LMARGIN", new_y="NEXT")
    if poster.text_line:
        doc.set_font(family, "B", 26)
        doc.multi_cell(0, 12, poster.text_line, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())
