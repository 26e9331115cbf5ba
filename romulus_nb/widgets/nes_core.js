// nes_core.js: our NES emulator (romulus_nb.emu) ported to JavaScript, so that GamePlayer can run
// the game in the browser while the kernel replays the same buttons and checks it got the same
// pictures. A faithful port, not a new design; where this file looks odd, the Python does too:
//
// - the CPU is py65's MPU as romulus_nb/emu/cpu.py runs it: official opcodes only, py65's
//   cycle table (OPCODES below is py65's, a test compares them) with its page-cross and branch
//   extra cycles, binary ADC/SBC, reset with I set and S = $FD, BRK and illegal opcodes halt;
// - the bus is emu/bus.py: 2 KiB RAM mirrored, PPU registers every 8 bytes, OAM DMA (513 or 514
//   cycles), joypad 1 with strobe and shift register (1s after eight reads), open bus = high byte;
// - every register access happens at the last cycle of its instruction (Bus.access_cycle);
// - the PPU is emu/ppu.py + scroll.py + sprite_zero.py: lazy timed events (vblank set and clear,
//   frame end, the odd frame's missing dot), v/t/x/w moved by rendering in O(1) between accesses,
//   one segment of registers per mid-frame change, PPUDATA buffering and increments, palette
//   mirrors, warm-up, NMI and the PPUSTATUS race, sprite 0 hit and overflow worked out per line;
// - the picture is render.py's render_lines: each line drawn whole with its registers, from the
//   memories as the frame's vblank began; 8 sprites a line, the lowest OAM index in front;
// - machine.py's frame loop and NMI, and its idle-loop skipping (loops of RAM reads only): the
//   same states, with fewer instructions interpreted.
//
// Plain ES module, no build step. GamePlayer's front end is concatenated after this file
// (romulus_nb.widgets._base.asset), and tests import it alone.

const OPCODES = [
  "BRK imp 7 0,ORA inx 6 0,,,,ORA zpg 3 0,ASL zpg 5 0,,",
  "PHP imp 3 0,ORA imm 2 0,ASL acc 2 0,,,ORA abs 4 0,ASL abs 6 0,,",
  "BPL rel 2 2,ORA iny 5 1,,,,ORA zpx 4 0,ASL zpx 6 0,,",
  "CLC imp 2 0,ORA aby 4 1,,,,ORA abx 4 1,ASL abx 7 0,,",
  "JSR abs 6 0,AND inx 6 0,,,BIT zpg 3 0,AND zpg 3 0,ROL zpg 5 0,,",
  "PLP imp 4 0,AND imm 2 0,ROL acc 2 0,,BIT abs 4 0,AND abs 4 0,ROL abs 6 0,,",
  "BMI rel 2 2,AND iny 5 1,,,,AND zpx 4 0,ROL zpx 6 0,,",
  "SEC imp 2 0,AND aby 4 1,,,,AND abx 4 1,ROL abx 7 0,,",
  "RTI imp 6 0,EOR inx 6 0,,,,EOR zpg 3 0,LSR zpg 5 0,,",
  "PHA imp 3 0,EOR imm 2 0,LSR acc 2 0,,JMP abs 3 0,EOR abs 4 0,LSR abs 6 0,,",
  "BVC rel 2 2,EOR iny 5 1,,,,EOR zpx 4 0,LSR zpx 6 0,,",
  "CLI imp 2 0,EOR aby 4 1,,,,EOR abx 4 1,LSR abx 7 0,,",
  "RTS imp 6 0,ADC inx 6 0,,,,ADC zpg 3 0,ROR zpg 5 0,,",
  "PLA imp 4 0,ADC imm 2 0,ROR acc 2 0,,JMP ind 5 0,ADC abs 4 0,ROR abs 6 0,,",
  "BVS rel 2 2,ADC iny 5 1,,,,ADC zpx 4 0,ROR zpx 6 0,,",
  "SEI imp 2 0,ADC aby 4 1,,,,ADC abx 4 1,ROR abx 7 0,,",
  ",STA inx 6 0,,,STY zpg 3 0,STA zpg 3 0,STX zpg 3 0,,",
  "DEY imp 2 0,,TXA imp 2 0,,STY abs 4 0,STA abs 4 0,STX abs 4 0,,",
  "BCC rel 2 2,STA iny 6 0,,,STY zpx 4 0,STA zpx 4 0,STX zpy 4 0,,",
  "TYA imp 2 0,STA aby 5 0,TXS imp 2 0,,,STA abx 5 0,,,",
  "LDY imm 2 0,LDA inx 6 0,LDX imm 2 0,,LDY zpg 3 0,LDA zpg 3 0,LDX zpg 3 0,,",
  "TAY imp 2 0,LDA imm 2 0,TAX imp 2 0,,LDY abs 4 0,LDA abs 4 0,LDX abs 4 0,,",
  "BCS rel 2 2,LDA iny 5 1,,,LDY zpx 4 0,LDA zpx 4 0,LDX zpy 4 0,,",
  "CLV imp 2 0,LDA aby 4 1,TSX imp 2 0,,LDY abx 4 1,LDA abx 4 1,LDX aby 4 1,,",
  "CPY imm 2 0,CMP inx 6 0,,,CPY zpg 3 0,CMP zpg 3 0,DEC zpg 5 0,,",
  "INY imp 2 0,CMP imm 2 0,DEX imp 2 0,,CPY abs 4 0,CMP abs 4 0,DEC abs 3 0,,",
  "BNE rel 2 2,CMP iny 5 1,,,,CMP zpx 4 0,DEC zpx 6 0,,",
  "CLD imp 2 0,CMP aby 4 1,,,,CMP abx 4 1,DEC abx 7 0,,",
  "CPX imm 2 0,SBC inx 6 0,,,CPX zpg 3 0,SBC zpg 3 0,INC zpg 5 0,,",
  "INX imp 2 0,SBC imm 2 0,NOP imp 2 0,,CPX abs 4 0,SBC abs 4 0,INC abs 6 0,,",
  "BEQ rel 2 2,SBC iny 5 1,,,,SBC zpx 4 0,INC zpx 6 0,,",
  "SED imp 2 0,SBC aby 4 1,,,,SBC abx 4 1,INC abx 7 0,,",
]
  .join("")
  .split(",")
  .slice(0, 256);

