"""How a claim is sourced, in words a reader takes in at a glance: the sourcing badge.

'4 anonymous, incl. 2 U.S. officials, via The Meridian Times; 1 independent confirmation, by Teresa
Vance (person, commander, U.S. Southern Command) in Channel 9 News; 4 echoes (1 wire copy); denied by
Marisol Ortega (person, Vice President)'. The terminal table (`newstrace claims`) and the story page
show the same badge."""

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


def reported_as(status: str, asserted: str) -> str | None:
    """What a denied claim's supporters reported, shown beside "denied" ('reported as planned'); None
    when the claim is not denied or what they reported is unknown."""
    return asserted if status == "denied" and asserted != "unknown" else None


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


class _Labels:
    """Labels of a story's mentions' sources. An unnamed holder of an office ('the commander of U.S.
    Southern Command') takes the name of the one person the story's articles name in that office."""

    def __init__(self, records: dict[str, Record]) -> None:
        self.records = records
        self._holders: dict[tuple[str, str], set[str]] | None = None

    def source(self, mention: ClaimMention) -> Source | None:
        source = _source_of(mention, self.records)
        if source is not None and source.type == "person" and not source.name and source.role:
            name = self._holder(source)
            if name:
                source = source.model_copy(update={"name": name})
        return source

    def label(self, mention: ClaimMention) -> str:
        source = self.source(mention)
        if source is not None:
            return source_label(source, mention.source)
        return f"{'anonymous: ' if mention.anonymous else ''}{mention.source}" if mention.source else ""

    def _holder(self, source: Source) -> str | None:
        if self._holders is None:
            self._holders = {}
            for record in self.records.values():
                for person in record.sources:
                    if person.type == "person" and person.name and person.role and person.affiliation:
                        office = (person.role.lower(), person.affiliation.lower())
                        self._holders.setdefault(office, set()).add(person.name)
        names = self._holders.get(((source.role or "").lower(), (source.affiliation or "").lower()), set())
        return next(iter(names)) if len(names) == 1 else None


def claim_badge(claim: Claim, records: dict[str, Record]) -> tuple[str, str]:
    """The badge and its level: 'disputed' (denied), 'corroborated' (an independent confirmation),
    else 'single'."""
    labels = _Labels(records)
    lead = lead_mention(claim)
    parts: list[str] = []
    if lead is not None:
        who = labels.label(lead) or "no source given"
        via = lead.cited_outlet or lead.outlet  # an outlet, never a title standing in for one
        parts.append(f"{who}, via {via}" if via else who)
    confirmations = max(0, claim.independent_sources - 1)  # the count includes the first report
    parts.append(_confirmed_by(claim, confirmations, labels))
    parts.append(_echoes(claim))
    denials = [m for m in claim.mentions if m.kind == "denial"]
    if denials:
        parts.append(denied_by(denials, records, labels))
    level = "disputed" if denials else ("corroborated" if confirmations else "single")
    return "; ".join(parts), level


def _confirmed_by(claim: Claim, confirmations: int, labels: _Labels) -> str:
    """'1 independent confirmation, by Teresa Vance (person, commander) in Channel 9 News': who
    confirmed, when they are one or two."""
    if not confirmations:
        return "no independent confirmation"
    text = plural(confirmations, "independent confirmation")
    confirmers: dict[str, str] = {}
    for mention in claim.mentions:
        if mention.kind != "independent":
            continue
        who = labels.label(mention)
        where = f" in {mention.outlet}" if mention.outlet else ""
        if who:
            confirmers.setdefault(f"{who}{where}".lower(), f"{who}{where}")
    if confirmers and len(confirmers) <= 2:
        text += ", by " + " and ".join(confirmers.values())
    return text


def _echoes(claim: Claim) -> str:
    """Echoes by article, not by sentence: '4 echoes (1 wire copy)'. An article that confirms the
    claim with a source of its own is not also counted as an echo."""
    counted = {m.article_id for m in claim.mentions if m.kind in ("original", "independent")}
    echoing = {m.article_id for m in claim.mentions if m.kind == "echo"} - counted
    copies = {m.article_id for m in claim.mentions if m.kind == "wire_copy"} - counted - echoing
    total = len(echoing) + len(copies)
    if not total:
        return "no echoes"
    text = plural(total, "echo", "echoes")
    return text + (f" ({plural(len(copies), 'wire copy', 'wire copies')})" if copies else "")


def denied_by(denials: list[ClaimMention], records: dict[str, Record], labels: _Labels | None = None) -> str:
    """'denied by Marisol Ortega (person, Vice President)', '... and the Defense Ministry',
    '... and 2 others': each denier once, however many outlets relay the denial."""
    labels = labels or _Labels(records)
    deniers: dict[str, str] = {}
    for mention in denials:
        source = labels.source(mention)
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
