"""Corroboration of one claim: which mentions are independent confirmations and which are echoes.

The mentions are taken in publication order (then article order, then text order) and each gets a
kind:

* `denial`: the mention denies the claim (it never counts and never cancels a confirmation);
* `wire_copy`: its article is a near-duplicate of an earlier article of the story (exact Jaccard of
  word 5-shingles, `newstrace.store.dedup`, at least `wire_jaccard`; copies of wire stories change
  the headline and first line, so the store's 0.8 is too strict here); `echo_of` is that article;
* `echo`: it attributes the content to another outlet; `echo_of` is the earliest earlier article of
  that outlet carrying the claim (else of that outlet in the story), so an echo of an echo points
  to the outlet it cites and the chain can be followed;
* `original` / `independent`: the article's own sourcing, on a source not already counted
  (`newstrace.link.entities`: same surname, same body; anonymous sources are never the same); one
  counted mention per article;
* `same_source`: its own reporting on a source already counted (or a second own mention in an
  article already counted, whose source then counts as used: a later article on it is
  `same_source` too); `same_source_as` names the article counted for it;
* `unsourced`: a statement with no source found, when the claim is counted or another of its
  own mentions has a source (the narrative restating a sourced report is no second source); when
  none has one, the first is the article's own reporting and counts.

`independent_sources` is the number of `original` + `independent` mentions, `first_reported_by`
the article of the `original`, `chain` the mentions in time order with whom each re-reports.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newstrace.link.entities import SourceKey
from newstrace.store.dedup import jaccard_sets, shingles

if TYPE_CHECKING:
    from newstrace.link.claims import Claim, ClaimMention
    from newstrace.record import Record


def publication_key(published: str | None) -> str:
    return published or "9999"


def wire_copies(records: list[Record], threshold: float = 0.5) -> dict[str, str]:
    """article id -> the earlier article it copies (the most similar one at or above threshold)."""
    ordered = sorted(enumerate(records), key=lambda p: (publication_key(p[1].article.published), p[0]))
    grams = [shingles(r.article.text) for _, r in ordered]
    copies: dict[str, str] = {}
    for j in range(len(ordered)):
        best, best_sim = None, threshold
        for i in range(j):
            small, large = sorted((len(grams[i]), len(grams[j])))
            if small < best_sim * large:  # Jaccard is at most small / large: no need to intersect
                continue
            sim = jaccard_sets(grams[i], grams[j])
            if sim >= best_sim:
                best, best_sim = ordered[i][1].article.id, sim
        if best is not None:
            copies[ordered[j][1].article.id] = best
    return copies


def corroborate(
    claim: Claim,
    copies: dict[str, str],
    outlets: list[str] | None = None,
    articles: list[tuple[str, str | None, str | None]] | None = None,
) -> Claim:
    """Set each mention's kind and echo_of, and the claim's count, first report, statement and chain.

    `copies` comes from `wire_copies`; `articles` (id, outlet, published) of the whole story, used
    to find a cited outlet's article when that article does not carry the claim itself."""
    order = {m.article_id: n for n, m in enumerate(claim.mentions)}
    mentions = sorted(
        claim.mentions, key=lambda m: (publication_key(m.published), order[m.article_id], m.start)
    )
    claim.mentions = mentions
    counted: list[tuple[ClaimMention, SourceKey | None]] = []
    counted_articles: dict[str, ClaimMention] = {}
    used: list[tuple[ClaimMention, SourceKey | None]] = []  # other sources of counted articles
    carriers: list[ClaimMention] = []  # mentions seen so far (for echo targets)

    def earliest_of(outlet: str, before: ClaimMention) -> str | None:
        for seen in carriers:
            if seen.outlet == outlet and seen.article_id != before.article_id:
                return seen.article_id
        for article_id, article_outlet, published in sorted(
            articles or [], key=lambda a: publication_key(a[2])
        ):
            if article_outlet == outlet and publication_key(published) <= publication_key(before.published):
                return article_id
        return None

    # a statement with no source counts only when nothing in the claim has one: the narrative restating
    # a sourced report ("The line was closed.") is no second source
    sourced = any(
        m.key is not None and not m.denial and not m.cited_outlet and m.article_id not in copies
        for m in mentions
    )
    for mention in mentions:
        if mention.denial:
            mention.kind = "denial"
        elif mention.article_id in copies:
            mention.kind = "wire_copy"
            mention.echo_of = copies[mention.article_id]
        elif mention.cited_outlet:
            mention.kind = "echo"
            mention.echo_of = earliest_of(mention.cited_outlet, mention)
        elif mention.article_id in counted_articles:
            mention.kind = "same_source"
            mention.same_source_as = mention.article_id
            if mention.key is not None:  # its source is now used for the claim: a later article on it repeats
                used.append((mention, mention.key))
        elif mention.key is None:
            if counted or sourced:
                mention.kind = "unsourced"  # its article's narrative, not a source: see `sourced`
            else:
                mention.kind = "original"
        else:
            earlier = next(
                (m for m, key in [*counted, *used] if key is not None and key.same_as(mention.key)), None
            )
            if earlier is not None:
                mention.kind = "same_source"
                mention.same_source_as = earlier.article_id
            else:
                mention.kind = "independent" if counted else "original"
        if mention.kind in ("original", "independent"):
            counted.append((mention, mention.key))
            counted_articles[mention.article_id] = mention
        if mention.kind != "denial":
            carriers.append(mention)

    for mention in mentions:
        if mention.kind == "unsourced" and counted:
            mention.same_source_as = counted[0][0].article_id
    # an article that cites another outlet and adds its own source: its confirmation names the report
    for mention in mentions:
        if mention.kind == "independent":
            echo = next(
                (
                    m
                    for m in mentions
                    if m.article_id == mention.article_id and m.kind == "echo" and m.echo_of
                ),
                None,
            )
            if echo is not None:
                mention.echo_of = echo.echo_of

    if not counted:
        # only echoes, copies or denials here: the earliest supporter stands for the claim
        supporter = next((m for m in mentions if m.kind != "denial"), None)
        claim.first_reported_by = (supporter.echo_of or supporter.article_id) if supporter else None
        claim.independent_sources = 1 if supporter else 0
    else:
        claim.first_reported_by = counted[0][0].article_id
        claim.independent_sources = len(counted)
    lead = counted[0][0] if counted else (mentions[0] if mentions else None)
    claim.statement = readable(lead.text) if lead else ""
    claim.chain = [
        {
            "article_id": m.article_id,
            "outlet": m.outlet,
            "published": m.published,
            "kind": m.kind,
            "echo_of": m.echo_of,
            "same_source_as": m.same_source_as,
            "source": m.source,
        }
        for m in mentions
    ]
    return claim


# what a content cut from its sentence may open with: the joint it hung by ('and accused police of ...',
# 'that customers would be offered refunds'), lower-case, so not 'That is for the board to establish'
_JOINT = re.compile(r"^(?:and|but|that)\s+")


def readable(text: str) -> str:
    """A mention's text as a claim's label: without the joint it hung by, its quotation closed where the
    cut left it open ('the ministry "does not comment.' -> 'the ministry "does not comment."')."""
    text = _JOINT.sub("", text, count=1)
    if text.count('"') % 2:
        text += '"'
    if text.count("“") > text.count("”"):
        text += "”"
    return text
