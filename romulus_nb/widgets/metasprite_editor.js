// MetaspriteEditor: compose a metasprite from tiles on a grid, see the OAM entries it makes, and
// play the player's animations. Loaded after _common.js (bytesOf, hex, el, ...): the Python class
// joins the two into one self-contained module, as anywidget loads it from a blob URL.
//
// Named parts, each a function below returning what the others may call:
//   messages    one edit in flight to the kernel at a time; a drag's moves collapse to the latest
//   bar         scene, metasprite (pick, new, rename, delete), undo/redo
//   sprites     drawing a metasprite's parts from the CHR and palettes the kernel sent
//   grid        the metasprite on a pixel grid: drop tiles, select, drag, arrow keys
//   sheet       the sprite pattern table to drag tiles from, the palette new parts get
//   part panel  the selected part: palette, flips, priority, delete
//   oam panel   the OAM entries and per-line counts the kernel computed
//   line strip  those counts beside the grid, line by line, red past 8
//   animations  each animation of the player, playing at 60 frames a second, and its frames
// `render` puts them together and subscribes them to the model.

const VIEW = 96; // pixels of the grid each way
const ORIGIN = 32; // where offset (0, 0) is in the grid
const ZOOM = 4;
const PREVIEW = 48; // pixels of an animation preview each way, origin at PREVIEW_ORIGIN
const PREVIEW_ORIGIN = 16;
const PREVIEW_ZOOM = 3;
const FPS = 60;
const ANIMATIONS = ["idle", "walk", "jump"];
const [DX, DY, TILE, PAL, FLIP_H, FLIP_V, BEHIND] = [0, 1, 2, 3, 4, 5, 6];

// --- messages ---------------------------------------------------------------------------------
function createMessages(ed) {
  let seq = randomId();
  let stroke = randomId();
  let queue = [];
  let inflight = null;
  function pump() {
    if (inflight || !queue.length) return;
    inflight = queue.shift();
    seq += 1;
    inflight.seq = seq;
    ed.model.send(inflight);
    const sent = inflight;
    setTimeout(() => {
      if (inflight === sent) {
        inflight = null; // no answer in 2 s (kernel busy or gone): stop waiting
        pump();
      }
    }, 2000);
  }
  /** Queue `msg` in stroke `strokeId` (a new stroke of its own when omitted). */
  function send(msg, strokeId) {
    msg.stroke = strokeId === undefined ? newStroke() : strokeId;
    const last = queue[queue.length - 1];
    if (msg.op === "move_part" && last && last.op === "move_part" && last.index === msg.index) {
      last.dx = msg.dx; // only the latest position of a drag matters
      last.dy = msg.dy;
      return;
    }
    queue.push(msg);
    pump();
  }
  function newStroke() {
    stroke += 1;
    return stroke;
  }
  function onAck() {
    if (inflight && ed.get("ack") === inflight.seq) {
      inflight = null;
      pump();
    }
  }
  return { send, newStroke, onAck };
}

