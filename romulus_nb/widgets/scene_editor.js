// SceneEditor: a pixel-art canvas over one NES scene. The picture comes from the kernel (drawn
// by romulus_nb.render) as 256x240 colour indices; edits go back as small validated messages.
// Loaded after _common.js (bytesOf, hex, el, ...): the Python class joins the two into one
// self-contained module, as anywidget loads it from a blob URL with no imports.
//
// The view is made of named parts, each a function below that builds its elements and returns
// what the other parts may call:
//   messages     one edit message in flight to the kernel at a time (`createMessages`)
//   toolbar      scene menu, tool buttons, grids, undo/redo, zoom (`createToolbar`)
//   sprite bar   flips, priority, delete, the text to type (`createSpriteBar`)
//   canvas       the picture, optimistic tile stamps, overlays (`createCanvas`)
//   tile picker  the pattern table and the 8 palettes (`createTilePicker`)
//   tools        one object per tool in `TOOL_ACTIONS`: what a press, a move and a release do
//   status line  what is under the pointer, down to the byte (`createStatusLine`)
//   limits panel the limits report of the scene (`createLimitsPanel`)
// `render` puts them together and subscribes them to the model.
//
// When the kernel answers an edit, the root element fires a bubbling "romulus-answered" event
// whose detail holds the times of that edit (see `createMessages`); nothing is recorded unless a
// page listens (benchmarks/widget_latency.py does).

const W = 256;
const H = 240;
const TOOLS = [
  ["paint", "Paint tiles", "B"],
  ["rect", "Rectangle fill", "R"],
  ["palette", "Block palette (16x16)", "A"],
  ["eyedropper", "Eyedropper", "I"],
  ["sprite", "Sprites: add / drag / Delete", "S"],
  ["text", "Type text", "T"],
];

// --- messages ---------------------------------------------------------------------------------
/** The queue of edit messages: one in flight at a time; cells entered meanwhile join the next
 * message, so a fast drag never builds a queue in the kernel. */
function createMessages(ed) {
  let seq = randomId();
  let queue = []; // entries {msg, times (pointer event time per cell), done, sentAt}
  let inflight = null;
  let strokeEnds = []; // {entry, t0, tUp, cells}: paint strokes waiting for their last answer

  function send(msg, eventTime) {
    const items = msg.cells || msg.blocks;
    const times = items && eventTime !== undefined ? items.map(() => eventTime) : [];
    const last = queue[queue.length - 1];
    if (
      items &&
      last &&
      last.msg.op === msg.op &&
      last.msg.stroke === msg.stroke &&
      last.msg.tile === msg.tile &&
      last.msg.palette === msg.palette
    ) {
      (last.msg.cells || last.msg.blocks).push(...items);
      last.times.push(...times);
      return last;
    }
    if (msg.op === "move_sprite" && last && last.msg.op === "move_sprite" && last.msg.index === msg.index) {
      last.msg.x = msg.x; // only the latest position of a drag matters
      last.msg.y = msg.y;
      return last;
    }
    const entry = { msg, times, done: false, sentAt: 0 };
    queue.push(entry);
    pump();
    return entry;
  }

  function pump() {
    if (inflight) return;
    const entry = queue.shift();
    if (!entry) return;
    seq += 1;
    entry.msg.seq = seq;
    entry.sentAt = performance.now();
    inflight = entry;
    ed.model.send(entry.msg);
    setTimeout(() => {
      if (inflight === entry) {
        inflight = null; // no answer in 2 s (kernel busy or restarted): stop waiting for it
        pump();
      }
    }, 2000);
  }

  /** A paint stroke ended with `entry` as its last message (for the answered event). */
  function strokeEnded(entry, t0, tUp, cells) {
    strokeEnds.push({ entry, t0, tUp, cells });
  }

  /** The kernel acknowledged message `ack`: repaint without the stamps it answered, tell any
   * listener the times, send the next message. */
  function onAck() {
    if (!inflight || ed.get("ack") !== inflight.msg.seq) return;
    inflight.done = true;
    const answered = inflight;
    inflight = null;
    ed.canvas.paintBase(); // the kernel's frame, without the stamps it has answered (or refused)
    ed.canvas.repaint();
    const ended = strokeEnds.filter((s) => s.entry.done);
    strokeEnds = strokeEnds.filter((s) => !s.entry.done);
    const detail = {
      answeredAt: performance.now(),
      sentAt: answered.sentAt,
      eventTimes: answered.times,
      strokes: ended.map((s) => ({ cells: s.cells, downAt: s.t0, upAt: s.tUp })),
    };
    ed.root.dispatchEvent(new CustomEvent("romulus-answered", { detail, bubbles: true }));
    pump();
  }

  return { send, strokeEnded, onAck };
}

