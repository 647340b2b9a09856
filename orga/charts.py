"""The geometry of the home page's charts, drawn as SVG by templates/admin/orga/charts/*.html.

Server-side SVG needs no script and no fetched library, keeps the Content-Security-Policy as it is
(presentation attributes only; colours come from the static stylesheet), and each chart's table
below carries the same numbers for screen readers and for anyone who would rather read.
"""
from dataclasses import dataclass, field

WIDTH = 640
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 12, 28  # room for the axes' labels
BAR_LABEL = 200                            # room for a company's or an affiliation's name
BAR = 14


@dataclass
class LineChart:
    width: int
    height: int
    points: str                                   # the polyline's "x,y x,y ..."
    dots: list                                    # [(x, y, value)] when few enough to mark
    y_ticks: list                                 # [(y, label)]
    x_labels: list                                # [(x, label)]
    baseline: float
    left: int = LEFT
    right: float = 0
    reference: tuple | None = None                # (y, label): the capacity line


@dataclass
class BarRow:
    label: str
    y: float
    text_y: float
    bars: list = field(default_factory=list)      # [(x, y, width, height, value, series, value's x, value's y)]


@dataclass
class BarChart:
    width: int
    height: int
    rows: list
    left: int = BAR_LABEL


@dataclass
class StackedBar:
    width: int
    segments: list                                # [(x, width, label, count, share %, series index)]


def nice_maximum(value):
    """A round top for an axis: 1, 2, 5, 10, 20, 50 ... not below `value`."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def line_chart(values, labels, *, maximum=None, reference=None, height=220, label_count=6):
    """A line through `values` (one per label, left to right); `reference` = (value, label) draws a level line."""
    top = nice_maximum(max([*values, maximum or 0, reference[0] if reference else 0, 1]))
    right = WIDTH - RIGHT
    inner_width, baseline = right - LEFT, height - BOTTOM

    def x_of(i):
        return LEFT + (inner_width * i / (len(values) - 1) if len(values) > 1 else inner_width / 2)

    def y_of(value):
        return baseline - (baseline - TOP) * value / top

    coordinates = [(round(x_of(i), 1), round(y_of(v), 1), v) for i, v in enumerate(values)]
    every = max(1, -(-len(labels) // label_count))  # ceil: at most label_count labels under the axis
    shown = [i for i in range(len(labels)) if i % every == 0 or i == len(labels) - 1]
    if len(shown) > 1 and shown[-1] - shown[-2] < every:
        shown.pop(-2)  # the last label would overlap the one before it
    return LineChart(
        width=WIDTH, height=height, points=" ".join(f"{x},{y}" for x, y, _ in coordinates),
        dots=coordinates if len(values) <= 40 else [],
        y_ticks=[(round(y_of(top * k / 4), 1), _number(top * k / 4)) for k in range(5)],
        x_labels=[(round(x_of(i), 1), labels[i]) for i in shown], baseline=baseline, right=right,
        reference=(round(y_of(reference[0]), 1), reference[1]) if reference else None,
    )


def bar_chart(rows, *, series=1):
    """Horizontal bars: `rows` = [(label, [value per series])], bars of one row side by side vertically."""
    top = nice_maximum(max([v for _, values in rows for v in values] + [1]))
    inner_width = WIDTH - BAR_LABEL - RIGHT - 32  # room for the value after the longest bar
    row_height = BAR * series + 8
    chart_rows = []
    for index, (label, values) in enumerate(rows):
        y = TOP + index * row_height
        row = BarRow(label=label, y=y, text_y=y + BAR * series / 2 + 4)
        for k, value in enumerate(values):
            width = round(inner_width * value / top, 1)
            top_of_bar = y + k * BAR
            row.bars.append(
                (BAR_LABEL, top_of_bar, width, BAR - 2, value, k, BAR_LABEL + width + 4, top_of_bar + BAR - 4))
        chart_rows.append(row)
    return BarChart(width=WIDTH, height=TOP + len(rows) * row_height + 4, rows=chart_rows)


def stacked_bar(parts):
    """One bar split into `parts` = [(label, count)] by their shares."""
    total = sum(count for _, count in parts)
    segments, x = [], 0.0
    for index, (label, count) in enumerate(parts):
        width = WIDTH * count / total if total else 0
        share = round(100 * count / total) if total else 0
        segments.append((round(x, 1), round(width, 1), label, count, share, index))
        x += width
    return StackedBar(width=WIDTH, segments=segments)


def _number(value):
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