// --- bar --------------------------------------------------------------------------------------
function createBar(ed) {
  const bar = el("div", "romulus-ms-bar");
  const sceneSelect = el("select", "romulus-ms-scene");
  sceneSelect.title = "whose sprite palettes and pattern table draw the tiles";
  sceneSelect.addEventListener("change", () => ed.setTrait("scene_index", Number(sceneSelect.value)));
  const pick = el("select", "romulus-ms-pick");
  pick.addEventListener("change", () => ed.setTrait("current", Number(pick.value)));
  const name = el("input", "romulus-ms-name");
  name.placeholder = "name";
  name.size = 12;
  const button = (cls, text, fn) => {
    const b = el("button", cls, text);
    b.addEventListener("click", fn);
    return b;
  };
  const add = button("romulus-ms-new", "New", () => {
    const taken = new Set(ed.get("metasprites").map((m) => m.name));
    let n = taken.size;
    while (taken.has(`metasprite ${n}`)) n += 1;
    ed.send({ op: "add_metasprite", name: name.value || `metasprite ${n}` });
  });
  const rename = button("romulus-ms-rename", "Rename", () =>
    ed.send({ op: "rename_metasprite", metasprite: ed.get("current"), name: name.value }),
  );
  const remove = button("romulus-ms-delete", "Delete", () =>
    ed.send({ op: "delete_metasprite", metasprite: ed.get("current") }),
  );
  const undo = button("", "Undo (Ctrl+Z)", () => ed.send({ op: "undo" }));
  const redo = button("", "Redo (Ctrl+Shift+Z)", () => ed.send({ op: "redo" }));
  bar.append(sceneSelect, "metasprite", pick, name, add, rename, remove, undo, redo);
  function paint() {
    showScenes(sceneSelect, ed.get("scene_names"), ed.get("scene_index"));
    const all = ed.get("metasprites");
    pick.replaceChildren(
      ...all.map((m, i) => {
        const o = el("option", "", `${i}: ${m.name} (${m.parts.length} parts)`);
        o.value = String(i);
        return o;
      }),
    );
    pick.value = String(ed.get("current"));
    rename.disabled = remove.disabled = ed.get("current") < 0;
    undo.disabled = !ed.get("can_undo");
    redo.disabled = !ed.get("can_redo");
  }
  return { bar, paint };
}

// --- sprites ----------------------------------------------------------------------------------
/** Draws parts from the kernel's CHR and palette RAM onto a 2D context, `zoom` screen pixels
 * a pixel; the lowest part index is in front, as in OAM. */
function createSprites(ed) {
  function colors() {
    const pal = bytesOf(ed.get("palettes"));
    const rgb = bytesOf(ed.get("master_rgb"));
    if (pal.length !== 32 || rgb.length !== 192) return null;
    return Array.from(pal, (c) => cssColor(rgb, c & 0x3f));
  }
  /** Pixel value (0-3) rows of a part: `height` rows of 8. */
  function pattern(part, height) {
    const chr = bytesOf(ed.get("chr"));
    const tile = part[TILE];
    const first = height === 16 ? (tile & 1) * 256 + (tile & 0xfe) : ed.get("sprite_table") * 256 + tile;
    const rows = [];
    for (let y = 0; y < height; y++) {
      const sy = part[FLIP_V] ? height - 1 - y : y;
      const t = first + (sy >> 3);
      const row = [];
      for (let x = 0; x < 8; x++) row.push(chr[t * 64 + (sy & 7) * 8 + (part[FLIP_H] ? 7 - x : x)] || 0);
      rows.push(row);
    }
    return rows;
  }
  function drawPart(ctx, part, height, ox, oy, zoom, cs) {
    const rows = pattern(part, height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < 8; x++) {
        const v = rows[y][x];
        if (!v) continue;
        ctx.fillStyle = cs[16 + 4 * part[PAL] + v];
        ctx.fillRect((ox + part[DX] + x) * zoom, (oy + part[DY] + y) * zoom, zoom, zoom);
      }
    }
  }
  /** The backdrop, then every part of metasprite `m` with its origin at (ox, oy). */
  function draw(ctx, m, ox, oy, zoom, size, parts) {
    const cs = colors();
    ctx.fillStyle = cs ? cs[0] : "#000";
    ctx.fillRect(0, 0, size * zoom, size * zoom);
    if (!m || !cs) return;
    const list = parts || m.parts;
    for (let i = list.length - 1; i >= 0; i--) drawPart(ctx, list[i], m.height, ox, oy, zoom, cs);
  }
  return { draw, drawPart, colors };
}

