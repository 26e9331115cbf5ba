// GamePlayer: the game runs here, in nes_core.js (concatenated before this file), on
// requestAnimationFrame at the NES's 60.0988 frames a second; the kernel follows it exactly.
//
// Who owns the clock: while `running`, this page does (the view that said "ready" last). It sends the kernel only small messages:
// each change of the buttons held as {op: "buttons", epoch, frame, mask} (held from script frame
// `frame` on), and every HEARTBEAT_FRAMES frames {op: "beat", epoch, frame, crc, fps}, the CRC-32
// of its last picture, which the kernel replays to and compares. Paused, the kernel owns it:
// step, reset and a pause from Python come back as {op: "sync", epoch, frame, since, script}
// (the recording is unchanged up to `since`), and the page rewinds to a kept snapshot and
// replays the recording to stand on that frame. Until a
// kernel has sent a sync (or with none at all) the page shows the still picture of `frame`.
// Loaded after _common.js (bytesOf, hex, el, colorIndices, cssColor, onKeys, keepPainted, ...).

const W = 256;
const H = 240;
const FRAME_MS = 1000 / 60.0988;
/** Frames run at most per animation frame when the page fell behind (then time is dropped). */
const MAX_CATCH_UP = 2;
const HEARTBEAT_FRAMES = 15;
/** Snapshots kept at heartbeat frames: the frames the kernel may name in a sync. */
const SNAPSHOTS = 16;
const LOG = 2000;
const READOUT_FRAMES = 10;

/** The picture: a 256 x 240 canvas enlarged by CSS (pixelated), and its ImageData reused. */
function makeScreen(model) {
  const canvas = el("canvas", "romulus-play-screen");
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(W, H);
  // The master palette as 64 RGBA words (little-endian, as ImageData's bytes are read): one
  // store a pixel, 60 times a second.
  const pixels = new Uint32Array(image.data.buffer);
  const words = new Uint32Array(64);
  const paletteWords = () => {
    const rgb = bytesOf(model.get("master_rgb"));
    for (let c = 0; c < 64; c++) words[c] = (255 << 24) | (rgb[3 * c + 2] << 16) | (rgb[3 * c + 1] << 8) | rgb[3 * c];
  };
  paletteWords();
  model.on("change:master_rgb", paletteWords);
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
      for (let i = 0; i < indices.length; i++) pixels[i] = words[indices[i] & 0x3f];
      ctx.putImageData(image, 0, 0);
      return true;
    },
  };
}

