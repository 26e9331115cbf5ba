// PaletteEditor: the 64 NES master colours (4 rows of 16, as NES tools lay them out) beside
// the 8 palettes of a scene. Loaded after _common.js (bytesOf, hex, el, ...): the Python class
// joins the two into one self-contained module, as anywidget loads it from a blob URL.

const UNSAFE = 0x0d;

const hex2 = (n) => hex(n, 2).slice(1);

function render({ model, el: root }) {
  setUpRoot(root, "romulus-pal", true);
  let seq = randomId();
  let cursor = 0x16; // keyboard cursor in the master grid

  const head = el("div", "romulus-pal-head");
  const sceneSelect = el("select", "romulus-pal-scene");
  const hint = el("span", "romulus-pal-hint", "Click a slot, then a colour. Keys: arrows, Enter, [ ]");
  head.append(sceneSelect, hint);
  const body = el("div", "romulus-pal-body");
  const grid = el("div", "romulus-pal-master");
  const sets = el("div", "romulus-pal-sets");
  body.append(grid, sets);
  const status = el("div", "romulus-pal-status");
  const error = el("div", "romulus-pal-error romulus-error");
  root.append(head, body, status, error);

  const swatches = [];
  for (let i = 0; i < 64; i++) {
    const s = el("div", "romulus-pal-swatch");
    s.dataset.color = String(i);
    s.textContent = hex2(i);
    if (i === UNSAFE) s.classList.add("romulus-pal-unsafe");
    s.addEventListener("click", () => {
      cursor = i;
      assign(i);
    });
    grid.append(s);
    swatches.push(s);
  }

  const slots = [];
  for (let p = 0; p < 8; p++) {
    const row = el("div", "romulus-pal-row");
    row.append(el("span", "romulus-pal-label", (p < 4 ? "BG" : "SPR") + (p % 4)));
    for (let e = 0; e < 4; e++) {
      const s = el("div", "romulus-pal-slot");
      s.dataset.palette = String(p);
      s.dataset.entry = String(e);
      if (e === 0) s.classList.add("romulus-pal-shared");
      s.addEventListener("click", () => select(p, e));
      row.append(s);
      slots.push(s);
    }
    sets.append(row);
  }

  function rgbOf(i) {
    const rgb = bytesOf(model.get("master_rgb"));
    return rgb.length >= 192 ? [rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]] : [0, 0, 0];
  }
  function css(i) {
    const [r, g, b] = rgbOf(i);
    return `rgb(${r},${g},${b})`;
  }
  function ink(i) {
    const [r, g, b] = rgbOf(i);
    return 0.299 * r + 0.587 * g + 0.114 * b > 128 ? "#000" : "#fff";
  }
  function title(i) {
    const [r, g, b] = rgbOf(i);
    const names = model.get("color_names") || [];
    const unsafe = i === UNSAFE ? " (unsafe: not selectable)" : "";
    return `$${hex2(i)} ${names[i] || ""} #${hex2(r)}${hex2(g)}${hex2(b)}${unsafe}`;
  }

  function select(p, e) {
    model.set("selected_palette", p);
    model.set("selected_entry", e);
    model.save_changes();
  }

  function assign(color) {
    if (color === UNSAFE) {
      error.textContent = "$0D is 'blacker than black' and makes some TVs lose sync; use $0F";
      return;
    }
    seq += 1;
    model.send({
      op: "set_color",
      palette: model.get("selected_palette"),
      entry: model.get("selected_entry"),
      color,
      seq,
    });
  }

  function paint() {
    const pal = bytesOf(model.get("palettes"));
    const selP = model.get("selected_palette");
    const selE = model.get("selected_entry");
    for (let i = 0; i < 64; i++) {
      const s = swatches[i];
      s.style.background = css(i);
      s.style.color = ink(i);
      s.title = title(i);
      s.classList.toggle("romulus-pal-cursor", i === cursor);
    }
    slots.forEach((s) => {
      const p = Number(s.dataset.palette);
      const e = Number(s.dataset.entry);
      const c = pal.length === 32 ? pal[e === 0 ? 0 : 4 * p + e] : 0;
      s.style.background = css(c);
      s.style.color = ink(c);
      s.textContent = hex2(c);
      s.dataset.color = String(c);
      const where = e === 0 ? "shared backdrop ($3F00)" : `$${(0x3f00 + 4 * p + e).toString(16).toUpperCase()}`;
      s.title = `${p < 4 ? "background" : "sprite"} palette ${p % 4} entry ${e}: ${where}, ${title(c)}`;
      s.classList.toggle("romulus-pal-selected", p === selP && e === selE);
      s.classList.toggle("romulus-pal-shared-selected", e === 0 && selE === 0);
    });
    const c = pal.length === 32 ? pal[selE === 0 ? 0 : 4 * selP + selE] : 0;
    status.textContent =
      `Slot: ${selP < 4 ? "BG" : "SPR"}${selP % 4} entry ${selE}` +
      (selE === 0 ? " (the backdrop, shared by all 8 palettes)" : "") +
      ` = ${title(c)}  |  cursor ${title(cursor)}`;
    error.textContent = model.get("error");
  }

  function paintScenes() {
    showScenes(sceneSelect, model.get("scene_names"), model.get("scene_index"));
  }
  sceneSelect.addEventListener("change", () => saveTrait(model, "scene_index", Number(sceneSelect.value)));

  onKeys(root, (ev) => {
    const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -16, ArrowDown: 16 };
    if (ev.key in moves) {
      cursor = (cursor + moves[ev.key] + 64) % 64;
      paint();
    } else if (ev.key === "Enter" || ev.key === " ") {
      assign(cursor);
    } else if (ev.key === "[" || ev.key === "]") {
      const k = model.get("selected_palette") * 4 + model.get("selected_entry");
      const next = (k + (ev.key === "]" ? 1 : 31)) % 32;
      select(Math.floor(next / 4), next % 4);
    } else {
      return false;
    }
    return true;
  });

  const onChange = () => paint();
  const handlers = [
    ["change:palettes change:selected_palette change:selected_entry change:error change:master_rgb", onChange],
    ["change:scene_names change:scene_index", paintScenes],
  ];
  const paintAll = () => {
    paintScenes();
    paint();
  };
  return keepPainted(model, handlers, paintAll, null);
}

export default { render };
