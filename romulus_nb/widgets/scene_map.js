// SceneEditor parts for scenes bigger than one screen (maps) and for metatiles. Loaded between
// _common.js and scene_editor.js (see `romulus_nb.widgets._base.asset`):
//   mapSize / cellAddress  the scene's size and where a cell lives in PPU memory
//   viewport               the 256x240 view over the map: scrollbars, panning, the camera trait
//   minimap                the whole level small, the view on it; a click moves the view there
//   metatile picker        the game's metatiles, beside the tile picker

/** The scene's size: screens (w, h), tiles (cols, rows) and map pixels (mw, mh). */
function mapSize(get) {
  const [w, h] = get("screens") || [1, 1];
  return { w, h, cols: 32 * w, rows: 30 * h, mw: 256 * w, mh: 240 * h, map: w * h > 1 };
}

/** Where map cell (x, y) lives in PPU memory. The screen holding it goes into the nametable the
 * cartridge's mirroring gives it (NESdev "Mirroring"): screens of a horizontal level alternate
 * between $2000 and $2400 (vertical mirroring), those of a vertical level between $2000 and
 * $2800 (horizontal mirroring). Returns the screen, the nametable's base, the tile's offset in
 * it, the attribute byte's address and the shift of the cell's 2 bits in that byte. */
function cellAddress(size, x, y) {
  const sx = x >> 5;
  const sy = Math.floor(y / 30);
  const lx = x & 31;
  const ly = y % 30;
  let base = 0x2000;
  if (size.w > 1) base += 0x400 * (sx & 1);
  else if (size.h > 1) base += 0x800 * (sy & 1);
  return {
    sx,
    sy,
    base,
    offset: ly * 32 + lx,
    attr: base + 0x3c0 + (ly >> 2) * 8 + (lx >> 2),
    shift: ((ly & 3) >> 1) * 4 + ((lx & 3) >> 1) * 2,
  };
}

// --- viewport ---------------------------------------------------------------------------------
/** The view over a map: `stage` scrolls (native scrollbars, wheel) a box as big as the map at
 * the editor's scale, in which the canvas stays stuck to the visible corner. `ed.cam` is the
 * map pixel at the view's top-left; the kernel's `camera` trait follows it (a little later, so
 * a fast pan sends few messages), and Python setting `camera` moves the view. */
function createViewport(ed, stage, scroller) {
  const cam = ed.cam;
  let syncTimer = 0;

  /** Size the scroll box and the stage for scale `s`; a one-screen scene does not scroll. */
  function layout(s, size) {
    const width = `${size.mw * s + 2}px`;
    const height = `${size.mh * s + 2}px`;
    if (scroller.style.width !== width || scroller.style.height !== height) {
      scroller.style.width = width;
      scroller.style.height = height;
      stage.classList.toggle("romulus-scene-map", size.map);
      stage.classList.toggle("romulus-scene-map-x", size.w > 1);
      stage.classList.toggle("romulus-scene-map-y", size.h > 1);
      stage.style.width = size.w > 1 ? `${256 * s + 2}px` : "";
      stage.style.height = size.h > 1 ? `${240 * s + 2}px` : "";
      scrollTo(s);
    }
  }

  function scrollTo(s) {
    stage.scrollLeft = cam.x * s;
    stage.scrollTop = cam.y * s;
  }

  /** Move the view so that map pixel (x, y) is its top-left corner (clamped to the map). */
  function panTo(x, y, { sync = true } = {}) {
    const size = mapSize(ed.get);
    const nx = Math.max(0, Math.min(size.mw - 256, Math.round(x)));
    const ny = Math.max(0, Math.min(size.mh - 240, Math.round(y)));
    if (nx === cam.x && ny === cam.y) return;
    cam.x = nx;
    cam.y = ny;
    scrollTo(ed.get("scale"));
    ed.canvas.repaint();
    ed.minimap.paint();
    if (sync) syncCamera();
  }

  function syncCamera() {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(() => {
      const [x, y] = ed.get("camera") || [0, 0];
      if (x !== cam.x || y !== cam.y) ed.setTrait("camera", [cam.x, cam.y]);
    }, 60);
  }

  stage.addEventListener("scroll", () => {
    const s = ed.get("scale");
    panTo(stage.scrollLeft / s, stage.scrollTop / s);
  });

  /** The kernel's camera (set from Python, or the scene changed). */
  function onCamera() {
    const [x, y] = ed.get("camera") || [0, 0];
    panTo(x, y, { sync: false });
  }

  /** Panning by dragging (middle button, or Space held with the left button). */
  function startDrag(ev) {
    ed.pan = { x0: ev.clientX, y0: ev.clientY, cx: cam.x, cy: cam.y };
  }
  function dragTo(ev) {
    const s = ed.get("scale");
    panTo(ed.pan.cx - (ev.clientX - ed.pan.x0) / s, ed.pan.cy - (ev.clientY - ed.pan.y0) / s);
  }

  /** Arrow keys pan 16 pixels (one metatile), a whole screen with Shift. */
  function arrowKey(ev) {
    const step = ev.shiftKey ? [256, 240] : [16, 16];
    const moves = { arrowleft: [-1, 0], arrowright: [1, 0], arrowup: [0, -1], arrowdown: [0, 1] };
    const m = moves[ev.key.toLowerCase()];
    if (!m) return false;
    panTo(cam.x + m[0] * step[0], cam.y + m[1] * step[1]);
    return true;
  }

  return { layout, panTo, onCamera, startDrag, dragTo, arrowKey };
}