// --- grid -------------------------------------------------------------------------------------
function createGrid(ed) {
  const canvas = el("canvas", "romulus-ms-grid");
  canvas.width = canvas.height = VIEW * ZOOM;
  const ctx = canvas.getContext("2d");
  let dragParts = null; // the parts as dragged, shown until the kernel's answer arrives
  let moving = null; // {index, grab: [x, y], stroke}
  let ghost = null; // {tile, x, y}: a tile being dragged in from the sheet

  const current = () => ed.get("metasprites")[ed.get("current")];
  function pixelAt(ev) {
    const r = canvas.getBoundingClientRect();
    const x = Math.floor(((ev.clientX - r.left) * VIEW) / r.width) - ORIGIN;
    const y = Math.floor(((ev.clientY - r.top) * VIEW) / r.height) - ORIGIN;
    return [x, y];
  }
  function inside(ev) {
    const r = canvas.getBoundingClientRect();
    return ev.clientX >= r.left && ev.clientX < r.right && ev.clientY >= r.top && ev.clientY < r.bottom;
  }
  function paint() {
    const m = current();
    ed.sprites.draw(ctx, m, ORIGIN, ORIGIN, ZOOM, VIEW, dragParts);
    ctx.strokeStyle = "rgba(128,128,128,0.45)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i <= VIEW; i += 8) {
      ctx.moveTo(i * ZOOM + 0.5, 0);
      ctx.lineTo(i * ZOOM + 0.5, VIEW * ZOOM);
      ctx.moveTo(0, i * ZOOM + 0.5);
      ctx.lineTo(VIEW * ZOOM, i * ZOOM + 0.5);
    }
    ctx.stroke();
    ctx.strokeStyle = "#e03030"; // the origin: the player's position
    ctx.beginPath();
    ctx.moveTo(ORIGIN * ZOOM + 0.5, 0);
    ctx.lineTo(ORIGIN * ZOOM + 0.5, VIEW * ZOOM);
    ctx.moveTo(0, ORIGIN * ZOOM + 0.5);
    ctx.lineTo(VIEW * ZOOM, ORIGIN * ZOOM + 0.5);
    ctx.stroke();
    const box = ed.get("box");
    if (box.length === 2) {
      ctx.setLineDash([6, 4]); // the player's collision box
      ctx.strokeStyle = "#2e8b57";
      ctx.strokeRect(ORIGIN * ZOOM + 0.5, ORIGIN * ZOOM + 0.5, box[0] * ZOOM, box[1] * ZOOM);
      ctx.setLineDash([]);
    }
    const parts = dragParts || (m ? m.parts : []);
    const sel = ed.get("selected_part");
    if (m && sel >= 0 && sel < parts.length) {
      ctx.strokeStyle = "#ff8c00";
      ctx.lineWidth = 2;
      ctx.strokeRect((ORIGIN + parts[sel][DX]) * ZOOM, (ORIGIN + parts[sel][DY]) * ZOOM, 8 * ZOOM, m.height * ZOOM);
    }
    if (ghost && m) {
      ctx.globalAlpha = 0.6;
      const part = [ghost.x, ghost.y, ghost.tile, ed.get("palette"), false, false, false];
      ed.sprites.drawPart(ctx, part, m.height, ORIGIN, ORIGIN, ZOOM, ed.sprites.colors() || []);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = "#4a90d9";
      ctx.strokeRect((ORIGIN + ghost.x) * ZOOM, (ORIGIN + ghost.y) * ZOOM, 8 * ZOOM, m.height * ZOOM);
    }
  }
  /** The frontmost part under offset (x, y), or -1. */
  function hit(x, y) {
    const m = current();
    if (!m) return -1;
    return m.parts.findIndex((p) => x >= p[DX] && x < p[DX] + 8 && y >= p[DY] && y < p[DY] + m.height);
  }
  /** Where a tile dropped at the pointer lands: on the 8-pixel grid, or the pixel with Shift. */
  function dropAt(ev) {
    const m = current();
    const [x, y] = pixelAt(ev);
    if (ev.shiftKey) return [x, y];
    return [Math.floor(x / 8) * 8, Math.floor(y / (m ? m.height : 8)) * (m ? m.height : 8)];
  }
  function showGhost(ev, tile) {
    if (inside(ev) && current()) {
      const [x, y] = dropAt(ev);
      ghost = { tile, x, y };
    } else {
      ghost = null;
    }
    paint();
  }
  function drop(ev, tile) {
    ghost = null;
    paint();
    if (!inside(ev)) return;
    if (!current()) {
      ed.showError("add a metasprite first (New)");
      return;
    }
    const [dx, dy] = dropAt(ev);
    ed.send({ op: "add_part", metasprite: ed.get("current"), tile, dx, dy, palette: ed.get("palette") });
  }
  function movePart(index, dx, dy, stroke) {
    const m = current();
    if (!m || index < 0 || index >= m.parts.length) return;
    dragParts = (dragParts || m.parts).map((p, i) => (i === index ? [dx, dy, ...p.slice(2)] : p));
    paint();
    ed.send({ op: "move_part", metasprite: ed.get("current"), index, dx, dy }, stroke);
  }
  canvas.addEventListener("pointerdown", (ev) => {
    ed.root.focus({ preventScroll: true });
    const [x, y] = pixelAt(ev);
    const index = hit(x, y);
    ed.setTrait("selected_part", index);
    if (index >= 0) {
      const p = current().parts[index];
      moving = { index, grab: [x - p[DX], y - p[DY]], stroke: ed.messages.newStroke() };
      canvas.setPointerCapture(ev.pointerId);
    }
    ev.preventDefault();
  });
  canvas.addEventListener("pointermove", (ev) => {
    const [x, y] = pixelAt(ev);
    ed.status(`offset (${x}, ${y})`);
    if (!moving) return;
    const parts = dragParts || current().parts;
    const [dx, dy] = [x - moving.grab[0], y - moving.grab[1]];
    const p = parts[moving.index];
    if (p && (p[DX] !== dx || p[DY] !== dy)) movePart(moving.index, dx, dy, moving.stroke);
  });
  const finish = () => {
    if (!moving) return;
    moving = null;
    ed.send({ op: "end" });
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  /** Arrow keys: the selected part by one pixel (8 with Shift); each press is its own stroke. */
  function nudge(ddx, ddy) {
    const m = current();
    const sel = ed.get("selected_part");
    if (!m || sel < 0 || sel >= m.parts.length) return false;
    const p = (dragParts || m.parts)[sel];
    movePart(sel, p[DX] + ddx, p[DY] + ddy);
    return true;
  }
  function modelChanged() {
    if (!moving) dragParts = null;
    paint();
  }
  return { canvas, paint, showGhost, drop, nudge, modelChanged };
}

