// MetatileEditor: a game's metatile table. Loaded after _common.js (bytesOf, el, drawMetatile,
// ...), joined into one self-contained module by the Python class.
//
// Named parts, each built by a function below:
//   toolbar   add, remove, undo, redo, whose palettes to draw with (`createToolbar`)
//   table     every metatile, 8 a row; a click selects one (`createTable`)
//   detail    the selected metatile big (a click picks the corner to set), its palette, its
//             flags, its name and where it is used (`createDetail`)
//   tiles     the background pattern table; a click puts the tile in the chosen corner
//             (`createTilePicker`)
// Each edit is one message to the kernel, which answers with the new table.

const PER_ROW = 8;

function createToolbar(ed) {
  const bar = el("div", "romulus-meta-bar");
  const count = el("span", "romulus-meta-count");
  const add = el("button", "romulus-meta-add", "Add metatile");
  const remove = el("button", "romulus-meta-remove", "Remove");
  const undo = el("button", "romulus-meta-undo", "Undo (Ctrl+Z)");
  const redo = el("button", "romulus-meta-redo", "Redo (Ctrl+Shift+Z)");
  const sceneSelect = el("select", "romulus-meta-scene");
  add.addEventListener("click", () => ed.send({ op: "add" }));
  remove.addEventListener("click", () => ed.send({ op: "remove", index: ed.get("selected") }));
  undo.addEventListener("click", () => ed.send({ op: "undo" }));
  redo.addEventListener("click", () => ed.send({ op: "redo" }));
  sceneSelect.addEventListener("change", () => ed.setTrait("scene_index", Number(sceneSelect.value)));
  bar.append(count, add, remove, undo, redo, el("span", "", "colours of"), sceneSelect);

  function paint() {
    const n = ed.count();
    count.textContent = `${n} of 256 metatiles`;
    remove.disabled = n === 0;
    undo.disabled = !ed.get("can_undo");
    redo.disabled = !ed.get("can_redo");
    showScenes(sceneSelect, ed.get("scene_names"), ed.get("scene_index"));
  }
  return { element: bar, paint };
}

function createTable(ed) {
  const canvas = el("canvas", "romulus-meta-table");
  canvas.width = 32 * PER_ROW;
  canvas.height = 0;
  const ctx = canvas.getContext("2d");

  function paint() {
    const n = ed.count();
    const rows = Math.max(1, Math.ceil(n / PER_ROW));
    const img = new ImageData(16 * PER_ROW, 16 * rows);
    const d = ed.data();
    if (!d) return;
    for (let k = 0; k < n; k++) {
      const m = metatileRow(d.table, k);
      drawMetatile(img, (k % PER_ROW) * 16, Math.floor(k / PER_ROW) * 16, m, d.chr, d.bgTable, d.pal, d.rgb);
    }
    canvas.height = 32 * rows;
    drawScaled(ctx, img, 2);
    const k = ed.get("selected");
    if (k < n) {
      ctx.strokeStyle = "#ff8c00";
      ctx.lineWidth = 2;
      ctx.strokeRect((k % PER_ROW) * 32 + 1, Math.floor(k / PER_ROW) * 32 + 1, 30, 30);
    }
  }
  canvas.addEventListener("click", (ev) => {
    const r = canvas.getBoundingClientRect();
    const col = Math.floor(((ev.clientX - r.left) / r.width) * PER_ROW);
    const row = Math.floor(((ev.clientY - r.top) / r.height) * (canvas.height / 32));
    const k = row * PER_ROW + col;
    if (k < ed.count()) ed.setTrait("selected", k);
  });
  return { element: canvas, paint };
}

/** Put ImageData `img` on `ctx`'s canvas enlarged `scale` times, pixels crisp. */
function drawScaled(ctx, img, scale) {
  const tmp = document.createElement("canvas");
  tmp.width = img.width;
  tmp.height = img.height;
  tmp.getContext("2d").putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tmp, 0, 0, img.width * scale, img.height * scale);
}

