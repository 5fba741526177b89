"""Geometry for the dashboard's server-rendered SVG charts (pure functions, no Django).

The templates draw the shapes; every chart also comes with a table of the same figures."""

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 0  # labels sit above the bars so long Chinese titles never overflow
CHART_WIDTH = 600


def progress_chart(items: list[dict], *, width: int = CHART_WIDTH) -> dict:
    """One horizontal bar per project: ``items`` have ``label`` and ``percent`` (0-100)."""
    row = BAR_HEIGHT + GAP + 16
    bars = []
    for index, item in enumerate(items):
        percent = max(0.0, min(100.0, float(item["percent"] or 0)))
        y = index * row
        bars.append({
            **item,
            "percent": percent,
            "label_y": y + 12,
            "bar_y": y + 16,
            "width": round(width * percent / 100, 1),
            "text_x": min(round(width * percent / 100, 1) + 4, width - 40),
            "text_y": y + 16 + BAR_HEIGHT - 6,
        })
    return {"width": width, "height": max(row * len(items), row), "bars": bars,
            "bar_height": BAR_HEIGHT}


def stacked_chart(
    rows: list[dict], series: list[str], *, labels: dict | None = None, width: int = CHART_WIDTH
) -> dict:
    """One horizontal stacked bar per row: ``rows`` have ``label`` and ``values`` (a dict by
    series key). Segments carry their series index (for colour AND pattern classes)."""
    row = BAR_HEIGHT + GAP + 16
    largest = max([sum(r["values"].get(s, 0) for s in series) for r in rows] + [1])
    out = []
    for index, r in enumerate(rows):
        y = index * row
        x = 0.0
        segments = []
        for series_index, key in enumerate(series):
            value = r["values"].get(key, 0)
            seg_width = round(width * 0.85 * value / largest, 1)
            if value:
                segments.append({"series": series_index, "key": key, "x": round(x, 1),
                                 "label": (labels or {}).get(key, key),
                                 "width": seg_width, "value": value})
            x += seg_width
        total = sum(r["values"].get(s, 0) for s in series)
        out.append({"label": r["label"], "label_y": y + 12, "bar_y": y + 16, "segments": segments,
                    "total": total, "text_x": round(x, 1) + 4, "text_y": y + 16 + BAR_HEIGHT - 6})
    return {"width": width, "height": max(row * len(rows), row), "rows": out,
            "bar_height": BAR_HEIGHT}