// --- sheet ------------------------------------------------------------------------------------
function createSheet(ed) {
  const box = el("div", "romulus-ms-sheetbox");
  const title = el("div", "romulus-ms-sheet-title");
  const canvas = el("canvas", "romulus-ms-sheet");
  canvas.width = canvas.height = 256;
  const ctx = canvas.getContext("2d");
  const paletteSelect = el("select", "romulus-ms-new-palette");
  for (let p = 0; p < 4; p++) {
    const o = el("option", "", `new parts: SPR${p}`);
    o.value = String(p);
    paletteSelect.append(o);
  }
  paletteSelect.addEventListener("change", () => ed.setTrait("palette", Number(paletteSelect.value)));
  box.append(title, canvas, paletteSelect);
  let dragging = null; // the tile being dragged to the grid

  const table = () => {
    const m = ed.get("metasprites")[ed.get("current")];
    return m && m.height === 16 ? null : ed.get("sprite_table");
  };
  function paint() {
    const chr = bytesOf(ed.get("chr"));
    const cs = ed.sprites.colors();
    if (chr.length !== 512 * 64 || !cs) return;
    const t = table() === null ? 0 : table();
    const p = 16 + 4 * ed.get("palette");
    const colors = [cs[0], cs[p + 1], cs[p + 2], cs[p + 3]];
    for (let tile = 0; tile < 256; tile++) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          ctx.fillStyle = colors[chr[(t * 256 + tile) * 64 + y * 8 + x]];
          ctx.fillRect(((tile % 16) * 8 + x) * 2, (Math.floor(tile / 16) * 8 + y) * 2, 2, 2);
        }
      }
    }
    const tile = ed.get("tile");
    ctx.strokeStyle = "#ff8c00";
    ctx.lineWidth = 2;
    ctx.strokeRect((tile % 16) * 16 + 1, Math.floor(tile / 16) * 16 + 1, 14, 14);
    title.textContent =
      table() === null
        ? "8x16 parts: tile bit 0 picks the table; drag a tile onto the grid"
        : `sprite pattern table ${t} (${hex(t * 0x1000, 4)}): drag a tile onto the grid`;
    paletteSelect.value = String(ed.get("palette"));
  }
  function tileAt(ev) {
    const r = canvas.getBoundingClientRect();
    const tx = Math.max(0, Math.min(15, Math.floor(((ev.clientX - r.left) * 16) / r.width)));
    const ty = Math.max(0, Math.min(15, Math.floor(((ev.clientY - r.top) * 16) / r.height)));
    return ty * 16 + tx;
  }
  canvas.addEventListener("pointerdown", (ev) => {
    dragging = tileAt(ev);
    ed.setTrait("tile", dragging);
    canvas.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });
  canvas.addEventListener("pointermove", (ev) => {
    if (dragging !== null) ed.grid.showGhost(ev, dragging);
    else ed.status(`tile ${hex(tileAt(ev), 2)}`);
  });
  canvas.addEventListener("pointerup", (ev) => {
    if (dragging === null) return;
    const tile = dragging;
    dragging = null;
    ed.grid.drop(ev, tile);
  });
  canvas.addEventListener("pointercancel", () => {
    dragging = null;
  });
  return { box, paint };
}