// --- toolbar ----------------------------------------------------------------------------------
function createToolbar(ed) {
  const bar = el("div", "romulus-scene-bar");
  const sceneSelect = el("select", "romulus-scene-select");
  sceneSelect.addEventListener("change", () => ed.setTrait("scene_index", Number(sceneSelect.value)));
  const tools = el("span", "romulus-scene-tools");
  const toolButtons = {};
  for (const [name, label, key] of TOOLS) {
    const b = el("button", "romulus-scene-tool", `${label} (${key})`);
    b.dataset.tool = name;
    b.addEventListener("click", () => ed.setTrait("tool", name));
    tools.append(b);
    toolButtons[name] = b;
  }
  const toggles = el("span", "romulus-scene-toggles");
  const toggleBoxes = {};
  for (const [name, label] of [
    ["show_grid", "tile grid (G)"],
    ["show_attribute_grid", "16x16 grid (H)"],
    ["show_sprite_boxes", "sprite boxes"],
  ]) {
    const lab = el("label", "romulus-scene-toggle");
    const box = el("input");
    box.type = "checkbox";
    box.dataset.trait = name;
    box.addEventListener("change", () => ed.setTrait(name, box.checked));
    lab.append(box, document.createTextNode(" " + label));
    toggles.append(lab);
    toggleBoxes[name] = box;
  }
  const undoButton = el("button", "romulus-scene-undo", "Undo (Ctrl+Z)");
  const redoButton = el("button", "romulus-scene-redo", "Redo (Ctrl+Shift+Z)");
  undoButton.addEventListener("click", () => ed.send({ op: "undo" }));
  redoButton.addEventListener("click", () => ed.send({ op: "redo" }));
  const scaleSelect = el("select", "romulus-scene-scale");
  for (let s = 1; s <= 6; s++) {
    const o = el("option", "", `${s}x`);
    o.value = String(s);
    scaleSelect.append(o);
  }
  scaleSelect.addEventListener("change", () => ed.setTrait("scale", Number(scaleSelect.value)));
  bar.append(sceneSelect, tools, toggles, undoButton, redoButton, scaleSelect);

  function paint() {
    const tool = ed.get("tool");
    for (const [name, b] of Object.entries(toolButtons)) {
      b.classList.toggle("romulus-scene-active", name === tool);
    }
    for (const [name, box] of Object.entries(toggleBoxes)) box.checked = !!ed.get(name);
    undoButton.disabled = !ed.get("can_undo");
    redoButton.disabled = !ed.get("can_redo");
    scaleSelect.value = String(ed.get("scale"));
  }
  function paintScenes() {
    showScenes(sceneSelect, ed.get("scene_names"), ed.get("scene_index"));
  }
  return { element: bar, paint, paintScenes };
}

