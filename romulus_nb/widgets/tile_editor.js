// TileEditor: paint one 8x8 tile with the 4 colours of a palette, beside its pattern table.
// Loaded after _common.js (bytesOf, hex, el, ...): the Python class joins the two into one
// self-contained module, as anywidget loads it from a blob URL with no imports.

const ZOOM = 32; // screen pixels per tile pixel in the big tile

/** The traits the kernel sends deflated (`binary(deflate=True)` in tile_editor.py). */
const DEFLATED = ["chr"];

async function render({ model: sent, el: root }) {
  setUpRoot(root, "romulus-tile", true);
  const model = await inflating(sent, DEFLATED);
  const get = (n) => model.get(n);
  let seq = randomId();
  let stroke = randomId();
  let drawing = null;

  const bar = el("div", "romulus-tile-bar");
  const tableSelect = el("select", "romulus-tile-table");
  for (const t of [0, 1]) {
    const o = el("option", "", `pattern table ${t} ($${t}000)`);
    o.value = String(t);
    tableSelect.append(o);
  }
  const paletteSelect = el("select", "romulus-tile-palette");
  paletteOptions(paletteSelect, "palette ");
  const pens = el("span", "romulus-tile-pens");
  const undoButton = el("button", "", "Undo (Ctrl+Z)");
  const redoButton = el("button", "", "Redo (Ctrl+Shift+Z)");
  bar.append(tableSelect, paletteSelect, pens, undoButton, redoButton);
  const main = el("div", "romulus-tile-main");
  const big = el("canvas", "romulus-tile-big");
  big.width = big.height = 8 * ZOOM;
  const sheet = el("canvas", "romulus-tile-sheet");
  sheet.width = sheet.height = 256;
  main.append(big, sheet);
  const status = el("div", "romulus-tile-status");
  const error = el("div", "romulus-tile-error romulus-error");
  root.append(bar, main, status, error);
  const bigCtx = big.getContext("2d");
  const sheetCtx = sheet.getContext("2d");

  const setTrait = (name, value) => saveTrait(model, name, value);
  function send(msg) {
    seq += 1;
    msg.seq = seq;
    model.send(msg);
  }
  tableSelect.addEventListener("change", () => setTrait("table", Number(tableSelect.value)));
  paletteSelect.addEventListener("change", () => setTrait("palette", Number(paletteSelect.value)));
  undoButton.addEventListener("click", () => send({ op: "undo" }));
  redoButton.addEventListener("click", () => send({ op: "redo" }));

  function colors() {
    const pal = bytesOf(get("palettes"));
    const rgb = bytesOf(get("master_rgb"));
    const p = get("palette");
    if (pal.length !== 32 || rgb.length !== 192) return ["#000", "#555", "#aaa", "#fff"];
    return [pal[0], pal[4 * p + 1], pal[4 * p + 2], pal[4 * p + 3]].map((c) => cssColor(rgb, c));
  }

  function paint() {
    const chr = bytesOf(get("chr"));
    if (chr.length !== 512 * 64) return;
    const cs = colors();
    const base = get("table") * 256;
    const tile = get("tile");
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        bigCtx.fillStyle = cs[chr[(base + tile) * 64 + y * 8 + x]];
        bigCtx.fillRect(x * ZOOM, y * ZOOM, ZOOM, ZOOM);
      }
    }
    bigCtx.strokeStyle = "rgba(128,128,128,0.6)";
    bigCtx.beginPath();
    for (let i = 1; i < 8; i++) {
      bigCtx.moveTo(i * ZOOM + 0.5, 0);
      bigCtx.lineTo(i * ZOOM + 0.5, 8 * ZOOM);
      bigCtx.moveTo(0, i * ZOOM + 0.5);
      bigCtx.lineTo(8 * ZOOM, i * ZOOM + 0.5);
    }
    bigCtx.stroke();
    for (let t = 0; t < 256; t++) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          sheetCtx.fillStyle = cs[chr[(base + t) * 64 + y * 8 + x]];
          sheetCtx.fillRect(((t % 16) * 8 + x) * 2, (Math.floor(t / 16) * 8 + y) * 2, 2, 2);
        }
      }
    }
    sheetCtx.strokeStyle = "#ff8c00";
    sheetCtx.lineWidth = 2;
    sheetCtx.strokeRect((tile % 16) * 16 + 1, Math.floor(tile / 16) * 16 + 1, 14, 14);
    pens.replaceChildren(
      ...cs.map((c, i) => {
        const b = el("span", "romulus-tile-pen", String(i));
        b.style.background = c;
        b.dataset.value = String(i);
        b.title = `colour ${i} (key ${i + 1})`;
        if (i === get("color")) b.classList.add("romulus-tile-pen-chosen");
        b.addEventListener("click", () => setTrait("color", i));
        return b;
      }),
    );
    tableSelect.value = String(get("table"));
    paletteSelect.value = String(get("palette"));
    undoButton.disabled = !get("can_undo");
    redoButton.disabled = !get("can_redo");
    status.textContent =
      `tile ${hex(tile, 2)} of pattern table ${get("table")}: ` +
      `CHR bytes ${hex(get("table") * 0x1000 + tile * 16, 4)}-${hex(get("table") * 0x1000 + tile * 16 + 15, 4)}`;
    error.textContent = get("error");
  }

  function pixelAt(ev) {
    const r = big.getBoundingClientRect();
    const x = Math.floor(((ev.clientX - r.left) * 8) / r.width);
    const y = Math.floor(((ev.clientY - r.top) * 8) / r.height);
    return [Math.max(0, Math.min(7, x)), Math.max(0, Math.min(7, y))];
  }
  function dab(ev) {
    const [x, y] = pixelAt(ev);
    const key = x + "," + y;
    if (drawing.seen.has(key)) return;
    drawing.seen.add(key);
    const value = ev.button === 2 || ev.buttons === 2 ? 0 : get("color");
    bigCtx.fillStyle = colors()[value];
    bigCtx.fillRect(x * ZOOM + 1, y * ZOOM + 1, ZOOM - 1, ZOOM - 1);
    send({ op: "pixels", table: get("table"), tile: get("tile"), pixels: [[x, y, value]], stroke: drawing.id });
  }
  big.addEventListener("pointerdown", (ev) => {
    root.focus({ preventScroll: true });
    stroke += 1;
    drawing = { id: stroke, seen: new Set() };
    big.setPointerCapture(ev.pointerId);
    dab(ev);
    ev.preventDefault();
  });
  big.addEventListener("pointermove", (ev) => {
    const [x, y] = pixelAt(ev);
    status.textContent = `pixel (${x}, ${y}) of tile ${hex(get("tile"), 2)}`;
    if (drawing) dab(ev);
  });
  const finish = () => {
    if (!drawing) return;
    drawing = null;
    send({ op: "end" });
  };
  big.addEventListener("pointerup", finish);
  big.addEventListener("pointercancel", finish);
  big.addEventListener("contextmenu", (ev) => ev.preventDefault());
  sheet.addEventListener("click", (ev) => {
    const r = sheet.getBoundingClientRect();
    const tx = Math.max(0, Math.min(15, Math.floor(((ev.clientX - r.left) * 16) / r.width)));
    const ty = Math.max(0, Math.min(15, Math.floor(((ev.clientY - r.top) * 16) / r.height)));
    setTrait("tile", ty * 16 + tx);
  });
  onKeys(root, (ev) => {
    const mod = ev.ctrlKey || ev.metaKey;
    if (mod && ev.key.toLowerCase() === "z") send({ op: ev.shiftKey ? "redo" : "undo" });
    else if (mod && ev.key.toLowerCase() === "y") send({ op: "redo" });
    else if (!mod && ["1", "2", "3", "4"].includes(ev.key)) setTrait("color", Number(ev.key) - 1);
    else return false;
    return true;
  });

  const events =
    "change:chr change:palettes change:table change:tile change:palette change:color " +
    "change:can_undo change:can_redo change:error change:master_rgb";
  return keepPainted(model, [[events, paint]], paint, big);
}

export default { render };
