// Shared by every romulus_nb widget. Not a module of its own: each widget's Python class puts
// this file in front of the widget's own .js (see `romulus_nb.widgets._base.asset`), because
// anywidget loads `_esm` from a blob URL, where a module cannot import a sibling file. Every
// widget module is thus self-contained in the browser while this code is written once.

/** @param {unknown} v a bytes trait (a DataView from the kernel) @returns {Uint8Array} */
function bytesOf(v) {
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (v && ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return new Uint8Array(0);
}

/** `n` as `$` and `w` upper-case hex digits: hex(0x3f00, 4) is "$3F00". */
const hex = (n, w) => "$" + n.toString(16).toUpperCase().padStart(w, "0");

/** A new `tag` element with class `cls` and text `text` (both optional). */
function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A message or stroke id to count up from. Ids start at random so that two views of one
 * widget never share a message or stroke id. */
const randomId = () => Math.floor(Math.random() * 2 ** 30);

/** Set trait `name` of `model` to `value` in the browser and send the change to the kernel. */
function saveTrait(model, name, value) {
  model.set(name, value);
  model.save_changes();
}

/** Options "BG0"-"BG3" and "SPR0"-"SPR3" (values 0-7) in `select`, each label after `prefix`. */
function paletteOptions(select, prefix) {
  for (let p = 0; p < 8; p++) {
    const o = el("option", "", `${prefix}${p < 4 ? "BG" : "SPR"}${p % 4}`);
    o.value = String(p);
    select.append(o);
  }
}

/** The widget's root element: its classes (`romulus-widget`, `cls`, and `romulus-editor` for
 * the editors, which take keyboard focus) and the attribute that keeps JupyterLab's shortcuts
 * out of its key presses. */
function setUpRoot(root, cls, focusable) {
  root.classList.add("romulus-widget", cls);
  if (focusable) {
    root.classList.add("romulus-editor");
    root.tabIndex = 0;
  }
  root.setAttribute("data-lm-suppress-shortcuts", "true");
}

/** CSS colour of NES colour index `c` through the master palette `rgb` (64 x 3 bytes). */
const cssColor = (rgb, c) => `rgb(${rgb[3 * c]},${rgb[3 * c + 1]},${rgb[3 * c + 2]})`;

/** Colour indices, one byte a pixel, into the RGBA pixels of `img` (an ImageData of as many
 * pixels) through the master palette `rgb`; indices are masked to $00-$3F. */
function colorIndices(img, indices, rgb) {
  const d = img.data;
  for (let i = 0; i < indices.length; i++) {
    const c = (indices[i] & 0x3f) * 3;
    d[4 * i] = rgb[c];
    d[4 * i + 1] = rgb[c + 1];
    d[4 * i + 2] = rgb[c + 2];
    d[4 * i + 3] = 255;
  }
}

/** Fill `select` with the game's scenes ("0: Title", ...) and select scene `index`. */
function showScenes(select, names, index) {
  select.replaceChildren(
    ...(names || []).map((n, i) => {
      const o = el("option", "", `${i}: ${n}`);
      o.value = String(i);
      return o;
    }),
  );
  select.value = String(index);
}

/** Key presses in `root` go to `handle(ev)`, except those in its text fields and menus (they
 * keep their keys); a key `handle` returns true for goes no further (not to the notebook). */
function onKeys(root, handle) {
  root.addEventListener("keydown", (ev) => {
    const target = /** @type {HTMLElement} */ (ev.target);
    if (target && (target.tagName === "INPUT" || target.tagName === "SELECT")) return;
    if (handle(ev)) {
      ev.preventDefault();
      ev.stopPropagation();
    }
  });
}

/** Subscribe each `[events, fn]` of `handlers` to the model and paint with `paintAll` now and,
 * if `canvas` is given, whenever it comes into view again (JupyterLab detaches cells scrolled
 * out of view, and a canvas comes back blank); returns the clean-up anywidget calls when the
 * view goes. */
function keepPainted(model, handlers, paintAll, canvas) {
  for (const [events, fn] of handlers) model.on(events, fn);
  const seen =
    canvas &&
    new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) paintAll();
    });
  if (seen) seen.observe(canvas);
  paintAll();
  return () => {
    if (seen) seen.disconnect();
    for (const [events, fn] of handlers) model.off(events, fn);
  };
}