// --- sprite bar -------------------------------------------------------------------------------
function createSpriteBar(ed) {
  const spriteBar = el("div", "romulus-scene-spritebar");
  const checkbox = (label) => {
    const box = el("input");
    box.type = "checkbox";
    const lab = el("label", "", label);
    lab.prepend(box);
    return [box, lab];
  };
  const [flipH, flipHLabel] = checkbox(" flip H");
  const [flipV, flipVLabel] = checkbox(" flip V");
  const [behind, behindLabel] = checkbox(" behind background");
  const deleteButton = el("button", "romulus-scene-delete", "Delete sprite (Del)");
  const textInput = el("input", "romulus-scene-text");
  textInput.type = "text";
  textInput.maxLength = 64;
  textInput.placeholder = "text for the T tool";
  spriteBar.append(
    el("span", "", "Sprite:"),
    flipHLabel,
    flipVLabel,
    behindLabel,
    deleteButton,
    el("span", "", " Text:"),
    textInput,
  );

  /** A sprite option changes the selected sprite too (flip, palette, tile). */
  function spriteOption(name, value) {
    ed.setTrait(name, value);
    const index = ed.get("selected_sprite");
    if (ed.get("tool") !== "sprite" || index < 0) return;
    const key = { sprite_palette: "palette", sprite_tile: "tile" }[name] || name;
    ed.stroke += 1;
    ed.send({ op: "update_sprite", index, [key]: value, stroke: ed.stroke });
    ed.send({ op: "end" });
  }
  function deleteSelected() {
    const index = ed.get("selected_sprite");
    if (index < 0) return;
    ed.stroke += 1;
    ed.send({ op: "delete_sprite", index, stroke: ed.stroke });
    ed.send({ op: "end" });
  }
  flipH.addEventListener("change", () => spriteOption("flip_h", flipH.checked));
  flipV.addEventListener("change", () => spriteOption("flip_v", flipV.checked));
  behind.addEventListener("change", () => spriteOption("behind", behind.checked));
  deleteButton.addEventListener("click", deleteSelected);
  textInput.addEventListener("change", () => ed.setTrait("text", textInput.value));

  function paint() {
    flipH.checked = !!ed.get("flip_h");
    flipV.checked = !!ed.get("flip_v");
    behind.checked = !!ed.get("behind");
    deleteButton.disabled = ed.get("selected_sprite") < 0;
    if (document.activeElement !== textInput) textInput.value = ed.get("text");
  }
  return { element: spriteBar, paint, spriteOption, deleteSelected };
}

