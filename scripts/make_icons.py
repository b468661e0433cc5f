"""Draw the app's PNG icons from the logo's design (spotme_platform/static/img/logo.svg: a yellow
location pin on a blue rounded square) so the installable app has real icons without an SVG
renderer. Run from the repository root: ``.venv/bin/python scripts/make_icons.py``.

The logo is drawn on its own 32-unit grid, four times larger than needed, then reduced: Pillow's
shapes have no anti-aliasing of their own."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "spotme_platform" / "static" / "img" / "icons"
BLUE = (11, 61, 145, 255)  # #0b3d91, the theme colour
YELLOW = (255, 210, 74, 255)  # #ffd24a
OVERSAMPLE = 4


def _pin(draw: ImageDraw.ImageDraw, unit: float, scale: float) -> None:
    """The pin of logo.svg: a ring at (16, 13) of radius 6 and a stem from y 19 to 26, both
    3 units wide, scaled about the square's centre by ``scale``."""

    def at(value: float) -> float:
        return (16 + (value - 16) * scale) * unit

    stroke = 3 * scale * unit
    radius = 6 * scale * unit
    cx, cy = at(16), at(13)
    outer = radius + stroke / 2
    draw.ellipse((cx - outer, cy - outer, cx + outer, cy + outer), fill=YELLOW)
    inner = radius - stroke / 2
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), fill=(0, 0, 0, 0))
    top, bottom = at(19), at(26)
    half = stroke / 2
    draw.rectangle((cx - half, top, cx + half, bottom), fill=YELLOW)
    # Round line cap, as stroke-linecap="round".
    draw.ellipse((cx - half, bottom - half, cx + half, bottom + half), fill=YELLOW)


def icon(size: int, *, maskable: bool = False) -> Image.Image:
    """The "any" icon keeps the logo's rounded corners; the maskable one fills the square with
    blue and shrinks the pin into the central safe zone (a circle of 40% of the size), since
    the launcher may cut the icon to any shape."""
    big = size * OVERSAMPLE
    unit = big / 32
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    if maskable:
        ImageDraw.Draw(image).rectangle((0, 0, big, big), fill=BLUE)
    else:
        ImageDraw.Draw(image).rounded_rectangle((0, 0, big - 1, big - 1), 7 * unit, fill=BLUE)
    # The pin on a layer of its own: the ring's hole is cut out of the layer, and the blue
    # square shows through it.
    layer = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    _pin(ImageDraw.Draw(layer), unit, scale=0.8 if maskable else 1.0)
    image = Image.alpha_composite(image, layer)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    targets = {
        "icon-192.png": icon(192),
        "icon-512.png": icon(512),
        "icon-maskable-512.png": icon(512, maskable=True),
        "apple-touch-icon-180.png": icon(180, maskable=True),
    }
    for name, image in targets.items():
        # optimize + no metadata: the same drawing gives the same bytes.
        image.save(OUT / name, format="PNG", optimize=True)
        print(OUT / name)


if __name__ == "__main__":
    main()