/** The 4 colour indices of background palette `p` (0-3) in palette RAM `pal` (32 bytes): pixel
 * value 0 is the backdrop $3F00, value v is $3F00 + 4p + v (NESdev "PPU palettes"). */
const bgColors = (pal, p) => [pal[0], pal[4 * p + 1], pal[4 * p + 2], pal[4 * p + 3]];

/** Draw tile `t` (0-511 of the CHR bank `chr`, 64 pixel values a tile) in the colour indices
 * `colors` through the master palette `rgb` into ImageData `img` with its top-left at (ox, oy). */
function drawTile(img, ox, oy, chr, t, colors, rgb) {
  const d = img.data;
  for (let i = 0; i < 64; i++) {
    const c = colors[chr[t * 64 + i]] * 3;
    const o = 4 * ((oy + (i >> 3)) * img.width + ox + (i & 7));
    d[o] = rgb[c];
    d[o + 1] = rgb[c + 1];
    d[o + 2] = rgb[c + 2];
    d[o + 3] = 255;
  }
}

/** Metatile `k` of a `metatile_table` trait (6 bytes a metatile: 4 tiles, palette, flags), or
 * null when the table has no such metatile. */
function metatileRow(table, k) {
  if (k < 0 || 6 * k + 6 > table.length) return null;
  const row = table.subarray(6 * k, 6 * k + 6);
  return { tiles: [row[0], row[1], row[2], row[3]], palette: row[4], flags: row[5] };
}

/** Draw metatile `m` (a `metatileRow`) at 1x into `img` with its top-left at (ox, oy). */
function drawMetatile(img, ox, oy, m, chr, table, pal, rgb) {
  const colors = bgColors(pal, m.palette);
  for (let q = 0; q < 4; q++) {
    drawTile(img, ox + 8 * (q & 1), oy + 8 * (q >> 1), chr, table * 256 + m.tiles[q], colors, rgb);
  }
}

/** The bytes of a deflate-compressed (zlib) buffer, inflated: a Promise of a Uint8Array. */
async function inflate(view) {
  const packed = bytesOf(view);
  if (!packed.length) return packed;
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** `model` as a widget's view reads it when the kernel sends the traits `names` deflated
 * (`binary(deflate=True)` in Python): `get` gives them inflated, as Uint8Arrays, and every
 * handler given to `on` runs after the traits that changed with its event are inflated, one
 * after the other in the order of the events, so a handler sees one update whole. Resolves
 * once the traits as they are now are inflated. */
async function inflating(model, names) {
  const sent = new Map(); // name -> the deflated value last inflated
  const plain = new Map(); // name -> its inflated bytes
  async function refresh() {
    for (const name of names) {
      const value = model.get(name);
      if (sent.get(name) === value) continue;
      const bytes = await inflate(value);
      sent.set(name, value);
      plain.set(name, bytes);
    }
  }
  let queue = refresh();
  await queue;
  const wrapped = new Map(); // handler -> the handler that waits for the inflated traits
  const waiting = (fn) => {
    if (!wrapped.has(fn)) {
      wrapped.set(fn, (...args) => {
        queue = queue.then(refresh).then(() => fn(...args)).catch((err) => console.error(err));
      });
    }
    return wrapped.get(fn);
  };
  return {
    ...model,
    get: (name) => (plain.has(name) ? plain.get(name) : model.get(name)),
    on: (events, fn) => model.on(events, waiting(fn)),
    off: (events, fn) => model.off(events, wrapped.get(fn) ?? fn),
  };
}
