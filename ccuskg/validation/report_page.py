"""The HTML validation report's page: markup, style and script in one string, nothing fetched.

Kept apart from ``reports`` because it is mostly template. Every value reaches the page through
``escape`` (record text is untrusted: a title holding ``<script>`` must stay text), and the script
only shows and hides rows that are already in the page.
"""

from __future__ import annotations

from collections import defaultdict

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.4rem;margin:0 0 .3rem}.sub{color:#57606a;margin:0 0 1rem}
.counts{display:flex;gap:.75rem;margin:0 0 1rem}.count{border-radius:6px;padding:.5rem .9rem;min-width:7rem}
.count b{display:block;font-size:1.5rem}.violation{background:#ffebe9}.warning{background:#fff8c5}
.info{background:#ddf4ff}.bar{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:0 0 1rem;
padding:.6rem;background:#f6f8fa;border-radius:6px}input[type=search]{flex:1;min-width:12rem;padding:.3rem}
section{margin:0 0 1.2rem}h2{font-size:1rem;margin:.2rem 0;font-family:ui-monospace,monospace}
table{border-collapse:collapse;width:100%}td{border-top:1px solid #d0d7de;padding:.25rem .4rem;vertical-align:top}
td.sev{width:5.5rem}td.where{width:22rem;font-family:ui-monospace,monospace;word-break:break-all}
.pill{border-radius:1em;padding:0 .5em;font-size:.85em}.hidden{display:none}.ok{color:#1a7f37}
"""

_SCRIPT = """
(function(){
  const rows=[...document.querySelectorAll('tr.result')];
  const text=document.getElementById('filter-text');
  const boxes=[...document.querySelectorAll('input.sev')];
  const views=[...document.querySelectorAll('input[name=view]')];
  function apply(){
    const q=text.value.trim().toLowerCase();
    const on=new Set(boxes.filter(b=>b.checked).map(b=>b.value));
    const view=views.find(v=>v.checked).value;
    document.querySelectorAll('.view').forEach(v=>v.classList.toggle('hidden',v.id!=='by-'+view));
    let shown=0;
    rows.forEach(r=>{const ok=on.has(r.dataset.severity)&&(!q||(r.dataset.file+' '+r.textContent).toLowerCase().includes(q));
      r.classList.toggle('hidden',!ok); if(ok&&r.closest('.view').id==='by-'+view) shown++;});
    document.querySelectorAll('section.group').forEach(s=>
      s.classList.toggle('hidden',!s.querySelector('tr.result:not(.hidden)')));
    const out=document.getElementById('shown'); out.textContent=shown; out.dataset.count=shown;
  }
  [text,...boxes,...views].forEach(e=>e.addEventListener('input',apply)); apply();
})();
"""


def render_page(rows: list[dict], counts: dict[str, int], records: int, conforms: bool, escape) -> str:
    """The whole page for ``rows`` (one per finding and file, already sorted)."""
    verdict = ('<span class="ok">conforms</span>' if conforms else "does not conform")
    cards = "".join(f'<div class="count {s}"><b id="count-{s}" data-count="{counts.get(s, 0)}">'
                    f'{counts.get(s, 0)}</b>{s}s</div>' for s in ("violation", "warning", "info"))
    boxes = "".join(f'<label><input type="checkbox" class="sev" value="{s}" checked> {s}s</label>'
                    for s in ("violation", "warning", "info"))
    bar = (f'<div class="bar"><input type="search" id="filter-text" placeholder="filter by file, field, '
           f'message or shape">{boxes}<label><input type="radio" name="view" value="file" checked> by file'
           f'</label><label><input type="radio" name="view" value="shape"> by shape</label>'
           f'<span>showing <b id="shown" data-count="{len(rows)}">{len(rows)}</b> of {len(rows)}</span></div>')
    by_file = _view("file", rows, lambda r: r["file"] or "(no file)", escape, show_rule=True)
    by_shape = _view("shape", rows, lambda r: r["rule"], escape, show_rule=False, hidden=True)
    body = (f'<h1>ccuskg validation report</h1><p class="sub">{records} records: {verdict}</p>'
            f'<div class="counts">{cards}</div>{bar}{by_file}{by_shape}')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
            f"<title>ccuskg validation report</title><style>{_STYLE}</style></head><body>{body}"
            f"<script>{_SCRIPT}</script></body></html>\n")


def _view(name: str, rows: list[dict], key, escape, show_rule: bool, hidden: bool = False) -> str:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    sections = []
    for group in sorted(groups):
        members = groups[group]
        heading = escape(group)
        if not show_rule:
            heading += f' <span class="pill info">{escape(members[0]["rule_title"])}</span>'
        trs = "".join(_row(row, escape, show_rule) for row in members)
        sections.append(f'<section class="group"><h2>{heading} ({len(members)})</h2><table>{trs}</table></section>')
    if not sections:
        sections.append('<p class="ok">No results: every record conforms to every shape.</p>')
    return f'<div class="view{" hidden" if hidden else ""}" id="by-{name}">{"".join(sections)}</div>'


def _row(row: dict, escape, show_rule: bool) -> str:
    # by file, the section names the file: the row needs only its line
    where = (f"line {row['line']}" if row["line"] else "(whole file)") if show_rule else (
        escape(row["file"]) + (f":{row['line']}" if row["line"] else ""))
    href = escape(row["file"]) + (f"#L{row['line']}" if row["line"] else "")
    link = f'<a href="{href}">{where}</a>' if row["file"] else "-"
    rule = (f' <span class="pill info" title="{escape(row["rule_help"])}">{escape(row["rule"])}</span>'
            if show_rule else "")
    return (f'<tr class="result" data-severity="{escape(row["severity"])}" data-file="{escape(row["file"])}">'
            f'<td class="sev"><span class="pill {escape(row["severity"])}">{escape(row["severity"])}</span></td>'
            f'<td class="where">{link}<br>{escape(row["field"] or "-")}</td>'
            f'<td>{escape(row["message"])}{rule}</td></tr>')