// --- canvas -----------------------------------------------------------------------------------
function createCanvas(ed) {
  const stage = el("div", "romulus-scene-stage");
  const canvas = el("canvas", "romulus-scene-canvas");
  stage.append(canvas);
  const ctx = canvas.getContext("2d");
  const base = document.createElement("canvas"); // the kernel's picture at 1x
  base.width = W;
  base.height = H;
  const baseCtx = base.getContext("2d");
  const get = ed.get;

  function paintBase() {
    const frame = bytesOf(get("frame"));
    const rgb = bytesOf(get("master_rgb"));
    if (frame.length !== W * H || rgb.length !== 192) return;
    const img = baseCtx.createImageData(W, H);
    colorIndices(img, frame, rgb);
    baseCtx.putImageData(img, 0, 0);
    ed.pending = ed.pending.filter((p) => !p.entry.done);
    for (const p of ed.pending) stampTile(p.x, p.y, p.tile);
  }

  /** Stamp a background tile at cell (x, y) into the 1x picture as the PPU would draw it, for
   * instant feedback; the kernel's frame replaces it when the edit is acknowledged. */
  function stampTile(x, y, tile) {
    const chr = bytesOf(get("chr"));
    const pal = bytesOf(get("palettes"));
    const att = bytesOf(get("attributes"));
    const rgb = bytesOf(get("master_rgb"));
    if (chr.length !== 512 * 64 || pal.length !== 32 || att.length !== 240) return;
    const p = att[(y >> 1) * 16 + (x >> 1)];
    const t = (get("bg_table") ? 256 : 0) + tile;
    const img = baseCtx.createImageData(8, 8);
    for (let i = 0; i < 64; i++) {
      const v = chr[t * 64 + i];
      const c = (v === 0 ? pal[0] : pal[4 * p + v]) * 3;
      img.data.set([rgb[c], rgb[c + 1], rgb[c + 2], 255], 4 * i);
    }
    baseCtx.putImageData(img, x * 8, y * 8);
  }

  /** The OAM index of the frontmost sprite at pixel (px, py), or -1. */
  function spriteAt(px, py) {
    const oam = bytesOf(get("oam"));
    const h = get("sprite_size");
    for (let i = 0; i < 64 && oam.length === 256; i++) {
      if (oam[4 * i] >= 0xef) continue;
      const top = oam[4 * i] + 1;
      const left = oam[4 * i + 3];
      if (px >= left && px < left + 8 && py >= top && py < top + h) return i;
    }
    return -1;
  }

  function repaint() {
    const s = get("scale");
    if (canvas.width !== W * s || canvas.height !== H * s) {
      canvas.width = W * s;
      canvas.height = H * s;
    }
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(base, 0, 0, W * s, H * s);
    paintHighlights(s);
    if (get("show_grid")) gridLines(8, "rgba(255,255,255,0.25)");
    if (get("show_attribute_grid")) gridLines(16, "rgba(255,200,0,0.8)");
    paintSpriteBoxes(s);
    paintRectPreview(s);
    paintHover(s);
  }

  /** The cells and lines the limits report points at. */
  function paintHighlights(s) {
    const hl = bytesOf(get("highlight"));
    ctx.fillStyle = "rgba(231, 76, 60, 0.45)";
    for (let i = 0; i < hl.length; i++) {
      if (hl[i]) ctx.fillRect((i % 32) * 8 * s, Math.floor(i / 32) * 8 * s, 8 * s, 8 * s);
    }
    const lines = bytesOf(get("highlight_lines"));
    ctx.fillStyle = "rgba(231, 76, 60, 0.35)";
    for (let i = 0; i < lines.length; i++) if (lines[i]) ctx.fillRect(0, i * s, W * s, s);
  }

  function gridLines(step, color) {
    const s = get("scale");
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let x = step; x < W; x += step) {
      ctx.moveTo(x * s + 0.5, 0);
      ctx.lineTo(x * s + 0.5, H * s);
    }
    for (let y = step; y < H; y += step) {
      ctx.moveTo(0, y * s + 0.5);
      ctx.lineTo(W * s, y * s + 0.5);
    }
    ctx.stroke();
  }

  function paintSpriteBoxes(s) {
    const oam = bytesOf(get("oam"));
    const selected = get("selected_sprite");
    if (oam.length !== 256 || !(get("show_sprite_boxes") || get("tool") === "sprite")) return;
    const h = get("sprite_size");
    for (let i = 0; i < 64; i++) {
      if (oam[4 * i] >= 0xef) continue;
      ctx.strokeStyle = i === selected ? "#ff8c00" : "rgba(0,255,255,0.9)";
      ctx.lineWidth = i === selected ? 2 : 1;
      ctx.strokeRect(oam[4 * i + 3] * s + 0.5, (oam[4 * i] + 1) * s + 0.5, 8 * s - 1, h * s - 1);
    }
  }

  /** The rectangle tool's outline while it is dragged. */
  function paintRectPreview(s) {
    const drag = ed.drag;
    if (!(drag && drag.tool === "rect" && drag.end)) return;
    const [x0, y0] = drag.start;
    const [x1, y1] = drag.end;
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 2;
    ctx.strokeRect(
      Math.min(x0, x1) * 8 * s,
      Math.min(y0, y1) * 8 * s,
      (Math.abs(x1 - x0) + 1) * 8 * s,
      (Math.abs(y1 - y0) + 1) * 8 * s,
    );
  }

  /** The cell (or 16x16 block for the palette tool) under the pointer. */
  function paintHover(s) {
    const hover = ed.hover;
    if (!hover) return;
    const size = get("tool") === "palette" ? 16 : 8;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.lineWidth = 1;
    ctx.strokeRect(
      Math.floor(hover.px / size) * size * s + 0.5,
      Math.floor(hover.py / size) * size * s + 0.5,
      size * s - 1,
      size * s - 1,
    );
  }

  /** The screen pixel under a pointer event, clamped to the picture. */
  function pointer(ev) {
    const r = canvas.getBoundingClientRect();
    const px = Math.floor(((ev.clientX - r.left) * W) / r.width);
    const py = Math.floor(((ev.clientY - r.top) * H) / r.height);
    return { px: Math.max(0, Math.min(W - 1, px)), py: Math.max(0, Math.min(H - 1, py)) };
  }

  function paint() {
    canvas.dataset.tool = get("tool");
  }

  return { element: stage, canvas, paintBase, stampTile, spriteAt, repaint, pointer, paint };
}

