"""`newstrace reanalyse`: run the current pipeline again over stored articles and replace their analysis.

A store keeps each article's analysis as it was made when the article was ingested; `ingest` never
analyses a stored text again. After an upgrade (better rules, new models) this re-analyses the
articles whose analysis another version made (or all of them, or some by id) and replaces it in
place (`Store.replace_analyses`): same article id, text, copies and story; new attributions, sources,
events, spans, framing, counts and versions. The flow is ingest's: stored articles are read a batch at
a time (insertion order), analysed with the same pipeline (`nlp.pipe` batches, `jobs` processes), and
each batch is written in one transaction, so an interrupted run leaves every article either wholly old
or wholly new, and running the same command again goes on with the articles still stale.

An article whose analysis fails (or whose rows cannot be written) keeps its old analysis and is
reported with the reason; the others go on. The stories whose articles' analysis changed get their
claims and timeline recomputed at the end (`update_story_views`), and the canonical entities of those
articles are replaced with those of the new analysis as they are written.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from newstrace import __version__
from newstrace.analysis import DEFAULT_BATCH, analyze_articles, warm_worker
from newstrace.errors import one_line
from newstrace.nlp.pipeline import shared_pipeline
from newstrace.nlp.settings import attribution_setting
from newstrace.record import SCHEMA_VERSION, Article, Record
from newstrace.store.store import Store, StoredArticle


@dataclass
class ReanalyseOptions:
    everything: bool = False  # every article, not only those whose analysis another version made
    ids: list[str] = field(default_factory=list)  # only these articles (whether stale or not)
    jobs: int = 1
    batch_size: int = DEFAULT_BATCH
    views: bool = True  # recompute the story views made stale at the end (else the next link does)


@dataclass
class Failed:
    article_id: str
    reason: str


@dataclass
class Plan:
    """What a run will do, before it starts."""

    articles: int  # in the store
    selected: int  # to re-analyse
    stale: int  # analysed by another newstrace or record schema version
    other_models: dict[str, int]  # attribution model -> selected articles it analysed, when not this run's
    missing: list[str] = field(default_factory=list)  # --article ids not in the store

    def describe(self, options: ReanalyseOptions) -> str:
        which = (
            "the articles asked for"
            if options.ids
            else "every article"
            if options.everything
            else "the articles analysed by another version, or stored without predicates"
        )
        return (
            f"re-analysing {self.selected} of {self.articles} articles ({which}; {self.stale} stale) "
            f"with newstrace {__version__}, record schema {SCHEMA_VERSION}, "
            f"attribution {attribution_setting()}"
        )


@dataclass
class ReanalyseSummary:
    reanalysed: int = 0  # articles now holding the current analysis
    changed: int = 0  # of those, articles whose analysis differs from what was stored
    unchanged: int = 0  # articles left alone: their analysis is current
    failed: list[Failed] = field(default_factory=list)  # kept their old analysis
    stories_stale: int = 0  # stories whose views were marked stale
    story_views: int = 0  # stories whose views were recomputed at the end

    def counts(self) -> str:
        return (
            f"re-analysed {self.reanalysed} ({self.changed} with a changed analysis), "
            f"unchanged {self.unchanged}, failed {len(self.failed)}"
        )


def _analyse_batch(articles: list[Article], batch_size: int) -> list[Record | Failed]:
    """The records of a batch, in order; when the batch fails, each article alone, so an article that
    breaks the pipeline is reported with the reason and the rest are analysed."""
    nlp = shared_pipeline()
    try:
        return list(analyze_articles(articles, nlp, batch_size))
    except Exception:
        pass  # found below, article by article
    results: list[Record | Failed] = []
    for article in articles:
        try:
            results += analyze_articles([article], nlp, batch_size)
        except Exception as exc:
            results.append(Failed(article.id, f"analysis failed: {type(exc).__name__}: {one_line(exc)}"))
    return results


def analysed_batches(
    batches: Iterable[list[Article]], jobs: int = 1, batch_size: int = DEFAULT_BATCH
) -> Iterator[tuple[list[Article], list[Record | Failed]]]:
    """(batch, its records or failures) for each batch, in order, analysed in `jobs` processes (a
    window of 2 x jobs batches in flight, as `newstrace.analysis.analyze_prepared`)."""
    if jobs <= 1:
        for batch in batches:
            yield batch, _analyse_batch(batch, batch_size)
        return
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=warm_worker, initargs=(attribution_setting(),)
    ) as pool:
        window: deque[tuple[list[Article], Future]] = deque()
        for batch in batches:
            window.append((batch, pool.submit(_analyse_batch, batch, batch_size)))
            if len(window) >= 2 * jobs:
                done, future = window.popleft()
                yield done, future.result()
        while window:
            done, future = window.popleft()
            yield done, future.result()


class ReanalyseJob:
    """One run of `newstrace reanalyse` against one store."""

    def __init__(
        self,
        store: Store,
        options: ReanalyseOptions,
        on_done: Callable[[], None] = lambda: None,
        on_fail: Callable[[Failed], None] = lambda _failed: None,
    ):
        self.store = store
        self.options = options
        self.summary = ReanalyseSummary()
        self.on_done = on_done  # called once per selected article settled
        self.on_fail = on_fail
        self.version = (__version__, SCHEMA_VERSION)
        self._max_seq = 0

    def plan(self) -> Plan:
        """Count what the run will do (and fix the last article it may take: those stored later, by
        an ingest running meanwhile, are analysed by this version already)."""
        versions = self.store.analysis_versions()
        self._max_seq = self.store.max_seq()
        total = sum(v["articles"] for v in versions)
        stale = [
            v
            for v in versions
            if (v["newstrace_version"], v["schema_version"]) != self.version or not v["predicates"]
        ]
        plan = Plan(total, 0, sum(v["articles"] for v in stale), {})
        if self.options.ids:
            found = {a.id for a in self.store.stored_articles_by_id(self.options.ids)}
            plan.missing = [i for i in dict.fromkeys(self.options.ids) if i not in found]
            plan.selected = len(found)
            return plan
        chosen = versions if self.options.everything else stale
        plan.selected = sum(v["articles"] for v in chosen)
        model = attribution_setting()
        for v in chosen:
            if v["attribution"] is not None and v["attribution"] != model:
                plan.other_models[v["attribution"]] = (
                    plan.other_models.get(v["attribution"], 0) + v["articles"]
                )
        self.summary.unchanged = total - plan.selected
        return plan

    def run(self, plan: Plan | None = None) -> ReanalyseSummary:
        from newstrace.link.canonical import article_entities

        plan = plan or self.plan()
        for article_id in plan.missing:
            self._fail(Failed(article_id, "no such article in the store"))
        stories: set[str] = set()
        for _batch, results in analysed_batches(self._batches(), self.options.jobs, self.options.batch_size):
            records = [r for r in results if isinstance(r, Record)]
            for result in results:
                if isinstance(result, Failed):
                    self._fail(result)
            replaced = self.store.replace_analyses(records, article_entities) if records else []
            for done in replaced:
                if done.outcome == "failed":
                    self._fail(Failed(done.article_id, done.reason or "not stored"))
                    continue
                self.summary.reanalysed += 1
                self.summary.changed += done.outcome == "changed"
                stories.update(done.stories)
                self.on_done()
        if self.options.everything and not self.options.ids:
            # everything again: the claims and timelines too, as the running linker makes them, even
            # for stories whose articles' analysis came out the same
            self.summary.stories_stale = self.store.drop_story_views()
        else:
            self.summary.stories_stale = len(stories)
        if self.options.views and self.summary.stories_stale:
            from newstrace.link.runner import update_story_views

            self.summary.story_views = update_story_views(self.store)
        return self.summary

    def _batches(self) -> Iterator[list[Article]]:
        """The selected articles, a batch at a time; damaged rows are reported and left out."""
        size = self.options.batch_size
        if self.options.ids:
            found = self.store.stored_articles_by_id(self.options.ids)
            for start in range(0, len(found), size):
                if batch := self._usable(found[start : start + size]):
                    yield batch
            return
        stale_for = None if self.options.everything else self.version
        after = 0
        while rows := self.store.stored_articles(after, size, stale_for=stale_for, max_seq=self._max_seq):
            after = rows[-1].seq
            if batch := self._usable(rows):
                yield batch

    def _usable(self, rows: list[StoredArticle]) -> list[Article]:
        usable = []
        for row in rows:
            if row.article is None:
                self._fail(Failed(row.id, row.problem or "the stored article is damaged"))
            else:
                usable.append(row.article)
        return usable

    def _fail(self, failed: Failed) -> None:
        self.summary.failed.append(failed)
        self.on_fail(failed)
        self.on_done()