const NAMES = ["???", ...new Set(OPCODES.filter(Boolean).map((row) => row.split(" ")[0]))];
const MODES = ["imp", "acc", "imm", "zpg", "zpx", "zpy", "abs", "abx", "aby", "ind", "inx", "iny", "rel"];
const [, M_ACC, M_IMM, M_ZPG, M_ZPX, M_ZPY, M_ABS, M_ABX, M_ABY, , M_INX, M_INY] = MODES.keys();
/** Per opcode: the index of its name in NAMES and of its mode in MODES (switches on numbers). */
const OP_NAME = Int32Array.from(OPCODES, (row) => NAMES.indexOf(row.split(" ")[0] || "???"));
const OP_MODE = Int32Array.from(OPCODES, (row) => MODES.indexOf(row.split(" ")[1] || "imp"));
const op = (name) => NAMES.indexOf(name);
/** Reads that leave no trace: an idle loop made of them repeats itself (see skipIdle). */
const IDLE_READS = new Set(["LDA", "LDX", "LDY", "BIT", "CMP", "CPX", "CPY", "AND", "ORA"].map(op));
const BRANCHES = new Set(["BPL", "BMI", "BVC", "BVS", "BCC", "BCS", "BNE", "BEQ"].map(op));
const [ADC, AND, ASL, BCC, BCS, BEQ, BIT, BMI, BNE, BPL, BRK, BVC, BVS, CLC, CLD, CLI, CLV, CMP, CPX, CPY, DEC, DEX, DEY, EOR, INC, INX, INY, JMP, JSR, LDA, LDX, LDY, LSR, NOP, ORA, PHA, PHP, PLA, PLP, ROL, ROR, RTI, RTS, SBC, SEC, SED, SEI, STA, STX, STY, TAX, TAY, TSX, TXA, TXS, TYA] = ["ADC", "AND", "ASL", "BCC", "BCS", "BEQ", "BIT", "BMI", "BNE", "BPL", "BRK", "BVC", "BVS", "CLC", "CLD", "CLI", "CLV", "CMP", "CPX", "CPY", "DEC", "DEX", "DEY", "EOR", "INC", "INX", "INY", "JMP", "JSR", "LDA", "LDX", "LDY", "LSR", "NOP", "ORA", "PHA", "PHP", "PLA", "PLP", "ROL", "ROR", "RTI", "RTS", "SBC", "SEC", "SED", "SEI", "STA", "STX", "STY", "TAX", "TAY", "TSX", "TXA", "TXS", "TYA"].map(op);
const OP_CYCLES = Int32Array.from(OPCODES, (row) => Number(row.split(" ")[2] || 0));
const OP_EXTRA = Int32Array.from(OPCODES, (row) => Number(row.split(" ")[3] || 0));
/** Operand bytes after the opcode, by addressing mode (branches and jumps move PC themselves). */
const OPERAND_SIZE = Int32Array.from(MODES, (mode) => ({ imm: 1, zpg: 1, zpx: 1, zpy: 1, inx: 1, iny: 1, abs: 2, abx: 2, aby: 2 })[mode] ?? 0);

// 6502 flags (py65's names).
const N = 0x80, V = 0x40, U = 0x20, B = 0x10, D = 0x08, I = 0x04, Z = 0x02, C = 0x01;

// Hardware facts, as romulus_nb/nes/hardware.py names them.
const SCREEN_WIDTH = 256, SCREEN_HEIGHT = 240;
const PPUCTRL = 0x2000, PPUMASK = 0x2001, PPUSTATUS = 0x2002, OAMADDR = 0x2003, OAMDATA = 0x2004;
const PPUSCROLL = 0x2005, PPUADDR = 0x2006, PPUDATA = 0x2007, OAMDMA = 0x4014;
const JOYPAD1 = 0x4016, JOYPAD2 = 0x4017;
const CTRL_NAMETABLE = 0x03, CTRL_INCREMENT_32 = 0x04, CTRL_SPRITE_TABLE = 0x08, CTRL_BG_TABLE = 0x10;
const CTRL_SPRITE_16 = 0x20, CTRL_NMI = 0x80;
const MASK_GREYSCALE = 0x01, MASK_BG_LEFT = 0x02, MASK_SPRITES_LEFT = 0x04, MASK_BG = 0x08, MASK_SPRITES = 0x10;
const MASK_RENDERING = MASK_BG | MASK_SPRITES;
const STATUS_OVERFLOW = 0x20, STATUS_SPRITE0_HIT = 0x40, STATUS_VBLANK = 0x80;
const STATUS_FLAGS = STATUS_VBLANK | STATUS_SPRITE0_HIT | STATUS_OVERFLOW;
const V_COARSE_X = 0x001f, V_COARSE_Y = 0x03e0, V_NAMETABLE_X = 0x0400, V_NAMETABLE_Y = 0x0800;
const V_NAMETABLE = V_NAMETABLE_X | V_NAMETABLE_Y, V_FINE_Y = 0x7000, V_MASK = 0x7fff;
const V_HORIZONTAL = V_NAMETABLE_X | V_COARSE_X, V_VERTICAL = V_FINE_Y | V_NAMETABLE_Y | V_COARSE_Y;
const COARSE_Y_LAST_ROW = 29, SPRITES_PER_LINE = 8, PALETTE_BASE = 0x3f00, ATTRIBUTE_OFFSET = 960;
const ATTR_PALETTE = 0x03, ATTR_BEHIND = 0x20, ATTR_FLIP_H = 0x40, ATTR_FLIP_V = 0x80, TILE16_TABLE = 0x01;
const FINE_X = 0x07, PPU_ADDRESS = 0x3fff;

// Timing (emu/scroll.py, emu/ppu.py, emu/bus.py).
const DOTS_PER_LINE = 341, LINES_PER_FRAME = 262, DOTS_PER_FRAME = DOTS_PER_LINE * LINES_PER_FRAME;
const DOTS_PER_CPU_CYCLE = 3, PRERENDER_LINE = 261, VBLANK_LINE = SCREEN_HEIGHT + 1;
const X_INCREMENT_LAST = 256, Y_INCREMENT_DOT = 256, HORIZONTAL_COPY_DOT = 257, PREFETCH = [328, 336];
const X_PER_LINE = X_INCREMENT_LAST / 8 + PREFETCH.length;
const VERTICAL_FIRST = PRERENDER_LINE * DOTS_PER_LINE + 280, VERTICAL_LAST = PRERENDER_LINE * DOTS_PER_LINE + 304;
const FRAME_LAST = PRERENDER_LINE * DOTS_PER_LINE + DOTS_PER_LINE - 1, FULL_Y = 2 * SCREEN_HEIGHT;
const VBLANK_SET = VBLANK_LINE * DOTS_PER_LINE + 1, VBLANK_CLEAR = PRERENDER_LINE * DOTS_PER_LINE + 1;
const FRAME_END_SHORT = DOTS_PER_FRAME - 1, LAST_SPLIT_LINE = SCREEN_HEIGHT - 2;
const WARMUP_CYCLES = 29658, OAM_DMA_CYCLES = 513;
const MIRRORING_PAGES = { horizontal: [0, 0, 1, 1], vertical: [0, 1, 0, 1], "four-screen": [0, 1, 2, 3], "single-screen": [0, 0, 0, 0] };

const floorDiv = (a, b) => Math.floor(a / b);
const ceilDiv = (a, b) => -Math.floor(-a / b);

/** Palette RAM index (0-31) of a PPU address $3F00-$3FFF: $3F10/14/18/1C are $3F00/04/08/0C. */
function paletteRamIndex(address) {
  const index = address & 0x1f;
  return (index & 0x13) === 0x10 ? index & 0x0f : index;
}

// --- v as rendering moves it (emu/scroll.py) ----------------------------------------------------

function incrementX(v, steps = 1) {
  const position = ((((v >> 5) & 0x20) | (v & V_COARSE_X)) + steps) & 0x3f;
  return (v & ~V_HORIZONTAL) | ((position & 0x20) << 5) | (position & V_COARSE_X);
}

function withY(v, fine, coarse, nametable) {
  return (v & ~V_VERTICAL) | (fine << 12) | (nametable << 11) | (coarse << 5);
}

function incrementY(v, steps = 1) {
  let fine = (v & V_FINE_Y) >> 12, coarse = (v & V_COARSE_Y) >> 5;
  const nametable = (v & V_NAMETABLE_Y) >> 11;
  if (coarse > COARSE_Y_LAST_ROW) {
    const toRow0 = (32 - coarse) * 8 - fine;
    if (steps < toRow0) {
      const row = coarse * 8 + fine + steps;
      return withY(v, row & 7, row >> 3, nametable);
    }
    steps -= toRow0;
    fine = coarse = 0;
  }
  const position = (nametable * SCREEN_HEIGHT + coarse * 8 + fine + steps) % FULL_Y;
  const row = position % SCREEN_HEIGHT;
  return withY(v, row & 7, row >> 3, floorDiv(position, SCREEN_HEIGHT));
}

