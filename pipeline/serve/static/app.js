// claimscope review: keyboard shortcuts and JSON saves. Article text is never touched here:
// the server renders it escaped; this script only reads form fields and sets textContent.
"use strict";
(function () {
  const stateEl = document.getElementById("state");
  if (!stateEl) return;
  const state = JSON.parse(stateEl.textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const api = location.pathname.replace(/^\/p\//, "/api/p/");
  const form = document.getElementById("editor");
  const msg = document.getElementById("msg");

  function say(text, isError) {
    msg.textContent = text;
    msg.className = isError ? "msg error" : "msg";
  }

  function field(name) {
    return form.elements.namedItem(name);
  }

  function collect() {
    const claim = JSON.parse(JSON.stringify(state.claim));
    claim.start = parseInt(field("start").value, 10);
    claim.end = parseInt(field("end").value, 10);
    claim.type = field("type").value;
    claim.hedged = field("hedged").checked;
    claim.hedges = field("hedges").value.split(",").map((s) => s.trim()).filter(Boolean);
    const sid = field("speaker_id").value.trim();
    claim.speaker = Object.assign({}, claim.speaker, {
      id: sid || null,
      name: field("speaker_name").value.trim() || null,
      kind: field("speaker_kind").value,
    });
    const hid = field("holder_id").value.trim();
    const hname = field("holder_name").value.trim();
    claim.holder = hid || hname ? Object.assign({ start: null, end: null }, claim.holder || {}, { id: hid || null, name: hname || null }) : null;
    const targets = [];
    document.querySelectorAll("#targets .target-row").forEach((row) => {
      const i = parseInt(row.dataset.index, 10);
      if (row.querySelector('[name="target_remove"]').checked) return;
      const old = state.claim.targets[i];
      const id = row.querySelector('[name="target_id"]').value.trim() || old.id;
      const stance = row.querySelector('[name="target_stance"]').value;
      const same = old.id === id && old.stance === stance;
      targets.push(Object.assign({}, old, { id: id, stance: stance, score: same ? old.score : 1.0 }));
    });
    const newId = field("new_target_id").value.trim();
    if (newId) {
      targets.push({ id: newId, text: field("new_target_text").value.trim() || newId,
        stance: field("new_target_stance").value, score: 1.0, start: null, end: null, type: null });
    }
    claim.targets = targets;
    const oldFrames = {};
    state.claim.frames.forEach((f) => { oldFrames[f.label] = f.score; });
    const frames = [];
    form.querySelectorAll('[name="frames"]').forEach((box) => {
      if (box.checked) frames.push({ label: box.value, score: box.value in oldFrames ? oldFrames[box.value] : 1.0 });
    });
    const extra = field("new_frame").value.trim();
    if (extra) frames.push({ label: extra, score: 1.0 });
    claim.frames = frames;
    return claim;
  }

  async function post(url, body) {
    say("Saving…", false);
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      credentials: "same-origin",
      body: JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    if (!response.ok) {
      say(String(data.detail || response.statusText), true);
      return null;
    }
    return data;
  }

  async function save(status) {
    const data = await post(api, { version: state.version, claim: collect(), status: status });
    if (data) location.reload();
  }

  async function undo() {
    const data = await post(api + "/undo", {});
    if (data) location.reload();
  }

  function rows() {
    return Array.from(document.querySelectorAll("#targets .target-row"));
  }

  function selectedRow() {
    const checked = form.querySelector('[name="selected_target"]:checked');
    return checked ? checked.closest("tr") : rows()[0];
  }

  function selectTarget(index) {
    const all = rows();
    if (!all.length) return;
    const row = all[((index % all.length) + all.length) % all.length];
    row.querySelector('[name="selected_target"]').checked = true;
    row.querySelector('[name="target_id"]').focus();
    row.querySelector('[name="target_id"]').blur();
  }

  function setStance(stance) {
    const row = selectedRow();
    if (!row) { say("This claim has no target; add one first.", true); return; }
    row.querySelector('[name="target_stance"]').value = stance;
    save(null);
  }

  function go(id) {
    const link = document.getElementById(id);
    if (link) location.href = link.href;
  }

  const help = document.getElementById("help");
  function toggleHelp() { help.hidden = !help.hidden; }

  document.getElementById("accept").addEventListener("click", () => save("accepted"));
  document.getElementById("reject").addEventListener("click", () => save("rejected"));
  document.getElementById("save").addEventListener("click", () => save(null));
  document.getElementById("undo").addEventListener("click", undo);
  document.getElementById("help-button").addEventListener("click", toggleHelp);
  document.getElementById("comment-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const box = event.target.elements.namedItem("body");
    const data = await post(api + "/comments", { body: box.value });
    if (data) location.reload();
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); save(null); });

  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) &&
      !(document.activeElement.type === "radio" || document.activeElement.type === "checkbox");
    if (event.key === "Escape") { help.hidden = true; document.activeElement.blur(); return; }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); save(null); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const actions = {
      a: () => save("accepted"), r: () => save("rejected"), s: () => save(null), u: undo,
      f: () => setStance("favor"), x: () => setStance("against"), n: () => setStance("neutral"),
      j: () => go("next"), k: () => go("prev"), "?": toggleHelp,
      t: () => selectTarget(rows().indexOf(selectedRow()) + 1),
    };
    if (/^[1-9]$/.test(event.key)) { selectTarget(parseInt(event.key, 10) - 1); event.preventDefault(); return; }
    const action = actions[event.key];
    if (action) { event.preventDefault(); action(); }
  });
})();