// --- minimap ----------------------------------------------------------------------------------
/** The whole level, at most 256x240, with the screen boundaries and the view's rectangle. */
function createMinimap(ed) {
  const mini = el("canvas", "romulus-scene-minimap");
  mini.hidden = true;
  const mctx = mini.getContext("2d");
  const zoom = (size) => Math.min(256 / size.mw, 240 / size.mh);

  function paint() {
    const size = mapSize(ed.get);
    mini.hidden = !size.map;
    if (!size.map) return;
    const k = zoom(size);
    const width = Math.round(size.mw * k);
    const height = Math.round(size.mh * k);
    if (mini.width !== width || mini.height !== height) {
      mini.width = width;
      mini.height = height;
    }
    mctx.imageSmoothingEnabled = true;
    mctx.drawImage(ed.canvas.base, 0, 0, width, height);
    mctx.strokeStyle = "rgba(255,0,255,0.9)";
    mctx.lineWidth = 1;
    mctx.beginPath();
    for (let x = 256; x < size.mw; x += 256) {
      mctx.moveTo(Math.round(x * k) + 0.5, 0);
      mctx.lineTo(Math.round(x * k) + 0.5, height);
    }
    for (let y = 240; y < size.mh; y += 240) {
      mctx.moveTo(0, Math.round(y * k) + 0.5);
      mctx.lineTo(width, Math.round(y * k) + 0.5);
    }
    mctx.stroke();
    mctx.strokeStyle = "#ff8c00";
    mctx.lineWidth = 2;
    mctx.strokeRect(ed.cam.x * k + 1, ed.cam.y * k + 1, 256 * k - 2, 240 * k - 2);
  }

  /** A click (or drag) on the minimap centres the view there. */
  function jump(ev) {
    const size = mapSize(ed.get);
    const r = mini.getBoundingClientRect();
    const x = ((ev.clientX - r.left) / r.width) * size.mw;
    const y = ((ev.clientY - r.top) / r.height) * size.mh;
    ed.viewport.panTo(x - 128, y - 120);
  }
  mini.addEventListener("pointerdown", (ev) => {
    mini.setPointerCapture(ev.pointerId);
    jump(ev);
    ev.preventDefault();
  });
  mini.addEventListener("pointermove", (ev) => {
    if (ev.buttons & 1) jump(ev);
  });

  return { element: mini, paint };
}

// --- metatile picker --------------------------------------------------------------------------
/** The game's metatiles, 8 a row at 2x; a click picks one and the metatile tool. */
function createMetatilePicker(ed) {
  const box = el("div", "romulus-scene-metatiles");
  const title = el("div", "romulus-scene-metatile-title");
  const scroll = el("div", "romulus-scene-metatile-scroll");
  const picker = el("canvas", "romulus-scene-metatile-picker");
  picker.width = 256;
  picker.height = 0;
  scroll.append(picker);
  box.append(title, scroll);
  const pctx = picker.getContext("2d");
  const get = ed.get;

  function paint() {
    const table = bytesOf(get("metatile_table"));
    const chr = bytesOf(get("chr"));
    const pal = bytesOf(get("palettes"));
    const rgb = bytesOf(get("master_rgb"));
    const count = Math.floor(table.length / 6);
    box.hidden = !count; // a game without metatiles shows the editor as it always was
    if (!count) return;
    if (chr.length !== 512 * 64 || pal.length !== 32 || rgb.length !== 192) return;
    const rows = Math.ceil(count / 8);
    const img = new ImageData(128, rows * 16);
    for (let k = 0; k < count; k++) {
      drawMetatile(img, (k % 8) * 16, Math.floor(k / 8) * 16, metatileRow(table, k), chr,
        get("bg_table"), pal, rgb); // prettier-ignore
    }
    const tmp = document.createElement("canvas");
    tmp.width = 128;
    tmp.height = rows * 16;
    tmp.getContext("2d").putImageData(img, 0, 0);
    picker.height = rows * 32;
    pctx.imageSmoothingEnabled = false;
    pctx.drawImage(tmp, 0, 0, 256, rows * 32);
    const k = get("metatile");
    const m = metatileRow(table, k);
    if (m) {
      pctx.strokeStyle = "#ff8c00";
      pctx.lineWidth = 2;
      pctx.strokeRect((k % 8) * 32 + 1, Math.floor(k / 8) * 32 + 1, 30, 30);
      const name = (get("metatile_names") || [])[k];
      title.textContent =
        `Metatile ${k}${name ? ` "${name}"` : ""}: tiles ` +
        `${m.tiles.map((t) => hex(t, 2)).join(" ")}, palette BG${m.palette}` +
        `${m.flags & 1 ? ", solid" : ""}`;
    } else title.textContent = `Metatiles: ${count}; pick one`;
  }

  picker.addEventListener("click", (ev) => {
    const r = picker.getBoundingClientRect();
    const k = Math.floor(((ev.clientY - r.top) * picker.height) / r.height / 32) * 8 +
      Math.floor(((ev.clientX - r.left) * 256) / r.width / 32); // prettier-ignore
    if (k >= bytesOf(get("metatile_table")).length / 6) return;
    ed.model.set("metatile", k);
    ed.model.set("tool", "metatile");
    ed.model.save_changes();
  });

  return { element: box, paint };
}