const rendered = (line) => line < SCREEN_HEIGHT || line === PRERENDER_LINE;

function xIncrements(position) {
  const line = floorDiv(position, DOTS_PER_LINE), dot = position % DOTS_PER_LINE;
  if (line >= SCREEN_HEIGHT && line !== PRERENDER_LINE) return SCREEN_HEIGHT * X_PER_LINE;
  const count = line < SCREEN_HEIGHT ? line * X_PER_LINE : SCREEN_HEIGHT * X_PER_LINE;
  if (dot < X_INCREMENT_LAST) return count + floorDiv(dot, 8);
  return count + X_INCREMENT_LAST / 8 + (dot >= PREFETCH[0]) + (dot >= PREFETCH[1]);
}

function yIncrements(position) {
  const line = floorDiv(position, DOTS_PER_LINE), dot = position % DOTS_PER_LINE;
  return Math.min(line, SCREEN_HEIGHT) + (rendered(line) && dot >= Y_INCREMENT_DOT ? 1 : 0);
}

function lastHorizontalCopy(position) {
  let line = floorDiv(position, DOTS_PER_LINE);
  const dot = position % DOTS_PER_LINE;
  if (rendered(line) && dot >= HORIZONTAL_COPY_DOT) return line * DOTS_PER_LINE + HORIZONTAL_COPY_DOT;
  line = Math.min(line - 1, SCREEN_HEIGHT - 1);
  return line * DOTS_PER_LINE + HORIZONTAL_COPY_DOT;
}

/** v at frame position `end` from v at `start`, rendering on, t unchanged (scroll.advance). */
function advance(v, t, start, end) {
  end = Math.min(end, FRAME_LAST);
  if (end <= start) return v;
  const copy = lastHorizontalCopy(end);
  let startX = start;
  if (copy > start) {
    v = (v & ~V_HORIZONTAL) | (t & V_HORIZONTAL);
    startX = copy;
  }
  v = incrementX(v, xIncrements(end) - xIncrements(startX));
  if (start < VERTICAL_LAST && end >= VERTICAL_FIRST) return (v & ~V_VERTICAL) | (t & V_VERTICAL);
  return incrementY(v, yIncrements(end) - yIncrements(start));
}

// A segment: [firstLine, position, v, t, x, ctrl, mask] (see emu/scroll.py).
function lineRow(segment, line) {
  const [, start, v0, t, x, ctrl, mask] = segment;
  let v = mask & MASK_RENDERING ? advance(v0, t, start, line * DOTS_PER_LINE) : v0;
  if (mask & MASK_RENDERING) v = incrementX(v, -PREFETCH.length);
  return [v, x, ctrl, mask];
}

function lineState(segments, line) {
  let segment = segments[0];
  for (let i = 1; i < segments.length && segments[i][0] <= line; i++) segment = segments[i];
  return lineRow(segment, line);
}

/** Int32Array(240 * 4): per line v of its first tile, fine x, PPUCTRL, PPUMASK (line_registers). */
function lineRegisters(segments) {
  const rows = new Int32Array(SCREEN_HEIGHT * 4);
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s];
    const first = segment[0];
    const end = s + 1 < segments.length ? segments[s + 1][0] : SCREEN_HEIGHT;
    const row = lineRow(segment, first);
    const firstV = (row[0] & ~V_HORIZONTAL) | (segment[3] & V_HORIZONTAL);
    for (let line = first; line < end; line++) {
      rows[4 * line] = line === first || !(segment[6] & MASK_RENDERING) ? row[0] : incrementY(firstV, line - first);
      rows[4 * line + 1] = row[1];
      rows[4 * line + 2] = row[2];
      rows[4 * line + 3] = row[3];
    }
  }
  return rows;
}

function predictedSegments(t, x, ctrl, mask) {
  const v = mask & MASK_RENDERING ? incrementX(t, PREFETCH.length) : t;
  return [[0, 0, v, t, x, ctrl, mask]];
}

// --- sprite 0 hit and overflow (emu/sprite_zero.py) ---------------------------------------------

function spritePatternAddress(ctrl, tile, attr, row) {
  let height, base;
  if (ctrl & CTRL_SPRITE_16) {
    height = 16;
    base = (tile & TILE16_TABLE ? 0x1000 : 0) + (tile & ~TILE16_TABLE & 0xff) * 16;
  } else {
    height = 8;
    base = (ctrl & CTRL_SPRITE_TABLE ? 0x1000 : 0) + tile * 16;
  }
  if (attr & ATTR_FLIP_V) row = height - 1 - row;
  return base + (row >= 8 ? 16 : 0) + (row & 7);
}

function backgroundOpaque(chr, nametableByte, state, x) {
  const [v, fineX, ctrl] = state;
  const tileStep = floorDiv(fineX + x, 8), column = (fineX + x) % 8;
  const position = (((v & V_NAMETABLE_X) >> 5) | (v & V_COARSE_X)) + tileStep;
  const nametable = (v & V_NAMETABLE_Y ? 2 : 0) | ((position >> 5) & 1);
  const tile = nametableByte(nametable, (v & V_COARSE_Y) + (position & V_COARSE_X));
  const address = (ctrl & CTRL_BG_TABLE ? 0x1000 : 0) + tile * 16 + (v >> 12);
  const bit = 7 - column;
  return (((chr[address] >> bit) | (chr[address + 8] >> bit)) & 1) !== 0;
}

/** [line, x] of the first sprite 0 hit in rendering order, or null. */
function sprite0HitPixel(oam, chr, nametableByte, lineAt) {
  const top = oam[0] + 1, tile = oam[1], attr = oam[2], left = oam[3];
  const both = MASK_BG_LEFT | MASK_SPRITES_LEFT;
  for (let row = 0; row < 16; row++) {
    const line = top + row;
    if (line >= SCREEN_HEIGHT - 1) break;
    const state = lineAt(line);
    const ctrl = state[2], mask = state[3];
    if (row >= (ctrl & CTRL_SPRITE_16 ? 16 : 8)) break;
    if ((mask & MASK_RENDERING) !== MASK_RENDERING) continue;
    const address = spritePatternAddress(ctrl, tile, attr, row);
    const low = chr[address], high = chr[address + 8];
    const clip = (mask & both) !== both;
    for (let column = 0; column < 8; column++) {
      const x = left + column;
      if (x >= SCREEN_WIDTH - 1 || (clip && x < 8)) continue;
      const bit = attr & ATTR_FLIP_H ? column : 7 - column;
      if (((low >> bit) | (high >> bit)) & 1 && backgroundOpaque(chr, nametableByte, state, x)) return [line, x];
    }
  }
  return null;
}

function evaluationOverflowDot(oam, line, height) {
  let pointer = 0, found = 0, searching = false;
  for (let dot = 66; dot < 257; dot += 2) {
    if (searching) {
      if (line - oam[pointer] >= 0 && line - oam[pointer] < height) return dot;
      const low = (pointer + 1) & 3;
      pointer = (pointer + 4) & 0xfc;
      if (pointer === 0) return null;
      pointer |= low;
    } else if ((pointer & 3) === 0 && !(line - oam[pointer] >= 0 && line - oam[pointer] < height)) {
      pointer = (pointer + 4) & 0xff;
      if (pointer === 0) return null;
    } else {
      pointer = (pointer + 1) & 0xff;
      if ((pointer & 3) === 0) {
        found += 1;
        if (pointer === 0) return null;
        searching = found === SPRITES_PER_LINE;
      }
    }
  }
  return null;
}

