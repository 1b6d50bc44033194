"""Label Studio round trip on text with emoji, CJK, combining characters and CRLF."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from pipeline.annotate.label_studio import labeling_config, to_tasks
from pipeline.annotate.label_studio_import import parse_export, read_export
from pipeline.annotate.offsets import Utf16Map, utf16_slice
from pipeline.errors import StoreError
from pipeline.runfolder import read_run

RUN = Path(__file__).parent / "data" / "run_unicode"


def _labels(claims):
    return [
        (
            c.claim_id,
            c.start,
            c.end,
            c.text,
            c.type,
            c.hedged,
            c.speaker.kind,
            c.speaker.id,
            (c.speaker.start, c.speaker.end),
            (c.holder.id, c.holder.start, c.holder.end) if c.holder else None,
            [(t.id, t.text, t.start, t.end, t.stance) for t in c.targets],
            [f.label for f in c.frames],
        )
        for c in sorted(claims, key=lambda c: c.claim_id)
    ]


def _as_ls_export(tasks):
    """What Label Studio exports after an annotator submits the predictions unchanged."""
    exported = []
    for i, task in enumerate(copy.deepcopy(tasks)):
        task["id"] = i + 1
        task["annotations"] = [
            {
                "id": 100 + i,
                "completed_by": 7,
                "result": task["predictions"][0]["result"],
                "was_cancelled": False,
            }
        ]
        exported.append(task)
    return json.loads(json.dumps(exported))


def test_offsets_are_utf16_code_units():
    data = read_run(RUN)
    tasks = to_tasks(data)
    text = tasks[0]["data"]["text"]
    assert "\r\n" in text and "🛡" in text and "北京" in text and "\u0301" in text
    for task in tasks:
        for item in task["predictions"][0]["result"]:
            if item["type"] == "labels":
                value = item["value"]
                # JavaScript's text.substring(start, end) must return the region text.
                assert utf16_slice(task["data"]["text"], value["start"], value["end"]) == value["text"]
    claim = next(c for c in data.claims if c.claim_id == "c-u2")
    region = next(
        r for r in tasks[0]["predictions"][0]["result"] if r.get("id") == "c-u2" and r["type"] == "labels"
    )
    # one emoji of 2 units (🛡 U+1F6E1) precedes the second line: UTF-16 offset = code points + 1
    assert region["value"]["start"] == claim.start + 1


def test_round_trip_keeps_spans_and_labels(tmp_path):
    data = read_run(RUN)
    out = tmp_path / "ls.json"
    out.write_text(json.dumps(_as_ls_export(to_tasks(data)), ensure_ascii=False), encoding="utf-8")
    docs = read_export(out)
    back = [c for d in docs for a in d.annotations for c in a.claims]
    assert _labels(back) == _labels(data.claims)
    assert all(c.label_source == "human" for c in back)
    assert [d.article.text for d in docs] == [a.text for a in data.articles]


def test_import_applies_annotator_edits():
    data = read_run(RUN)
    tasks = _as_ls_export(to_tasks(data))
    result = tasks[0]["annotations"][0]["result"]
    text = tasks[0]["data"]["text"]
    umap = Utf16Map(text)
    # 1) delete claim c-u3 (all its regions and relations)
    result[:] = [r for r in result if not str(r.get("id", r.get("from_id"))).startswith("c-u3")]
    # 2) change the stance of c-u1's target and 3) shrink c-u1 to end before ", Rubio"
    new_end = text.index(", Rubio")
    for r in result:
        if r.get("id") == "c-u1_t0" and r["type"] == "choices":
            r["value"]["choices"] = ["favor"]
        if r.get("id") == "c-u1" and r["type"] == "labels":
            r["value"]["end"] = umap.to_utf16(new_end)
    docs = parse_export(tasks)
    ann = docs[0].annotations[0]
    assert ann.rejected == ["c-u3"]
    c1 = next(c for c in ann.claims if c.claim_id == "c-u1")
    assert c1.text == "NATO 🛡️ is failing"
    assert [(t.id, t.stance, t.score) for t in c1.targets] == [("NATO", "favor", 1.0)]
    assert ann.annotator == "label-studio:7"


def test_offset_inside_surrogate_pair_is_a_coded_error():
    data = read_run(RUN)
    tasks = _as_ls_export(to_tasks(data))
    text = tasks[0]["data"]["text"]
    emoji_at = Utf16Map(text).to_utf16(text.index("🛡"))
    for r in tasks[0]["annotations"][0]["result"]:
        if r.get("id") == "c-u1" and r["type"] == "labels":
            r["value"]["end"] = emoji_at + 1
    with pytest.raises(StoreError, match=r"\[E404\]"):
        parse_export(tasks)


def test_bad_export_is_a_coded_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a list"}', encoding="utf-8")
    with pytest.raises(StoreError, match=r"\[E402\]"):
        read_export(bad)


def test_labeling_config_is_valid_xml_with_all_controls():
    root = ElementTree.fromstring(labeling_config(["alliance-crisis", "burden-sharing"]))
    names = {el.get("name") for el in root.iter() if el.get("name")}
    assert {"label", "text", "type", "hedged", "speaker_kind", "frames", "stance", "actor_id"} <= names
    per_region = [el for el in root.iter("Choices") if el.get("perRegion") == "true"]
    assert len(per_region) == 5
    assert {r.get("value") for r in root.iter("Relation")} == {"target", "speaker", "holder"}
