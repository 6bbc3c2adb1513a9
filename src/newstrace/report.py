"""The readable report of a record: sources, attributions in order, events by status, and framing
(opinion passages and loaded language, each shown with the evidence that decided it)."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from newstrace.record import Attribution, Event, Framing, Participant, Record, Source

STATUS_ORDER = ("occurred", "ongoing", "planned", "threatened", "possible", "denied", "negated", "unknown")
STATUS_STYLE = {
    "occurred": "bold green",
    "ongoing": "green",
    "planned": "cyan",
    "threatened": "bold magenta",
    "possible": "yellow",
    "denied": "bold red",
    "negated": "red",
    "unknown": "dim",
}
_SNIPPET = 160


def _clip(text: str, limit: int = _SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _source_label(source: Source) -> str:
    """The name, or the first mention without its relative clause ("a senior official, who ...")."""
    if source.name:
        return source.name
    if not source.mentions:
        return "(unnamed)"
    text = source.mentions[0].text
    for marker in (", who ", ", which ", ", whom ", ", speaking "):
        text = text.split(marker, 1)[0]
    return _clip(text, 70)


def _source_details(source: Source) -> str:
    parts = []
    if source.count is not None:
        parts.append(f"count {source.count}")
    for group in source.includes:
        parts.append("incl. " + group.text)
    if source.role:
        parts.append(f"role: {source.role}")
    if source.affiliation:
        parts.append(f"affiliation: {source.affiliation}")
    return "; ".join(parts)


def _header(record: Record) -> RenderableType:
    a = record.article
    title = a.title or _clip(a.text.split("\n", 1)[0], 90)
    meta = " · ".join(x for x in (a.outlet, a.published, ", ".join(a.authors) or None, a.url) if x)
    lines = [Text(title, style="bold")]
    if meta:
        lines.append(Text(meta, style="dim"))
    n_anon = sum(s.anonymous for s in record.sources)
    lines.append(
        Text(
            f"{len(record.attributions)} attributions · {len(record.sources)} sources "
            f"({n_anon} anonymous) · {len(record.events)} events · id {a.id}",
            style="dim",
        )
    )
    return Group(*lines)


def _sources_table(record: Record) -> RenderableType:
    cited = {s.id: 0 for s in record.sources}
    for attribution in record.attributions:
        if attribution.source_id in cited:
            cited[attribution.source_id] += 1
    table = Table(title="Sources", title_justify="left", expand=False, show_lines=False)
    for column in ("id", "source", "type", "anonymous", "details", "cited"):
        table.add_column(column, overflow="fold")
    for source in record.sources:
        table.add_row(
            source.id,
            _source_label(source),
            source.type,
            "yes" if source.anonymous else "",
            _source_details(source),
            str(cited[source.id]),
        )
    return table


def _attribution_line(attribution: Attribution, sources: dict[str, Source]) -> Text:
    source = sources.get(attribution.source_id or "")
    who = attribution.source.text if attribution.source else "(no source)"
    if source and attribution.source and source.name and source.name != attribution.source.text:
        who += f" [= {source.name}]"
    line = Text(f"{attribution.id:>4} ", style="dim")
    line.append(f"[{attribution.kind}] ", style="cyan")
    line.append(who, style="bold")
    if source:
        line.append(f" ({source.id}, {source.type})", style="dim")
    line.append(f" {attribution.cue.text}: ", style="italic")
    line.append("“" + _clip(" … ".join(c.text for c in attribution.content)) + "”")
    if attribution.via:
        line.append(f"  via {attribution.via}", style="magenta")
    return line


def _participant(p: Participant) -> str:
    return f"{p.name} [{p.country}]" if p.country else p.name


def _event_line(event: Event, attributions: dict[str, Attribution]) -> Text:
    line = Text(f"    {event.trigger.text}", style="bold")
    line.append(f" ({event.category}{' · ' + event.mode if event.mode else ''})", style="dim")
    if event.factuality is not None:
        line.append(f" {event.factuality:+.1f}", style="dim")
    if event.actors:
        line.append(" — by " + ", ".join(_participant(p) for p in event.actors))
    if event.targets:
        line.append(" → " + ", ".join(_participant(p) for p in event.targets))
    if event.location:
        country = f" [{event.location.country}]" if event.location.country else ""
        line.append(f" · in {event.location.name}{country}")
    if event.time:
        resolved = (
            f" ({event.time.value}{'..' + event.time.end if event.time.end else ''})"
            if event.time.value
            else ""
        )
        line.append(f" · {event.time.span.text}{resolved}")
    attribution = attributions.get(event.attributed_to or "")
    if attribution:
        who = attribution.source.text if attribution.source else "unnamed"
        line.append(f" · per {who} ({attribution.id})", style="dim")
    return line


def _events_block(record: Record) -> RenderableType:
    attributions = {a.id: a for a in record.attributions}
    lines: list[RenderableType] = [Text("Events by status", style="bold underline")]
    for status in STATUS_ORDER:
        events = [e for e in record.events if e.status == status]
        if events:
            lines.append(Text(f"  {status.upper()} ({len(events)})", style=STATUS_STYLE[status]))
            lines.extend(_event_line(e, attributions) for e in events)
    if len(lines) == 1:
        lines.append(Text("  none found", style="dim"))
    return Group(*lines)


PASSAGE_STYLE = {"opinion": "bold magenta", "mixed": "magenta"}
REPORT_SPAN_SCORE = 0.2


def _framing_block(framing: Framing, text: str) -> RenderableType:
    """Opinion and mixed passages with their cues, and loaded spans with their triggers: the
    evidence is always printed next to the verdict, never a bare score."""
    title = Text("Framing: opinion passages and loaded language", style="bold underline")
    lines: list[RenderableType] = [title]
    argued = [p for p in framing.passages if p.label != "reporting"]
    n_reporting = len(framing.passages) - len(argued)
    lines.append(Text(f"  {n_reporting} reporting · {len(argued)} opinion or mixed paragraphs", style="dim"))
    for passage in argued:
        line = Text(f"  [{passage.label}] ", style=PASSAGE_STYLE.get(passage.label, ""))
        line.append("“" + _clip(text[passage.start : passage.end], 120) + "”")
        lines.append(line)
        cues = "; ".join(f"{c.cue.replace('_', ' ')}: “{c.text}”" for c in passage.cues)
        lines.append(Text(f"      cues ({passage.score:.2f}): {cues or 'none'}", style="dim"))
    # The tagger's threshold favours recall; the report lists the likelier spans, the record holds all.
    shown = [s for s in framing.spans if s.score >= REPORT_SPAN_SCORE]
    if framing.spans:
        hidden = len(framing.spans) - len(shown)
        note = f", {hidden} less likely in the record" if hidden else ""
        lines.append(Text(f"  Loaded language ({framing.model}{note})", style="bold"))
    for span in shown:
        line = Text(f"    “{_clip(span.text, 80)}”", style="bold")
        line.append(f" {span.technique.replace('_', ' ')}", style="yellow")
        line.append(f" · triggered by {', '.join(span.triggers)} · p {span.score:.2f}", style="dim")
        lines.append(line)
    if len(lines) == 2 and not argued:
        lines.append(Text("  no opinion passages or loaded language found", style="dim"))
    return Group(*lines)


def render(record: Record) -> RenderableType:
    sources = {s.id: s for s in record.sources}
    parts: list[RenderableType] = [Rule(style="dim"), _header(record), Text("")]
    if record.sources:
        parts += [_sources_table(record), Text("")]
    parts.append(Text("Attributions, in order", style="bold underline"))
    parts += [_attribution_line(a, sources) for a in record.attributions] or [
        Text("  none found", style="dim")
    ]
    parts += [Text(""), _events_block(record)]
    if record.framing is not None:
        parts += [Text(""), _framing_block(record.framing, record.article.text)]
    return Group(*parts)


def print_report(record: Record, console: Console) -> None:
    console.print(render(record))
