// PPUViewer: frame, nametables, pattern tables, palette RAM and OAM of recorded PPU states,
// with a slider over the frames. Pictures arrive as colour indices; the master palette colours
// them here. Loaded after _common.js (bytesOf, hex, el, ...): the Python class joins the two
// into one self-contained module, as anywidget loads it from a blob URL with no imports.

function section(title, ...children) {
  const box = el("div", "romulus-ppu-section");
  box.append(el("div", "romulus-ppu-title", title), ...children);
  return box;
}

/** Draw a w x h picture of colour indices onto a canvas, enlarged `scale` times. */
function drawIndices(canvas, indices, w, h, rgb, scale) {
  if (indices.length !== w * h || rgb.length !== 192) return;
  blit(canvas, w, h, scale, (img) => colorIndices(img, indices, rgb));
}

/** Fill a w x h ImageData with `fill`, then draw it onto `canvas` enlarged `scale` times. */
function blit(canvas, w, h, scale, fill) {
  const small = document.createElement("canvas");
  small.width = w;
  small.height = h;
  const sctx = small.getContext("2d");
  const img = sctx.createImageData(w, h);
  fill(img);
  sctx.putImageData(img, 0, 0);
  canvas.width = w * scale;
  canvas.height = h * scale;
  const ctx = canvas.getContext("2d");
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, w * scale, h * scale);
}

/** Draw a w x h RGB picture (3 bytes a pixel) onto a canvas, enlarged `scale` times. */
function drawRgb(canvas, rgbBytes, w, h, scale) {
  if (rgbBytes.length !== w * h * 3) {
    canvas.width = canvas.height = 0;
    return;
  }
  blit(canvas, w, h, scale, (img) => {
    for (let i = 0, j = 0; i < w * h; i++, j += 3) {
      img.data[4 * i] = rgbBytes[j];
      img.data[4 * i + 1] = rgbBytes[j + 1];
      img.data[4 * i + 2] = rgbBytes[j + 2];
      img.data[4 * i + 3] = 255;
    }
  });
}

/** A magenta cross on the frame canvas (enlarged `scale` times) at the sprite 0 hit. */
function markHit(canvas, hit, scale) {
  if (!hit || hit.length !== 2) return;
  const [line, x] = hit;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#f0f";
  ctx.fillRect((x - 4) * scale, line * scale, 9 * scale, scale);
  ctx.fillRect(x * scale, (line - 4) * scale, scale, 9 * scale);
}

/** The pictures the kernel sends deflated (`binary(deflate=True)` in ppu_viewer.py). */
const DEFLATED = ["frame", "nametables_image", "patterns_image", "scroll_strip"];