/** Frame position (line * 341 + dot) at which the sprite-overflow flag rises, or null. */
function overflowDot(oam, lineAt) {
  for (let line = 0; line < SCREEN_HEIGHT; line++) {
    let crowd = 0;
    for (let i = 0; i < 256; i += 4) if (line - oam[i] >= 0 && line - oam[i] < 16) crowd++;
    if (crowd < SPRITES_PER_LINE) continue;
    const [, , ctrl, mask] = lineAt(line);
    if (!(mask & MASK_RENDERING)) continue;
    const dot = evaluationOverflowDot(oam, line, ctrl & CTRL_SPRITE_16 ? 16 : 8);
    if (dot !== null) return line * DOTS_PER_LINE + dot;
  }
  return null;
}

// --- the PPU (emu/ppu.py) ---------------------------------------------------------------------

class Ppu {
  constructor(chr, mirroring) {
    this.chrWritable = chr.length === 0;
    this.chr = chr.length ? Uint8Array.from(chr) : new Uint8Array(0x2000);
    this.pages = MIRRORING_PAGES[mirroring];
    if (!this.pages) throw new Error(`mirroring ${mirroring}: not one of ${Object.keys(MIRRORING_PAGES)}`);
    this.vram = new Uint8Array(0x1000);
    this.palette = new Uint8Array(32);
    this.oam = new Uint8Array(256);
    this.ctrl = this.mask = this.status = this.oamaddr = 0;
    this.v = this.t = this.x = this.w = 0;
    this.vPosition = 0;
    this.readBuffer = 0;
    this.openBus = 0;
    this.frame = 0;
    this.frameStart = 0;
    this.nmiPending = false;
    this.segments = this.frameSegments();
    this.lastSegments = null;
    this.lastMemories = null;
    this.frameMemories = null;
    this.flagsDirty = true;
    this.flags = [null, null];
    this.suppressFrame = -1;
    this.phase = 0;
    this.nextEventDot = VBLANK_SET;
    this.wakeCycle = ceilDiv(VBLANK_SET, DOTS_PER_CPU_CYCLE);
    this.onVblank = null; // (next frame) => void, before the NMI handler runs
  }

  // timing
  catchUp(dot) {
    while (dot >= this.nextEventDot) this.fireEvent();
    this.updateWake();
  }

  fireEvent() {
    if (this.phase === 0) {
      if (this.suppressFrame !== this.frame) {
        this.status |= STATUS_VBLANK;
        if (this.ctrl & CTRL_NMI) this.nmiPending = true;
      }
      this.frameMemories = this.memories();
      if (this.onVblank) this.onVblank(this.frame + 1);
      this.phase = 1;
      this.nextEventDot = this.frameStart + VBLANK_CLEAR;
    } else if (this.phase === 1) {
      this.status &= ~STATUS_FLAGS;
      this.phase = 2;
      this.nextEventDot = this.frameStart + FRAME_END_SHORT;
    } else {
      const length = this.nextEventDot - this.frameStart;
      if (length === FRAME_END_SHORT && !(this.frame & 1 && this.mask & MASK_RENDERING)) {
        this.nextEventDot += 1;
        return;
      }
      this.syncV(this.nextEventDot);
      this.frameStart += length;
      this.frame += 1;
      this.phase = 0;
      this.vPosition = 0;
      this.lastSegments = this.segments;
      this.lastMemories = this.frameMemories;
      this.segments = this.frameSegments();
      this.flagsDirty = true;
      this.nextEventDot = this.frameStart + VBLANK_SET;
    }
  }

  updateWake() {
    this.wakeCycle = this.nmiPending ? 0 : ceilDiv(this.nextEventDot, DOTS_PER_CPU_CYCLE);
  }

  syncV(dot) {
    const position = dot - this.frameStart;
    if (position <= this.vPosition) return;
    if (this.mask & MASK_RENDERING) this.v = advance(this.v, this.t, this.vPosition, position);
    this.vPosition = position;
  }

  frameSegments() {
    return [[0, this.vPosition, this.v, this.t, this.x, this.ctrl, this.mask]];
  }

  noteRegisters(dot) {
    const line = floorDiv(dot - this.frameStart, DOTS_PER_LINE);
    if (line > LAST_SPLIT_LINE) return;
    this.flagsDirty = true;
    const segment = [line + 1, this.vPosition, this.v, this.t, this.x, this.ctrl, this.mask];
    const last = this.segments.length - 1;
    if (this.segments[last][0] === line + 1) this.segments[last] = segment;
    else this.segments.push(segment);
  }

  memories() {
    return { chr: this.chrWritable ? this.chr.slice() : this.chr, vram: this.vram.slice(), palette: this.palette.slice(), oam: this.oam.slice() };
  }

  nametableByte(nametable, offset) {
    return this.vram[(this.pages[nametable] << 10) | offset];
  }

  /** [sprite 0 hit dot, overflow dot] of this frame, absolute, or null (Ppu.status_flags). */
  statusFlags() {
    if (this.flagsDirty) {
      const segments = this.segments;
      const lineAt = (line) => lineState(segments, line);
      const pixel = sprite0HitPixel(this.oam, this.chr, (nt, offset) => this.nametableByte(nt, offset), lineAt);
      const hit = pixel === null ? null : pixel[0] * DOTS_PER_LINE + pixel[1] + 2;
      this.flags = [hit, overflowDot(this.oam, lineAt)];
      this.flagsDirty = false;
    }
    const [hit, overflow] = this.flags;
    return [hit === null ? null : this.frameStart + hit, overflow === null ? null : this.frameStart + overflow];
  }

  renderingNow(dot) {
    const line = floorDiv(dot - this.frameStart, DOTS_PER_LINE);
    return (this.mask & MASK_RENDERING) !== 0 && (line < SCREEN_HEIGHT || line >= PRERENDER_LINE);
  }

  stepV(dot) {
    if (this.renderingNow(dot)) this.v = incrementY(incrementX(this.v));
    else this.v = (this.v + (this.ctrl & CTRL_INCREMENT_32 ? 32 : 1)) & V_MASK;
  }

  sync(dot) {
    if (dot >= this.nextEventDot) this.catchUp(dot);
    this.syncV(dot);
  }

  // the CPU's view
  readRegister(reg, cycle) {
    let value;
    if (reg === PPUSTATUS) {
      const dot = cycle * DOTS_PER_CPU_CYCLE;
      this.catchUp(dot);
      const setDot = this.frameStart + VBLANK_SET;
      if (dot === setDot - 1) {
        this.suppressFrame = this.frame;
      } else if (setDot <= dot && dot <= setDot + 1 && this.phase === 1) {
        this.nmiPending = false;
        this.updateWake();
      }
      if (this.phase < 2 && ~this.status & (STATUS_SPRITE0_HIT | STATUS_OVERFLOW)) {
        const [hit, overflow] = this.statusFlags();
        if (hit !== null && hit <= dot) this.status |= STATUS_SPRITE0_HIT;
        if (overflow !== null && overflow <= dot) this.status |= STATUS_OVERFLOW;
      }
      value = (this.status & STATUS_FLAGS) | (this.openBus & ~STATUS_FLAGS & 0xff);
      this.status &= ~STATUS_VBLANK;
      this.w = 0;
    } else if (reg === OAMDATA) {
      value = this.oam[this.oamaddr];
      if ((this.oamaddr & 3) === 2) value &= 0xe3;
    } else if (reg === PPUDATA) {
      const dot = cycle * DOTS_PER_CPU_CYCLE;
      this.sync(dot);
      const addr = this.v & PPU_ADDRESS;
      if (addr >= PALETTE_BASE) {
        value = (this.palette[paletteRamIndex(addr)] & 0x3f) | (this.openBus & 0xc0);
        this.readBuffer = this.vramRead(addr - 0x1000);
      } else {
        value = this.readBuffer;
        this.readBuffer = this.vramRead(addr);
      }
      this.stepV(dot);
      this.noteRegisters(dot);
    } else {
      value = this.openBus;
    }
    this.openBus = value;
    return value;
  }

