"""The story page's long lists as HTML, written in Python: its claims with their chains, its events
table, its timeline's SVG, its sources and its articles; and an article's marked text.

A 400-article story's page has thousands of these elements, and Jinja2 macros cost tens of
microseconds a call: rendering them was a third of a cold story page's cost (BENCHMARKS.md, "Web").
Written here, as the templates wrote them, they cost a fraction. Every value is escaped with `esc`
(markupsafe's escaper; ids in links are also URL-quoted by the linker), exactly as autoescaping
did, and each function returns `Markup` that the templates place as it is. Nothing from a record
reaches the page unescaped: tests/test_web_pages.py renders hostile articles and checks the markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from newstrace.web.views import SHAPES, STATUSES, StoryView, TimelineLayout, status_class

Linker = Callable[..., str]  # `u(path, *ids, **query)`: pages._linker


def esc(value: Any) -> str:
    """`value` as text escaped for HTML (& < > " '), as autoescaping writes it (markupsafe's public,
    C-accelerated `escape`; a value that is already markup is kept as it is)."""
    return escape(value).__str__()


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def status_tag(status: Any) -> str:
    return f'<span class="status st-{esc(status_class(status))}">{esc(status)}</span>'


def _shape(shape: str, x: float, y: float, status: str) -> str:
    st = esc(status)
    if shape == "circle":
        return f'<circle class="mk st-{st}" cx="{x}" cy="{y}" r="6"/>'
    if shape == "square":
        return f'<rect class="mk st-{st}" x="{x - 5}" y="{y - 5}" width="10" height="10"/>'
    if shape == "diamond":
        points = f"{x},{y - 7} {x + 7},{y} {x},{y + 7} {x - 7},{y}"
        return f'<polygon class="mk st-{st}" points="{points}"/>'
    if shape == "triangle":
        return f'<polygon class="mk st-{st}" points="{x},{y - 7} {x + 7},{y + 6} {x - 7},{y + 6}"/>'
    if shape == "triangle-down":
        return f'<polygon class="mk st-{st}" points="{x},{y + 7} {x + 7},{y - 6} {x - 7},{y - 6}"/>'
    if shape == "cross":
        d = f"M{x - 6} {y - 6}L{x + 6} {y + 6}M{x + 6} {y - 6}L{x - 6} {y + 6}"
        return f'<path class="mk-line st-{st}" d="{d}"/>'
    return f'<circle class="mk-ring st-{st}" cx="{x}" cy="{y}" r="6"/>'


def _legend() -> Markup:
    items = "".join(
        f'<li><svg class="legend-mark" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">'
        f"{_shape(SHAPES[s], 8, 8, s)}</svg> {esc(s)}</li>\n"
        for s in STATUSES
    )
    return Markup(f'<ul class="legend" aria-label="Event status legend">\n{items}</ul>\n')


LEGEND = _legend()  # the same on every page


def legend() -> Markup:
    return LEGEND


def timeline(layout: TimelineLayout) -> Markup:
    """The dated events on a date axis (inline SVG), each with its shape, status and label."""
    if not layout.points:
        return Markup("")
    axis = layout.axis_y
    out = [
        '<figure class="timeline">\n'
        f'<svg id="timeline-svg" viewBox="0 0 {layout.width} {layout.height}" role="img"'
        ' aria-labelledby="tl-title tl-desc" preserveAspectRatio="xMinYMin meet">\n'
        '  <title id="tl-title">Timeline of the story\'s events</title>\n'
        f'  <desc id="tl-desc">{len(layout.points)} dated events on a date axis, each labelled with its'
        " date, trigger, category and status; the same events are listed in the table below.</desc>\n"
        f'  <line class="axis" x1="{layout.ticks[0].x}" x2="{layout.ticks[-1].x}" y1="{axis}" y2="{axis}"/>\n'
    ]
    last = len(layout.ticks) - 1
    for n, t in enumerate(layout.ticks):
        anchor = "start" if n == 0 else ("end" if n == last else "middle")
        out.append(
            f'  <line class="tick" x1="{t.x}" x2="{t.x}" y1="{axis - 4}" y2="{layout.height}"/>\n'
            f'  <text class="tick-label" x="{t.x}" y="{axis - 8}" text-anchor="{anchor}">'
            f"{esc(t.label)}</text>\n"
        )
    for p in layout.points:
        st, label = esc(p.status), esc(p.label)
        bar = (
            f'<line class="range st-{st}" x1="{p.x}" x2="{p.x_end}" y1="{p.y}" y2="{p.y}"/>'
            if p.x_end is not None
            else ""
        )
        out.append(
            f'  <g class="event st-{st}">\n    <title>{label}</title>\n    {bar}\n'
            f"    {_shape(p.shape, p.x, p.y, p.status)}\n"
            f'    <text class="ev-label" x="{p.text_x}" y="{p.y + 4}" text-anchor="{esc(p.anchor)}">'
            f"{label}</text>\n  </g>\n"
        )
    out.append("</svg>\n")
    if layout.left_out:
        out.append(
            f"<figcaption>The first {len(layout.points)} dated events; {layout.left_out} later ones are"
            " in the table below.</figcaption>\n"
        )
    out.append("</figure>\n")
    return Markup("".join(out))


def events_table(view: StoryView, story_id: str, u: Linker, steps: int | None = None) -> Markup:
    """The story's events by date: what, who, where, its status and the status each report gave it
    (the first `steps` reports when given, with a link to the rest)."""
    undated = view.layout.undated
    caption = f" ({len(undated)} without a date last)" if undated else ""
    out = [
        '<div class="table-wrap">\n<table class="events">\n'
        f"  <caption>Events by date{caption}</caption>\n"
        '  <thead><tr><th scope="col">date</th><th scope="col">event</th><th scope="col">status</th>'
        '<th scope="col">as reported, in order</th></tr></thead>\n  <tbody>\n'
    ]
    more_events = u("/stories/", story_id, part="events")
    for e in view.events:
        history = e.status_history[:steps] if steps else e.status_history
        eid = esc(e.id)
        when = esc(e.date or "undated")
        if e.end:
            when += f" – {esc(e.end)}"
        if e.date_source == "reported":
            when += ' <span class="muted">(reported)</span>'
        what = f'<strong>{esc(e.trigger)}</strong> <span class="muted">{esc(e.category)}'
        what += f"/{esc(e.mode)}</span>" if e.mode else "</span>"
        extra = ""
        if e.actors:
            extra += f"<br>by {esc(', '.join(map(str, e.actors)))}"
        if e.targets:
            extra += f"<br>on {esc(', '.join(map(str, e.targets)))}"
        if e.location:
            extra += f"<br>at {esc(e.location)}"
        status = status_tag(e.status)
        if e.status_change:
            status += f'<br><span class="change">{esc(e.status_change)}</span>'
        reports = "".join(
            f'<li><a href="{esc(u("/articles/", s.article_id))}">{esc(s.outlet or s.article_id)}</a>: '
            f"{esc(s.status)}</li>"
            for s in history
        )
        left = len(e.status_history) - len(history)
        if left > 0:
            href = f"{esc(more_events)}#ev-{eid}"
            reports += f'\n<li class="more"><a href="{href}">and {left} more reports</a></li>'
        out.append(
            f'  <tr id="ev-{eid}">\n    <td>{when}</td>\n    <td>{what}\n      {extra}</td>\n'
            f'    <td>{status}</td>\n    <td><ul class="plain">{reports}</ul></td>\n  </tr>\n'
        )
    out.append("  </tbody>\n</table>\n</div>\n")
    return Markup("".join(out))


def claims_list(
    view: StoryView, story_id: str, u: Linker, steps: int | None = None, part_size: int = 50
) -> Markup:
    """The claims shown (numbered from `view.claims_offset`), each with its badge and "who reported
    whom": the steps of its chain it carries, and a link to the rest when it was cut."""
    out = [f'<ol class="claims" start="{view.claims_offset + 1}">\n']
    for n, c in enumerate(view.claims):
        chain = c.chain[:steps] if steps else c.chain
        cid = esc(c.id)
        items = []
        for step in chain:
            href = esc(u("/articles/", step.article_id))
            line = (
                f'<li class="kind-{esc(step.kind)}"><a href="{href}">{esc(step.outlet)}</a>\n'
                f'<span class="kind">{esc(step.label)}</span>'
            )
            if step.source:
                line += f" — citing {esc(step.source)}"
            if step.echo_of:
                href = esc(u("/articles/", step.echo_of))
                line += (
                    f'\n — {esc(step.relation)} <a href="{href}">'
                    f"{esc(step.echo_of_outlet or step.echo_of)}</a>"
                )
            if step.published:
                line += f'\n<span class="muted">({esc(step.published[:16].replace("T", " "))})</span>'
            items.append(line + "</li>\n")
        if c.n_steps > len(chain):
            at = view.claims_offset + n
            href = esc(u("/stories/", story_id, part="claims", offset=at - at % part_size))
            items.append(
                f'<li class="more"><a href="{href}#claim-{cid}">and {c.n_steps - len(chain)} more</a></li>\n'
            )
        badge = f'<span class="badge badge-{esc(c.level)}">{esc(c.badge)}</span>'
        status = status_tag(c.status)
        if c.reported_as:
            status += f' <span class="change">reported as {esc(c.reported_as)}</span>'
        out.append(
            f'  <li class="claim" id="claim-{cid}">\n'
            f"    <blockquote>{esc(c.statement)}</blockquote>\n"
            f"    <p>{status} {badge}</p>\n"
            "    <details>\n"
            f"      <summary>Who reported whom ({c.mentions} mention{_s(c.mentions)})</summary>\n"
            f'      <ol class="chain">\n{"".join(items)}      </ol>\n'
            "    </details>\n  </li>\n"
        )
    out.append("</ol>\n")
    return Markup("".join(out))


