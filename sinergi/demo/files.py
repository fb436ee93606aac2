"""Generated stand-ins for the files people upload: photos of activities, signed lists, decrees."""

import io

from PIL import Image, ImageDraw


def demo_photo(caption: str) -> bytes:
    """A generated stand-in for a photo of the activity (JPEG)."""
    image = Image.new("RGB", (640, 400), (11, 93, 75))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 620, 380), outline=(255, 255, 255), width=4)
    draw.text((40, 180), caption[:60], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def demo_attendance_list(title: str) -> bytes:
    """A generated stand-in for a signed attendance list (a one-page PDF)."""
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.text((50, 50), "DAFTAR HADIR (contoh demo)", fill="black")
    draw.text((50, 75), title[:80], fill="black")
    for row in range(12):
        top = 120 + row * 40
        draw.rectangle((50, top, 545, top + 40), outline="black")
        draw.text((60, top + 14), f"{row + 1}.", fill="black")
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=72)
    return buffer.getvalue()


def demo_letter(heading: str, lines: list[str]) -> bytes:
    """A generated stand-in for a scanned letter or decree (a one-page PDF)."""
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.text((50, 50), heading[:80], fill="black")
    draw.line((50, 70, 545, 70), fill="black", width=2)
    for row, line in enumerate(lines):
        draw.text((50, 100 + row * 22), line[:90], fill="black")
    draw.text((50, 780), "(contoh demo)", fill="black")
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=72)
    return buffer.getvalue()