  writeRegister(reg, value, cycle) {
    const dot = cycle * DOTS_PER_CPU_CYCLE;
    this.sync(dot);
    this.openBus = value;
    if (cycle < WARMUP_CYCLES && (reg === PPUCTRL || reg === PPUMASK || reg === PPUSCROLL || reg === PPUADDR)) return;
    if (reg === PPUCTRL) {
      if (value & CTRL_NMI && !(this.ctrl & CTRL_NMI) && this.status & STATUS_VBLANK) {
        this.nmiPending = true;
        this.wakeCycle = 0;
      }
      this.ctrl = value;
      this.t = (this.t & ~V_NAMETABLE) | ((value & CTRL_NAMETABLE) << 10);
    } else if (reg === PPUMASK) {
      this.mask = value;
    } else if (reg === OAMADDR) {
      this.oamaddr = value;
      return;
    } else if (reg === OAMDATA) {
      this.oam[this.oamaddr] = value;
      this.oamaddr = (this.oamaddr + 1) & 0xff;
      this.flagsDirty = true;
      return;
    } else if (reg === PPUSCROLL) {
      if (this.w === 0) {
        this.t = (this.t & ~V_COARSE_X) | (value >> 3);
        this.x = value & FINE_X;
      } else {
        this.t = (this.t & ~(V_FINE_Y | V_COARSE_Y)) | ((value & FINE_X) << 12);
        this.t |= (value & 0xf8) << 2;
      }
      this.w ^= 1;
    } else if (reg === PPUADDR) {
      if (this.w === 0) {
        this.t = (this.t & 0x00ff) | ((value & 0x3f) << 8);
      } else {
        this.t = (this.t & 0x7f00) | value;
        this.v = this.t;
      }
      this.w ^= 1;
    } else if (reg === PPUDATA) {
      this.vramWrite(this.v & PPU_ADDRESS, value);
      this.stepV(dot);
    } else {
      return; // PPUSTATUS: read-only
    }
    this.noteRegisters(dot);
  }

  oamDma(page, cycle) {
    const dot = cycle * DOTS_PER_CPU_CYCLE;
    if (dot >= this.nextEventDot) this.catchUp(dot);
    const start = this.oamaddr;
    this.flagsDirty = true;
    this.oam.set(page.subarray(0, 256 - start), start);
    this.oam.set(page.subarray(256 - start), 0);
  }

  // PPU address space
  nametableOffset(addr) {
    addr &= 0x0fff;
    return (this.pages[addr >> 10] << 10) | (addr & 0x03ff);
  }

  vramRead(addr) {
    if (addr < 0x2000) return this.chr[addr];
    if (addr < PALETTE_BASE) return this.vram[this.nametableOffset(addr)];
    return this.palette[paletteRamIndex(addr)];
  }

  vramWrite(addr, value) {
    this.flagsDirty = true;
    if (addr < 0x2000) {
      if (this.chrWritable) this.chr[addr] = value;
    } else if (addr < PALETTE_BASE) {
      this.vram[this.nametableOffset(addr)] = value;
    } else {
      this.palette[paletteRamIndex(addr)] = value & 0x3f;
    }
  }

  /** The picture on screen as LiveNES.picture draws it: the last completed frame's segments
   * and the memories its vblank began with; before any frame completed, the next one. */
  picture(out) {
    const segments = this.lastSegments ?? predictedSegments(this.t, this.x, this.ctrl, this.mask);
    const memories = this.lastMemories ?? this.memories();
    renderLines(memories, this.pages, lineRegisters(segments), out);
    return out;
  }
}

// --- the picture (render.py's render_lines) -----------------------------------------------------

/** Draw 256 x 240 colour indices into `out` from memories {chr, vram, palette, oam}, logical
 * nametable pages and per-line registers (lineRegisters). */
function renderLines(memories, pages, rows, out) {
  const { chr, vram, palette, oam } = memories;
  const lut = new Uint8Array(16);
  for (let i = 0; i < 16; i++) lut[i] = palette[i & 3 ? i : 0] & 0x3f;
  const bg = new Uint8Array(33 * 8);
  const line0 = new Uint8Array(SCREEN_WIDTH);
  const winner = new Int16Array(SCREEN_WIDTH);
  const values = new Uint8Array(SCREEN_WIDTH);
  for (let y = 0; y < SCREEN_HEIGHT; y++) {
    const v = rows[4 * y], fineX = rows[4 * y + 1], ctrl = rows[4 * y + 2], mask = rows[4 * y + 3];
    // Background as palette-RAM addresses (palette * 4 + pixel value).
    if (mask & MASK_BG) {
      const column0 = ((v & V_NAMETABLE_X) >> 5) | (v & V_COARSE_X);
      const row = (v & V_COARSE_Y) >> 5, fineY = (v & V_FINE_Y) >> 12;
      const table = ctrl & CTRL_BG_TABLE ? 0x1000 : 0;
      for (let k = 0; k < 33; k++) {
        const column = (column0 + k) & 0x3f;
        const page = pages[(v & V_NAMETABLE_Y ? 2 : 0) | (column >> 5)] << 10;
        const cx = column & V_COARSE_X;
        const tile = vram[page | (row * 32 + cx)];
        const attribute = vram[page | (ATTRIBUTE_OFFSET + (row >> 2) * 8 + (cx >> 2))];
        const high = ((attribute >> (((row & 2) << 1) | (cx & 2))) & 3) << 2;
        const address = table + tile * 16 + fineY;
        const low = chr[address], hi = chr[address + 8];
        for (let px = 0; px < 8; px++) bg[k * 8 + px] = high | ((low >> (7 - px)) & 1) | (((hi >> (7 - px)) & 1) << 1);
      }
      for (let x = 0; x < SCREEN_WIDTH; x++) line0[x] = bg[fineX + x];
      if (!(mask & MASK_BG_LEFT)) line0.fill(0, 0, 8);
    } else {
      line0.fill(0);
    }
    const base = y * SCREEN_WIDTH;
    for (let x = 0; x < SCREEN_WIDTH; x++) out[base + x] = lut[line0[x]];
    // Sprites: the first 8 in OAM order that cover the line; the lowest index wins a pixel.
    const height = ctrl & CTRL_SPRITE_16 ? 16 : 8;
    winner.fill(-1);
    let count = 0;
    for (let i = 0; i < 64 && count < SPRITES_PER_LINE; i++) {
      const top = oam[4 * i] + 1;
      if (y < top || y >= top + height) continue;
      count++;
      const tile = oam[4 * i + 1], attr = oam[4 * i + 2], left = oam[4 * i + 3];
      let srcRow = y - top;
      if (attr & ATTR_FLIP_V) srcRow = height - 1 - srcRow;
      let address;
      if (height === 8) address = (ctrl & CTRL_SPRITE_TABLE ? 0x1000 : 0) + tile * 16 + srcRow;
      else address = (tile & TILE16_TABLE) * 0x1000 + ((tile & ~TILE16_TABLE) + (srcRow >> 3)) * 16 + (srcRow & 7);
      const low = chr[address], hi = chr[address + 8];
      for (let col = 0; col < 8; col++) {
        const x = left + col;
        if (x >= SCREEN_WIDTH || winner[x] >= 0) continue;
        const bit = attr & ATTR_FLIP_H ? col : 7 - col;
        const value = ((low >> bit) & 1) | (((hi >> bit) & 1) << 1);
        if (value) {
          winner[x] = i;
          values[x] = value;
        }
      }
    }
    if (mask & MASK_SPRITES) {
      for (let x = mask & MASK_SPRITES_LEFT ? 0 : 8; x < SCREEN_WIDTH; x++) {
        const i = winner[x];
        if (i < 0) continue;
        const attr = oam[4 * i + 2];
        if (!(attr & ATTR_BEHIND) || (line0[x] & 3) === 0) out[base + x] = palette[0x10 + (attr & ATTR_PALETTE) * 4 + values[x]] & 0x3f;
      }
    }
    if (mask & MASK_GREYSCALE) for (let x = 0; x < SCREEN_WIDTH; x++) out[base + x] &= 0x30;
  }
  return out;
}