// --- tile picker ------------------------------------------------------------------------------
function createTilePicker(ed) {
  const side = el("div", "romulus-scene-side");
  const pickerTitle = el("div", "romulus-scene-picker-title");
  const picker = el("canvas", "romulus-scene-picker");
  picker.width = 256;
  picker.height = 256;
  const palettesBox = el("div", "romulus-scene-palettes");
  side.append(pickerTitle, picker, palettesBox);
  const pickerCtx = picker.getContext("2d");
  const get = ed.get;

  /** Sprite tiles while the sprite tool is on, background tiles otherwise. */
  const mode = () => (get("tool") === "sprite" ? "sprite" : "bg");

  function paint() {
    const chr = bytesOf(get("chr"));
    const pal = bytesOf(get("palettes"));
    const rgb = bytesOf(get("master_rgb"));
    if (chr.length !== 512 * 64 || pal.length !== 32 || rgb.length !== 192) return;
    const sprite = mode() === "sprite";
    const table = sprite ? get("sprite_table") : get("bg_table");
    const p = sprite ? 4 + get("sprite_palette") : get("palette");
    const colors = [pal[0], pal[4 * p + 1], pal[4 * p + 2], pal[4 * p + 3]];
    const img = pickerCtx.createImageData(128, 128);
    const d = img.data;
    for (let y = 0; y < 128; y++) {
      for (let x = 0; x < 128; x++) {
        const t = table * 256 + (y >> 3) * 16 + (x >> 3);
        const c = colors[chr[t * 64 + (y & 7) * 8 + (x & 7)]] * 3;
        const o = 4 * (y * 128 + x);
        d[o] = rgb[c];
        d[o + 1] = rgb[c + 1];
        d[o + 2] = rgb[c + 2];
        d[o + 3] = 255;
      }
    }
    const tmp = document.createElement("canvas");
    tmp.width = 128;
    tmp.height = 128;
    tmp.getContext("2d").putImageData(img, 0, 0);
    pickerCtx.imageSmoothingEnabled = false;
    pickerCtx.drawImage(tmp, 0, 0, 256, 256);
    const tile = sprite ? get("sprite_tile") : get("tile");
    pickerCtx.strokeStyle = "#ff8c00";
    pickerCtx.lineWidth = 2;
    pickerCtx.strokeRect((tile % 16) * 16 + 1, Math.floor(tile / 16) * 16 + 1, 14, 14);
    pickerTitle.textContent =
      `${sprite ? "Sprite" : "Background"} tiles: pattern table ${table} ($${table ? "1" : "0"}000), ` +
      `palette ${sprite ? "SPR" : "BG"}${p % 4}; tile ${hex(tile, 2)}`;
    paintPaletteChips(pal, rgb);
  }

  function paintPaletteChips(pal, rgb) {
    const rows = [];
    for (let p = 0; p < 8; p++) {
      const row = el("div", "romulus-scene-palrow");
      row.dataset.palette = String(p);
      const chosen = p < 4 ? get("palette") === p : get("sprite_palette") === p - 4;
      if (chosen) row.classList.add("romulus-scene-palrow-chosen");
      row.append(el("span", "romulus-scene-pallabel", (p < 4 ? "BG" : "SPR") + (p % 4)));
      for (let e = 0; e < 4; e++) {
        const c = pal[e === 0 ? 0 : 4 * p + e];
        const chip = el("span", "romulus-scene-chip");
        chip.style.background = cssColor(rgb, c);
        chip.title = hex(c, 2);
        row.append(chip);
      }
      row.addEventListener("click", () => {
        if (p < 4) ed.setTrait("palette", p);
        else ed.spriteBar.spriteOption("sprite_palette", p - 4);
      });
      rows.push(row);
    }
    palettesBox.replaceChildren(...rows);
  }

  picker.addEventListener("click", (ev) => {
    const r = picker.getBoundingClientRect();
    const tx = Math.floor(((ev.clientX - r.left) * 16) / r.width);
    const ty = Math.floor(((ev.clientY - r.top) * 16) / r.height);
    const tile = Math.max(0, Math.min(15, ty)) * 16 + Math.max(0, Math.min(15, tx));
    if (mode() === "sprite") ed.spriteBar.spriteOption("sprite_tile", tile);
    else ed.setTrait("tile", tile);
  });

  return { element: side, paint };
}

// --- tools ------------------------------------------------------------------------------------
/** Cells on the straight line between two cells, so a quick drag leaves no gaps. */
function lineCells(a, b) {
  const out = [];
  let [x0, y0] = a;
  const [x1, y1] = b;
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    out.push([x0, y0]);
    if (x0 === x1 && y0 === y1) return out;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
  }
}

/** A paint or block-palette stroke reaches `cell`: send the cells (or 16x16 blocks) not yet
 * covered by this stroke; painted tiles are stamped at once. */