// --- part panel -------------------------------------------------------------------------------
function createPartPanel(ed) {
  const panel = el("div", "romulus-ms-part");
  const label = el("span", "romulus-ms-part-label");
  const palette = el("select", "romulus-ms-part-palette");
  for (let p = 0; p < 4; p++) {
    const o = el("option", "", `SPR${p}`);
    o.value = String(p);
    palette.append(o);
  }
  const button = (cls, text, fn) => {
    const b = el("button", cls, text);
    b.addEventListener("click", fn);
    return b;
  };
  const selected = () => {
    const m = ed.get("metasprites")[ed.get("current")];
    const i = ed.get("selected_part");
    return m && i >= 0 && i < m.parts.length ? m.parts[i] : null;
  };
  function update(changes) {
    if (!selected()) return false;
    ed.send({ op: "update_part", metasprite: ed.get("current"), index: ed.get("selected_part"), ...changes });
    return true;
  }
  const toggle = (key, field) => update({ [key]: !selected()[field] });
  const flipH = button("romulus-ms-flip-h", "Flip H (H)", () => toggle("flip_h", FLIP_H));
  const flipV = button("romulus-ms-flip-v", "Flip V (V)", () => toggle("flip_v", FLIP_V));
  const behind = button("romulus-ms-behind", "Behind BG (B)", () => toggle("behind", BEHIND));
  function remove() {
    if (!selected()) return false;
    ed.send({ op: "delete_part", metasprite: ed.get("current"), index: ed.get("selected_part") });
    return true;
  }
  const del = button("romulus-ms-delete-part", "Delete (Del)", remove);
  palette.addEventListener("change", () => update({ palette: Number(palette.value) }));
  panel.append(label, palette, flipH, flipV, behind, del);
  function paint() {
    const p = selected();
    for (const c of [palette, flipH, flipV, behind, del]) c.disabled = !p;
    if (!p) {
      label.textContent = "no part selected: click one, or drag a tile in";
      return;
    }
    label.textContent = `part ${ed.get("selected_part")}: tile ${hex(p[TILE], 2)} at (${p[DX]}, ${p[DY]})`;
    palette.value = String(p[PAL]);
    flipH.classList.toggle("romulus-ms-on", p[FLIP_H]);
    flipV.classList.toggle("romulus-ms-on", p[FLIP_V]);
    behind.classList.toggle("romulus-ms-on", p[BEHIND]);
  }
  return { panel, paint, toggle, remove };
}

