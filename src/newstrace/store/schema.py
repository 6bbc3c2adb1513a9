"""The store's DDL, one statement per string (so a migration can run them inside its own transaction).

Plain SQLite only: no custom functions or collations are needed to read the file, so Datasette,
the sqlite3 shell and DuckDB's sqlite scanner can open it. Conventions:

- `article_id` in every child table is the article's text id (`articles.id`), so joins read well;
  children are deleted with their article (ON DELETE CASCADE).
- Record ids (`a1`, `s1`, `e1`) are per article: child keys are (article_id, id).
- `ord` keeps the order of lists, so a record is rebuilt exactly.
- Every span of a record lives in `spans`, keyed by its owner (a1/s1/e1), its role and its position;
  this makes "does every span index its article's text" one query.
"""

from __future__ import annotations

# Migration 1: everything.
V1: list[str] = [
    """
    CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY,
        applied_at TEXT NOT NULL,
        newstrace_version TEXT NOT NULL
    )
    """,
    # `seq` is the insertion order and the FTS rowid: an INTEGER PRIMARY KEY, so VACUUM cannot
    # renumber it (an implicit rowid may change, which would silently break the FTS index).
    """
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        given_id TEXT NOT NULL,
        text_key TEXT NOT NULL UNIQUE,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        authors TEXT NOT NULL DEFAULT '[]',
        language TEXT,
        text TEXT NOT NULL,
        framing TEXT,
        newstrace_version TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        ingested_at TEXT NOT NULL,
        n_attributions INTEGER NOT NULL,
        n_sources INTEGER NOT NULL,
        n_events INTEGER NOT NULL,
        n_spans INTEGER NOT NULL
    )
    """,
    "CREATE INDEX articles_outlet ON articles(outlet)",
    "CREATE INDEX articles_published ON articles(published)",
    """
    CREATE TABLE copies (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        origin TEXT NOT NULL,
        fetched_at TEXT,
        added_at TEXT NOT NULL
    )
    """,
    # One row per place a text was seen: the URL when there is one, else the origin (file, WARC record).
    "CREATE UNIQUE INDEX copies_unique ON copies(article_id, coalesce(url, origin))",
    "CREATE INDEX copies_url ON copies(url)",
    "CREATE INDEX copies_outlet ON copies(outlet)",
    """
    CREATE TABLE attributions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        ord INTEGER NOT NULL,
        kind TEXT NOT NULL,
        source_id TEXT,
        via TEXT,
        PRIMARY KEY (article_id, id)
    )
    """,
    "CREATE INDEX attributions_kind ON attributions(kind)",
    "CREATE INDEX attributions_source ON attributions(article_id, source_id)",
    """
    CREATE TABLE sources (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        ord INTEGER NOT NULL,
        type TEXT NOT NULL,
        name TEXT,
        normalized_name TEXT,
        anonymous INTEGER NOT NULL,
        count INTEGER,
        affiliation TEXT,
        role TEXT,
        PRIMARY KEY (article_id, id)
    )
    """,
    "CREATE INDEX sources_normalized_name ON sources(normalized_name)",
    "CREATE INDEX sources_type ON sources(type)",
    # A child table rather than JSON, so "how many sources include officials" is plain SQL.
    """
    CREATE TABLE source_includes (
        article_id TEXT NOT NULL,
        source_id TEXT NOT NULL,
        ord INTEGER NOT NULL,
        text TEXT NOT NULL,
        count INTEGER,
        affiliation TEXT,
        PRIMARY KEY (article_id, source_id, ord),
        FOREIGN KEY (article_id, source_id) REFERENCES sources(article_id, id) ON DELETE CASCADE
    )
    """,
    # location/time: present when the event has a span with role 'location'/'time' in `spans`;
    # their name/value/end are kept here so events can be filtered without a join.
    """
    CREATE TABLE events (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        ord INTEGER NOT NULL,
        category TEXT NOT NULL,
        status TEXT NOT NULL,
        attributed_to TEXT,
        location_name TEXT,
        time_value TEXT,
        time_end TEXT,
        PRIMARY KEY (article_id, id)
    )
    """,
    "CREATE INDEX events_category ON events(category)",
    "CREATE INDEX events_status ON events(status)",
    "CREATE INDEX events_time_value ON events(time_value)",
    """
    CREATE TABLE spans (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        owner TEXT NOT NULL,
        role TEXT NOT NULL,
        ord INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (article_id, owner, role, ord)
    )
    """,
    "CREATE INDEX spans_role ON spans(role)",
    # Event actors and targets: the name, and the span it was read from.
    """
    CREATE TABLE participants (
        article_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        role TEXT NOT NULL,
        ord INTEGER NOT NULL,
        name TEXT NOT NULL,
        span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, event_id, role, ord),
        FOREIGN KEY (article_id, event_id) REFERENCES events(article_id, id) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX participants_name ON participants(name)",
    "CREATE INDEX participants_span ON participants(span_id)",
    # Full-text index over the articles table (external content: the text is stored once).
    # Kept in step by triggers, so raw SQL edits of `articles` keep it consistent too.
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END
    """,
    """
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
    END
    """,
    """
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END
    """,
    # MinHash signature (little-endian uint32 x num_perm) and its LSH bands. The band table is
    # the index: candidate lookup is an indexed SQL query, nothing is held in memory.
    """
    CREATE TABLE minhashes (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        num_perm INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        scheme TEXT NOT NULL,
        shingle_size INTEGER NOT NULL,
        hashvalues BLOB NOT NULL
    )
    """,
    """
    CREATE TABLE lsh_bands (
        band INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band, hash, article_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX lsh_bands_article ON lsh_bands(article_id)",
    # Both directions are stored, so "near duplicates of X" is one indexed lookup either way.
    """
    CREATE TABLE near_duplicates (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        other_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        similarity REAL NOT NULL,
        PRIMARY KEY (article_id, other_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX near_duplicates_other ON near_duplicates(other_id)",
    # Fetcher state: which URLs were handled (so re-runs do not refetch) and each feed's caching headers.
    """
    CREATE TABLE urls (
        url TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX urls_status ON urls(status)",
    """
    CREATE TABLE feeds (
        feed_url TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
]

# Tables that belong to the FTS index (the virtual table and its shadow tables): not exported.
FTS_TABLE = "articles_fts"


# Version 2: which model produced each analysis step (Record.models), as a JSON object.
V2 = ["ALTER TABLE articles ADD COLUMN models TEXT NOT NULL DEFAULT '{}'"]

# Version 3: events carry their PLOVER mode, factuality score and the country of their place;
# participants their ISO 3166 country code and sector.
V3 = [
    "ALTER TABLE events ADD COLUMN mode TEXT",
    "ALTER TABLE events ADD COLUMN factuality REAL",
    "ALTER TABLE events ADD COLUMN location_country TEXT",
    "ALTER TABLE participants ADD COLUMN country TEXT",
    "ALTER TABLE participants ADD COLUMN sector TEXT",
    "CREATE INDEX participants_country ON participants(country)",
]

# Version 4: stories (newstrace.link.stories). One row per story with its summary and its profile
# (the index's per-story state, JSON); which story each article is in; the index's document
# frequencies, one row per term; and the index's counters. `newstrace link` loads these, assigns
# the articles that have no story yet, and writes back what changed in one transaction.
V4 = [
    """
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        first_seen TEXT,
        last_seen TEXT,
        n_articles INTEGER NOT NULL,
        outlets TEXT NOT NULL DEFAULT '[]',
        profile TEXT NOT NULL
    )
    """,
    "CREATE INDEX stories_last_seen ON stories(last_seen)",
    """
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES stories(id),
        linked_seq INTEGER NOT NULL
    )
    """,
    "CREATE INDEX story_articles_story ON story_articles(story_id)",
    "CREATE TABLE story_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE link_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
]

# Version 5: canonical entities (newstrace.link.canonical). One row per entity (a person, an
# organisation or outlet, a document, a country) with its canonical (fullest) name, its matching key
# (`person:<surname>`, `org:<folded name>`, `doc:<folded name>`, `country:<ISO3>`; several entities
# may share a key, e.g. two people with one surname) and its counts; one row per reference to it in
# an article: a source (`ref` = the source id, `s1`) or an event participant (`e3:actor:0`, the
# event id, role and position), with the name as written there. The canonicaliser's progress (the
# last article seq done, the next entity number) is the `entities` row of `link_state`.
V5 = [
    """
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        key TEXT NOT NULL,
        country TEXT,
        n_mentions INTEGER NOT NULL,
        n_articles INTEGER NOT NULL,
        first_seen TEXT,
        last_seen TEXT
    )
    """,
    "CREATE INDEX entities_key ON entities(key)",
    "CREATE INDEX entities_type ON entities(type, n_mentions)",
    "CREATE INDEX entities_mentions ON entities(n_mentions)",
    """
    CREATE TABLE entity_mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        ref TEXT NOT NULL,
        entity_id TEXT NOT NULL REFERENCES entities(id),
        role TEXT NOT NULL,
        name_as_written TEXT NOT NULL,
        outlet TEXT,
        PRIMARY KEY (article_id, ref)
    )
    """,
    "CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id)",
]

# Version 6: indexes for reading at scale. The two lists' orders, with expressions matching the ORDER BY
# of `Store.stories` and `Store.articles` exactly, so a page of either is an index walk rather than a
# sort of the whole table; and `story_articles.linked_seq`, so the next link number (its max) is one
# index lookup instead of a scan per linked article, which made linking quadratic in the store size.
V6 = [
    "CREATE INDEX stories_activity ON stories(coalesce(last_seen, '') DESC, length(id) DESC, id DESC)",
    "CREATE INDEX articles_latest ON articles(coalesce(published, '') DESC, seq DESC)",
    "CREATE INDEX story_articles_linked ON story_articles(linked_seq)",
]

# Version 7: each story's claims and timeline, computed when the story is linked, for the version of
# the story (its article count and last seen) they were computed from. Reading a story's claims is
# then one row, not a clustering of all its articles (seconds for a story of hundreds).
V7 = [
    """
    CREATE TABLE story_views (
        story_id TEXT PRIMARY KEY REFERENCES stories(id),
        n_articles INTEGER NOT NULL,
        last_seen TEXT,
        claims TEXT NOT NULL,
        timeline TEXT NOT NULL,
        computed_at TEXT NOT NULL
    )
    """,
]

# Version 8: a story view's claims and timeline rows one row each (`story_view_items`, in order), with
# their counts on the view, so a page of them is an index range and the stories list's claim counts one
# lookup, instead of parsing a story's whole claims (megabytes for a story of hundreds of articles) for
# any page of them. The rows stored at version 7 are moved over by SQLite's own JSON functions.
V8 = [
    """
    CREATE TABLE story_view_items (
        story_id TEXT NOT NULL REFERENCES stories(id),
        kind TEXT NOT NULL,
        ord INTEGER NOT NULL,
        item TEXT NOT NULL,
        PRIMARY KEY (story_id, kind, ord)
    )
    """,
    "ALTER TABLE story_views ADD COLUMN n_claims INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE story_views ADD COLUMN n_timeline INTEGER NOT NULL DEFAULT 0",
    "INSERT INTO story_view_items(story_id, kind, ord, item)"
    " SELECT v.story_id, 'claims', j.key, j.value FROM story_views v, json_each(v.claims) j",
    "INSERT INTO story_view_items(story_id, kind, ord, item)"
    " SELECT v.story_id, 'timeline', j.key, j.value FROM story_views v, json_each(v.timeline) j",
    "UPDATE story_views SET n_claims = json_array_length(claims), n_timeline = json_array_length(timeline)",
    "ALTER TABLE story_views DROP COLUMN claims",
    "ALTER TABLE story_views DROP COLUMN timeline",
]

# Version 9: each clause's main verb with its status (`Record.predicates`, what a claim's status is read
# from), as one JSON array per article of [start, end, status, depth]; NULL for a record stored before.
V9 = ["ALTER TABLE articles ADD COLUMN predicates TEXT"]