function strokeTo(ed, cell, eventTime) {
  const drag = ed.drag;
  const unit = drag.tool === "palette" ? 2 : 1;
  const target = [Math.floor(cell[0] / unit), Math.floor(cell[1] / unit)];
  const from = drag.last || target;
  const fresh = lineCells(from, target).filter(([x, y]) => !drag.seen.has(x + "," + y));
  drag.last = target;
  if (!fresh.length) return;
  fresh.forEach(([x, y]) => drag.seen.add(x + "," + y));
  if (drag.tool === "paint") {
    const tile = ed.get("tile");
    const entry = ed.send({ op: "paint", cells: fresh, tile, stroke: drag.id }, eventTime);
    for (const [x, y] of fresh) {
      ed.pending.push({ entry, x, y, tile });
      ed.canvas.stampTile(x, y, tile);
    }
    drag.lastEntry = entry;
  } else {
    ed.send({ op: "block_palette", blocks: fresh, palette: ed.get("palette"), stroke: drag.id });
  }
}

/** Paint and block-palette strokes: a press starts the stroke, each move extends it; a paint
 * stroke's last message is remembered for the answered event. */
function strokeTool(kind) {
  return {
    down(ed, ev, _px, _py, cell) {
      ed.drag = { tool: kind, id: ed.stroke, seen: new Set(), last: null, t0: ev.timeStamp };
      strokeTo(ed, cell, ev.timeStamp);
      return true;
    },
    move: (ed, ev, px, py) => strokeTo(ed, [px >> 3, py >> 3], ev.timeStamp),
    up(ed, ev) {
      const drag = ed.drag;
      if (drag.lastEntry) ed.messages.strokeEnded(drag.lastEntry, drag.t0, ev.timeStamp, drag.seen.size);
    },
  };
}

/** The tools: what a press (`down`), a move while pressed (`move`) and the release (`up`) do.
 * `down` gets the pointer event, the screen pixel and the 8x8 cell under it; it returns true
 * when a drag starts (the canvas then captures the pointer). */
const TOOL_ACTIONS = {
  paint: strokeTool("paint"),
  palette: strokeTool("palette"),
  rect: {
    down(ed, _ev, _px, _py, cell) {
      ed.drag = { tool: "rect", id: ed.stroke, start: cell, end: cell };
      ed.canvas.repaint();
      return true;
    },
    move(ed, _ev, px, py) {
      ed.drag.end = [px >> 3, py >> 3];
    },
    up(ed) {
      const drag = ed.drag;
      ed.send({ op: "rect", corners: [drag.start, drag.end], tile: ed.get("tile"), stroke: drag.id });
    },
  },
  eyedropper: {
    down(ed, _ev, _px, _py, cell) {
      const nt = bytesOf(ed.get("nametable"));
      const att = bytesOf(ed.get("attributes"));
      ed.model.set("tile", nt[cell[1] * 32 + cell[0]]);
      ed.model.set("palette", att[(cell[1] >> 1) * 16 + (cell[0] >> 1)]);
      ed.model.set("tool", "paint");
      ed.model.save_changes();
      return false;
    },
  },
  text: {
    down(ed, _ev, _px, _py, cell) {
      ed.send({ op: "text", x: cell[0], y: cell[1], text: ed.get("text"), stroke: ed.stroke });
      ed.send({ op: "end" });
      return false;
    },
  },
  sprite: {
    /** On a sprite: select it and start dragging it; elsewhere: add a sprite there. */
    down(ed, _ev, px, py) {
      const get = ed.get;
      const hit = ed.canvas.spriteAt(px, py);
      if (hit >= 0) {
        const oam = bytesOf(get("oam"));
        ed.setTrait("selected_sprite", hit);
        ed.drag = {
          tool: "sprite",
          id: ed.stroke,
          index: hit,
          dx: px - oam[4 * hit + 3],
          dy: py - (oam[4 * hit] + 1),
          at: [oam[4 * hit + 3], oam[4 * hit] + 1],
        };
        return true;
      }
      ed.send({
        op: "add_sprite",
        x: Math.max(0, Math.min(255, px - 4)),
        y: Math.max(0, Math.min(239, py - 4)),
        tile: get("sprite_tile"),
        palette: get("sprite_palette"),
        flip_h: !!get("flip_h"),
        flip_v: !!get("flip_v"),
        behind: !!get("behind"),
        stroke: ed.stroke,
      });
      ed.send({ op: "end" });
      return false;
    },
    move(ed, ev, px, py) {
      const drag = ed.drag;
      const x = Math.max(0, Math.min(255, px - drag.dx));
      const y = Math.max(0, Math.min(255, py - drag.dy));
      if (x !== drag.at[0] || y !== drag.at[1]) {
        drag.at = [x, y];
        ed.send({ op: "move_sprite", index: drag.index, x, y, stroke: drag.id }, ev.timeStamp);
      }
    },
    up() {},
  },
};