// --- oam panel --------------------------------------------------------------------------------
function createOamPanel(ed) {
  const panel = el("div", "romulus-ms-oam");
  const origin = el("div", "romulus-ms-origin", "origin at screen ");
  const number = (trait) => {
    const input = el("input", `romulus-ms-origin-${trait.slice(-1)}`);
    input.type = "number";
    input.min = "0";
    input.max = "255";
    input.addEventListener("change", () => {
      const v = Math.max(0, Math.min(255, Math.round(Number(input.value) || 0)));
      ed.setTrait(trait, v);
    });
    return input;
  };
  const ox = number("origin_x");
  const oy = number("origin_y");
  origin.append("x ", ox, " y ", oy);
  const table = el("table", "romulus-ms-oam-table");
  const warning = el("div", "romulus-ms-lines romulus-error");
  const counts = el("div", "romulus-ms-counts");
  panel.append(origin, table, counts, warning);
  /** An attribute byte as its bits: V H B, three unused, and the palette. */
  const bits = (a) =>
    (a & 0x80 ? "V" : "-") + (a & 0x40 ? "H" : "-") + (a & 0x20 ? "B" : "-") + "---" +
    (a & 3).toString(2).padStart(2, "0");
  function paint() {
    ox.value = String(ed.get("origin_x"));
    oy.value = String(ed.get("origin_y"));
    const head = el("tr");
    for (const h of ["#", "Y-1", "tile", "attributes VHB---PP", "X"]) head.append(el("th", "", h));
    const rows = ed.get("oam").map((e, i) => {
      const tr = el("tr");
      if (i === ed.get("selected_part")) tr.classList.add("romulus-ms-selected");
      for (const text of [String(i), hex(e[0], 2), hex(e[1], 2), `${hex(e[2], 2)} ${bits(e[2])}`, hex(e[3], 2)]) {
        tr.append(el("td", "", text));
      }
      return tr;
    });
    table.replaceChildren(head, ...rows);
    if (ed.get("oam_error")) table.append(el("caption", "romulus-error", ed.get("oam_error")));
    const c = ed.get("line_counts");
    const top = ed.get("line_top");
    const most = c.length ? Math.max(...c) : 0;
    counts.textContent = c.length
      ? `sprites per line: at most ${most} (dy ${top} to ${top + c.length - 1}); the PPU shows 8`
      : "no parts";
    warning.textContent = ed.get("line_warning");
  }
  return { panel, paint };
}

// --- line strip -------------------------------------------------------------------------------
/** The kernel's sprites-per-line counts beside the grid, one bar a line (red past 8). */
function createLineStrip(ed) {
  const canvas = el("canvas", "romulus-ms-linestrip");
  canvas.width = 40;
  canvas.height = VIEW * ZOOM;
  canvas.title = "sprites on each line (the PPU shows 8)";
  const ctx = canvas.getContext("2d");
  function paint() {
    ctx.fillStyle = "#f4f4f4";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#bbb";
    ctx.fillRect(8 * 4, 0, 1, canvas.height); // the 8-a-line mark
    const counts = ed.get("line_counts");
    const top = ed.get("line_top");
    counts.forEach((n, i) => {
      const y = ORIGIN + top + i;
      if (y < 0 || y >= VIEW || !n) return;
      ctx.fillStyle = n > 8 ? "#c0392b" : "#4a90d9";
      ctx.fillRect(0, y * ZOOM, Math.min(n, 10) * 4, ZOOM);
    });
  }
  return { canvas, paint };
}