function createDetail(ed) {
  const box = el("div", "romulus-meta-detail");
  const big = el("canvas", "romulus-meta-big");
  big.width = 128;
  big.height = 128;
  const bctx = big.getContext("2d");
  const info = el("div", "romulus-meta-info");
  const palettes = el("div", "romulus-meta-palettes");
  const flags = el("div", "romulus-meta-flags");
  const name = el("input", "romulus-meta-name");
  name.type = "text";
  name.maxLength = 40;
  name.placeholder = "name";
  const used = el("div", "romulus-meta-usage");
  box.append(big, info, palettes, flags, name, used);

  name.addEventListener("change", () =>
    ed.send({ op: "rename", index: ed.get("selected"), name: name.value }),
  );
  big.addEventListener("click", (ev) => {
    const r = big.getBoundingClientRect();
    const corner = (ev.clientY - r.top > r.height / 2 ? 2 : 0) + (ev.clientX - r.left > r.width / 2 ? 1 : 0);
    ed.setTrait("corner", corner);
  });

  function paint() {
    const n = ed.count();
    const k = ed.get("selected");
    const d = ed.data();
    box.hidden = k >= n || !d;
    if (box.hidden) return;
    const m = metatileRow(d.table, k);
    const img = new ImageData(16, 16);
    drawMetatile(img, 0, 0, m, d.chr, d.bgTable, d.pal, d.rgb);
    drawScaled(bctx, img, 8);
    const c = ed.get("corner");
    bctx.strokeStyle = "#ff8c00";
    bctx.lineWidth = 3;
    bctx.strokeRect((c & 1) * 64 + 2, (c >> 1) * 64 + 2, 60, 60);
    const label = ["top-left", "top-right", "bottom-left", "bottom-right"][c];
    info.textContent =
      `Metatile ${k}: tiles ${m.tiles.map((t) => hex(t, 2)).join(" ")}, palette BG${m.palette}, ` +
      `flags ${hex(m.flags, 2)}. Click the picture to choose a corner (${label}), then a tile.`;
    paintPalettes(m, d);
    paintFlags(m);
    if (document.activeElement !== name) name.value = (ed.get("metatile_names") || [])[k] || "";
    const places = (ed.get("usage") || [])[k] || [];
    used.textContent = places.length
      ? "Used by " + places.map(([scene, cells]) => `${scene} (${cells} cells)`).join(", ")
      : "Not used by any map";
  }

  function paintPalettes(m, d) {
    const rows = [];
    for (let p = 0; p < 4; p++) {
      const b = el("button", "romulus-meta-palette", `BG${p}`);
      b.dataset.palette = String(p);
      b.classList.toggle("romulus-meta-chosen", p === m.palette);
      for (const c of bgColors(d.pal, p)) {
        const chip = el("span", "romulus-meta-chip");
        chip.style.background = cssColor(d.rgb, c);
        b.append(chip);
      }
      b.addEventListener("click", () => ed.send({ op: "set_palette", index: ed.get("selected"), palette: p }));
      rows.push(b);
    }
    palettes.replaceChildren(...rows);
  }

  function paintFlags(m) {
    const boxes = (ed.get("flag_names") || []).map(({ name: flag, bit }) => {
      const lab = el("label", "romulus-meta-flag");
      const check = el("input");
      check.type = "checkbox";
      check.dataset.flag = flag;
      check.checked = !!(m.flags & bit);
      check.addEventListener("change", () =>
        ed.send({ op: "set_flag", index: ed.get("selected"), flag, value: check.checked }),
      );
      lab.append(check, document.createTextNode(` ${flag} (bit ${Math.log2(bit)})`));
      return lab;
    });
    flags.replaceChildren(...boxes);
  }
  return { element: box, paint };
}

