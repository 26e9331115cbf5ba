// GamePlayer: a ROM running in the kernel, drawn here 60 times a second, played with the keyboard
// or the buttons on screen. Frames arrive as custom messages {op: "frame", n, held} with one
// buffer of 256 x 240 colour indices; every frame drawn is acknowledged ({op: "shown", n}) so
// the kernel never runs more than a few frames ahead of the page. Loaded after _common.js
// (bytesOf, hex, el, colorIndices, cssColor, onKeys, keepPainted, setUpRoot).

const W = 256;
const H = 240;

/** The picture: a 256 x 240 canvas enlarged by CSS (pixelated), and its ImageData reused. */
function makeScreen(model) {
  const canvas = el("canvas", "romulus-play-screen");
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(W, H);
  const fit = () => {
    canvas.style.width = `${W * model.get("scale")}px`;
    canvas.style.height = `${H * model.get("scale")}px`;
  };
  fit();
  return {
    canvas,
    fit,
    draw(indices) {
      if (indices.length !== W * H) return false;
      colorIndices(image, indices, bytesOf(model.get("master_rgb")));
      ctx.putImageData(image, 0, 0);
      return true;
    },
  };
}

/** Play/pause, step, reset, and the readouts: frame number, frames drawn per second, keys. */
function makeControls(model, send) {
  const bar = el("div", "romulus-play-bar");
  const play = el("button", "romulus-play-toggle", "Pause");
  const step = el("button", "romulus-play-step", "Step");
  const reset = el("button", "romulus-play-reset", "Reset");
  const frame = el("span", "romulus-play-frame");
  const fps = el("span", "romulus-play-fps", "– fps");
  const status = el("span", "romulus-play-status");
  play.addEventListener("click", () => send({ op: model.get("running") ? "pause" : "play" }));
  step.addEventListener("click", () => send({ op: "step" }));
  reset.addEventListener("click", () => send({ op: "reset" }));
  bar.append(play, step, reset, frame, fps, status);
  const legend = el("div", "romulus-play-keys");
  return {
    nodes: [bar, legend],
    fps,
    frame,
    paint() {
      const running = model.get("running");
      play.textContent = running ? "Pause" : "Play";
      step.disabled = running;
      const map = model.get("keymap") || {};
      legend.textContent =
        "Keys: " +
        Object.entries(map)
          .map(([key, button]) => `${key.replace("Arrow", "")} = ${button}`)
          .join(", ") +
        " (click the picture first)";
      status.textContent = model.get("halted") || model.get("error") || "";
    },
  };
}

/** Buttons on screen for touch and mouse: held while pressed, like the keys. */
function makePad(names, setHeld) {
  const pad = el("div", "romulus-play-pad");
  const labels = { up: "▲", down: "▼", left: "◀", right: "▶", select: "Select", start: "Start", b: "B", a: "A" };
  for (const name of ["left", "up", "down", "right", "select", "start", "b", "a"]) {
    const bit = names.indexOf(name);
    const button = el("button", `romulus-play-pad-${name}`, labels[name]);
    const hold = (down) => (ev) => {
      ev.preventDefault();
      setHeld(bit, down);
    };
    button.addEventListener("pointerdown", hold(true));
    for (const up of ["pointerup", "pointerleave", "pointercancel"]) button.addEventListener(up, hold(false));
    pad.append(button);
  }
  return pad;
}

/** Paused: the four nametables with the camera (the 256 x 240 window the scroll shows),
 * palette RAM and the visible OAM entries of the frame shown. */
function makeInspector(model) {
  const box = el("div", "romulus-play-inspector");
  const nametables = el("canvas", "romulus-play-nametables");
  nametables.width = 2 * W;
  nametables.height = 2 * H;
  const palette = el("div", "romulus-play-palram");
  const oam = el("pre", "romulus-play-oam");
  box.append(
    el("div", "romulus-play-title", "Nametables $2000 $2400 / $2800 $2C00 (camera in yellow)"),
    nametables,
    el("div", "romulus-play-title", "Palette RAM $3F00-$3F1F"),
    palette,
    el("div", "romulus-play-title", "OAM: visible entries (#: Y tile attr X)"),
    oam,
  );
  const ctx = nametables.getContext("2d");
  const image = ctx.createImageData(2 * W, 2 * H);
  return {
    box,
    paint() {
      box.hidden = model.get("running");
      if (box.hidden) return;
      const rgb = bytesOf(model.get("master_rgb"));
      const pictures = bytesOf(model.get("nametables_image"));
      if (pictures.length === 4 * W * H) {
        colorIndices(image, pictures, rgb);
        ctx.putImageData(image, 0, 0);
      }
      const r = model.get("registers") || {};
      ctx.strokeStyle = "#ff0";
      ctx.lineWidth = 2;
      // The camera wraps around the 512 x 480 space of the four nametables.
      for (const dx of [0, -2 * W]) {
        for (const dy of [0, -2 * H]) ctx.strokeRect((r.scroll_x ?? 0) + dx + 1, (r.scroll_y ?? 0) + dy + 1, W - 2, H - 2);
      }
      const ram = bytesOf(model.get("palette_ram"));
      palette.replaceChildren(
        ...Array.from(ram, (value, i) => {
          const chip = el("span", "romulus-play-chip", hex(value & 0x3f, 2).slice(1));
          chip.style.background = cssColor(rgb, value & 0x3f);
          chip.title = `${hex(0x3f00 + i, 4)} = ${hex(value & 0x3f, 2)}`;
          return chip;
        }),
      );
      const bytes = bytesOf(model.get("oam"));
      const lines = [];
      for (let i = 0; i < 64 && bytes.length === 256; i++) {
        if (bytes[4 * i] >= 0xef) continue;
        const b = bytes.subarray(4 * i, 4 * i + 4);
        lines.push(`${String(i).padStart(2)}: ${hex(b[0], 2)} ${hex(b[1], 2)} ${hex(b[2], 2)} ${hex(b[3], 2)}`);
      }
      oam.textContent = lines.join("\n") || "(no sprite on screen)";
    },
  };
}