async function render({ model: sent, el: root }) {
  setUpRoot(root, "romulus-ppu", false);
  const model = await inflating(sent, DEFLATED);
  const get = (n) => model.get(n);

  const bar = el("div", "romulus-ppu-bar");
  const slider = el("input", "romulus-ppu-slider");
  slider.type = "range";
  slider.min = "0";
  const label = el("span", "romulus-ppu-label");
  const regs = el("span", "romulus-ppu-regs");
  bar.append(el("span", "", "Frame"), slider, label, regs);
  // Arrow keys move the slider, not the notebook's cell selection.
  slider.addEventListener("keydown", (ev) => ev.stopPropagation());
  slider.addEventListener("input", () => saveTrait(model, "frame_index", Number(slider.value)));

  const frame = el("canvas", "romulus-ppu-frame");
  const nametables = el("canvas", "romulus-ppu-nametables");
  const patterns = el("canvas", "romulus-ppu-patterns");
  const palSelect = el("select", "romulus-ppu-palsel");
  paletteOptions(palSelect, "in ");
  palSelect.addEventListener("change", () => saveTrait(model, "pattern_palette", Number(palSelect.value)));
  const paletteRam = el("div", "romulus-ppu-palram");
  const oamTable = el("table", "romulus-ppu-oam");
  const writes = el("pre", "romulus-ppu-writes");
  const strip = el("canvas", "romulus-ppu-strip");
  const splits = el("pre", "romulus-ppu-splits");
  const grid = el("div", "romulus-ppu-grid");
  grid.append(
    section("Frame (what the PPU shows; sprite 0 hit in magenta)", frame),
    section("Scroll per line (x red, y blue; yellow: a split)", strip, splits),
    section("Nametables $2000 $2400 / $2800 $2C00", nametables),
    section("Pattern tables $0000 | $1000 ", palSelect, el("br"), patterns),
    section("Palette RAM $3F00-$3F1F", paletteRam),
    section("OAM (visible entries)", oamTable),
    section("CPU writes to the PPU since the previous recorded frame", writes),
  );
  root.append(bar, grid);

  function paint() {
    const rgb = bytesOf(get("master_rgb"));
    const count = get("count");
    const index = get("frame_index");
    slider.max = String(Math.max(0, count - 1));
    slider.value = String(index);
    slider.disabled = count <= 1;
    const numbers = get("frame_numbers") || [];
    label.textContent = `${index + 1} of ${count} (frame ${numbers[index] ?? index})`;
    const r = get("registers") || {};
    regs.textContent =
      `PPUCTRL=${hex(r.ppuctrl ?? 0, 2)} PPUMASK=${hex(r.ppumask ?? 0, 2)} ` +
      `scroll (${r.scroll_x ?? 0}, ${r.scroll_y ?? 0})`;
    drawIndices(frame, bytesOf(get("frame")), 256, 240, rgb, 2);
    markHit(frame, get("sprite0_hit"), 2);
    drawRgb(strip, bytesOf(get("scroll_strip")), 64, 240, 2);
    splits.textContent = (get("splits") || []).join("\n") || "(no line registers recorded)";
    drawIndices(nametables, bytesOf(get("nametables_image")), 512, 480, rgb, 1);
    drawIndices(patterns, bytesOf(get("patterns_image")), 256, 128, rgb, 2);
    palSelect.value = String(get("pattern_palette"));

    const ram = bytesOf(get("palette_ram"));
    const cells = [];
    for (let i = 0; i < ram.length; i++) {
      const c = ram[i] & 0x3f;
      const chip = el("span", "romulus-ppu-chip", hex(c, 2).slice(1));
      chip.style.background = cssColor(rgb, c);
      chip.style.color = rgb[3 * c] * 0.3 + rgb[3 * c + 1] * 0.59 + rgb[3 * c + 2] * 0.11 > 128 ? "#000" : "#fff";
      chip.title = `${hex(0x3f00 + i, 4)} = ${hex(c, 2)}`;
      cells.push(chip);
      if (i % 4 === 3) cells.push(el("span", "romulus-ppu-gap"));
    }
    paletteRam.replaceChildren(...cells);

    const oam = bytesOf(get("oam"));
    const rows = [el("tr")];
    for (const h of ["#", "Y", "tile", "attr", "X"]) rows[0].append(el("th", "", h));
    for (let i = 0; i < 64 && oam.length === 256; i++) {
      if (oam[4 * i] >= 0xef) continue;
      const tr = el("tr");
      tr.append(
        el("td", "", String(i)),
        el("td", "", hex(oam[4 * i], 2)),
        el("td", "", hex(oam[4 * i + 1], 2)),
        el("td", "", hex(oam[4 * i + 2], 2)),
        el("td", "", hex(oam[4 * i + 3], 2)),
      );
      rows.push(tr);
    }
    oamTable.replaceChildren(...rows);
    writes.textContent = (get("writes") || []).join("\n") || "(none recorded)";
  }

  const events =
    "change:frame change:nametables_image change:patterns_image change:palette_ram " +
    "change:oam change:registers change:frame_index change:count change:pattern_palette " +
    "change:writes change:scroll_strip change:splits change:sprite0_hit";
  return keepPainted(model, [[events, paint]], paint, frame);
}

export default { render };