/** Pointer events on the canvas go to the current tool. */
function bindTools(ed) {
  const { canvas } = ed.canvas;
  canvas.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0) return;
    ed.root.focus({ preventScroll: true });
    const { px, py } = ed.canvas.pointer(ev);
    const tool = TOOL_ACTIONS[ed.get("tool")];
    ed.stroke += 1;
    if (tool && tool.down(ed, ev, px, py, [px >> 3, py >> 3])) canvas.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });
  canvas.addEventListener("pointermove", (ev) => {
    const { px, py } = ed.canvas.pointer(ev);
    ed.hover = { px, py };
    ed.statusLine.show(px, py);
    if (ed.drag) TOOL_ACTIONS[ed.drag.tool].move(ed, ev, px, py);
    ed.canvas.repaint();
  });
  function finishDrag(ev) {
    if (!ed.drag) return;
    TOOL_ACTIONS[ed.drag.tool].up(ed, ev);
    ed.send({ op: "end" });
    ed.drag = null;
    ed.canvas.repaint();
  }
  canvas.addEventListener("pointerup", finishDrag);
  canvas.addEventListener("pointercancel", finishDrag);
  canvas.addEventListener("pointerleave", () => {
    ed.hover = null;
    if (!ed.drag) ed.canvas.repaint();
  });
}

// --- status line ------------------------------------------------------------------------------
/** What is under the pointer: tile, nametable and attribute addresses, the sprite's OAM bytes. */
function createStatusLine(ed) {
  const status = el("div", "romulus-scene-status", "Move over the picture: tile, address, attribute bits");

  function show(px, py) {
    const x = px >> 3;
    const y = py >> 3;
    const nt = bytesOf(ed.get("nametable"));
    const att = bytesOf(ed.get("attributes"));
    if (nt.length !== 960 || att.length !== 240) return;
    const tile = nt[y * 32 + x];
    const p = att[(y >> 1) * 16 + (x >> 1)];
    const attrAddr = 0x23c0 + (y >> 2) * 8 + (x >> 2);
    const shift = ((y & 3) >> 1) * 4 + ((x & 3) >> 1) * 2;
    let text =
      `pixel (${px}, ${py})  tile (${x}, ${y})  tile ${hex(tile, 2)}  palette ${p}  ` +
      `nametable ${hex(0x2000 + y * 32 + x, 4)} ($2000 + ${y * 32 + x})  ` +
      `attribute ${hex(attrAddr, 4)} bits ${shift + 1}-${shift}`;
    const sp = ed.canvas.spriteAt(px, py);
    if (sp >= 0) {
      const oam = bytesOf(ed.get("oam"));
      const [y, t, a, x] = oam.slice(4 * sp, 4 * sp + 4);
      text +=
        `\nsprite ${sp}: OAM ${hex(4 * sp, 2)}-${hex(4 * sp + 3, 2)} = Y ${hex(y, 2)} ` +
        `(drawn from line ${y + 1}), tile ${hex(t, 2)}, attributes ${hex(a, 2)} ` +
        `(palette ${a & 3}${a & 0x40 ? ", flip H" : ""}${a & 0x80 ? ", flip V" : ""}` +
        `${a & 0x20 ? ", behind" : ""}), X ${hex(x, 2)}`;
    }
    status.textContent = text;
  }
  return { element: status, show };
}