// --- the machine (emu/cpu.py, emu/bus.py, emu/machine.py) ---------------------------------------

class CpuHalt extends Error {
  constructor(kind, pc, opcode) {
    super(kind);
    this.kind = kind;
    this.pc = pc;
    this.opcode = opcode;
  }
}

/** A mapper-0 NES: `runFrame(held)` runs one frame, `picture()` is the frame on screen. */
export class NESCore {
  /**
   * @param {Uint8Array} prg 16 or 32 KiB of PRG-ROM
   * @param {Uint8Array} chr 8 KiB of CHR-ROM, or empty for CHR-RAM
   * @param {string} mirroring "horizontal", "vertical", "four-screen"
   */
  constructor(prg, chr, mirroring) {
    if (prg.length !== 0x4000 && prg.length !== 0x8000) throw new Error(`PRG-ROM of ${prg.length} bytes: mapper 0 has 16384 or 32768`);
    this.prg = Uint8Array.from(prg);
    this.chrRom = Uint8Array.from(chr);
    this.mirroring = mirroring;
    this.reset();
  }

  /** Power-cycle: frame 0, RAM cleared, nothing held. */
  reset() {
    this.ppu = new Ppu(this.chrRom, this.mirroring);
    this.ppu.onVblank = () => {
      this.buttons = this.held; // script frame k + 1 is read by the NMI at the end of frame k
    };
    this.ram = new Uint8Array(0x800);
    this.prgRam = new Uint8Array(0x2000);
    // RAM bytes the CPU may execute (a byte never written or read is garbage to py65's bus).
    this.ramPlain = new Uint8Array(0x800);
    this.prgRamPlain = new Uint8Array(0x2000);
    this.held = 0;
    this.buttons = 0;
    this.shift = 0;
    this.strobe = 0;
    this.halt = null;
    this.a = this.x = this.y = 0;
    this.pc = this.read(0xfffc) | (this.read(0xfffd) << 8);
    this.sp = 0xfd;
    this.p = B | U | I;
    this.cycles = 7;
    this.at = 0;
    this.opcode = 0;
    this.excycles = 0;
    this.addcycles = 0;
    this.count = 0; // instructions executed, counting skipped idle passes
    this.services = 0; // times the PPU woke the CPU: an idle pass is timed between two equal counts
    this.jumpedBack = -1;
    this.idleMark = null;
    this.loops = new Map(); // loop start -> [cycles, instructions] of a pass, or null
    this.pictureCache = null;
  }

  get frame() {
    return this.ppu.frame;
  }

  get halted() {
    return this.halt ? this.halt.kind : null;
  }

  /** Run one frame with `held` (a joypad mask, bit 0 = A ... bit 7 = Right) as script frame
   * frame + 1, as LiveNES.step does; false if the CPU has halted. */
  runFrame(held = 0) {
    this.held = held & 0xff;
    const target = this.ppu.frame + 1;
    while (this.ppu.frame < target && this.halt === null) {
      const endDot = this.ppu.frameStart + DOTS_PER_FRAME;
      this.runUntil(ceilDiv(endDot, DOTS_PER_CPU_CYCLE));
    }
    this.pictureCache = null;
    return this.halt === null;
  }

  runUntil(until) {
    if (this.halt !== null) return;
    const ppu = this.ppu;
    let cycles = this.cycles;
    let count = this.count;
    try {
      while (cycles < until) {
        if (cycles >= ppu.wakeCycle) {
          this.services += 1;
          ppu.catchUp(cycles * DOTS_PER_CPU_CYCLE);
          if (ppu.nmiPending) {
            ppu.nmiPending = false;
            this.cycles = cycles;
            this.nmi();
            cycles = this.cycles;
            ppu.updateWake();
            if (cycles >= until) break;
          }
        }
        this.cycles = cycles;
        this.step();
        cycles += OP_CYCLES[this.opcode] + this.excycles;
        count += 1;
        if (this.jumpedBack >= 0) [cycles, count] = this.skipIdle(cycles, count, until);
      }
    } catch (error) {
      if (!(error instanceof CpuHalt)) throw error;
      this.halt = { kind: error.kind, pc: error.pc, opcode: error.opcode }; // a snapshot clones it
    }
    this.cycles = cycles;
    this.count = count;
    ppu.catchUp(cycles * DOTS_PER_CPU_CYCLE);
  }

  /** Idle-loop skipping, as machine.py does it: a loop that only reads RAM and tests what it
   * read repeats the same pass until the PPU wakes the CPU; once one whole pass has been timed
   * with nothing in between, move the clock on by whole passes to just before the wake-up (or
   * `until`), so the machine ends in exactly the state it reaches without skipping. */
  skipIdle(cycles, count, until) {
    const target = this.jumpedBack;
    this.jumpedBack = -1;
    let loop = this.loops.get(target);
    if (loop === undefined) {
      loop = this.idleLoop(target, this.at);
      this.loops.set(target, loop);
    }
    if (loop === null) return [cycles, count];
    const mark = this.idleMark;
    if (mark && mark[0] === target && mark[1] === this.services && cycles - mark[2] === loop[0] && count - mark[3] === loop[1]) {
      const skip = Math.floor((Math.min(this.ppu.wakeCycle, until) - cycles) / loop[0]) - 1;
      if (skip > 0) {
        cycles += skip * loop[0];
        count += skip * loop[1];
      }
      this.idleMark = null;
    } else {
      this.idleMark = [target, this.services, cycles, count];
    }
    return [cycles, count];
  }

