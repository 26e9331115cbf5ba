"""Choosing the backdrop and the 4 background palettes, and a palette for every 16x16 block.

The objective is the one the picture will be judged by: the sum over all opaque pixels of the
squared CIELAB distance to the nearest of the 4 colours (backdrop + 3) of its block's palette.
It is minimised like k-means, with blocks as the points and palettes as the centres:

1. pixels are pooled per block into bins of nearby colours (5 bits per RGB channel), each bin
   keeping its pixel count and mean colour: the squared-error objective is exact for a bin's
   mean, and a photo shrinks several times;
2. starting palettes are the greedy best palettes of blocks picked farthest-first (the block the
   current palettes serve worst), or k-means++-style for the other restarts (seeded);
3. then, until the cost stops falling: each block takes its best palette, each palette colour is
   re-chosen among all candidates with the others fixed, and so is the backdrop.

Candidates are the master palette's distinct colours without $0D ("blacker than black") and
without the duplicate blacks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from romulus_nb.convert.lab import squared_distances, to_space
from romulus_nb.nes.colors import DUPLICATE_BLACKS, UNSAFE_BLACK, MasterPalette

BLOCK = 16
BLOCKS_HIGH, BLOCKS_WIDE = 15, 16
PALETTES = 4
COLORS = 3  # per palette, besides the shared backdrop
MAX_ROUNDS = 12
MIN_CANDIDATES = 8
MAX_CANDIDATES = 32
MAX_SAMPLE_BINS = 8192


@dataclass(frozen=True)
class PaletteChoice:
    """The result of the search, colours as master palette indices.

    Attributes
    ----------
    backdrop : int
    palettes : (4, 3) uint8
        Colours 1-3 of each background palette.
    attributes : (15, 16) uint8
        Palette of each 16x16 block.
    cost : float
        Total squared CIELAB error of nearest-colour quantization.
    """

    backdrop: int
    palettes: np.ndarray
    attributes: np.ndarray
    cost: float

    def block_colors(self) -> np.ndarray:
        """``(4, 4) uint8``: each palette as the PPU sees it, backdrop first."""
        out = np.empty((PALETTES, 4), np.uint8)
        out[:, 0] = self.backdrop
        out[:, 1:] = self.palettes
        return out


def candidate_colors(master: MasterPalette) -> np.ndarray:
    """Master indices of the distinct safe colours, lowest index first (so $0F for black)."""
    seen: dict[bytes, int] = {}
    for index in range(64):
        if index == UNSAFE_BLACK or index in DUPLICATE_BLACKS:
            continue
        seen.setdefault(master.rgb[index].tobytes(), index)
    return np.array(sorted(seen.values()), np.intp)


def choose_palettes(
    rgb: np.ndarray,
    opaque: np.ndarray,
    master: MasterPalette,
    *,
    seed: int = 0,
    restarts: int = 2,
    space: str = "lab",
) -> PaletteChoice:
    """Search palettes for a fitted picture.

    Parameters
    ----------
    rgb : (240, 256, 3) uint8
    opaque : (240, 256) bool
        Transparent pixels cost nothing (they show the backdrop whatever it is).
    master : MasterPalette
    seed : int
        Seeds the k-means++ restarts; the same seed gives the same choice.
    restarts : int
        Starting points tried per backdrop candidate (the first is farthest-first).
    space : "lab" or "rgb"
        Where distances are measured (see `romulus_nb.convert.lab.SPACES`).
    """
    candidates = candidate_colors(master)
    bins = _bins(rgb, opaque, space)
    if bins.weight.size == 0:  # nothing opaque: any palettes do
        return PaletteChoice(
            int(candidates[0]),
            np.repeat(candidates[None, :COLORS], PALETTES, 0).astype(np.uint8),
            np.zeros((BLOCKS_HIGH, BLOCKS_WIDE), np.uint8),
            0.0,
        )
    dist = squared_distances(bins.lab, to_space(master.rgb[candidates], space))  # (B, K)
    keep = _useful(dist, bins.weight)
    candidates, dist = candidates[keep], np.ascontiguousarray(dist[:, keep])
    search = _Search(dist, bins.weight, bins.block, np.random.default_rng(seed))

    nearest = np.bincount(dist.argmin(1), weights=bins.weight, minlength=len(candidates))
    backdrops = np.argsort(-nearest, kind="stable")[:2]
    best = None
    for backdrop in backdrops:
        for restart in range(restarts):
            result = search.run(int(backdrop), farthest_first=restart == 0)
            if best is None or result[0] < best[0] - 1e-6:
                best = result
    cost, backdrop, palettes, assign = best
    attributes = np.zeros(BLOCKS_HIGH * BLOCKS_WIDE, np.uint8)
    attributes[search.blocks] = assign
    return PaletteChoice(
        int(candidates[backdrop]),
        candidates[palettes].astype(np.uint8),
        attributes.reshape(BLOCKS_HIGH, BLOCKS_WIDE),
        float(cost),
    )


def _useful(dist: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Candidates worth searching: among the 2 nearest colours of at least 0.1% of the pixels,
    the most used first, between `MIN_CANDIDATES` and `MAX_CANDIDATES` of them. Pruning keeps
    every search step cheap."""
    two = np.argpartition(dist, 1, axis=1)[:, :2] if dist.shape[1] > 2 else np.zeros((0, 2), int)
    share = np.bincount(two.ravel(), np.repeat(weight, 2), minlength=dist.shape[1])
    ranked = np.argsort(-share, kind="stable")
    keep = ranked[: max(MIN_CANDIDATES, int((share >= 1e-3 * weight.sum()).sum()))]
    return np.sort(keep[:MAX_CANDIDATES])