// --- animations -------------------------------------------------------------------------------
function createAnimations(ed) {
  const panel = el("div", "romulus-ms-anims");
  const previews = {};
  let raf = 0;
  let start = performance.now();
  let shown = {}; // animation -> frame index painted, to repaint only on a change
  function frameAt(frames, tick) {
    const total = frames.reduce((s, f) => s + f[1], 0);
    let t = tick % total;
    for (let i = 0; i < frames.length; i++) {
      if (t < frames[i][1]) return i;
      t -= frames[i][1];
    }
    return 0;
  }
  function drawPreview(name, force) {
    const frames = ed.get("animations")[name];
    const canvas = previews[name];
    if (!frames || !canvas) return;
    const tick = Math.floor(((performance.now() - start) * FPS) / 1000);
    const i = frameAt(frames, tick);
    if (!force && shown[name] === i) return;
    shown[name] = i;
    canvas.dataset.frame = String(i);
    const m = ed.get("metasprites")[frames[i][0]];
    // Facing left: the parts the kernel mirrored across the player's box (m.left), drawn as is.
    const parts = m && ed.get("facing") === "left" ? m.left : null;
    ed.sprites.draw(canvas.getContext("2d"), m, PREVIEW_ORIGIN, PREVIEW_ORIGIN, PREVIEW_ZOOM, PREVIEW, parts);
  }
  function tick() {
    for (const name of ANIMATIONS) drawPreview(name, false);
    raf = requestAnimationFrame(tick);
  }
  function frameRow(name, frame, i) {
    const row = el("div", "romulus-ms-frame");
    row.dataset.frame = String(i);
    const pick = el("select", "romulus-ms-frame-metasprite");
    ed.get("metasprites").forEach((m, j) => {
      const o = el("option", "", `${j}: ${m.name}`);
      o.value = String(j);
      pick.append(o);
    });
    pick.value = String(frame[0]);
    pick.addEventListener("change", () =>
      ed.send({ op: "set_frame", animation: name, frame: i, metasprite: Number(pick.value) }),
    );
    const duration = el("input", "romulus-ms-frame-duration");
    duration.type = "number";
    duration.min = "1";
    duration.max = "255";
    duration.value = String(frame[1]);
    duration.title = "frames (1/60 s) it stays";
    duration.addEventListener("change", () =>
      ed.send({ op: "set_frame", animation: name, frame: i, duration: Math.round(Number(duration.value)) }),
    );
    const del = el("button", "romulus-ms-frame-delete", "x");
    del.title = "delete this frame";
    del.addEventListener("click", () => ed.send({ op: "delete_frame", animation: name, frame: i }));
    row.append(`${i}`, pick, duration, "frames", del);
    return row;
  }
  function paint() {
    const anims = ed.get("animations");
    if (!Object.keys(anims).length) {
      const add = el("button", "romulus-ms-add-player", "Give the game a player");
      add.addEventListener("click", () => ed.send({ op: "add_player" }));
      panel.replaceChildren(el("div", "", "No player yet (game.player is None)."), add);
      return;
    }
    const facing = el("button", "romulus-ms-facing", `facing ${ed.get("facing")}`);
    facing.title = "preview the player facing right or left (left: mirrored across its box, as the ROM draws it)";
    facing.addEventListener("click", () => ed.setTrait("facing", ed.get("facing") === "left" ? "right" : "left"));
    panel.replaceChildren(
      facing,
      ...ANIMATIONS.map((name) => {
        const box = el("div", "romulus-ms-anim");
        box.dataset.animation = name;
        const canvas = el("canvas", "romulus-ms-preview");
        canvas.width = canvas.height = PREVIEW * PREVIEW_ZOOM;
        previews[name] = canvas;
        const frames = anims[name];
        const length = frames.reduce((s, f) => s + f[1], 0);
        const plural = frames.length > 1 ? "s" : "";
        const title = el("div", "romulus-ms-anim-title", `${name}: ${frames.length} frame${plural}, ${length}/60 s a loop`);
        const add = el("button", "romulus-ms-frame-add", "+ frame");
        add.addEventListener("click", () => {
          const last = frames[frames.length - 1];
          ed.send({ op: "add_frame", animation: name, metasprite: last[0], duration: last[1] });
        });
        box.append(title, canvas, ...frames.map((f, i) => frameRow(name, f, i)), add);
        return box;
      }),
    );
    shown = {};
    for (const name of ANIMATIONS) drawPreview(name, true);
  }
  function play() {
    start = performance.now();
    raf = requestAnimationFrame(tick);
  }
  const stop = () => cancelAnimationFrame(raf);
  return { panel, paint, play, stop, redraw: () => ANIMATIONS.forEach((n) => drawPreview(n, true)) };
}

