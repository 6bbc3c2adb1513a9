"""Commands over the linked view: link, stories, story, claims, timeline, entities."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newstrace.cli.common import EXIT_CODES_HELP, EXIT_NOTHING, EXIT_OK, make_progress
from newstrace.cli.store import _db, _err, _guarded, db_option

format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
def link(db_path: str | None, quiet: bool) -> None:
    """Put every stored article that has no story yet into a story (joining one or starting one),
    and match the names it cites to the store's canonical entities (`newstrace entities`).

    Incremental: earlier assignments never change, and an interrupted run keeps what it linked.
    """
    from newstrace.link.runner import link_store
    from newstrace.store import Store

    err = _err()

    def run() -> int:
        show = not quiet and err.is_terminal
        with Store(_db(db_path)) as store, make_progress(err, show, "linking") as progress:
            task = progress.add_task("link", total=None)
            summary = link_store(store, on_done=lambda: progress.advance(task))
        if not quiet:
            err.print(
                f"newstrace: linked {summary.linked} articles, {summary.new_stories} new stories, "
                f"{summary.stories} stories in the store; {summary.entity_mentions} names matched to "
                f"entities, {summary.new_entities} new entities"
            )
        return EXIT_OK

    sys.exit(_guarded(err, run))


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@format_option
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
def stories(db_path: str | None, fmt: str, limit: int, offset: int) -> None:
    """List the stories, latest activity first."""
    from newstrace.store import Store

    err = _err()

    def run() -> int:
        with Store(_db(db_path), readonly=True) as store:
            rows = store.stories(limit=limit, offset=offset)
        if fmt == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            # sized for an 80-column terminal: the label takes what the counts and times leave
            table = Table(show_lines=False)
            table.add_column("story", no_wrap=True)
            table.add_column("label", ratio=1)
            table.add_column("articles", justify="right")
            table.add_column("outlets", justify="right")
            table.add_column("first/last (UTC)", no_wrap=True)
            for row in rows:
                # Text, not str: labels come from article titles and must not be read as markup.
                table.add_row(
                    *(
                        Text(value)
                        for value in (
                            row["id"],
                            row["label"],
                            str(row["n_articles"]),
                            str(len(row["outlets"])),
                            _seen(row["first_seen"], row["last_seen"]),
                        )
                    )
                )
            Console(highlight=False).print(table)
        return EXIT_OK if rows else EXIT_NOTHING

    sys.exit(_guarded(err, run))


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("story_id")
@db_option
@format_option
def story(story_id: str, db_path: str | None, fmt: str) -> None:
    """Show one story: its label, dates, outlets and articles."""
    from newstrace.store import Store

    err = _err()

    def run() -> int:
        with Store(_db(db_path), readonly=True) as store:
            try:
                found = store.story(story_id)
            except KeyError:
                err.print(f"newstrace: no story {story_id!r}; `newstrace stories` lists them", markup=False)
                return EXIT_NOTHING
        if fmt == "json":
            click.echo(json.dumps(found, ensure_ascii=False, indent=2))
            return EXIT_OK
        console = Console(highlight=False)
        console.print(Text.assemble((found["label"], "bold"), f"  ({found['id']})"))
        console.print(
            f"{found['n_articles']} articles from {len(found['outlets'])} outlets, "
            f"{_when(found['first_seen']) or '?'} .. {_when(found['last_seen']) or '?'} UTC",
            markup=False,
        )
        table = Table()
        table.add_column("published (UTC)", no_wrap=True)
        table.add_column("outlet", ratio=1)
        table.add_column("title", ratio=2)
        table.add_column("article", ratio=1, overflow="fold")  # whole, to pass to other commands
        for a in found["articles"]:
            table.add_row(Text(_when(a["published"])), *(Text(a[k] or "") for k in ("outlet", "title", "id")))
        console.print(table)
        return EXIT_OK

    sys.exit(_guarded(err, run))


def _when(value: str | None) -> str:
    """A stored time as 'YYYY-MM-DD HH:MM', turned to UTC when it carries a zone (the tables say UTC in
    their headers); a date stays a date, and a value that is no ISO time is shown as it is."""
    if not value or len(value) <= 10:
        return value or ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M")


def _seen(first: str | None, last: str | None) -> str:
    """First and last seen, one per line (one line when they are the same)."""
    shown = [_when(first), _when(last)]
    return shown[0] if shown[0] == shown[1] else "\n".join(shown)


def _clip(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _load_story(store, story_id: str, err: Console):
    """(story summary, records, (claims, timeline) rows) of a story, or None (after saying so) when
    there is no such story."""
    from newstrace.link.views import story_rows

    try:
        return (
            store.story(story_id),
            store.story_records(story_id),
            story_rows(store, store.story_version(story_id)),
        )
    except KeyError:
        err.print(f"newstrace: no story {story_id!r}; `newstrace stories` lists them", markup=False)
        return None


def _story_view(story_id: str, db_path: str | None, fmt: str, noun: str, print_text) -> None:
    """Print a story's claims (`noun` "claims") or timeline rows (stored when it was linked, else
    computed) as JSON, or with `print_text(story, records, rows)`; exit 3 when there is no such story
    or nothing to show."""
    from newstrace.link.claims import Claim
    from newstrace.link.timeline import TimelineEvent
    from newstrace.store import Store

    err = _err()

    def run() -> int:
        with Store(_db(db_path), readonly=True) as store:
            loaded = _load_story(store, story_id, err)
        if loaded is None:
            return EXIT_NOTHING
        found, records, (claims, events) = loaded
        rows = claims if noun == "claims" else events
        if fmt == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return EXIT_OK if rows else EXIT_NOTHING
        if not rows:
            err.print(f"newstrace: story {story_id!r} has no {noun}", markup=False)
            return EXIT_NOTHING
        from_dict = Claim.from_dict if noun == "claims" else TimelineEvent.from_dict
        print_text(found, records, [from_dict(row) for row in rows])
        return EXIT_OK

    sys.exit(_guarded(err, run))


def _chain_text(chain: list[dict], outlet_of: dict[str, str]) -> str:
    """'A -> B (echo) -> C (wire copy)': who carried the claim, in time order."""
    steps: list[str] = []
    for step in chain:
        name = step["outlet"] or outlet_of.get(step["article_id"]) or step["article_id"]
        kind = step["kind"]
        label = name if kind in ("original", "") else f"{name} ({kind.replace('_', ' ')})"
        if not steps or steps[-1] != label:
            steps.append(label)
    return " -> ".join(steps)


@click.command(epilog=EXIT_CODES_HELP)
@click.option("--story", "story_id", required=True, help="The story (an id from `newstrace stories`).")
@db_option
@format_option
def claims(story_id: str, db_path: str | None, fmt: str) -> None:
    """Show a story's claims: status, independent sources, echoes and who re-reported whom."""
    _story_view(story_id, db_path, fmt, "claims", _print_claims)