  /** [cycles, instructions] of one pass of the loop `start`..`jumpAt` (a branch back to
   * `start`) when it is a straight run of reads of RAM, compares and tests (exits allowed),
   * else null. Code in PRG-ROM only: RAM may be rewritten. */
  idleLoop(start, jumpAt) {
    if (start < 0x8000 || jumpAt - start > 16) return null;
    const end = jumpAt + 2;
    let pc = start, cycles = 0, length = 0;
    while (pc < jumpAt) {
      const opcode = this.code(pc), name = OP_NAME[opcode], mode = OP_MODE[opcode];
      let size;
      if (BRANCHES.has(name)) {
        const offset = this.code(pc + 1);
        const target = (pc + 2 + offset - (offset & 0x80 ? 0x100 : 0)) & 0xffff;
        if (start <= target && target < end) return null; // a branch within the loop
        size = 2;
      } else if (name === NOP) {
        size = 1;
      } else if (IDLE_READS.has(name) && (mode === M_IMM || mode === M_ZPG || mode === M_ABS)) {
        if (mode === M_ABS && (this.code(pc + 1) | (this.code(pc + 2) << 8)) >= 0x800) return null;
        size = mode === M_ABS ? 3 : 2;
      } else {
        return null;
      }
      cycles += OP_CYCLES[opcode];
      length += 1;
      pc += size;
    }
    if (pc !== jumpAt) return null;
    return [cycles + 3 + ((end ^ start) >> 8 !== 0 ? 1 : 0), length + 1];
  }

  /** The frame on screen, 61,440 colour indices (Uint8Array, row by row); the same array is
   * drawn into again after the next runFrame (copy it to keep it). */
  picture() {
    if (this.pictureCache === null) {
      this.pictureBuffer ??= new Uint8Array(SCREEN_WIDTH * SCREEN_HEIGHT);
      this.pictureCache = this.ppu.picture(this.pictureBuffer);
    }
    return this.pictureCache;
  }

  // -- the bus ---------------------------------------------------------------------------------

  accessCycle() {
    return this.cycles + OP_CYCLES[this.opcode] + this.excycles - 1;
  }

  read(addr) {
    if (addr < 0x2000) {
      this.ramPlain[addr & 0x7ff] = 1;
      return this.ram[addr & 0x7ff];
    }
    if (addr >= 0x8000) return this.prg[addr & (this.prg.length - 1)];
    if (addr < 0x4000) return this.ppu.readRegister(PPUCTRL | (addr & 7), this.accessCycle());
    if (addr === JOYPAD1) return 0x40 | this.readJoypad();
    if (addr === JOYPAD2) return 0x40;
    if (addr >= 0x6000) {
      this.prgRamPlain[addr - 0x6000] = 1;
      return this.prgRam[addr - 0x6000];
    }
    return addr >> 8;
  }

  readJoypad() {
    if (this.strobe) return this.buttons & 1;
    const bit = this.shift & 1;
    this.shift = (this.shift >> 1) | 0x80;
    return bit;
  }

  write(addr, value) {
    if (addr < 0x2000) {
      this.ram[addr & 0x7ff] = value;
      this.ramPlain[addr & 0x7ff] = 1;
    } else if (addr < 0x4000) {
      this.ppu.writeRegister(PPUCTRL | (addr & 7), value, this.accessCycle());
    } else if (addr === OAMDMA) {
      this.oamDma(value);
    } else if (addr === JOYPAD1) {
      this.strobe = value & 1;
      if (this.strobe) this.shift = this.buttons;
    } else if (addr >= 0x6000 && addr < 0x8000) {
      this.prgRam[addr - 0x6000] = value;
      this.prgRamPlain[addr - 0x6000] = 1;
    }
  }

  oamDma(pageNumber) {
    const base = pageNumber << 8;
    const page = new Uint8Array(256);
    for (let i = 0; i < 256; i++) {
      const addr = base + i;
      if (addr < 0x2000) page[i] = this.ram[addr & 0x7ff];
      else if (addr >= 0x8000) page[i] = this.prg[addr & (this.prg.length - 1)];
      else if (addr >= 0x6000) page[i] = this.prgRam[addr - 0x6000];
      else page[i] = addr >> 8; // DMA from registers: open bus, as the Python model reads it
    }
    const cycle = this.accessCycle();
    this.ppu.oamDma(page, cycle);
    this.excycles += OAM_DMA_CYCLES + (cycle & 1);
  }

  /** A byte of code at `addr` (operands are read without side effects, as cpu.py does). */
  code(addr) {
    addr &= 0xffff;
    if (addr >= 0x8000) return this.prg[addr & (this.prg.length - 1)];
    if (addr < 0x800 && this.ramPlain[addr]) return this.ram[addr];
    if (addr >= 0x6000 && addr < 0x8000 && this.prgRamPlain[addr - 0x6000]) return this.prgRam[addr - 0x6000];
    throw new CpuHalt("garbage", this.at, 0);
  }

  // -- the 6502 (py65's MPU with cpu.py's changes) ------------------------------------------------

  push(value) {
    this.ram[0x100 + this.sp] = value & 0xff;
    this.ramPlain[0x100 + this.sp] = 1;
    this.sp = (this.sp - 1) & 0xff;
  }

  pop() {
    this.sp = (this.sp + 1) & 0xff;
    return this.read(0x100 + this.sp);
  }

  pushWord(value) {
    this.push((value >> 8) & 0xff);
    this.push(value & 0xff);
  }

  popWord() {
    const low = this.pop();
    return low + (this.pop() << 8);
  }

  wordAt(addr) {
    return this.read(addr) | (this.read((addr + 1) & 0xffff) << 8);
  }

  wrapAt(addr) {
    return this.read(addr) + (this.read((addr & 0xff00) + ((addr + 1) & 0xff)) << 8);
  }

  nmi() {
    this.pushWord(this.pc);
    this.p &= ~B;
    this.push(this.p | U);
    this.p |= I;
    this.pc = this.wordAt(0xfffa);
    this.cycles += 7;
  }

  flagsNZ(value) {
    this.p &= ~(Z | N);
    this.p |= value === 0 ? Z : value & N;
  }

  /** The effective address of the current instruction's operand (PC at the operand). */
  address(mode) {
    const pc = this.pc;
    let a1, a2;
    switch (mode) {
      case M_IMM:
        return pc;
      case M_ZPG:
        return this.code(pc);
      case M_ZPX:
        return (this.x + this.code(pc)) & 0xff;
      case M_ZPY:
        return (this.y + this.code(pc)) & 0xff;
      case M_ABS:
        return this.code(pc) | (this.code(pc + 1) << 8);
      case M_INX:
        return this.wrapAt((this.read(pc) + this.x) & 0xff);
      case M_ABX:
      case M_ABY:
      case M_INY:
        a1 = mode === M_INY ? this.wrapAt(this.read(pc)) : this.wordAt(pc);
        a2 = (a1 + (mode === M_ABX ? this.x : this.y)) & 0xffff;
        if (this.addcycles && (a1 & 0xff00) !== (a2 & 0xff00)) this.excycles += 1;
        return a2;
    }
    throw new Error(`addressing mode ${mode}`);
  }

  branch(taken) {
    if (!taken) {
      this.pc += 1;
      return;
    }
    this.excycles += 1;
    let addr = this.code(this.pc);
    this.pc += 1;
    addr = addr & N ? this.pc - (addr ^ 0xff) - 1 : this.pc + addr;
    if ((this.pc & 0xff00) !== (addr & 0xff00)) this.excycles += 1;
    this.pc = addr & 0xffff;
    if (this.pc <= this.at) this.jumpedBack = this.pc;
  }

  compare(register, value) {
    this.p &= ~(C | Z | N);
    if (register === value) this.p |= C | Z;
    else if (register > value) this.p |= C;
    this.p |= (register - value) & N;
  }

  modify(mode, operation) {
    if (mode === M_ACC) {
      this.a = operation(this.a);
    } else {
      const addr = this.address(mode);
      this.write(addr, operation(this.read(addr)));
    }
  }