def named_list(rows: list[Any]) -> Markup:
    items = []
    for s in rows:
        outlets = f" in {esc(', '.join(map(str, s.outlets)))}" if s.outlets else ""
        items.append(
            f'<li><strong>{esc(s.label)}</strong> <span class="muted">{s.citations}'
            f" citation{_s(s.citations)}{outlets}</span></li>"
        )
    return Markup(f'<ul class="plain">{"".join(items)}</ul>\n')


def anonymous_list(rows: list[Any], u: Linker) -> Markup:
    items = []
    for s in rows:
        articles = "".join(
            f', <a href="{esc(u("/articles/", aid))}">{esc(name)}</a>' for aid, name in s.articles
        )
        cited = f"{s.citations} citation{_s(s.citations)}{articles}"
        items.append(f'<li>{esc(s.label)} <span class="muted">{cited}</span></li>')
    return Markup(f'<ul class="plain">{"".join(items)}</ul>\n')


def when(value: str | None) -> str:
    if value:
        return f'<time datetime="{esc(value)}">{esc(value[:16].replace("T", " "))}</time>'
    return '<span class="muted">undated</span>'


def articles_list(articles: list[dict[str, Any]], u: Linker) -> Markup:
    items = [
        f'  <li><a href="{esc(u("/articles/", a["id"]))}">{esc(a["title"] or a["id"])}</a>'
        f' <span class="muted">{esc(a["outlet"] or "no outlet")} · {when(a["published"])}</span></li>\n'
        for a in articles
    ]
    return Markup(f'<ol class="articles">\n{"".join(items)}</ol>\n')