def _print_claims(found: dict, records: list, claims: list) -> None:
    from newstrace.link.labels import article_label
    from newstrace.link.sourcing import claim_badge

    outlet_of = {r.article.id: article_label(r.article) for r in records}
    by_id = {r.article.id: r for r in records}
    # narrow headers so the table reads in an 80-column terminal: see the README for each column
    table = Table(
        show_lines=True,
        caption="Counts of independent sources are a floor: a confirmation worded apart from the first "
        "report may stand as a claim of its own.",
    )
    table.add_column("claim, and who carried it", ratio=3)
    table.add_column("status")
    table.add_column("sourcing", ratio=2)
    for claim in claims:
        badge, _ = claim_badge(claim, by_id)
        # Text, not str: statements and outlet names come from articles and must not be read as markup.
        table.add_row(
            Text.assemble(_clip(claim.statement), "\n", (_chain_text(claim.chain, outlet_of), "dim")),
            Text(_status_text(claim)),
            Text(badge),
        )
    Console(highlight=False).print(table)


def _status_text(claim) -> str:
    """'denied', and what its supporters reported ('denied, reported as planned')."""
    from newstrace.link.sourcing import reported_as

    reported = reported_as(claim.status, claim.asserted_status)
    return f"{claim.status}, reported as {reported}" if reported else claim.status


def _event_text(row) -> str:
    kind = f"{row.category}/{row.mode}" if row.mode else row.category
    text = f"{kind}: {row.trigger}"
    if row.actors:
        text += f" - {', '.join(row.actors)}"
    if row.targets:
        text += f" -> {', '.join(row.targets)}"
    if row.location:
        text += f" @ {row.location}"
    return text