  /** Execute the instruction at PC (py65's MPU.step without the cycle count). */
  step() {
    const pc = this.pc;
    this.at = pc;
    const opcode = this.code(pc);
    this.opcode = opcode;
    this.pc = pc + 1;
    this.excycles = 0;
    this.addcycles = OP_EXTRA[opcode];
    const name = OP_NAME[opcode], mode = OP_MODE[opcode];
    const size = OPERAND_SIZE[mode];
    let value;
    switch (name) {
      case LDA: this.a = this.read(this.address(mode)); this.flagsNZ(this.a); break;
      case LDX: this.x = this.read(this.address(mode)); this.flagsNZ(this.x); break;
      case LDY: this.y = this.read(this.address(mode)); this.flagsNZ(this.y); break;
      case STA: this.write(this.address(mode), this.a); break;
      case STX: this.write(this.address(mode), this.x); break;
      case STY: this.write(this.address(mode), this.y); break;
      case ORA: this.a |= this.read(this.address(mode)); this.flagsNZ(this.a); break;
      case AND: this.a &= this.read(this.address(mode)); this.flagsNZ(this.a); break;
      case EOR: this.a ^= this.read(this.address(mode)); this.flagsNZ(this.a); break;
      case ADC: {
        const data = this.read(this.address(mode));
        const result = data + this.a + (this.p & C);
        this.p &= ~(C | V | N | Z);
        if (~(this.a ^ data) & (this.a ^ result) & N) this.p |= V;
        value = result & 0xff;
        if (result > 0xff) this.p |= C;
        this.p |= value === 0 ? Z : value & N;
        this.a = value;
        break;
      }
      case SBC: {
        const data = this.read(this.address(mode));
        const result = this.a + (~data & 0xff) + (this.p & C);
        this.p &= ~(C | Z | V | N);
        if ((this.a ^ data) & (this.a ^ result) & N) this.p |= V;
        value = result & 0xff;
        if (value === 0) this.p |= Z;
        if (result > 0xff) this.p |= C;
        this.p |= value & N;
        this.a = value;
        break;
      }
      case CMP: this.compare(this.a, this.read(this.address(mode))); break;
      case CPX: this.compare(this.x, this.read(this.address(mode))); break;
      case CPY: this.compare(this.y, this.read(this.address(mode))); break;
      case BIT: {
        const data = this.read(this.address(mode));
        this.p &= ~(Z | N | V);
        if ((this.a & data) === 0) this.p |= Z;
        this.p |= data & (N | V);
        break;
      }
      case ASL:
        this.modify(mode, (v) => {
          this.p = (this.p & ~(C | N | Z)) | (v >> 7);
          v = (v << 1) & 0xff;
          this.flagsNZ(v);
          return v;
        });
        break;
      case LSR:
        this.modify(mode, (v) => {
          this.p = (this.p & ~C) | (v & 1);
          v >>= 1;
          this.flagsNZ(v);
          return v;
        });
        break;
      case ROL:
        this.modify(mode, (v) => {
          const carry = this.p & C;
          this.p = (this.p & ~C) | (v >> 7);
          v = ((v << 1) | carry) & 0xff;
          this.flagsNZ(v);
          return v;
        });
        break;
      case ROR:
        this.modify(mode, (v) => {
          const carry = this.p & C;
          this.p = (this.p & ~C) | (v & 1);
          v = (v >> 1) | (carry << 7);
          this.flagsNZ(v);
          return v;
        });
        break;
      case INC:
        this.modify(mode, (v) => {
          v = (v + 1) & 0xff;
          this.flagsNZ(v);
          return v;
        });
        break;
      case DEC:
        this.modify(mode, (v) => {
          v = (v - 1) & 0xff;
          this.flagsNZ(v);
          return v;
        });
        break;
      case INX: this.x = (this.x + 1) & 0xff; this.flagsNZ(this.x); break;
      case INY: this.y = (this.y + 1) & 0xff; this.flagsNZ(this.y); break;
      case DEX: this.x = (this.x - 1) & 0xff; this.flagsNZ(this.x); break;
      case DEY: this.y = (this.y - 1) & 0xff; this.flagsNZ(this.y); break;
      case TAX: this.x = this.a; this.flagsNZ(this.x); break;
      case TAY: this.y = this.a; this.flagsNZ(this.y); break;
      case TXA: this.a = this.x; this.flagsNZ(this.a); break;
      case TYA: this.a = this.y; this.flagsNZ(this.a); break;
      case TSX: this.x = this.sp; this.flagsNZ(this.x); break;
      case TXS: this.sp = this.x; break;
      case PHA: this.push(this.a); break;
      case PHP: this.push(this.p | B | U); break;
      case PLA: this.a = this.pop(); this.flagsNZ(this.a); break;
      case PLP: this.p = this.pop() | B | U; break;
      case CLC: this.p &= ~C; break;
      case SEC: this.p |= C; break;
      case CLI: this.p &= ~I; break;
      case SEI: this.p |= I; break;
      case CLV: this.p &= ~V; break;
      case CLD: this.p &= ~D; break;
      case SED: this.p |= D; break;
      case NOP: break;
      case BPL: this.branch(!(this.p & N)); return this.endStep(0);
      case BMI: this.branch(this.p & N); return this.endStep(0);
      case BVC: this.branch(!(this.p & V)); return this.endStep(0);
      case BVS: this.branch(this.p & V); return this.endStep(0);
      case BCC: this.branch(!(this.p & C)); return this.endStep(0);
      case BCS: this.branch(this.p & C); return this.endStep(0);
      case BNE: this.branch(!(this.p & Z)); return this.endStep(0);
      case BEQ: this.branch(this.p & Z); return this.endStep(0);
      case JMP:
        if (mode === M_ABS) this.pc = this.wordAt(this.pc);
        else this.pc = this.wrapAt(this.wordAt(this.pc));
        return this.endStep(0);
      case JSR:
        this.pushWord((this.pc + 1) & 0xffff);
        this.pc = this.wordAt(this.pc);
        return this.endStep(0);
      case RTS:
        this.pc = this.popWord() + 1;
        return this.endStep(0);
      case RTI:
        this.p = this.pop() | B | U;
        this.pc = this.popWord();
        return this.endStep(0);
      case BRK:
        throw new CpuHalt("brk", pc, 0);
      default:
        throw new CpuHalt("illegal", pc, opcode);
    }
    return this.endStep(size);
  }

  endStep(size) {
    this.pc = (this.pc + size) & 0xffff;
  }

  // -- keeping and restoring the whole machine -------------------------------------------------

  /** A copy of the whole machine state, for `restore` (rewinding to a frame the kernel names). */
  snapshot() {
    return structuredClone({ cpu: this.cpuFields(), ppu: { ...this.ppu, onVblank: null } });
  }

  restore(snapshot) {
    const copy = structuredClone(snapshot);
    Object.assign(this, copy.cpu);
    const onVblank = this.ppu.onVblank;
    Object.assign(this.ppu, copy.ppu);
    this.ppu.onVblank = onVblank;
    this.pictureCache = null;
  }

  cpuFields() {
    const { ppu, prg, chrRom, mirroring, pictureCache, pictureBuffer, loops, ...fields } = this;
    return fields;
  }
}

/** CRC-32 (zlib's) of a byte array: the heartbeat's fingerprint of a picture. */
export function crc32(bytes) {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ bytes[i]) & 0xff];
  return (crc ^ 0xffffffff) >>> 0;
}

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  return crc;
});

export { OPCODES, renderLines, lineRegisters };
