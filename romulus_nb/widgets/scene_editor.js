// SceneEditor: a pixel-art canvas over one NES scene. The picture comes from the kernel (drawn
// by romulus_nb.render) as 256x240 colour indices; edits go back as small validated messages.
// Loaded after _common.js (bytesOf, hex, el, ...): the Python class joins the two into one
// self-contained module, as anywidget loads it from a blob URL with no imports.

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

/** Latency records shared by every editor on the page (read by the benchmark). */
function latencyLog() {
  const g = /** @type {any} */ (globalThis);
  g.__romulusLatency = g.__romulusLatency || { cells: [], strokes: [] };
  return g.__romulusLatency;
}

function render({ model, el: root }) {
  setUpRoot(root, "romulus-scene", true);

  // --- layout ---------------------------------------------------------------------------------
  const bar = el("div", "romulus-scene-bar");
  const sceneSelect = el("select", "romulus-scene-select");
  const tools = el("span", "romulus-scene-tools");
  const toolButtons = {};
  for (const [name, label, key] of TOOLS) {
    const b = el("button", "romulus-scene-tool", `${label} (${key})`);
    b.dataset.tool = name;
    b.addEventListener("click", () => setTrait("tool", name));
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
    box.addEventListener("change", () => setTrait(name, box.checked));
    lab.append(box, document.createTextNode(" " + label));
    toggles.append(lab);
    toggleBoxes[name] = box;
  }
  const undoButton = el("button", "romulus-scene-undo", "Undo (Ctrl+Z)");
  const redoButton = el("button", "romulus-scene-redo", "Redo (Ctrl+Shift+Z)");
  undoButton.addEventListener("click", () => send({ op: "undo" }));
  redoButton.addEventListener("click", () => send({ op: "redo" }));
  const scaleSelect = el("select", "romulus-scene-scale");
  for (let s = 1; s <= 6; s++) {
    const o = el("option", "", `${s}x`);
    o.value = String(s);
    scaleSelect.append(o);
  }
  scaleSelect.addEventListener("change", () => setTrait("scale", Number(scaleSelect.value)));
  bar.append(sceneSelect, tools, toggles, undoButton, redoButton, scaleSelect);

  const spriteBar = el("div", "romulus-scene-spritebar");
  const flipH = el("input");
  flipH.type = "checkbox";
  const flipV = el("input");
  flipV.type = "checkbox";
  const flipHLabel = el("label", "", " flip H");
  flipHLabel.prepend(flipH);
  const flipVLabel = el("label", "", " flip V");
  flipVLabel.prepend(flipV);
  const behind = el("input");
  behind.type = "checkbox";
  const behindLabel = el("label", "", " behind background");
  behindLabel.prepend(behind);
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
  flipH.addEventListener("change", () => spriteOption("flip_h", flipH.checked));
  flipV.addEventListener("change", () => spriteOption("flip_v", flipV.checked));
  behind.addEventListener("change", () => spriteOption("behind", behind.checked));
  deleteButton.addEventListener("click", deleteSelected);
  textInput.addEventListener("change", () => setTrait("text", textInput.value));

  const main = el("div", "romulus-scene-main");
  const stage = el("div", "romulus-scene-stage");
  const canvas = el("canvas", "romulus-scene-canvas");
  stage.append(canvas);
  const side = el("div", "romulus-scene-side");
  const pickerTitle = el("div", "romulus-scene-picker-title");
  const picker = el("canvas", "romulus-scene-picker");
  picker.width = 256;
  picker.height = 256;
  const palettesBox = el("div", "romulus-scene-palettes");
  side.append(pickerTitle, picker, palettesBox);
  main.append(stage, side);
  const status = el("div", "romulus-scene-status", "Move over the picture: tile, address, attribute bits");
  const error = el("div", "romulus-scene-error romulus-error");
  const limits = el("ul", "romulus-scene-limits");
  root.append(bar, spriteBar, main, status, error, limits);

  const ctx = canvas.getContext("2d");
  const base = document.createElement("canvas"); // the kernel's picture at 1x
  base.width = W;
  base.height = H;
  const baseCtx = base.getContext("2d");
  const pickerCtx = picker.getContext("2d");

  // --- state ----------------------------------------------------------------------------------
  let seq = randomId();
  let stroke = randomId();
  let drag = null; // the stroke in progress
  let hover = null; // {px, py}
  let pending = []; // optimistic tile paints not yet acknowledged: {entry, x, y, tile}
  // One message in flight at a time: cells entered meanwhile join the next message, so a fast
  // drag never builds a queue in the kernel. entry = {msg, times (pointer event per cell), done}
  let queue = [];
  let inflight = null;
  let strokeEnds = []; // {entry, t0, tUp, cells}

  const get = (name) => model.get(name);
  function setTrait(name, value) {
    saveTrait(model, name, value);
  }
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
    model.send(entry.msg);
    setTimeout(() => {
      if (inflight === entry) {
        inflight = null; // no answer in 2 s (kernel busy or restarted): stop waiting for it
        pump();
      }
    }, 2000);
  }

  // --- drawing --------------------------------------------------------------------------------
  function rgbTable() {
    return bytesOf(get("master_rgb"));
  }
  function paintBase() {
    const frame = bytesOf(get("frame"));
    const rgb = rgbTable();
    if (frame.length !== W * H || rgb.length !== 192) return;
    const img = baseCtx.createImageData(W, H);
    colorIndices(img, frame, rgb);
    baseCtx.putImageData(img, 0, 0);
    pending = pending.filter((p) => !p.entry.done);
    for (const p of pending) stampTile(p.x, p.y, p.tile);
  }

  /** Stamp a background tile at cell (x, y) into the 1x picture as the PPU would draw it, for
   * instant feedback; the kernel's frame replaces it when the edit is acknowledged. */
  function stampTile(x, y, tile) {
    const chr = bytesOf(get("chr"));
    const pal = bytesOf(get("palettes"));
    const att = bytesOf(get("attributes"));
    const rgb = rgbTable();
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

    const hl = bytesOf(get("highlight"));
    ctx.fillStyle = "rgba(231, 76, 60, 0.45)";
    for (let i = 0; i < hl.length; i++) {
      if (hl[i]) ctx.fillRect((i % 32) * 8 * s, Math.floor(i / 32) * 8 * s, 8 * s, 8 * s);
    }
    const lines = bytesOf(get("highlight_lines"));
    ctx.fillStyle = "rgba(231, 76, 60, 0.35)";
    for (let i = 0; i < lines.length; i++) if (lines[i]) ctx.fillRect(0, i * s, W * s, s);

    if (get("show_grid")) gridLines(8, "rgba(255,255,255,0.25)");
    if (get("show_attribute_grid")) gridLines(16, "rgba(255,200,0,0.8)");
    const oam = bytesOf(get("oam"));
    const selected = get("selected_sprite");
    if (oam.length === 256 && (get("show_sprite_boxes") || get("tool") === "sprite")) {
      const h = get("sprite_size");
      for (let i = 0; i < 64; i++) {
        if (oam[4 * i] >= 0xef) continue;
        ctx.strokeStyle = i === selected ? "#ff8c00" : "rgba(0,255,255,0.9)";
        ctx.lineWidth = i === selected ? 2 : 1;
        ctx.strokeRect(oam[4 * i + 3] * s + 0.5, (oam[4 * i] + 1) * s + 0.5, 8 * s - 1, h * s - 1);
      }
    }
    if (drag && drag.tool === "rect" && drag.end) {
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
    if (hover) {
      const block = get("tool") === "palette";
      const size = block ? 16 : 8;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.lineWidth = 1;
      ctx.strokeRect(
        Math.floor(hover.px / size) * size * s + 0.5,
        Math.floor(hover.py / size) * size * s + 0.5,
        size * s - 1,
        size * s - 1,
      );
    }
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

  function pickerMode() {
    return get("tool") === "sprite" ? "sprite" : "bg";
  }
  function paintPicker() {
    const chr = bytesOf(get("chr"));
    const pal = bytesOf(get("palettes"));
    const rgb = rgbTable();
    if (chr.length !== 512 * 64 || pal.length !== 32 || rgb.length !== 192) return;
    const sprite = pickerMode() === "sprite";
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
        if (p < 4) setTrait("palette", p);
        else spriteOption("sprite_palette", p - 4);
      });
      rows.push(row);
    }
    palettesBox.replaceChildren(...rows);
  }

  function paintControls() {
    const tool = get("tool");
    for (const [name, b] of Object.entries(toolButtons)) {
      b.classList.toggle("romulus-scene-active", name === tool);
    }
    for (const [name, box] of Object.entries(toggleBoxes)) box.checked = !!get(name);
    undoButton.disabled = !get("can_undo");
    redoButton.disabled = !get("can_redo");
    scaleSelect.value = String(get("scale"));
    flipH.checked = !!get("flip_h");
    flipV.checked = !!get("flip_v");
    behind.checked = !!get("behind");
    deleteButton.disabled = get("selected_sprite") < 0;
    if (document.activeElement !== textInput) textInput.value = get("text");
    error.textContent = get("error");
    canvas.dataset.tool = tool;
  }

  function paintLimits() {
    const items = (get("limits") || []).map((f) => {
      const li = el("li", `romulus-scene-level-${f.level}`, `${f.level}: ${f.message}`);
      li.dataset.rule = f.rule;
      return li;
    });
    limits.replaceChildren(...items);
  }

  function paintScenes() {
    showScenes(sceneSelect, get("scene_names"), get("scene_index"));
  }
  sceneSelect.addEventListener("change", () => setTrait("scene_index", Number(sceneSelect.value)));

  function paintAll() {
    paintBase();
    repaint();
    paintPicker();
    paintControls();
    paintLimits();
    paintScenes();
  }

  // --- pointer input --------------------------------------------------------------------------
  function pointer(ev) {
    const r = canvas.getBoundingClientRect();
    const px = Math.floor(((ev.clientX - r.left) * W) / r.width);
    const py = Math.floor(((ev.clientY - r.top) * H) / r.height);
    return { px: Math.max(0, Math.min(W - 1, px)), py: Math.max(0, Math.min(H - 1, py)) };
  }

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

  function strokeTo(cell, eventTime) {
    const unit = drag.tool === "palette" ? 2 : 1;
    const target = [Math.floor(cell[0] / unit), Math.floor(cell[1] / unit)];
    const from = drag.last || target;
    const fresh = lineCells(from, target).filter(([x, y]) => !drag.seen.has(x + "," + y));
    drag.last = target;
    if (!fresh.length) return;
    fresh.forEach(([x, y]) => drag.seen.add(x + "," + y));
    if (drag.tool === "paint") {
      const tile = get("tile");
      const entry = send({ op: "paint", cells: fresh, tile, stroke: drag.id }, eventTime);
      for (const [x, y] of fresh) {
        pending.push({ entry, x, y, tile });
        stampTile(x, y, tile);
      }
      drag.lastEntry = entry;
    } else {
      send({ op: "block_palette", blocks: fresh, palette: get("palette"), stroke: drag.id });
    }
  }

  canvas.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0) return;
    root.focus({ preventScroll: true });
    const { px, py } = pointer(ev);
    const cell = [px >> 3, py >> 3];
    const tool = get("tool");
    stroke += 1;
    if (tool === "paint" || tool === "palette") {
      drag = { tool, id: stroke, seen: new Set(), last: null, t0: ev.timeStamp };
      canvas.setPointerCapture(ev.pointerId);
      strokeTo(cell, ev.timeStamp);
    } else if (tool === "rect") {
      drag = { tool, id: stroke, start: cell, end: cell };
      canvas.setPointerCapture(ev.pointerId);
      repaint();
    } else if (tool === "eyedropper") {
      const nt = bytesOf(get("nametable"));
      const att = bytesOf(get("attributes"));
      model.set("tile", nt[cell[1] * 32 + cell[0]]);
      model.set("palette", att[(cell[1] >> 1) * 16 + (cell[0] >> 1)]);
      model.set("tool", "paint");
      model.save_changes();
    } else if (tool === "text") {
      send({ op: "text", x: cell[0], y: cell[1], text: get("text"), stroke: stroke });
      send({ op: "end" });
    } else if (tool === "sprite") {
      const hit = spriteAt(px, py);
      if (hit >= 0) {
        const oam = bytesOf(get("oam"));
        setTrait("selected_sprite", hit);
        drag = {
          tool,
          id: stroke,
          index: hit,
          dx: px - oam[4 * hit + 3],
          dy: py - (oam[4 * hit] + 1),
          at: [oam[4 * hit + 3], oam[4 * hit] + 1],
        };
        canvas.setPointerCapture(ev.pointerId);
      } else {
        const x = Math.max(0, Math.min(255, px - 4));
        const y = Math.max(0, Math.min(239, py - 4));
        send({
          op: "add_sprite",
          x,
          y,
          tile: get("sprite_tile"),
          palette: get("sprite_palette"),
          flip_h: !!get("flip_h"),
          flip_v: !!get("flip_v"),
          behind: !!get("behind"),
          stroke,
        });
        send({ op: "end" });
      }
    }
    ev.preventDefault();
  });

  canvas.addEventListener("pointermove", (ev) => {
    const { px, py } = pointer(ev);
    hover = { px, py };
    showStatus(px, py);
    if (drag && (drag.tool === "paint" || drag.tool === "palette")) {
      strokeTo([px >> 3, py >> 3], ev.timeStamp);
    } else if (drag && drag.tool === "rect") {
      drag.end = [px >> 3, py >> 3];
    } else if (drag && drag.tool === "sprite") {
      const x = Math.max(0, Math.min(255, px - drag.dx));
      const y = Math.max(0, Math.min(255, py - drag.dy));
      if (x !== drag.at[0] || y !== drag.at[1]) {
        drag.at = [x, y];
        send({ op: "move_sprite", index: drag.index, x, y, stroke: drag.id }, ev.timeStamp);
      }
    }
    repaint();
  });

  function finishDrag(ev) {
    if (!drag) return;
    if (drag.tool === "rect") {
      send({ op: "rect", corners: [drag.start, drag.end], tile: get("tile"), stroke: drag.id });
    }
    if (drag.tool === "paint" && drag.lastEntry) {
      strokeEnds.push({ entry: drag.lastEntry, t0: drag.t0, tUp: ev.timeStamp, cells: drag.seen.size });
    }
    send({ op: "end" });
    drag = null;
    repaint();
  }
  canvas.addEventListener("pointerup", finishDrag);
  canvas.addEventListener("pointercancel", finishDrag);
  canvas.addEventListener("pointerleave", () => {
    hover = null;
    if (!drag) repaint();
  });

  function showStatus(px, py) {
    const x = px >> 3;
    const y = py >> 3;
    const nt = bytesOf(get("nametable"));
    const att = bytesOf(get("attributes"));
    if (nt.length !== 960 || att.length !== 240) return;
    const tile = nt[y * 32 + x];
    const p = att[(y >> 1) * 16 + (x >> 1)];
    const attrAddr = 0x23c0 + (y >> 2) * 8 + (x >> 2);
    const shift = ((y & 3) >> 1) * 4 + ((x & 3) >> 1) * 2;
    let text =
      `pixel (${px}, ${py})  tile (${x}, ${y})  tile ${hex(tile, 2)}  palette ${p}  ` +
      `nametable ${hex(0x2000 + y * 32 + x, 4)} ($2000 + ${y * 32 + x})  ` +
      `attribute ${hex(attrAddr, 4)} bits ${shift + 1}-${shift}`;
    const sp = spriteAt(px, py);
    if (sp >= 0) {
      const oam = bytesOf(get("oam"));
      const [y, t, a, x] = oam.slice(4 * sp, 4 * sp + 4);
      text +=
        `\nsprite ${sp}: OAM ${hex(4 * sp, 2)}-${hex(4 * sp + 3, 2)} = Y ${hex(y, 2)} ` +
        `(drawn from line ${y + 1}), tile ${hex(t, 2)}, attributes ${hex(a, 2)} ` +
        `(palette ${a & 3}${a & 0x40 ? ", flip H" : ""}${a & 0x80 ? ", flip V" : ""}` +
        `${a & 0x20 ? ", behind" : ""}), X ${hex(x, 2)}`;
    }
    status.textContent = text;
  }

  picker.addEventListener("click", (ev) => {
    const r = picker.getBoundingClientRect();
    const tx = Math.floor(((ev.clientX - r.left) * 16) / r.width);
    const ty = Math.floor(((ev.clientY - r.top) * 16) / r.height);
    const tile = Math.max(0, Math.min(15, ty)) * 16 + Math.max(0, Math.min(15, tx));
    if (pickerMode() === "sprite") spriteOption("sprite_tile", tile);
    else setTrait("tile", tile);
  });

  /** A sprite option changes the selected sprite too (flip, palette, tile). */
  function spriteOption(name, value) {
    setTrait(name, value);
    const index = get("selected_sprite");
    if (get("tool") !== "sprite" || index < 0) return;
    const key = { sprite_palette: "palette", sprite_tile: "tile" }[name] || name;
    stroke += 1;
    send({ op: "update_sprite", index, [key]: value, stroke });
    send({ op: "end" });
  }
  function deleteSelected() {
    const index = get("selected_sprite");
    if (index < 0) return;
    stroke += 1;
    send({ op: "delete_sprite", index, stroke });
    send({ op: "end" });
  }

  // --- keyboard -------------------------------------------------------------------------------
  onKeys(root, (ev) => {
    const k = ev.key.toLowerCase();
    const mod = ev.ctrlKey || ev.metaKey;
    if (mod && k === "z") send({ op: ev.shiftKey ? "redo" : "undo" });
    else if (mod && k === "y") send({ op: "redo" });
    else if (mod) return false;
    else if (k === "delete" || k === "backspace") deleteSelected();
    else if (k === "g") setTrait("show_grid", !get("show_grid"));
    else if (k === "h") setTrait("show_attribute_grid", !get("show_attribute_grid"));
    else {
      const tool = TOOLS.find((t) => t[2].toLowerCase() === k);
      if (!tool) return false;
      setTrait("tool", tool[0]);
    }
    return true;
  });

  // --- model changes --------------------------------------------------------------------------
  const onFrame = () => {
    paintBase();
    repaint();
    if (hover) showStatus(hover.px, hover.py); // what is under the pointer may have changed
  };
  const onAck = () => {
    if (!inflight || get("ack") !== inflight.msg.seq) return;
    inflight.done = true;
    const answered = inflight;
    inflight = null;
    paintBase(); // the kernel's frame, without the stamps it has answered (or refused)
    repaint();
    const now = performance.now();
    const log = latencyLog();
    for (const t of answered.times) log.cells.push(now - t);
    (log.roundTrips = log.roundTrips || []).push(now - answered.sentAt);
    strokeEnds = strokeEnds.filter((s) => {
      if (!s.entry.done) return true;
      log.strokes.push({ cells: s.cells, fromDown: now - s.t0, fromUp: now - s.tUp });
      return false;
    });
    pump();
  };
  const onPicker = () => paintPicker();
  const onControls = () => {
    paintControls();
    paintPicker();
    repaint();
  };
  const onData = () => {
    paintPicker();
    repaint();
  };
  const handlers = [
    ["change:frame change:master_rgb", onFrame],
    ["change:ack", onAck],
    ["change:tile change:palette change:sprite_tile change:sprite_palette", onPicker],
    [
      "change:tool change:can_undo change:can_redo change:scale change:flip_h change:flip_v change:behind " +
        "change:selected_sprite change:text change:error change:show_grid " +
        "change:show_attribute_grid change:show_sprite_boxes",
      onControls,
    ],
    ["change:chr change:palettes change:oam change:highlight change:highlight_lines", onData],
    ["change:limits", paintLimits],
    ["change:scene_names change:scene_index", paintScenes],
  ];
  return keepPainted(model, handlers, paintAll, canvas);
}

export default { render };