function createTilePicker(ed) {
  const canvas = el("canvas", "romulus-meta-tiles");
  canvas.width = 256;
  canvas.height = 256;
  const ctx = canvas.getContext("2d");

  function paint() {
    const d = ed.data();
    const k = ed.get("selected");
    if (!d) return;
    const m = metatileRow(d.table, k);
    const colors = bgColors(d.pal, m ? m.palette : 0);
    const img = new ImageData(128, 128);
    for (let t = 0; t < 256; t++) drawTile(img, (t % 16) * 8, (t >> 4) * 8, d.chr, d.bgTable * 256 + t, colors, d.rgb);
    drawScaled(ctx, img, 2);
    const tile = ed.get("tile");
    ctx.strokeStyle = "#ff8c00";
    ctx.lineWidth = 2;
    ctx.strokeRect((tile % 16) * 16 + 1, (tile >> 4) * 16 + 1, 14, 14);
  }
  canvas.addEventListener("click", (ev) => {
    const r = canvas.getBoundingClientRect();
    const tx = Math.max(0, Math.min(15, Math.floor(((ev.clientX - r.left) * 16) / r.width)));
    const ty = Math.max(0, Math.min(15, Math.floor(((ev.clientY - r.top) * 16) / r.height)));
    const tile = ty * 16 + tx;
    ed.setTrait("tile", tile);
    if (ed.get("selected") >= ed.count()) return;
    const corner = ed.get("corner");
    ed.send({ op: "set_tile", index: ed.get("selected"), corner, tile });
    ed.setTrait("corner", (corner + 1) % 4); // the next corner, so 4 clicks fill a metatile
  });
  return { element: canvas, paint };
}

/** The traits the kernel sends deflated (`binary(deflate=True)` in metatile_editor.py). */
const DEFLATED = ["chr"];

async function render({ model: sent, el: root }) {
  setUpRoot(root, "romulus-meta", true);
  const model = await inflating(sent, DEFLATED);
  let seq = randomId();
  const ed = {
    model,
    root,
    get: (name) => model.get(name),
    setTrait: (name, value) => saveTrait(model, name, value),
    send(msg) {
      seq += 1;
      model.send({ ...msg, seq });
    },
    count: () => Math.floor(bytesOf(model.get("metatile_table")).length / 6),
    /** What drawing needs, or null until it has arrived. */
    data() {
      const chr = bytesOf(model.get("chr"));
      const pal = bytesOf(model.get("palettes"));
      const rgb = bytesOf(model.get("master_rgb"));
      if (chr.length !== 512 * 64 || pal.length !== 32 || rgb.length !== 192) return null;
      const table = bytesOf(model.get("metatile_table"));
      return { chr, pal, rgb, table, bgTable: model.get("bg_table") };
    },
  };
  const toolbar = createToolbar(ed);
  const table = createTable(ed);
  const detail = createDetail(ed);
  const tiles = createTilePicker(ed);
  const error = el("div", "romulus-meta-error romulus-error");
  const main = el("div", "romulus-meta-main");
  const left = el("div", "romulus-meta-left");
  left.append(table.element, detail.element);
  main.append(left, tiles.element);
  root.append(toolbar.element, main, error);

  onKeys(root, (ev) => {
    const k = ev.key.toLowerCase();
    if (!(ev.ctrlKey || ev.metaKey)) return false;
    if (k === "z") ed.send({ op: ev.shiftKey ? "redo" : "undo" });
    else if (k === "y") ed.send({ op: "redo" });
    else return false;
    return true;
  });

  const paintAll = () => {
    toolbar.paint();
    table.paint();
    detail.paint();
    tiles.paint();
    error.textContent = model.get("error");
  };
  const handlers = [
    [
      "change:metatile_table change:metatile_names change:usage change:chr change:palettes " +
        "change:bg_table change:master_rgb change:selected change:corner change:tile " +
        "change:can_undo change:can_redo change:scene_names change:scene_index change:error",
      paintAll,
    ],
  ];
  return keepPainted(model, handlers, paintAll, table.element);
}

export default { render };