def article_text(segments: list[Any]) -> Markup:
    """An article's text as its marked segments (`newstrace.web.highlight`): one span per marked
    segment with its marks' classes, tooltip, anchor and focus, the labels of the marks ending there."""
    out = []
    for seg in segments:
        text = esc(seg.text)
        if seg.marks:
            attrs = f'class="{esc(seg.css)}"'
            tip = seg.tip
            if tip:
                attrs += f' title="{esc(tip)}"'
            if seg.anchors:
                attrs += f' id="at-{esc(seg.anchors[0])}"'
            if seg.focus:
                attrs += ' tabindex="0"'
            out.append(f"<span {attrs}>{text}</span>")
        else:
            out.append(text)
        for css, label in seg.labels:
            out.append(f'<span class="tag {esc(css.replace("ev ", "tag-"))}">{esc(label)}</span>')
    return Markup("".join(out))


def search_results(results: list[dict[str, Any]], u: Linker, start: int) -> Markup:
    """A page of search results (numbered from `start`): each article's title, outlet, date, story, and
    its snippet with the matching words marked."""
    items = []
    for r in results:
        story = f' · <a href="{esc(u("/stories/", r["story"]))}">its story</a>' if r["story"] else ""
        snippet = "".join(f"<mark>{esc(text)}</mark>" if hit else esc(text) for text, hit in r["snippet"])
        title = f'<a href="{esc(u("/articles/", r["id"]))}">{esc(r["title"] or r["id"])}</a>'
        items.append(
            f"  <li>\n    <h2>{title}</h2>\n"
            f'    <p class="meta">{esc(r["outlet"] or "no outlet")} · {when(r["published"])}{story}</p>\n'
            f'    <p class="snippet">{snippet}</p>\n  </li>\n'
        )
    return Markup(f'<ol class="results" start="{start}">\n{"".join(items)}</ol>\n')
