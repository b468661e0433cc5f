"""Server-rendered SVG charts for the dashboard and the PDF reports.

Pure Python, no Django: callers pass text already translated. Every chart is a standalone,
accessible SVG string: ``role="img"`` with a ``<title>`` and a ``<desc>`` that reads out every
value, a ``viewBox`` so it scales to a phone, generic font families only, no script and no
``style`` attribute (a Content-Security-Policy forbids them), colours with at least 3:1 contrast
on white. Every piece of text is XML-escaped here, which is why a template may insert the result
with ``|safe``."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from html import escape

Value = float | int | None

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK = "#1f2933"  # text: 14.7:1 on white
MUTED = "#52606d"  # axis labels: 6.4:1
GRID = "#9aa5b1"
# Series colours, each at least 3:1 against white (WCAG 1.4.11 for graphics).
PALETTE = ("#0b3d91", "#b04a00", "#1b7340", "#6a1b9a", "#a4262c", "#006d77")
# Card colours (kad kuning / hijau / merah), darkened enough to stand out on white.
CARD_COLOURS = {"green": "#1b7340", "yellow": "#8a6a00", "red": "#a4262c"}
DASHES = ("", "6 4", "2 3", "8 3 2 3")  # a second way than colour to tell lines apart
LABEL_CHARS = 20  # longer category labels are shortened; the full text is in a <title>


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _number(value: float, *, percent: bool) -> str:
    if percent:
        return f"{value:.1f}%"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _tick(value: float, *, percent: bool) -> str:
    """An axis tick: whole numbers without decimals (0%, 25%, 100%)."""
    if float(value).is_integer():
        return f"{int(value):,}{'%' if percent else ''}"
    return _number(value, percent=percent)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _chart_id(kind: str, title: str, payload: object) -> str:
    """A stable id for the title/desc references: the same chart twice gets the same id, two
    different charts on one page do not collide."""
    digest = hashlib.sha1(f"{kind}|{title}|{payload!r}".encode(), usedforsecurity=False)
    return f"chart-{kind}-{digest.hexdigest()[:10]}"


def _open(
    kind: str, *, title: str, desc: str, width: int, height: int, payload: object
) -> list[str]:
    ident = _chart_id(kind, title, payload)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMidYMid meet" aria-labelledby="{ident}-t {ident}-d" '
        f'font-family="{_text(FONT)}" font-size="12" fill="{INK}">',
        f'<title id="{ident}-t">{_text(title)}</title>',
        f'<desc id="{ident}-d">{_text(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="8" y="18" font-size="14" font-weight="600">{_text(title)}</text>',
    ]


def _empty(kind: str, *, title: str, empty_text: str, width: int, height: int) -> str:
    parts = _open(kind, title=title, desc=empty_text, width=width, height=height, payload="empty")
    parts.append(
        f'<text class="chart-empty" x="{width / 2:g}" y="{height / 2 + 6:g}" '
        f'text-anchor="middle" fill="{MUTED}" font-size="14">{_text(empty_text)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _legend_positions(names: Sequence[str], *, width: int) -> list[tuple[float, int]]:
    """(x, line) of each legend entry: entries flow left to right and wrap before the edge."""
    found: list[tuple[float, int]] = []
    x, line = 8.0, 0
    for name in names:
        span = 16 + 7 * len(name) + 12
        if x > 8 and x + span > width - 8:
            x, line = 8.0, line + 1
        found.append((x, line))
        x += span
    return found


def _nice_max(top: float, *, percent: bool) -> float:
    """The axis end: 100 for percentages, else a round number at or above ``top``."""
    if percent:
        return 100.0
    if top <= 0:
        return 1.0
    step = 10 ** (len(str(int(top))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if step * factor >= top:
            return float(step * factor)
    return float(step * 10)


def _ticks(y_max: float) -> list[float]:
    return [y_max * index / 4 for index in range(5)]


def _present(values: Sequence[Value]) -> list[float]:
    return [float(v) for v in values if v is not None]


def bar_chart(
    series: Sequence[tuple[str, Value]],
    *,
    title: str,
    width: int = 360,
    height: int | None = None,
    y_max: float | None = None,
    percent: bool = False,
    empty_text: str = "No data",
    colour: str = PALETTE[0],
) -> str:
    """Horizontal bars, one per (label, value): long labels (unit names) stay readable on a
    phone, and the chart grows downwards with the number of bars. ``None`` is drawn as "–"."""
    top, bottom = 30, 24
    auto_height = top + 26 * max(len(series), 1) + bottom
    height = height or auto_height
    values = _present([value for _, value in series])
    if not series or not values:
        return _empty("bar", title=title, empty_text=empty_text, width=width, height=height)
    end = y_max if y_max is not None else _nice_max(max(values), percent=percent)
    end = end or 1.0
    label_w = min(140, max(50, 7 * max(len(_short(label)) for label, _ in series)))
    left, right = label_w + 12, 56
    plot_w = width - left - right
    row = (height - top - bottom) / len(series)
    desc = "; ".join(
        f"{label}: {'–' if value is None else _number(value, percent=percent)}"
        for label, value in series
    )
    parts = _open("bar", title=title, desc=desc, width=width, height=height, payload=series)
    axis_y = top + row * len(series)
    for tick in _ticks(end):
        x = left + plot_w * tick / end
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{axis_y:.1f}" stroke="{GRID}" '
            f'stroke-width="0.5" stroke-dasharray="2 3"/>'
            f'<text x="{x:.1f}" y="{axis_y + 15:.1f}" text-anchor="middle" font-size="11" '
            f'fill="{MUTED}">{_text(_tick(tick, percent=percent))}</text>'
        )
    for index, (label, value) in enumerate(series):
        y = top + row * index
        shown = "–" if value is None else _number(value, percent=percent)
        length = 0.0 if value is None else plot_w * min(max(float(value), 0.0), end) / end
        parts.append(
            f'<g class="bar"><title>{_text(label)}: {_text(shown)}</title>'
            f'<text x="{left - 6}" y="{y + row / 2 + 4:.1f}" text-anchor="end">'
            f"{_text(_short(label))}</text>"
            f'<rect x="{left}" y="{y + row * 0.18:.1f}" width="{length:.1f}" '
            f'height="{row * 0.64:.1f}" fill="{colour}"/>'
            f'<text x="{left + length + 4:.1f}" y="{y + row / 2 + 4:.1f}" font-size="11">'
            f"{_text(shown)}</text></g>"
        )
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{axis_y:.1f}" stroke="{INK}"/></svg>'
    )
    return "".join(parts)


def line_chart(
    series: Sequence[tuple[str, Sequence[Value]]],
    *,
    labels: Sequence[str],
    title: str,
    width: int = 360,
    height: int = 240,
    y_max: float | None = None,
    percent: bool = False,
    empty_text: str = "No data",
) -> str:
    """One line per (name, values), the values matching ``labels`` (the x axis, e.g. months).
    A ``None`` value is a gap in the line. Lines differ by colour, dash and marker."""
    values = _present([value for _, line in series for value in line])
    if not series or not labels or not values:
        return _empty("line", title=title, empty_text=empty_text, width=width, height=height)
    end = y_max if y_max is not None else _nice_max(max(values), percent=percent)
    end = end or 1.0
    left, right, top = 44, 12, 30
    legend_h = 18 * len(series)
    bottom = 26 + legend_h
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(labels) - 1, 1)

    def point(index: int, value: float) -> tuple[float, float]:
        clipped = min(max(value, 0.0), end)
        return left + step * index, top + plot_h - plot_h * clipped / end

    desc = " ".join(
        f"{name}: "
        + ", ".join(
            f"{label} {'–' if value is None else _number(value, percent=percent)}"
            for label, value in zip(labels, line, strict=False)
        )
        + "."
        for name, line in series
    )
    parts = _open(
        "line", title=title, desc=desc, width=width, height=height, payload=(series, labels)
    )
    for tick in _ticks(end):
        _, y = point(0, tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}" '
            f'stroke-width="0.5" stroke-dasharray="2 3"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{MUTED}">{_text(_tick(tick, percent=percent))}</text>'
        )
    # At most about five x labels, so they never overlap; the last one always (this month).
    every = max(1, -(-len(labels) // 5))
    last = len(labels) - 1
    for index, label in enumerate(labels):
        if (last - index) % every:
            continue
        x = left + step * index
        anchor = "end" if index == last and last else "start" if index == 0 else "middle"
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 16:.1f}" text-anchor="{anchor}" '
            f'font-size="11" fill="{MUTED}">{_text(label)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h:.1f}" x2="{width - right}" '
        f'y2="{top + plot_h:.1f}" stroke="{INK}"/>'
    )
    for number, (name, line) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        dash = DASHES[number % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        runs: list[list[tuple[float, float]]] = [[]]
        for index, value in enumerate(line[: len(labels)]):
            if value is None:
                runs.append([])
            else:
                runs[-1].append(point(index, float(value)))
        parts.append(f'<g class="line" fill="{colour}"><title>{_text(name)}</title>')
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash_attr}/>'
                )
        for index, value in enumerate(line[: len(labels)]):
            if value is None:
                continue
            x, y = point(index, float(value))
            mark = (
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3"/>'
                if number % 2 == 0
                else f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6"/>'
            )
            shown = _number(float(value), percent=percent)
            parts.append(f"<g><title>{_text(name)}, {_text(labels[index])}: {shown}</title>")
            parts.append(mark + "</g>")
        parts.append("</g>")
        legend_y = height - legend_h + 18 * number + 4
        parts.append(
            f'<line x1="{left}" y1="{legend_y:.1f}" x2="{left + 24}" y2="{legend_y:.1f}" '
            f'stroke="{colour}" stroke-width="2"{dash_attr}/>'
            f'<text x="{left + 30}" y="{legend_y + 4:.1f}">{_text(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Value]]],
    *,
    title: str,
    width: int = 360,
    height: int | None = None,
    colours: Mapping[str, str] | None = None,
    empty_text: str = "No data",
) -> str:
    """Horizontal stacked bars: one bar per label, one segment per (name, values) series (e.g.
    officers per card colour in each unit). Each segment carries its count as text when it is
    wide enough, and in its tooltip; the legend names the series."""
    colours = colours or {}
    totals = [
        sum(float(line[index] or 0) for _, line in series if index < len(line))
        for index in range(len(labels))
    ]
    if not labels or not series or not any(totals):
        return _empty(
            "stacked", title=title, empty_text=empty_text, width=width, height=height or 120
        )
    legend = _legend_positions([name for name, _ in series], width=width)
    top, legend_h = 30, 18 * (max(y for _, y in legend) + 1) + 4
    bottom = 12 + legend_h
    height = height or top + 26 * len(labels) + bottom
    row = (height - top - bottom) / len(labels)
    label_w = min(140, max(50, 7 * max(len(_short(label)) for label in labels)))
    left, right = label_w + 12, 40
    plot_w = width - left - right
    end = max(totals)
    desc = "; ".join(
        f"{label}: "
        + ", ".join(
            f"{name} {_number(float(line[index] or 0), percent=False)}"
            for name, line in series
            if index < len(line)
        )
        for index, label in enumerate(labels)
    )
    parts = _open(
        "stacked", title=title, desc=desc, width=width, height=height, payload=(labels, series)
    )
    for index, label in enumerate(labels):
        y = top + row * index
        x = float(left)
        parts.append(
            f'<text x="{left - 6}" y="{y + row / 2 + 4:.1f}" text-anchor="end">'
            f"<title>{_text(label)}</title>{_text(_short(label))}</text>"
        )
        for number, (name, line) in enumerate(series):
            value = float(line[index] or 0) if index < len(line) else 0.0
            if value <= 0:
                continue
            colour = colours.get(name, PALETTE[number % len(PALETTE)])
            span = plot_w * value / end
            shown = _number(value, percent=False)
            parts.append(
                f'<g class="segment"><title>{_text(label)}, {_text(name)}: {shown}</title>'
                f'<rect x="{x:.1f}" y="{y + row * 0.18:.1f}" width="{span:.1f}" '
                f'height="{row * 0.64:.1f}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>'
            )
            if span >= 18:
                parts.append(
                    f'<text x="{x + span / 2:.1f}" y="{y + row / 2 + 4:.1f}" '
                    f'text-anchor="middle" font-size="11" fill="#ffffff">{shown}</text>'
                )
            parts.append("</g>")
            x += span
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + row / 2 + 4:.1f}" font-size="11">'
            f"{_text(_number(totals[index], percent=False))}</text>"
        )
    for number, ((name, _), (legend_x, legend_row)) in enumerate(zip(series, legend, strict=True)):
        colour = colours.get(name, PALETTE[number % len(PALETTE)])
        legend_y = height - legend_h + 18 * legend_row + 12
        parts.append(
            f'<rect x="{legend_x:.1f}" y="{legend_y - 10:.1f}" width="12" height="12" '
            f'fill="{colour}"/><text x="{legend_x + 16:.1f}" y="{legend_y:.1f}">'
            f"{_text(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