/** Play/pause, step, reset, and the readouts: frame number, frames drawn per second, keys. */
function makeControls(model, actions) {
  const bar = el("div", "romulus-play-bar");
  const play = el("button", "romulus-play-toggle", "Pause");
  const step = el("button", "romulus-play-step", "Step");
  const reset = el("button", "romulus-play-reset", "Reset");
  const frame = el("span", "romulus-play-frame");
  const fps = el("span", "romulus-play-fps", "– fps");
  const status = el("span", "romulus-play-status");
  play.addEventListener("click", () => (model.get("running") ? actions.pause() : actions.send({ op: "play" })));
  step.addEventListener("click", () => actions.send({ op: "step" }));
  reset.addEventListener("click", () => actions.send({ op: "reset" }));
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
      const diverged = model.get("diverged");
      status.textContent = diverged || model.get("halted") || model.get("error") || "";
      status.classList.toggle("romulus-play-diverged", Boolean(diverged));
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
 * palette RAM and the visible OAM entries of the frame shown, all computed by the kernel. */
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

/** The console in this page: a NESCore, the snapshots the kernel may rewind it to, and the
 * replay of a recording ([[first, last, mask], ...] script runs) up to a frame. */
function makeConsole(model) {
  let core = null;
  const snapshots = new Map(); // frame -> snapshot
  const made = () => {
    core = new NESCore(bytesOf(model.get("prg_rom")), bytesOf(model.get("chr_rom")), model.get("mirroring"));
    snapshots.clear();
    snapshots.set(0, core.snapshot());
  };
  const maskAt = (script, frame) => {
    for (const [first, last, mask] of script) if (first <= frame && frame <= last) return mask;
    return 0;
  };
  return {
    get core() {
      return core;
    },
    /** Stand on `frame` of the recording `script`, whose frames after `since` may differ from
     * what this page ran (a reset, a step): from a snapshot at or before both. */
    goTo(frame, script, since) {
      if (core === null) made();
      for (const f of snapshots.keys()) if (f > since) snapshots.delete(f);
      if (core.frame > Math.min(frame, since) || core.halted) {
        const kept = [...snapshots.keys()].filter((f) => f <= frame);
        core.restore(snapshots.get(Math.max(...kept)));
      }
      while (core.frame < frame && !core.halted) core.runFrame(maskAt(script, core.frame + 1));
    },
    keep() {
      snapshots.set(core.frame, core.snapshot());
      if (snapshots.size > SNAPSHOTS) {
        const oldest = [...snapshots.keys()].filter((f) => f !== 0).sort((a, b) => a - b)[0];
        snapshots.delete(oldest);
      }
    },
  };
}

function render({ model, el: root }) {
  setUpRoot(root, "romulus-play", true);
  const view = randomId();
  const send = (content) => model.send({ ...content, view });
  const screen = makeScreen(model);
  const machine = makeConsole(model);
  let epoch = -1; // the kernel's timeline this page stands on; -1: no kernel has spoken yet
  let leader = false; // the view that last said "ready" runs the clock; others show stills
  let playing = false; // the clock runs here: `running`, and a kernel is there
  let held = 0;

  const crcOfPicture = () => crc32(machine.core.picture());
  const pause = () => {
    if (!playing) return send({ op: "pause" });
    playing = false;
    send({ op: "pause", epoch, frame: machine.core.frame, crc: crcOfPicture() });
  };
  const controls = makeControls(model, { send, pause });
  const inspector = makeInspector(model);

  // For benchmarks/play.py: when each change of the buttons was made and from which frame it
  // holds, and when each frame was drawn (performance.now() times, the last LOG entries).
  const log = { keys: [], draws: [] };
  root.playLog = log;
  const note = (list, entry) => {
    list.push(entry);
    if (list.length > LOG) list.shift();
  };

  // What is held: keys and pad buttons together. Running, a change holds from the next frame.
  const setMask = (next, when = performance.now()) => {
    if (next === held) return;
    held = next;
    root.dataset.keyTime = String(when);
    const frame = playing ? machine.core.frame + 1 : -1;
    note(log.keys, [when, frame, held]);
    if (playing) send({ op: "buttons", epoch, frame, mask: held });
    else send({ op: "buttons", mask: held });
  };
  const setHeld = (bit, down, when) => {
    if (bit >= 0) setMask(down ? held | (1 << bit) : held & ~(1 << bit), when);
  };
  const bitOfKey = (ev) => {
    const map = model.get("keymap") || {};
    const button = map[ev.key] ?? map[ev.key.toLowerCase()];
    return button === undefined ? -1 : model.get("button_names").indexOf(button);
  };
  onKeys(root, (ev) => {
    const bit = bitOfKey(ev);
    if (bit < 0) return false;
    if (!ev.repeat) setHeld(bit, true, ev.timeStamp);
    return true;
  });
  root.addEventListener("keyup", (ev) => {
    const bit = bitOfKey(ev);
    if (bit >= 0) {
      setHeld(bit, false, ev.timeStamp);
      ev.preventDefault();
      ev.stopPropagation();
    }
  });
  root.addEventListener("blur", () => setMask(0));
  screen.canvas.addEventListener("pointerdown", () => root.focus());

  // Pictures drawn: counted per second; the first changed one after a key gives its latency.
  let drawn = 0;
  let second = performance.now();
  let inSecond = 0;
  let lastCrc = -1;
  let rate = 0;
  const show = (indices, frame) => {
    if (!screen.draw(indices)) return;
    note(log.draws, [performance.now(), frame]);
    drawn += 1;
    inSecond += 1;
    // Lab restyles its whole notebook after a change in the page: running, the readouts change
    // a few times a second, not every frame (each change cost about a third of the frame rate).
    if (!playing || drawn % READOUT_FRAMES === 0) {
      root.dataset.framesDrawn = String(drawn);
      controls.frame.textContent = `frame ${frame}`;
    }
    const crc = crc32(indices);
    if (crc !== lastCrc && root.dataset.keyTime) {
      root.dataset.keyLatency = String(performance.now() - Number(root.dataset.keyTime));
      delete root.dataset.keyTime;
    }
    lastCrc = crc;
    const now = performance.now();
    if (now - second >= 1000) {
      rate = (1000 * inSecond) / (now - second);
      controls.fps.textContent = `${rate.toFixed(1)} fps`;
      root.dataset.fps = rate.toFixed(1);
      second = now;
      inSecond = 0;
    }
  };

  // The clock: as many frames as real time says, at most MAX_CATCH_UP per animation frame.
  let start = 0;
  let ran = 0;
  let request = 0;
  const startClock = () => {
    start = performance.now();
    ran = 0;
    if (!request) request = requestAnimationFrame(tick);
  };
  const tick = (now) => {
    request = 0;
    if (!playing) return;
    const core = machine.core;
    // Half a frame of slack: animation frames come at the display's 60 Hz with some jitter,
    // and one a little early must still find its frame due (else it draws nothing).
    let due = Math.floor((now - start) / FRAME_MS + 0.5) - ran;
    if (due > MAX_CATCH_UP) {
      start += (due - MAX_CATCH_UP) * FRAME_MS; // a slow page drops time, never input
      due = MAX_CATCH_UP;
    }
    for (let i = 0; i < due && !core.halted; i++) {
      core.runFrame(held);
      ran += 1;
      if (core.frame % HEARTBEAT_FRAMES === 0 || core.halted) {
        machine.keep();
        send({ op: "beat", epoch, frame: core.frame, crc: crcOfPicture(), fps: rate });
      }
    }
    if (due > 0) show(core.picture(), core.frame);
    if (core.halted) playing = false;
    else request = requestAnimationFrame(tick);
  };

  // The kernel names the frame to stand on (ready, step, reset, a pause from Python).
  const onMessage = (msg) => {
    if (msg && msg.op === "hold" && msg.view === view) setMask(msg.mask); // player.hold() in Python
    if (!msg || msg.op !== "sync") return;
    epoch = msg.epoch;
    leader = msg.view === view;
    machine.goTo(msg.frame, msg.script, msg.since);
    if (machine.core.frame % HEARTBEAT_FRAMES === 0) machine.keep();
    show(machine.core.picture(), machine.core.frame);
    follow();
  };
  model.on("msg:custom", onMessage);
  const follow = () => {
    const running = model.get("running") && leader && !model.get("halted");
    if (running && !playing) {
      playing = true;
      startClock();
    } else if (!running) {
      playing = false;
    }
  };

  const paintStill = () => {
    screen.fit();
    if (epoch < 0) {
      screen.draw(bytesOf(model.get("frame"))); // no kernel yet: the still picture
      controls.frame.textContent = `frame ${model.get("frame_number")}`;
    } else if (!playing) {
      screen.draw(machine.core.picture());
    }
    controls.paint();
    inspector.paint();
  };
  const main = el("div", "romulus-play-main");
  main.append(screen.canvas, makePad(model.get("button_names"), setHeld));
  root.append(el("div", "romulus-play-name", model.get("title")), main, ...controls.nodes, inspector.box);

  const events =
    "change:frame change:running change:keymap change:scale change:halted change:error " +
    "change:diverged change:nametables_image change:registers";
  const stopPainting = keepPainted(model, [[events, paintStill], ["change:running change:halted", follow]], paintStill, screen.canvas);
  send({ op: "ready" });
  return () => {
    playing = false;
    if (request) cancelAnimationFrame(request);
    model.off("msg:custom", onMessage);
    stopPainting();
  };
}

export default { render };