// --- the widget -------------------------------------------------------------------------------
function render({ model, el: root }) {
  setUpRoot(root, "romulus-ms", true);
  const status = el("div", "romulus-ms-status");
  const error = el("div", "romulus-ms-error romulus-error");
  const ed = {
    model,
    root,
    get: (n) => model.get(n),
    setTrait: (n, v) => saveTrait(model, n, v),
    status: (text) => (status.textContent = text),
    showError: (text) => (error.textContent = text),
  };
  ed.messages = createMessages(ed);
  ed.send = (msg, stroke) => ed.messages.send(msg, stroke);
  ed.sprites = createSprites(ed);
  const bar = createBar(ed);
  ed.grid = createGrid(ed);
  const sheet = createSheet(ed);
  const part = createPartPanel(ed);
  const oam = createOamPanel(ed);
  const anims = createAnimations(ed);

  const strip = createLineStrip(ed);
  const gridRow = el("div", "romulus-ms-gridrow");
  gridRow.append(ed.grid.canvas, strip.canvas);
  const left = el("div", "romulus-ms-left");
  left.append(gridRow, part.panel);
  const right = el("div", "romulus-ms-right");
  right.append(sheet.box, oam.panel);
  const main = el("div", "romulus-ms-main");
  main.append(left, right);
  root.append(bar.bar, main, anims.panel, status, error);

  onKeys(root, (ev) => {
    const mod = ev.ctrlKey || ev.metaKey;
    const key = ev.key.toLowerCase();
    const step = ev.shiftKey ? 8 : 1;
    if (mod && key === "z") ed.send({ op: ev.shiftKey ? "redo" : "undo" });
    else if (mod && key === "y") ed.send({ op: "redo" });
    else if (mod) return false;
    else if (ev.key === "ArrowLeft") return ed.grid.nudge(-step, 0);
    else if (ev.key === "ArrowRight") return ed.grid.nudge(step, 0);
    else if (ev.key === "ArrowUp") return ed.grid.nudge(0, -step);
    else if (ev.key === "ArrowDown") return ed.grid.nudge(0, step);
    else if (key === "h") return part.toggle("flip_h", FLIP_H) !== false;
    else if (key === "v") return part.toggle("flip_v", FLIP_V) !== false;
    else if (key === "b") return part.toggle("behind", BEHIND) !== false;
    else if (ev.key === "Delete" || ev.key === "Backspace") return part.remove();
    else return false;
    return true;
  });

  const paintModel = () => {
    bar.paint();
    ed.grid.modelChanged();
    sheet.paint();
    part.paint();
    oam.paint();
    strip.paint();
  };
  const paintAll = () => {
    paintModel();
    anims.paint();
    error.textContent = ed.get("error");
  };
  const handlers = [
    ["change:ack", () => ed.messages.onAck()],
    [
      "change:error",
      () => {
        error.textContent = ed.get("error");
        ed.grid.modelChanged(); // a refused move: back to where the kernel has the part
      },
    ],
    ["change:metasprites change:chr change:palettes change:sprite_table change:master_rgb", paintAll],
    [
      "change:animations change:box change:facing",
      () => {
        anims.paint();
        ed.grid.paint();
      },
    ],
    ["change:current change:selected_part change:tile change:palette", paintModel],
    ["change:oam change:oam_error change:line_counts change:line_warning change:origin_x change:origin_y", () => {
      oam.paint();
      strip.paint();
    }],
    ["change:scene_names change:scene_index change:can_undo change:can_redo", () => bar.paint()],
  ];
  const cleanup = keepPainted(model, handlers, paintAll, ed.grid.canvas);
  anims.play();
  return () => {
    anims.stop();
    cleanup();
  };
}

export default { render };
