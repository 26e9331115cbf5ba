// SceneEditor: a pixel-art canvas over one NES scene or map of screens. The picture comes from
// the kernel (drawn by romulus_nb.render) as colour indices, 256x240 a screen; edits go back as
// small validated messages. Loaded after _common.js (bytesOf, hex, el, ...) and scene_map.js
// (the viewport, minimap and metatile picker of maps): the Python class joins the files into
// one self-contained module, as anywidget loads it from a blob URL with no imports.
//
// Painting is optimistic: a stroke is drawn at once from the tiles, palettes and metatiles the
// view holds, and the kernel's answer (its new picture, or `error` and the old one) replaces it.
//
// The view is made of named parts, each a function below that builds its elements and returns
// what the other parts may call:
//   messages     one edit message in flight to the kernel at a time (`createMessages`)
//   toolbar      scene menu, tool buttons, grids, undo/redo, zoom (`createToolbar`)
//   sprite bar   flips, priority, delete, the text to type (`createSpriteBar`)
//   canvas       the view of the picture, optimistic stamps, overlays (`createCanvas`)
//   viewport, minimap, metatile picker   (scene_map.js)
//   tile picker  the pattern table and the 8 palettes (`createTilePicker`)
//   tools        one object per tool in `TOOL_ACTIONS`: what a press, a move and a release do
//   status line  what is under the pointer, down to the byte (`createStatusLine`)
//   limits panel the limits report of the scene (`createLimitsPanel`)
// `render` puts them together and subscribes them to the model.
//
// When the kernel answers an edit, the root element fires a bubbling "romulus-answered" event
// saying which edit was kept or refused ({op, stroke, items: its cells or blocks, error, idle:
// nothing more to send}); the view records no times
// (benchmarks/widget_latency.py measures from outside, with its own listeners).

const W = 256;
const H = 240;
const TOOLS = [
  ["paint", "Paint tiles", "B"],
  ["rect", "Rectangle fill", "R"],
  ["palette", "Block palette (16x16)", "A"],
  ["metatile", "Metatiles (16x16)", "M"],
  ["eyedropper", "Eyedropper", "I"],
  ["sprite", "Sprites: add / drag / Delete", "S"],
  ["text", "Type text", "T"],
];
/** Tools that work on 16x16 blocks rather than 8x8 cells. */
const BLOCK_TOOLS = new Set(["palette", "metatile"]);

// --- messages ---------------------------------------------------------------------------------
/** The queue of edit messages: one in flight at a time; cells entered meanwhile join the next
 * message, so a fast drag never builds a queue in the kernel. */