function render({ model, el: root }) {
  setUpRoot(root, "romulus-play", true);
  const send = (content) => model.send(content);
  const screen = makeScreen(model);
  const controls = makeControls(model, send);
  const inspector = makeInspector(model);

  // What is held: keys and pad buttons together, sent whenever it changes.
  let held = 0;
  const setHeld = (bit, down) => {
    if (bit < 0) return;
    const next = down ? held | (1 << bit) : held & ~(1 << bit);
    if (next !== held) {
      held = next;
      root.dataset.keyTime = String(performance.now());
      send({ op: "buttons", mask: held });
    }
  };
  const bitOfKey = (ev) => {
    const map = model.get("keymap") || {};
    const button = map[ev.key] ?? map[ev.key.toLowerCase()];
    return button === undefined ? -1 : model.get("button_names").indexOf(button);
  };
  onKeys(root, (ev) => {
    const bit = bitOfKey(ev);
    if (bit < 0) return false;
    if (!ev.repeat) setHeld(bit, true);
    return true;
  });
  root.addEventListener("keyup", (ev) => {
    const bit = bitOfKey(ev);
    if (bit >= 0) {
      setHeld(bit, false);
      ev.preventDefault();
      ev.stopPropagation();
    }
  });
  root.addEventListener("blur", () => {
    if (held) {
      held = 0;
      send({ op: "buttons", mask: 0 });
    }
  });
  screen.canvas.addEventListener("pointerdown", () => root.focus());

  // Frames from the kernel: draw, acknowledge, count. dataset fields are read by the tests.
  let drawn = 0;
  let second = performance.now();
  let inSecond = 0;
  let lastSum = -1;
  const onFrame = (msg, buffers) => {
    if (!msg || msg.op !== "frame" || !buffers || !buffers.length) return;
    const indices = bytesOf(buffers[0]);
    if (!screen.draw(indices)) return;
    send({ op: "shown", n: msg.n });
    drawn += 1;
    inSecond += 1;
    root.dataset.framesDrawn = String(drawn);
    controls.frame.textContent = `frame ${msg.n}`;
    // The first picture that differs after a key: how long the key took to show.
    let sum = 0;
    for (let i = 0; i < indices.length; i += 61) sum = (sum * 31 + indices[i]) | 0;
    if (sum !== lastSum && root.dataset.keyTime) {
      root.dataset.keyLatency = String(performance.now() - Number(root.dataset.keyTime));
      delete root.dataset.keyTime;
    }
    lastSum = sum;
    const now = performance.now();
    if (now - second >= 1000) {
      const rate = (1000 * inSecond) / (now - second);
      controls.fps.textContent = `${rate.toFixed(1)} fps`;
      root.dataset.fps = rate.toFixed(1);
      second = now;
      inSecond = 0;
    }
  };
  model.on("msg:custom", onFrame);

  const paintStill = () => {
    screen.fit();
    if (!model.get("running")) screen.draw(bytesOf(model.get("frame")));
    controls.frame.textContent = `frame ${model.get("frame_number")}`;
    controls.paint();
    inspector.paint();
  };
  const main = el("div", "romulus-play-main");
  main.append(screen.canvas, makePad(model.get("button_names"), setHeld));
  root.append(el("div", "romulus-play-name", model.get("title")), main, ...controls.nodes, inspector.box);

  const events =
    "change:frame change:running change:keymap change:scale change:halted change:error " +
    "change:nametables_image change:registers";
  const stopPainting = keepPainted(model, [[events, paintStill]], paintStill, screen.canvas);
  send({ op: "ready" });
  return () => {
    model.off("msg:custom", onFrame);
    stopPainting();
  };
}

export default { render };
