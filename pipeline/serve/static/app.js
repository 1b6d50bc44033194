// claimscope review: keyboard shortcuts, JSON saves, and spans drawn by selecting text.
// Article text is never written here: the server renders it escaped, in pieces
// <span data-o="N"> that start at code point N of the article; this script only reads the
// DOM selection, converts it to code-point offsets (what Python and the store count) and
// sets textContent of its own messages.
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

  // ------------------------------------------------------------ spans from the selection
  const articleEl = document.getElementById("article");
  const pieces = Array.from(articleEl.querySelectorAll("span[data-o]"));
  const chars = Array.from(articleEl.textContent); // the article text, one code point per item
  const spanTools = document.getElementById("span-tools");
  const spanInfo = document.getElementById("span-info");

  function codePoints(s) {
    let n = 0;
    for (const _ of s) n += 1; // iterates by code point: a surrogate pair counts once
    return n;
  }

  function pieceOf(node) {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    return el && el.dataset && el.dataset.o !== undefined && articleEl.contains(el) ? el : null;
  }

  // A DOM boundary point (node, offset in UTF-16 units or child nodes) -> code-point offset.
  function toOffset(node, offset) {
    if (node === articleEl) {
      return offset >= pieces.length ? chars.length : parseInt(pieces[offset].dataset.o, 10);
    }
    const piece = pieceOf(node);
    if (!piece) return null;
    const start = parseInt(piece.dataset.o, 10);
    if (node.nodeType === Node.TEXT_NODE) return start + codePoints(node.data.slice(0, offset));
    return start + (offset > 0 ? codePoints(piece.textContent) : 0);
  }

  // A code-point offset -> [text node, UTF-16 offset in it].
  function toBoundary(cp) {
    for (const piece of pieces) {
      const start = parseInt(piece.dataset.o, 10);
      const node = piece.firstChild;
      const inPiece = Array.from(node.data);
      if (cp <= start + inPiece.length) return [node, inPiece.slice(0, cp - start).join("").length];
    }
    const last = pieces[pieces.length - 1].firstChild;
    return [last, last.data.length];
  }

  // The selected text of the article as {start, end} code points, spaces at the ends left out.
  function selection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    let start = toOffset(range.startContainer, range.startOffset);
    let end = toOffset(range.endContainer, range.endOffset);
    if (start === null || end === null) return null;
    while (start < end && /\s/u.test(chars[start])) start += 1;
    while (end > start && /\s/u.test(chars[end - 1])) end -= 1;
    return start < end ? { start: start, end: end } : null;
  }

  function select(start, end) {
    const [startNode, startOffset] = toBoundary(start);
    const [endNode, endOffset] = toBoundary(end);
    const range = document.createRange();
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  const wordChar = (ch) => ch !== undefined && /[\p{L}\p{N}\p{M}]/u.test(ch);
  const space = (ch) => ch === undefined || /\s/u.test(ch);
  // Word starts and ends (letters and digits), and the edges of space-separated tokens
  // (so that "NATO's" and "failing." can be taken whole).
  function isStart(i) { return !space(chars[i]) && (space(chars[i - 1]) || (wordChar(chars[i]) && !wordChar(chars[i - 1]))); }
  function isEnd(i) { return !space(chars[i - 1]) && (space(chars[i]) || (wordChar(chars[i - 1]) && !wordChar(chars[i]))); }

  function step(from, direction, test) {
    let i = from + direction;
    while (i > 0 && i < chars.length && !test(i)) i += direction;
    return Math.max(0, Math.min(chars.length, i));
  }

  // [ ] move the start, { } the end, one word; from the claim's span when nothing is selected.
  function nudge(key) {
    const current = selection() || { start: state.claim.start, end: state.claim.end };
    let { start, end } = current;
    if (key === "[") start = step(start, -1, isStart);
    if (key === "]") start = Math.min(step(start, 1, isStart), end - 1);
    if (key === "{") end = Math.max(step(end, -1, isEnd), start + 1);
    if (key === "}") end = step(end, 1, isEnd);
    select(start, end);
    showSpanTools();
  }

  function excerpt(span) {
    const text = chars.slice(span.start, span.end).join("");
    return text.length > 80 ? text.slice(0, 60) + " … " + text.slice(-15) : text;
  }

  function showSpanTools() {
    const span = selection();
    spanTools.hidden = !span;
    if (span) spanInfo.textContent = `Selected characters ${span.start}–${span.end}: “${excerpt(span)}”`;
  }

  function needSelection() {
    const span = selection();
    if (!span) say("Select some text in the article first (or press [ ] { } to start from the claim).", true);
    return span;
  }

  function slug(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
  }

  // A known actor or target of the claim under the selection (or with the same words) gives
  // the new target's id and type; else the words do ("collective defence" -> collective-defence).
  function guessTarget(span) {
    const text = chars.slice(span.start, span.end).join("");
    const known = [...(state.claim.actors || []), ...(state.claim.targets || [])].filter((a) => a.id);
    const hit = known.find((a) => a.start !== null && a.start < span.end && span.start < a.end) ||
      known.find((a) => (a.text || "").toLowerCase() === text.toLowerCase());
    return hit ? { id: hit.id, type: hit.type || null } : { id: slug(text) || text, type: null };
  }

  function keptTargetIndex(row) {
    let k = 0;
    for (const each of rows()) {
      if (each === row) return k;
      if (!each.querySelector('[name="target_remove"]').checked) k += 1;
    }
    return -1;
  }

  async function spanAction(kind) {
    const span = needSelection();
    if (!span) return;
    if (kind === "new-claim") {
      const data = await post(api.replace(/\/c\/\d+$/, "/claims"),
        { doc_id: articleEl.dataset.doc, start: span.start, end: span.end });
      if (data) location.href = data.url;
      return;
    }
    const claim = collect();
    if (kind === "claim") {
      claim.start = span.start;
      claim.end = span.end;
    } else if (kind === "target") {
      const guess = guessTarget(span);
      claim.targets.push({ id: guess.id, text: chars.slice(span.start, span.end).join(""), stance: "neutral",
        score: 1.0, start: span.start, end: span.end, type: guess.type });
    } else if (kind === "move-target") {
      const row = selectedRow();
      const k = row ? keptTargetIndex(row) : -1;
      if (k < 0) { say("Select a target first (t, 1–9 or its radio button).", true); return; }
      Object.assign(claim.targets[k], { start: span.start, end: span.end });
    }
    const data = await post(api, { version: state.version, claim: claim, status: null });
    if (data) location.reload();
  }

  document.addEventListener("selectionchange", showSpanTools);
  spanTools.querySelectorAll("button[data-span]").forEach((button) => {
    button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
    button.addEventListener("click", () => spanAction(button.dataset.span));
  });

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
    if (event.key === "Escape") {
      help.hidden = true;
      document.activeElement.blur();
      window.getSelection().removeAllRanges();
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); save(null); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const actions = {
      a: () => save("accepted"), r: () => save("rejected"), s: () => save(null), u: undo,
      f: () => setStance("favor"), x: () => setStance("against"), n: () => setStance("neutral"),
      j: () => go("next"), k: () => go("prev"), "?": toggleHelp,
      t: () => selectTarget(rows().indexOf(selectedRow()) + 1),
      c: () => spanAction("claim"), C: () => spanAction("new-claim"),
      g: () => spanAction("target"), m: () => spanAction("move-target"),
      "[": () => nudge("["), "]": () => nudge("]"), "{": () => nudge("{"), "}": () => nudge("}"),
    };
    if (/^[1-9]$/.test(event.key)) { selectTarget(parseInt(event.key, 10) - 1); event.preventDefault(); return; }
    const action = actions[event.key];
    if (action) { event.preventDefault(); action(); }
  });
})();
