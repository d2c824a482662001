"""Two small figures for the example notebook, as SVG, so they draw without matplotlib.

``facility_map`` places facilities on a longitude/latitude grid (equirectangular), one dot per
facility coloured by its lifecycle phase; ``bar_chart`` draws labelled horizontal bars. Both take
plain rows (from ``kg.rows`` or a DataFrame's records) and return SVG text for ``IPython.display.SVG``.
"""

from __future__ import annotations

from html import escape

PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]


def facility_map(rows, lon="lon", lat="lat", colour_by="phase", title="CCUS facilities by phase") -> str:
    """rows: dicts with longitude, latitude and the category to colour by."""
    width, height = 720, 360
    categories = sorted({str(r.get(colour_by) or "(unknown)") for r in rows})
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(categories)}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width + 170} {height + 30}" '
             f'font-family="sans-serif" font-size="11"><title>{escape(title)}</title>',
             f'<text x="4" y="14" font-size="13">{escape(title)}</text>',
             f'<g transform="translate(0,24)"><rect width="{width}" height="{height}" fill="#eef4f8" stroke="#999"/>']
    for degrees in range(-150, 180, 30):
        x = (degrees + 180) * 2
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height}" stroke="#ccd" stroke-width="0.5"/>')
    for degrees in range(-60, 90, 30):
        y = (90 - degrees) * 2
        parts.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#ccd" stroke-width="0.5"/>')
    for r in rows:
        x, y = (float(r[lon]) + 180) * 2, (90 - float(r[lat])) * 2
        colour = colours[str(r.get(colour_by) or "(unknown)")]
        parts.append(f'<circle class="facility" cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}" fill-opacity="0.8"/>')
    for i, category in enumerate(categories):
        y = 14 + 16 * i
        parts.append(f'<circle cx="{width + 14}" cy="{y - 4}" r="5" fill="{colours[category]}"/>'
                     f'<text x="{width + 24}" y="{y}">{escape(category)}</text>')
    parts.append("</g></svg>")
    return "".join(parts)


def bar_chart(rows, label="label", value="value", title="", unit="") -> str:
    """rows: dicts with a label and a number; bars in the order given."""
    rows = [r for r in rows if r.get(value) is not None]
    top = max((float(r[value]) for r in rows), default=1.0) or 1.0
    bar_width, line = 420, 18
    height = line * len(rows) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {bar_width + 260} {height}" '
             f'font-family="sans-serif" font-size="11"><title>{escape(title)}</title>',
             f'<text x="4" y="14" font-size="13">{escape(title)}</text>']
    for i, r in enumerate(rows):
        y = 28 + line * i
        length = bar_width * float(r[value]) / top
        parts.append(f'<text x="150" y="{y + 11}" text-anchor="end">{escape(str(r[label]))}</text>'
                     f'<rect class="bar" x="156" y="{y}" width="{length:.1f}" height="{line - 4}" fill="#4575b4"/>'
                     f'<text x="{160 + length:.1f}" y="{y + 11}">{float(r[value]):g} {escape(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)
