"""How a claim is sourced, in words a reader takes in at a glance: the sourcing badge.

'4 anonymous, incl. 2 U.S. officials, via The Meridian Times; 1 independent confirmation; 7 echoes;
1 denial'. The terminal table (`newstrace claims`) and the story page show the same badge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newstrace.record import Record, Source

if TYPE_CHECKING:
    from newstrace.link.claims import Claim, ClaimMention


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def source_label(source: Source, written: str | None = None) -> str:
    """The characterised source in a few words: '4 anonymous, incl. 2 U.S. officials' or
    'Alan Brooks (person, Defense Secretary)'."""
    if source.anonymous:
        text = f"{source.count} anonymous" if source.count else "anonymous"
        described = " ".join(p for p in (source.affiliation, source.role) if p)
        if described:
            text += f" ({described})"
        groups = [
            f"{g.count} {g.affiliation}" if g.count and g.affiliation else g.text for g in source.includes
        ]
        if groups:
            text += ", incl. " + ", ".join(groups)
        return text
    name = source.name or written or (source.mentions[0].text if source.mentions else "unnamed")
    details = ", ".join(p for p in (source.type, source.role, source.affiliation) if p)
    return f"{name} ({details})" if details else name


def lead_mention(claim: Claim) -> ClaimMention | None:
    """The first report, else the first supporting mention."""
    return next(
        (m for m in claim.mentions if m.kind == "original"),
        next((m for m in claim.mentions if m.kind != "denial"), None),
    )


def _source_of(mention: ClaimMention, records: dict[str, Record]) -> Source | None:
    record = records.get(mention.article_id)
    if record is None or not mention.attribution_id:
        return None
    attribution = next((a for a in record.attributions if a.id == mention.attribution_id), None)
    if attribution is None or not attribution.source_id:
        return None
    return next((s for s in record.sources if s.id == attribution.source_id), None)


def claim_badge(claim: Claim, records: dict[str, Record]) -> tuple[str, str]:
    """The badge and its level: 'disputed' (denied), 'corroborated' (an independent confirmation),
    else 'single'."""
    lead = lead_mention(claim)
    parts: list[str] = []
    if lead is not None:
        source = _source_of(lead, records)
        if source is not None:
            who = source_label(source, lead.source)
        elif lead.source:
            who = f"{'anonymous: ' if lead.anonymous else ''}{lead.source}"
        else:
            who = "no source given"
        via = lead.cited_outlet or lead.outlet  # an outlet, never a title standing in for one
        parts.append(f"{who}, via {via}" if via else who)
    confirmations = max(0, claim.independent_sources - 1)  # the count includes the first report
    parts.append(
        plural(confirmations, "independent confirmation") if confirmations else "no independent confirmation"
    )
    echoes = sum(m.kind in ("echo", "wire_copy") for m in claim.mentions)
    parts.append(plural(echoes, "echo", "echoes") if echoes else "no echoes")
    denials = [m for m in claim.mentions if m.kind == "denial"]
    if denials:
        parts.append(denied_by(denials, records))
    level = "disputed" if denials else ("corroborated" if confirmations else "single")
    return "; ".join(parts), level


def denied_by(denials: list[ClaimMention], records: dict[str, Record]) -> str:
    """'denied by Marisol Ortega (person, Vice President)', '... and the Defense Ministry',
    '... and 2 others': each denier once, however many outlets relay the denial."""
    deniers: dict[str, str] = {}
    for mention in denials:
        source = _source_of(mention, records)
        label = source_label(source, mention.source) if source is not None else (mention.source or "")
        key = (source.normalized_name or source.name or label) if source is not None else label
        if label and key.lower() not in deniers:
            deniers[key.lower()] = label
    names = list(deniers.values())
    if not names:
        return plural(len(denials), "denial")
    if len(names) <= 2:
        return "denied by " + " and ".join(names)
    return f"denied by {names[0]}, {names[1]} and {plural(len(names) - 2, 'other')}"