@dataclass(frozen=True)
class _Bins:
    lab: np.ndarray  # (B, 3) float32 mean colour
    weight: np.ndarray  # (B,) float32 pixel count
    block: np.ndarray  # (B,) intp block number 0-239, sorted ascending


def _bins(rgb: np.ndarray, opaque: np.ndarray, space: str) -> _Bins:
    """Pool the opaque pixels of each block by 5-bit RGB colour."""
    ys, xs = np.nonzero(opaque)
    pixels = rgb[ys, xs].astype(np.int64)
    block = (ys // BLOCK) * BLOCKS_WIDE + xs // BLOCK
    five_bit = pixels >> 3
    key = (block << 15) | (five_bit[:, 0] << 10) | (five_bit[:, 1] << 5) | five_bit[:, 2]
    keys, inverse = np.unique(key, return_inverse=True)
    weight = np.bincount(inverse, minlength=keys.size).astype(np.float32)
    lab = to_space(rgb[ys, xs], space)
    mean = (
        np.stack([np.bincount(inverse, lab[:, c], minlength=keys.size) for c in range(3)], axis=1)
        / weight[:, None]
    )
    return _Bins(mean.astype(np.float32), weight, (keys >> 15).astype(np.intp))


class _Search:
    """k-means over blocks with palettes as centres, on the pooled pixels of one picture."""

    def __init__(self, dist, weight, block, rng):
        self.dist, self.weight, self.rng = dist, weight, rng
        self.blocks, starts = np.unique(block, return_index=True)  # blocks with opaque pixels
        self.starts = starts
        self.bin_block = np.searchsorted(self.blocks, block)  # (B,) index into self.blocks
        # Colour updates try every candidate for every bin; on noisy pictures (tens of thousands
        # of bins) they look at a fixed sample, while block costs always use every bin.
        self.sample = np.arange(len(dist))
        if len(dist) > MAX_SAMPLE_BINS:
            self.sample = np.sort(rng.choice(len(dist), MAX_SAMPLE_BINS, replace=False))

    # --- per-block sums -----------------------------------------------------------------
    def _per_block(self, values: np.ndarray) -> np.ndarray:
        """Sum rows of ``values`` (B, ...) over each block's bins -> (nblocks, ...)."""
        return np.add.reduceat(values, self.starts, axis=0)

    def _block_costs(self, backdrop: int, palettes: np.ndarray) -> np.ndarray:
        """``(nblocks, n)`` cost of each block under each of the ``n`` palettes ``(n, 3)``."""
        palettes = np.atleast_2d(palettes)
        colors = np.concatenate([np.full((len(palettes), 1), backdrop), palettes], axis=1)
        nearest = self.dist[:, colors].min(2)  # (B, n)
        return self._per_block(nearest * self.weight[:, None])

    def _greedy_palette(self, block_index: int, backdrop: int) -> list[int]:
        """The best 3 colours for one block, chosen one at a time."""
        lo = self.starts[block_index]
        hi = self.starts[block_index + 1] if block_index + 1 < len(self.starts) else len(self.dist)
        dist, weight = self.dist[lo:hi], self.weight[lo:hi, None]
        base = dist[:, backdrop].copy()
        chosen = []
        for _ in range(COLORS):
            k = int((np.minimum(base[:, None], dist) * weight).sum(0).argmin())
            chosen.append(k)
            base = np.minimum(base, dist[:, k])
        return chosen

    # --- one run ------------------------------------------------------------------------
    def run(self, backdrop: int, *, farthest_first: bool):
        palettes = self._initial(backdrop, farthest_first)
        previous = np.inf
        for _ in range(MAX_ROUNDS):
            costs = self._block_costs(backdrop, palettes)
            assign = costs.argmin(1)
            palettes = self._reseed_empty(backdrop, palettes, assign, costs)
            for slot in range(COLORS):
                palettes[:, slot] = self._best_slot(backdrop, palettes, assign, slot)
            backdrop = self._best_backdrop(palettes, assign)
            costs = self._block_costs(backdrop, palettes)
            assign = costs.argmin(1)
            total = float(costs.min(1).sum())
            if total >= previous * (1 - 1e-4):
                break
            previous = total
        return total, backdrop, palettes, assign

    def _initial(self, backdrop: int, farthest_first: bool) -> np.ndarray:
        nblocks = len(self.blocks)
        current = self._block_costs(backdrop, np.array([[backdrop] * COLORS]))[:, 0]
        palettes = []
        for _ in range(PALETTES):
            if farthest_first or current.sum() <= 0:
                pick = int(current.argmax())
            else:
                pick = int(self.rng.choice(nblocks, p=current / current.sum()))
            palette = self._greedy_palette(pick, backdrop)
            palettes.append(palette)
            current = np.minimum(current, self._block_costs(backdrop, np.array([palette]))[:, 0])
        return np.array(palettes, np.intp)

    def _reseed_empty(self, backdrop, palettes, assign, costs) -> np.ndarray:
        """A palette no block chose restarts from the block served worst."""
        palettes = palettes.copy()
        served = costs.min(1)
        for g in range(PALETTES):
            if not (assign == g).any():
                worst = int(served.argmax())
                palettes[g] = self._greedy_palette(worst, backdrop)
                assign[worst] = g
                served[worst] = 0
        return palettes

    def _best_slot(self, backdrop, palettes, assign, slot) -> np.ndarray:
        """Re-choose colour ``slot`` of every palette with its other colours fixed."""
        dist, weight = self.dist[self.sample], self.weight[self.sample]
        group = assign[self.bin_block[self.sample]]  # palette of each bin
        others = [s for s in range(COLORS) if s != slot]
        fixed = np.stack([palettes[group, s] for s in others] + [np.full_like(group, backdrop)])
        base = dist[np.arange(len(group))[None, :], fixed].min(0)
        cost = np.minimum(base[:, None], dist) * weight[:, None]  # (bins, K)
        onehot = np.zeros((PALETTES, len(group)), np.float32)
        onehot[group, np.arange(len(group))] = 1
        return (onehot @ cost).argmin(1)

    def _best_backdrop(self, palettes, assign) -> int:
        dist, weight = self.dist[self.sample], self.weight[self.sample]
        group = assign[self.bin_block[self.sample]]
        base = dist[np.arange(len(group))[None, :], palettes[group].T].min(0)
        return int((np.minimum(base[:, None], dist) * weight[:, None]).sum(0).argmin())