// --- limits panel -----------------------------------------------------------------------------
function createLimitsPanel(ed) {
  const error = el("div", "romulus-scene-error romulus-error");
  const limits = el("ul", "romulus-scene-limits");

  function paint() {
    const items = (ed.get("limits") || []).map((f) => {
      const li = el("li", `romulus-scene-level-${f.level}`, `${f.level}: ${f.message}`);
      li.dataset.rule = f.rule;
      return li;
    });
    limits.replaceChildren(...items);
  }
  /** The kernel's refusal of the last edit, if any. */
  function paintError() {
    error.textContent = ed.get("error");
  }
  return { elements: [error, limits], paint, paintError };
}

// --- keyboard ---------------------------------------------------------------------------------
function bindKeys(ed) {
  onKeys(ed.root, (ev) => {
    const k = ev.key.toLowerCase();
    const mod = ev.ctrlKey || ev.metaKey;
    if (mod && k === "z") ed.send({ op: ev.shiftKey ? "redo" : "undo" });
    else if (mod && k === "y") ed.send({ op: "redo" });
    else if (mod) return false;
    else if (k === "delete" || k === "backspace") ed.spriteBar.deleteSelected();
    else if (k === "g") ed.setTrait("show_grid", !ed.get("show_grid"));
    else if (k === "h") ed.setTrait("show_attribute_grid", !ed.get("show_attribute_grid"));
    else {
      const tool = TOOLS.find((t) => t[2].toLowerCase() === k);
      if (!tool) return false;
      ed.setTrait("tool", tool[0]);
    }
    return true;
  });
}

// --- the view ---------------------------------------------------------------------------------
function render({ model, el: root }) {
  setUpRoot(root, "romulus-scene", true);
  /** What every part of this view shares. */
  const ed = {
    model,
    root,
    get: (name) => model.get(name),
    setTrait: (name, value) => saveTrait(model, name, value),
    stroke: randomId(), // the current stroke's id: one undo step in the kernel
    drag: null, // the stroke in progress
    hover: null, // {px, py} under the pointer
    pending: [], // optimistic tile paints not yet acknowledged: {entry, x, y, tile}
  };
  ed.messages = createMessages(ed);
  ed.send = ed.messages.send;
  ed.toolbar = createToolbar(ed);
  ed.spriteBar = createSpriteBar(ed);
  ed.canvas = createCanvas(ed);
  ed.tilePicker = createTilePicker(ed);
  ed.statusLine = createStatusLine(ed);
  ed.limitsPanel = createLimitsPanel(ed);
  bindTools(ed);
  bindKeys(ed);

  const main = el("div", "romulus-scene-main");
  main.append(ed.canvas.element, ed.tilePicker.element);
  root.append(
    ed.toolbar.element,
    ed.spriteBar.element,
    main,
    ed.statusLine.element,
    ...ed.limitsPanel.elements,
  );

  const { canvas, tilePicker, toolbar, spriteBar, limitsPanel } = ed;
  const paintControls = () => {
    toolbar.paint();
    spriteBar.paint();
    limitsPanel.paintError();
    canvas.paint();
  };
  const paintAll = () => {
    canvas.paintBase();
    canvas.repaint();
    tilePicker.paint();
    paintControls();
    limitsPanel.paint();
    toolbar.paintScenes();
  };
  const onFrame = () => {
    canvas.paintBase();
    canvas.repaint();
    if (ed.hover) ed.statusLine.show(ed.hover.px, ed.hover.py); // what is under it may change
  };
  const onControls = () => {
    paintControls();
    tilePicker.paint();
    canvas.repaint();
  };
  const onData = () => {
    tilePicker.paint();
    canvas.repaint();
  };
  const handlers = [
    ["change:frame change:master_rgb", onFrame],
    ["change:ack", ed.messages.onAck],
    ["change:tile change:palette change:sprite_tile change:sprite_palette", tilePicker.paint],
    [
      "change:tool change:can_undo change:can_redo change:scale change:flip_h change:flip_v change:behind " +
        "change:selected_sprite change:text change:error change:show_grid " +
        "change:show_attribute_grid change:show_sprite_boxes",
      onControls,
    ],
    ["change:chr change:palettes change:oam change:highlight change:highlight_lines", onData],
    ["change:limits", limitsPanel.paint],
    ["change:scene_names change:scene_index", toolbar.paintScenes],
  ];
  return keepPainted(model, handlers, paintAll, canvas.canvas);
}

export default { render };