def _history_text(row, outlet_of: dict[str, str]) -> str:
    """One line per run of articles giving the event one status, in publication order, with who gave it
    ('2026-11-09..11-10 The Meridian Times, Coastal Wire: planned'), then the change ('= planned ->
    occurred'); a single status is just its days and status."""
    runs: list[tuple[str, list[str], list[str]]] = []  # (status, dates, outlets)
    for step in row.status_history:
        outlet = step.outlet or outlet_of.get(step.article_id, step.article_id)
        if not runs or runs[-1][0] != step.status:
            runs.append((step.status, [], []))
        runs[-1][1].append((step.published or "?")[:10])
        if outlet not in runs[-1][2]:
            runs[-1][2].append(outlet)
    if len(runs) == 1:  # one status throughout: the outlets column says who
        return f"{_days(runs[0][1])}: {runs[0][0]}"
    lines = [f"{_days(dates)} {', '.join(outlets)}: {status}" for status, dates, outlets in runs]
    if row.status_change:
        lines.append(f"= {row.status_change}")
    return "\n".join(lines)


def _days(dates: list[str]) -> str:
    """'2026-11-09', or a span '2026-11-09..11-11' (the year given once when it is the same)."""
    known = sorted(d for d in dates if d != "?") or ["?"]
    first, last = known[0], known[-1]
    if first == last:
        return first
    return f"{first}..{last[5:] if first[:4] == last[:4] else last}"


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("story_id")
@db_option
@format_option
def timeline(story_id: str, db_path: str | None, fmt: str) -> None:
    """Show a story's events by date, with how each one's status changed over the coverage."""
    _story_view(story_id, db_path, fmt, "events", _print_timeline)


def _print_timeline(found: dict, records: list, rows: list) -> None:
    from newstrace.link.labels import article_label

    outlet_of = {r.article.id: article_label(r.article) for r in records}
    console = Console(highlight=False)
    console.print(Text.assemble((found["label"], "bold"), f"  ({found['id']})"))
    table = Table(show_lines=True)
    table.add_column("date", no_wrap=True)
    table.add_column("event", ratio=3)
    table.add_column("status history", ratio=4)
    table.add_column("outlets", ratio=2)
    for row in rows:
        when = row.date or "?"
        if row.end:
            when += f"\n.. {row.end}"  # a range on two lines leaves the history its room
        if row.date_source == "reported":
            when += "\n(reported)"
        # Text, not str: triggers, names and outlets come from articles and must not be read as markup.
        table.add_row(
            Text(when),
            Text(_event_text(row)),
            Text(_history_text(row, outlet_of)),
            Text(", ".join(row.outlets)),
        )
    console.print(table)


def _counts_text(counts: dict[str, int], limit: int = 6) -> str:
    """'Trump (2), Donald J. Trump': names with their counts (when more than one), most first."""
    shown = [f"{k} ({n})" if n > 1 else k for k, n in list(counts.items())[:limit]]
    more = f", +{len(counts) - limit} more" if len(counts) > limit else ""
    return ", ".join(shown) + more


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@format_option
@click.option(
    "--type",
    "entity_type",
    type=click.Choice(["person", "organization", "outlet", "document", "country"]),
    help="Only entities of this type.",
)
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
def entities(db_path: str | None, fmt: str, entity_type: str | None, limit: int, offset: int) -> None:
    """List the canonical entities (people, bodies, countries), most mentioned first: the names they
    are written as, and the outlets and articles that mention them. `newstrace link` builds them."""
    from newstrace.store import Store

    err = _err()

    def run() -> int:
        with Store(_db(db_path), readonly=True) as store:
            rows = store.entities(type=entity_type, limit=limit, offset=offset)
        if fmt == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return EXIT_OK if rows else EXIT_NOTHING
        if not rows:
            err.print("newstrace: no entities (`newstrace link` builds them)", markup=False)
            return EXIT_NOTHING
        # five columns, so the names and outlets read in an 80-column terminal: the type under the
        # name, the articles beside the mentions
        table = Table(show_lines=True)
        table.add_column("entity", no_wrap=True)
        table.add_column("name (type)", ratio=2)
        table.add_column("mentions (articles)", justify="right", max_width=10)
        table.add_column("outlets", ratio=3)
        table.add_column("written as", ratio=3)
        for row in rows:
            # Text, not str: names and outlets come from articles and must not be read as markup.
            table.add_row(
                Text(row["id"]),
                Text.assemble(row["name"], "\n", (row["type"], "dim")),
                Text(f"{row['n_mentions']} ({row['n_articles']})"),
                Text(_counts_text(row["outlets"])),
                Text(_counts_text(row["variants"])),
            )
        Console(highlight=False).print(table)
        return EXIT_OK

    sys.exit(_guarded(err, run))
