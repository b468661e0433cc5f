"""The dashboard's and the PDFs' SVG charts: valid standalone SVG, accessible (role, title,
desc with every value), scalable (viewBox), escaped text, no script or style, a "no data"
state, and colours with enough contrast on white."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tenant_apps.reports import charts

NS = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & Co'

MONTHS = ["Nov 2025", "Dis 2025", "Jan 2026", "Feb 2026"]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input
    assert root.tag == f"{NS}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{NS}text")]


def test_bar_chart_is_accessible_and_scalable() -> None:
    root = parse(
        charts.bar_chart(
            [("Bahagian Teknologi Maklumat", 90.9), ("Seksyen Aplikasi", 100)],
            title="Kadar kehadiran",
            percent=True,
        )
    )

    assert root.get("role") == "img"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox") or "")
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None
    assert title.text == "Kadar kehadiran"
    assert desc is not None
    assert desc.text == ("Bahagian Teknologi Maklumat: 90.9%; Seksyen Aplikasi: 100.0%")
    assert (root.get("aria-labelledby") or "").split() == [title.get("id"), desc.get("id")]
    assert "90.9%" in texts(root)
    assert "100.0%" in texts(root)
    assert len(root.findall(f".//{NS}g[@class='bar']")) == 2


def test_bar_chart_draws_none_as_a_dash_and_longer_labels_shortened() -> None:
    long = "Bahagian Pengurusan Sumber Manusia dan Latihan"
    root = parse(charts.bar_chart([(long, None), ("B", 10)], title="t"))

    assert "–" in texts(root)
    shown = [t for t in texts(root) if t.startswith("Bahagian")]
    assert shown
    assert shown[0].endswith("…")
    assert len(shown[0]) == charts.LABEL_CHARS
    # The full name stays in the bar's tooltip and in the description.
    tooltips = ["".join(n.itertext()) for n in root.iter(f"{NS}title")]
    assert f"{long}: –" in tooltips


def test_line_chart_has_a_line_per_series_and_gaps_for_missing_months() -> None:
    root = parse(
        charts.line_chart(
            [("Kehadiran", [90.0, None, 95.5, 100.0]), ("Lewat", [10.0, 12.5, None, 5.0])],
            labels=MONTHS,
            title="Trend",
            percent=True,
        )
    )

    desc = root.find(f"{NS}desc")
    assert desc is not None
    assert desc.text == (
        "Kehadiran: Nov 2025 90.0%, Dis 2025 –, Jan 2026 95.5%, Feb 2026 100.0%. "
        "Lewat: Nov 2025 10.0%, Dis 2025 12.5%, Jan 2026 –, Feb 2026 5.0%."
    )
    # Each series is broken at its gap: one run of two points (the lone point is a marker).
    assert len(root.findall(f".//{NS}polyline")) == 2
    assert len(root.findall(f".//{NS}circle")) == 3  # the first series' markers
    assert len(root.findall(f".//{NS}rect[@width='6']")) == 3  # the second's: squares
    assert {"Kehadiran", "Lewat", "Nov 2025", "Feb 2026", "100%"} <= set(texts(root))


def test_stacked_bar_counts_and_legend() -> None:
    root = parse(
        charts.stacked_bar(
            ["X", "Y"],
            [("Hijau", [2, 0]), ("Kuning", [1, 3]), ("Merah", [0, 1])],
            title="Kad",
            colours={"Hijau": "#1b7340"},
        )
    )

    segments = root.findall(f".//{NS}g[@class='segment']")
    assert len(segments) == 4  # zero segments are not drawn
    fills = [seg.find(f"{NS}rect").get("fill") for seg in segments]  # type: ignore[union-attr]
    assert fills[0] == "#1b7340"
    assert {"Hijau", "Kuning", "Merah", "3", "4"} <= set(texts(root))  # legend and totals


@pytest.mark.parametrize(
    "svg",
    [
        charts.bar_chart([(EVIL, 5)], title=EVIL),
        charts.line_chart([(EVIL, [1.0, 2.0])], labels=[EVIL, "b"], title=EVIL),
        charts.stacked_bar([EVIL], [(EVIL, [3])], title=EVIL),
        charts.bar_chart([], title=EVIL, empty_text=EVIL),
    ],
)
def test_text_is_escaped(svg: str) -> None:
    root = parse(svg)

    assert "<script" not in svg
    assert all(element.tag != f"{NS}script" for element in root.iter())
    assert "style=" not in svg  # a CSP without 'unsafe-inline' allows presentation attributes
    title = root.find(f"{NS}title")
    assert title is not None
    assert title.text == EVIL
    assert any(EVIL[: charts.LABEL_CHARS - 1] in text for text in texts(root))


@pytest.mark.parametrize(
    "svg",
    [
        charts.bar_chart([], title="Kadar", empty_text="Tiada data"),
        charts.bar_chart([("A", None), ("B", None)], title="Kadar", empty_text="Tiada data"),
        charts.line_chart(
            [("A", [None, None])], labels=MONTHS[:2], title="Kadar", empty_text="Tiada data"
        ),
        charts.line_chart([], labels=[], title="Kadar", empty_text="Tiada data"),
        charts.stacked_bar(["X"], [("Hijau", [0])], title="Kadar", empty_text="Tiada data"),
    ],
)
def test_empty_data_shows_a_no_data_state(svg: str) -> None:
    root = parse(svg)

    assert [t for t in texts(root) if t == "Tiada data"]
    desc = root.find(f"{NS}desc")
    assert desc is not None
    assert desc.text == "Tiada data"
    assert root.get("role") == "img"
    assert root.get("viewBox")


def test_values_are_clipped_to_the_axis() -> None:
    root = parse(charts.bar_chart([("A", 150.0), ("B", -5.0)], title="t", percent=True))

    widths = [float(r.get("width") or 0) for r in root.findall(f".//{NS}g[@class='bar']/{NS}rect")]
    assert widths[1] == 0.0
    assert 0 < widths[0] <= 420


def test_the_same_chart_twice_is_identical_and_two_charts_have_distinct_ids() -> None:
    one = charts.bar_chart([("A", 1)], title="t")
    other = charts.bar_chart([("A", 2)], title="t")

    assert one == charts.bar_chart([("A", 1)], title="t")
    assert parse(one).find(f"{NS}title").get("id") != parse(other).find(f"{NS}title").get("id")  # type: ignore[union-attr]


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize(
    "colour", [*charts.PALETTE, *charts.CARD_COLOURS.values(), charts.INK, charts.MUTED]
)
def test_colours_have_at_least_3_to_1_contrast_on_white(colour: str) -> None:
    assert 1.05 / (_luminance(colour) + 0.05) >= 3.0