function createMessages(ed) {
  let seq = randomId();
  const queue = []; // entries {msg, done}
  let inflight = null;

  function send(msg) {
    const items = msg.cells || msg.blocks;
    const last = queue[queue.length - 1];
    if (
      items &&
      last &&
      last.msg.op === msg.op &&
      last.msg.stroke === msg.stroke &&
      last.msg.tile === msg.tile &&
      last.msg.palette === msg.palette &&
      last.msg.metatile === msg.metatile
    ) {
      (last.msg.cells || last.msg.blocks).push(...items);
      return last;
    }
    if (msg.op === "move_sprite" && last && last.msg.op === "move_sprite" && last.msg.index === msg.index) {
      last.msg.x = msg.x; // only the latest position of a drag matters
      last.msg.y = msg.y;
      return last;
    }
    const entry = { msg, done: false };
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
    inflight = entry;
    ed.model.send(entry.msg);
    setTimeout(() => {
      if (inflight === entry) {
        inflight = null; // no answer in 2 s (kernel busy or restarted): stop waiting for it
        pump();
      }
    }, 2000);
  }

  /** The kernel acknowledged message `ack`: repaint from its frame, which keeps the stamps it
   * accepted and drops those it refused, say so to any listener, send the next message. */
  function onAck() {
    if (!inflight || ed.get("ack") !== inflight.msg.seq) return;
    inflight.done = true;
    ed.showFrame(); // the kernel's frame, without the stamps it has answered (or refused)
    const { op, stroke } = inflight.msg;
    const items = (inflight.msg.cells || inflight.msg.blocks || []).length;
    inflight = null;
    const detail = { op, stroke, items, error: ed.get("error"), idle: queue.length === 0 };
    pump();
    // After the repaint `showFrame` queued (microtasks run in order).
    queueMicrotask(() =>
      ed.root.dispatchEvent(new CustomEvent("romulus-answered", { detail, bubbles: true })),
    );
  }

  return { send, onAck };
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
    // A game without metatiles shows the toolbar it always had.
    toolButtons.metatile.hidden = !bytesOf(ed.get("metatile_table")).length && tool !== "metatile";
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
  const column = el("div", "romulus-scene-view");
  const stage = el("div", "romulus-scene-stage"); // scrolls over a map (see createViewport)
  const scroller = el("div", "romulus-scene-scroll");
  const canvas = el("canvas", "romulus-scene-canvas");
  scroller.append(canvas);
  stage.append(scroller);
  column.append(stage);
  const ctx = canvas.getContext("2d");
  const base = document.createElement("canvas"); // the kernel's picture of the whole map at 1x
  base.width = W;
  base.height = H;
  const baseCtx = base.getContext("2d");
  const get = ed.get;
  const cam = ed.cam;

  function paintBase() {
    const size = mapSize(get);
    const frame = bytesOf(get("frame"));
    const rgb = bytesOf(get("master_rgb"));
    if (frame.length !== size.mw * size.mh || rgb.length !== 192) return;
    if (base.width !== size.mw || base.height !== size.mh) {
      base.width = size.mw;
      base.height = size.mh;
    }
    const img = baseCtx.createImageData(size.mw, size.mh);
    colorIndices(img, frame, rgb);
    baseCtx.putImageData(img, 0, 0);
    ed.pending = ed.pending.filter((p) => !p.entry.done);
    for (const p of ed.pending) {
      if (p.metatile === undefined) stampTile(p.x, p.y, p.tile);
      else stampMetatile(p.x, p.y, p.metatile);
    }
  }

  /** Stamp a background tile at map cell (x, y) into the 1x picture as the PPU would draw it
   * (in `palette`, default the block's), for instant feedback; the kernel's frame replaces it
   * when the edit is answered. */
  function stampTile(x, y, tile, palette) {
    const size = mapSize(get);
    const chr = bytesOf(get("chr"));
    const pal = bytesOf(get("palettes"));
    const att = bytesOf(get("attributes"));
    const rgb = bytesOf(get("master_rgb"));
    if (chr.length !== 512 * 64 || pal.length !== 32 || att.length * 4 !== size.cols * size.rows)
      return;
    const p = palette === undefined ? att[(y >> 1) * (size.cols >> 1) + (x >> 1)] : palette;
    const img = baseCtx.createImageData(8, 8);
    drawTile(img, 0, 0, chr, (get("bg_table") ? 256 : 0) + tile, bgColors(pal, p), rgb);
    baseCtx.putImageData(img, x * 8, y * 8);
  }

  /** Stamp metatile `k` at map block (bx, by): its 4 tiles in its palette. */
  function stampMetatile(bx, by, k) {
    const m = metatileRow(bytesOf(get("metatile_table")), k);
    if (!m) return;
    for (let q = 0; q < 4; q++) stampTile(2 * bx + (q & 1), 2 * by + (q >> 1), m.tiles[q], m.palette);
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

  /** Draw the view: the 256x240 window of the picture at the camera, then the overlays in map
   * coordinates. */
  function repaint() {
    const s = get("scale");
    const size = mapSize(get);
    if (canvas.width !== W * s || canvas.height !== H * s) {
      canvas.width = W * s;
      canvas.height = H * s;
    }
    ed.viewport.layout(s, size);
    ctx.imageSmoothingEnabled = false;
    if (base.width >= cam.x + W && base.height >= cam.y + H) {
      ctx.drawImage(base, cam.x, cam.y, W, H, 0, 0, W * s, H * s);
    }
    ctx.save();
    ctx.translate(-cam.x * s, -cam.y * s);
    paintHighlights(s, size);
    if (get("show_grid")) gridLines(s, size, 8, "rgba(255,255,255,0.25)");
    if (get("show_attribute_grid")) gridLines(s, size, 16, "rgba(255,200,0,0.8)");
    if (size.map) screenLines(s, size);
    paintSpriteBoxes(s);
    paintRectPreview(s);
    paintHover(s);
    ctx.restore();
  }

  /** The cells and lines the limits report points at. */
  function paintHighlights(s, size) {
    const hl = bytesOf(get("highlight"));
    ctx.fillStyle = "rgba(231, 76, 60, 0.45)";
    for (let i = 0; i < hl.length; i++) {
      if (hl[i]) {
        ctx.fillRect((i % size.cols) * 8 * s, Math.floor(i / size.cols) * 8 * s, 8 * s, 8 * s);
      }
    }
    const lines = bytesOf(get("highlight_lines"));
    ctx.fillStyle = "rgba(231, 76, 60, 0.35)";
    for (let i = 0; i < lines.length; i++) if (lines[i]) ctx.fillRect(0, i * s, W * s, s);
  }

  function gridLines(s, size, step, color) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let x = step; x < size.mw; x += step) {
      ctx.moveTo(x * s + 0.5, 0);
      ctx.lineTo(x * s + 0.5, size.mh * s);
    }
    for (let y = step; y < size.mh; y += step) {
      ctx.moveTo(0, y * s + 0.5);
      ctx.lineTo(size.mw * s, y * s + 0.5);
    }
    ctx.stroke();
  }

  /** Where one screen of the map ends and the next begins. */
  function screenLines(s, size) {
    ctx.save();
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 2;
    ctx.strokeStyle = "rgba(255,0,255,0.9)";
    ctx.beginPath();
    for (let x = W; x < size.mw; x += W) {
      ctx.moveTo(x * s, 0);
      ctx.lineTo(x * s, size.mh * s);
    }
    for (let y = H; y < size.mh; y += H) {
      ctx.moveTo(0, y * s);
      ctx.lineTo(size.mw * s, y * s);
    }
    ctx.stroke();
    ctx.restore();
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

  /** The cell (or 16x16 block for the palette and metatile tools) under the pointer. */
  function paintHover(s) {
    const hover = ed.hover;
    if (!hover) return;
    const size = BLOCK_TOOLS.has(get("tool")) ? 16 : 8;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.lineWidth = 1;
    ctx.strokeRect(
      Math.floor(hover.px / size) * size * s + 0.5,
      Math.floor(hover.py / size) * size * s + 0.5,
      size * s - 1,
      size * s - 1,
    );
  }

  /** The map pixel under a pointer event, clamped to the map. */
  function pointer(ev) {
    const size = mapSize(get);
    const r = canvas.getBoundingClientRect();
    const px = cam.x + Math.floor(((ev.clientX - r.left) * W) / r.width);
    const py = cam.y + Math.floor(((ev.clientY - r.top) * H) / r.height);
    return { px: Math.max(0, Math.min(size.mw - 1, px)), py: Math.max(0, Math.min(size.mh - 1, py)) };
  }

  function paint() {
    canvas.dataset.tool = get("tool");
  }

  ed.viewport = createViewport(ed, stage, scroller);
  return {
    element: column,
    canvas,
    base,
    paintBase,
    stampTile,
    stampMetatile,
    spriteAt,
    repaint,
    pointer,
    paint,
  };
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

/** A paint, block-palette or metatile stroke reaches `cell`: send the cells (or 16x16 blocks)
 * not yet covered by this stroke; painted tiles and metatiles are stamped at once. */
function strokeTo(ed, cell) {
  const drag = ed.drag;
  const unit = BLOCK_TOOLS.has(drag.tool) ? 2 : 1;
  const target = [Math.floor(cell[0] / unit), Math.floor(cell[1] / unit)];
  const from = drag.last || target;
  const fresh = lineCells(from, target).filter(([x, y]) => !drag.seen.has(x + "," + y));
  drag.last = target;
  if (!fresh.length) return;
  fresh.forEach(([x, y]) => drag.seen.add(x + "," + y));
  if (drag.tool === "paint") {
    const tile = ed.get("tile");
    const entry = ed.send({ op: "paint", cells: fresh, tile, stroke: drag.id });
    for (const [x, y] of fresh) {
      ed.pending.push({ entry, x, y, tile });
      ed.canvas.stampTile(x, y, tile);
    }
  } else if (drag.tool === "metatile") {
    const metatile = ed.get("metatile");
    const entry = ed.send({ op: "metatile", blocks: fresh, metatile, stroke: drag.id });
    for (const [x, y] of fresh) {
      ed.pending.push({ entry, x, y, metatile });
      ed.canvas.stampMetatile(x, y, metatile);
    }
  } else {
    ed.send({ op: "block_palette", blocks: fresh, palette: ed.get("palette"), stroke: drag.id });
  }
}

/** Paint, block-palette and metatile strokes: a press starts the stroke, each move extends it. */
function strokeTool(kind) {
  return {
    down(ed, _ev, _px, _py, cell) {
      ed.drag = { tool: kind, id: ed.stroke, seen: new Set(), last: null };
      strokeTo(ed, cell);
      return true;
    },
    move: (ed, _ev, px, py) => strokeTo(ed, [px >> 3, py >> 3]),
    up() {},
  };
}

/** The tools: what a press (`down`), a move while pressed (`move`) and the release (`up`) do.
 * `down` gets the pointer event, the screen pixel and the 8x8 cell under it; it returns true
 * when a drag starts (the canvas then captures the pointer). */
const TOOL_ACTIONS = {
  paint: strokeTool("paint"),
  palette: strokeTool("palette"),
  metatile: strokeTool("metatile"),
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
    /** Pick the tile and palette under the pointer; on a metatile map, the metatile. */
    down(ed, _ev, _px, _py, cell) {
      const { cols } = mapSize(ed.get);
      const nt = bytesOf(ed.get("nametable"));
      const att = bytesOf(ed.get("attributes"));
      const map = bytesOf(ed.get("metatiles"));
      const block = (cell[1] >> 1) * (cols >> 1) + (cell[0] >> 1);
      ed.model.set("tile", nt[cell[1] * cols + cell[0]]);
      ed.model.set("palette", att[block]);
      if (map.length) ed.model.set("metatile", map[block]);
      ed.model.set("tool", map.length ? "metatile" : "paint");
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
    move(ed, _ev, px, py) {
      const drag = ed.drag;
      const x = Math.max(0, Math.min(255, px - drag.dx));
      const y = Math.max(0, Math.min(255, py - drag.dy));
      if (x !== drag.at[0] || y !== drag.at[1]) {
        drag.at = [x, y];
        ed.send({ op: "move_sprite", index: drag.index, x, y, stroke: drag.id });
      }
    },
    up() {},
  },
};

/** Pointer events on the canvas go to the current tool; on a map, the middle button (or the
 * left one with Space held) pans instead. */
function bindTools(ed) {
  const { canvas } = ed.canvas;
  canvas.addEventListener("pointerdown", (ev) => {
    const panning = ev.button === 1 || (ev.button === 0 && ed.space);
    if (panning && mapSize(ed.get).map) {
      ed.root.focus({ preventScroll: true });
      ed.viewport.startDrag(ev);
      canvas.setPointerCapture(ev.pointerId);
      ev.preventDefault();
      return;
    }
    if (ev.button !== 0) return;
    ed.root.focus({ preventScroll: true });
    const { px, py } = ed.canvas.pointer(ev);
    const tool = TOOL_ACTIONS[ed.get("tool")];
    ed.stroke += 1;
    if (tool && tool.down(ed, ev, px, py, [px >> 3, py >> 3])) canvas.setPointerCapture(ev.pointerId);
    ed.canvas.repaint(); // the first cell of a stroke shows at once, not at the next move
    ev.preventDefault();
  });
  canvas.addEventListener("mousedown", (ev) => {
    if (ev.button === 1 && mapSize(ed.get).map) ev.preventDefault(); // no autoscroll
  });
  canvas.addEventListener("pointermove", (ev) => {
    if (ed.pan) {
      ed.viewport.dragTo(ev);
      return;
    }
    const { px, py } = ed.canvas.pointer(ev);
    ed.hover = { px, py };
    ed.statusLine.show(px, py);
    if (ed.drag) TOOL_ACTIONS[ed.drag.tool].move(ed, ev, px, py);
    ed.canvas.repaint();
  });
  function finishDrag(ev) {
    ed.pan = null;
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

  /** What is at map pixel (px, py); on a map, in the screen (and so the nametable) holding it. */
  function show(px, py) {
    const size = mapSize(ed.get);
    const x = px >> 3;
    const y = py >> 3;
    const nt = bytesOf(ed.get("nametable"));
    const att = bytesOf(ed.get("attributes"));
    if (nt.length !== size.cols * size.rows || att.length * 4 !== nt.length) return;
    const block = (y >> 1) * (size.cols >> 1) + (x >> 1);
    const tile = nt[y * size.cols + x];
    const p = att[block];
    const a = cellAddress(size, x, y);
    const screen = size.map ? `screen (${a.sx}, ${a.sy})  ` : "";
    let text =
      `pixel (${px}, ${py})  tile (${x}, ${y})  ${screen}tile ${hex(tile, 2)}  palette ${p}  ` +
      `nametable ${hex(a.base + a.offset, 4)} (${hex(a.base, 4)} + ${a.offset})  ` +
      `attribute ${hex(a.attr, 4)} bits ${a.shift + 1}-${a.shift}`;
    const map = bytesOf(ed.get("metatiles"));
    if (map.length === att.length) text += `  metatile ${map[block]}`;
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
    const map = mapSize(ed.get).map;
    if (map && !mod && k === " ") ed.space = true; // Space + drag pans
    else if (map && !mod && ed.viewport.arrowKey(ev)) return true;
    else if (mod && k === "z") ed.send({ op: ev.shiftKey ? "redo" : "undo" });
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
  ed.root.addEventListener("keyup", (ev) => {
    if (ev.key === " ") ed.space = false;
  });
  ed.root.addEventListener("blur", () => {
    ed.space = false;
  });
}

// --- the view ---------------------------------------------------------------------------------
/** The traits the kernel sends deflated (`binary(deflate=True)` in scene_editor.py). */
const DEFLATED = ["frame", "chr"];

async function render({ model: sent, el: root }) {
  setUpRoot(root, "romulus-scene", true);
  const model = await inflating(sent, DEFLATED);
  /** What every part of this view shares. */
  const ed = {
    model,
    root,
    get: (name) => model.get(name),
    setTrait: (name, value) => saveTrait(model, name, value),
    stroke: randomId(), // the current stroke's id: one undo step in the kernel
    drag: null, // the stroke in progress
    hover: null, // {px, py} under the pointer
    pending: [], // optimistic stamps not yet answered: {entry, x, y, tile} or {..., metatile}
    cam: { x: (model.get("camera") || [0, 0])[0], y: (model.get("camera") || [0, 0])[1] },
    pan: null, // a pan drag in progress
    space: false, // Space is held (drag pans)
  };
  ed.messages = createMessages(ed);
  ed.send = ed.messages.send;
  ed.toolbar = createToolbar(ed);
  ed.spriteBar = createSpriteBar(ed);
  ed.canvas = createCanvas(ed);
  ed.minimap = createMinimap(ed);
  ed.tilePicker = createTilePicker(ed);
  ed.metatilePicker = createMetatilePicker(ed);
  ed.statusLine = createStatusLine(ed);
  ed.limitsPanel = createLimitsPanel(ed);
  bindTools(ed);
  bindKeys(ed);

  const main = el("div", "romulus-scene-main");
  ed.canvas.element.append(ed.minimap.element);
  ed.tilePicker.element.append(ed.metatilePicker.element);
  main.append(ed.canvas.element, ed.tilePicker.element);
  root.append(
    ed.toolbar.element,
    ed.spriteBar.element,
    main,
    ed.statusLine.element,
    ...ed.limitsPanel.elements,
  );

  const { canvas, tilePicker, metatilePicker, minimap, toolbar, spriteBar, limitsPanel } = ed;
  /** Paint the kernel's frame once for all the changes of one update (a new frame and the
   * answer that brought it both ask), before the next event. */
  let framePending = false;
  ed.showFrame = () => {
    if (framePending) return;
    framePending = true;
    queueMicrotask(() => {
      framePending = false;
      canvas.paintBase();
      canvas.repaint();
      minimap.paint();
    });
  };
  const paintPickers = () => {
    tilePicker.paint();
    metatilePicker.paint();
  };
  const paintControls = () => {
    toolbar.paint();
    spriteBar.paint();
    limitsPanel.paintError();
    canvas.paint();
  };
  const paintAll = () => {
    canvas.paintBase();
    ed.viewport.onCamera();
    canvas.repaint();
    minimap.paint();
    paintPickers();
    paintControls();
    limitsPanel.paint();
    toolbar.paintScenes();
  };
  const onFrame = () => {
    ed.showFrame();
    if (ed.hover) ed.statusLine.show(ed.hover.px, ed.hover.py); // what is under it may change
  };
  const onControls = () => {
    paintControls();
    paintPickers();
    canvas.repaint();
  };
  const onData = () => {
    paintPickers();
    canvas.repaint();
  };
  const handlers = [
    ["change:frame change:master_rgb", onFrame],
    ["change:ack", ed.messages.onAck],
    ["change:tile change:palette change:sprite_tile change:sprite_palette", tilePicker.paint],
    ["change:metatile change:metatile_table change:metatile_names", metatilePicker.paint],
    ["change:metatile_table", toolbar.paint],
    ["change:camera", ed.viewport.onCamera],
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
