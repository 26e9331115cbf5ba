"""From a picture to a `Screen` and the pattern table it needs: the steps in order.

fit (picture.py) -> palettes (palette_search.py) -> quantize, optionally dithered (quantize.py)
-> tiles within the budget (tile_budget.py) -> slots in the pattern table -> render and report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from romulus_nb.convert.exact import solve
from romulus_nb.convert.lab import SPACES, srgb_to_lab, to_space
from romulus_nb.convert.master_palettes import known_palettes
from romulus_nb.convert.palette_order import order_palettes
from romulus_nb.convert.palette_search import candidate_colors, choose_palettes
from romulus_nb.convert.picture import FITS, fit_picture
from romulus_nb.convert.quantize import DITHERS, pixel_palettes, quantize, value_costs
from romulus_nb.convert.refine import refine, uncut
from romulus_nb.convert.report import WORST_BLOCKS, ConversionReport, block_psnr, psnr
from romulus_nb.convert.tile_budget import compact_tiles, cut_costs, cut_tiles, fit_tiles, rows_in
from romulus_nb.errors import InvalidValueError, LimitError
from romulus_nb.nes.colors import BLACK, DEFAULT_PALETTE, MasterPalette
from romulus_nb.nes.palettes import Palette, PaletteSet
from romulus_nb.nes.scene import Screen
from romulus_nb.render import render_scene

STEPS = ("fit", "palettes", "quantize", "tiles", "render")
_SPRITE_PALETTE = [BLACK, 0x00, 0x10, 0x30]


@dataclass(frozen=True, eq=False)
class Conversion:
    """The output of `convert_picture`.

    Attributes
    ----------
    scene : Screen
    pattern_table : (256, 8, 8) uint8
        The background pattern table with the new tiles written into free slots.
    report : ConversionReport
    """

    scene: Screen
    pattern_table: np.ndarray
    report: ConversionReport


def convert_picture(
    image,
    *,
    pattern_table: np.ndarray | None = None,
    reserved: set[int] | frozenset[int] = frozenset(),
    master: MasterPalette | None = None,
    bg_table: int = 0,
    fit: str = "crop",
    dither: str = "none",
    tile_budget: int | None = None,
    seed: int = 0,
    space: str = "lab",
    progress: bool = True,
    palettes: tuple[MasterPalette, ...] = (),
) -> Conversion:
    """Convert a picture into a scene under the NES's limits: exactly when the picture already
    obeys them (see `romulus_nb.convert.exact`), else as close as the options allow.

    Parameters
    ----------
    image
        Path, bytes, file, PIL image or array (see `romulus_nb.convert.picture`).
    pattern_table : (256, 8, 8) uint8, optional
        The background pattern table as it is now (default: all blank).
    reserved : set of int
        Slots that must not be overwritten (tiles other scenes use, a font). Identical tiles in
        any slot are reused.
    master : MasterPalette
        Colours to match against (default: the NESdev 2C02 palette).
    bg_table : int
        Pattern table (0 or 1) the scene's background uses.
    fit : "crop" or "letterbox"
    dither : "none", "ordered" or "diffusion"
    tile_budget : int, optional
        Most tiles the scene may add; default and maximum: the free slots. Tiles of the
        reserved slots may be used as they are, at no cost.
    seed : int
        The same seed gives the same scene.
    space : "lab", "oklab" or "rgb"
        Where palettes are searched and pixels quantized: CIELAB (perceptual, the default),
        OKLab, or sRGB (what PSNR measures). Undithered, searches in sRGB run too (see
        `SRGB_SEARCHES`): each one's tiles are merged into the budget against the picture in
        sRGB, and the one that renders closest in sRGB is refined (in sRGB) and kept.
        Dithered, every step measures in ``space``.
    progress : bool
        Show a progress bar (only if the conversion takes over a second).
    palettes : tuple of MasterPalette
        RGB tables the picture may have been drawn with, tried before ``master`` and the known
        ones (`romulus_nb.convert.master_palettes`). Art recognised in one of them converts
        exactly when it obeys the rules; otherwise its colours are matched in that table.
    """
    master = master or DEFAULT_PALETTE
    table = np.zeros((256, 8, 8), np.uint8) if pattern_table is None else np.asarray(pattern_table)
    budget = _check_options(fit, dither, tile_budget, seed, reserved)
    if space not in SPACES:
        raise InvalidValueError(f"space: {space!r}; use 'lab' (perceptual), 'oklab' or 'rgb'")
    picture = fit_picture(image, fit)
    free = table[sorted(reserved)].reshape(-1, 64)  # other scenes' tiles cost no slot
    own = (master,) if master is not DEFAULT_PALETTE else ()
    art = solve(picture.rgb, picture.opaque, known_palettes((*palettes, *own)),
                free=free, budget=budget)  # fmt: skip
    master = art.master or master
    if art.exact:
        colors, attributes, chosen, placement = art.colors, art.attributes, art.tiles, art.placement
        before = len(chosen)
    else:
        colors, attributes, chosen, placement, before = _lossy(
            picture, master, free, budget, dither, seed, space, progress
        )
    table, slots, new = place_tiles(chosen.reshape(-1, 8, 8), table, reserved)
    scene = _scene(colors, attributes, slots[placement].reshape(30, 32), bg_table)
    chr_bank = np.zeros((512, 8, 8), np.uint8)
    chr_bank[bg_table * 256 : bg_table * 256 + 256] = table
    result = render_scene(scene, chr_bank).rgb(master)
    backdrop_rgb = master.rgb[scene.palettes.backdrop]
    original = np.where(picture.opaque[..., None], picture.rgb, backdrop_rgb)
    report = _report(original, result, scene.palettes, len(chosen), new, budget, before,
                     picture, fit, dither, space, art, master)  # fmt: skip
    return Conversion(scene, table, report)


def _lossy(picture, master, free, budget, dither, seed, space, progress):
    """The closest conversion the options allow: palettes searched, pixels quantized, tiles
    merged into the budget (and refined when undithered). Returns colours ``(4, 4)``,
    attributes, tiles, placement and the tile count before merging."""
    # tqdm.auto imports asyncio (a quarter of a second): only conversions that can take long,
    # the lossy ones, pay for the bar.
    from tqdm.auto import tqdm

    bar = tqdm(total=len(STEPS), desc="convert", delay=1.0, disable=not progress, leave=False)
    with bar:
        bar.update()  # fit: done
        found = [
            _candidate(picture, master, free, budget, dither, seed, search, restarts)
            for search, restarts in _searches(space, dither)
        ]
        bar.update()
        colors, attributes, chosen, placement, before, _ = min(found, key=lambda c: c[-1])
        if dither == "none":  # a dithered picture is its own reference: nothing to refine
            candidates = candidate_colors(master)
            colors, attributes, chosen, placement = refine(
                to_space(picture.rgb, "rgb"), picture.opaque, candidates,
                to_space(master.rgb[candidates], "rgb"), colors, attributes, chosen, placement,
                rows_in(chosen, free),
            )  # fmt: skip
            chosen, placement = compact_tiles(chosen, placement)
        bar.update(3)  # quantize, tiles; render is quick
    return colors, attributes, chosen, placement, before


#: Palette searches an undithered conversion tries besides the one in its own ``space``, as
#: (space, restarts per backdrop): the sRGB searches aim at the error PSNR measures, and a deeper
#: search finds palettes that quantize closer but do not always survive tile merging better.
SRGB_SEARCHES = (("rgb", 2), ("rgb", 8))


def _searches(space: str, dither: str) -> list[tuple[str, int]]:
    """The (space, restarts) of each palette search to try, the requested space first (it wins
    ties)."""
    searches = [(space, 2)]
    if dither == "none":
        searches += [search for search in SRGB_SEARCHES if search not in searches]
    return searches


def _candidate(picture, master, free, budget, dither, seed, space, restarts):
    """Palettes searched and pixels quantized in ``space``, tiles merged into the budget.

    Undithered, merging measures against the picture in sRGB, the space the result is judged in
    (PSNR); dithered, it keeps the dithered pattern (see `_quantized`). Returns colours
    ``(4, 4)``, attributes, tiles, placement, the tile count before merging and the squared sRGB
    error of the result.
    """
    choice = choose_palettes(
        picture.rgb, picture.opaque, master, seed=seed, space=space, restarts=restarts
    )
    target = to_space(picture.rgb, space)
    final = space if dither != "none" else "rgb"
    values, colors, costs = _quantized(picture, target, choice, free, master, space, dither,
                                       budget, final)  # fmt: skip
    before = len(np.unique(cut_tiles(values), axis=0))
    chosen, placement = fit_tiles(cut_tiles(values), cut_costs(costs), budget, free)
    shown = master.rgb[colors[pixel_palettes(choice.attributes), uncut(chosen, placement)]]
    error = ((shown.astype(np.float64) - picture.rgb) ** 2).sum(-1)[picture.opaque].sum()
    return colors, choice.attributes, chosen, placement, before, float(error)


def _quantized(picture, target, choice, free, master, space, dither, budget, final):
    """Pixel values ``(240, 256) uint8``, palette colours ``(4, 4) intp`` (entries ordered to
    share tiles) and the per-pixel value costs ``(240, 256, 4)`` that tile merging minimises,
    measured in colour space ``final``."""
    colors_space = to_space(master.rgb[choice.block_colors()], space)  # (4, 4, 3)
    values = quantize(target, picture.opaque, colors_space, choice.attributes, dither)
    existing = frozenset(tile.astype(np.uint8).tobytes() for tile in free)
    lightness = srgb_to_lab(master.rgb[choice.block_colors()])[..., 0]
    values, colors = order_palettes(values, choice.attributes, choice.block_colors(), existing,
                                    budget=budget, lightness=lightness)  # fmt: skip
    colors_space = to_space(master.rgb[colors], final)
    # Merging measures against the quantized picture when dithered, so patterns survive.
    reference = to_space(picture.rgb, final)
    if dither != "none":
        reference = colors_space[pixel_palettes(choice.attributes), values]
    costs = value_costs(reference, picture.opaque, colors_space, choice.attributes)
    return values, colors.astype(np.intp), costs


def _scene(colors, attributes, nametable, bg_table) -> Screen:
    palettes = PaletteSet(
        [row.tolist() for row in colors] + [_SPRITE_PALETTE] * 4, backdrop=int(colors[0, 0])
    )
    return Screen(nametable, attributes, palettes, bg_table=bg_table)


def _check_options(fit, dither, tile_budget, seed, reserved) -> int:
    if fit not in FITS:
        raise InvalidValueError(f"fit: {fit!r}; use 'crop' or 'letterbox'")
    if dither not in DITHERS:
        raise InvalidValueError(f"dither: {dither!r}; use 'none', 'ordered' or 'diffusion'")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidValueError(f"seed: {seed!r}; use a whole number 0 or more")
    free = 256 - len(reserved)
    if tile_budget is None:
        tile_budget = free
    if isinstance(tile_budget, bool) or not isinstance(tile_budget, (int, np.integer)):
        raise InvalidValueError(f"tile_budget: {tile_budget!r}; use a whole number 1-{free}")
    if free < 1:
        raise LimitError(
            "the background pattern table has no free slot: other scenes (and the font) use all "
            "256 tiles; convert earlier pictures with a smaller tile_budget, or use the other "
            "pattern table (bg_table)"
        )
    if not 1 <= tile_budget <= free:
        raise LimitError(
            f"tile_budget: {tile_budget}; the pattern table has {free} free slots "
            f"(256 less {len(reserved)} in use), so use 1-{free}"
        )
    return int(tile_budget)


def place_tiles(
    tiles: np.ndarray, table: np.ndarray, reserved
) -> tuple[np.ndarray, np.ndarray, int]:
    """Give every tile a slot: an identical tile already in the table, else a free slot
    (blank slots first, so that unused drawings survive as long as possible).

    Returns the new table, the slot of each tile ``(n,) uint8`` and how many slots were written.
    """
    table = table.copy()
    slots_in_table = len(table)  # 256 tiles, or 128 pairs of 8x16 sprites
    existing = {table[s].tobytes(): s for s in range(slots_in_table - 1, -1, -1)}  # lowest wins
    blank = ~table.reshape(slots_in_table, -1).any(1)
    free = [s for s in range(slots_in_table) if s not in reserved]
    free.sort(key=lambda s: (not blank[s], s))
    slots = np.zeros(len(tiles), np.uint8)
    taken: set[int] = set()
    new = 0
    pending = []
    for i, tile in enumerate(tiles):
        slot = existing.get(tile.tobytes())
        if slot is None:
            pending.append(i)
        else:
            slots[i] = slot
            taken.add(slot)
    available = iter(s for s in free if s not in taken)
    for i in pending:
        slot = next(available, None)
        if slot is None:  # only if reused tiles took free slots; the budget check prevents it
            raise LimitError(f"{len(pending)} new tiles do not fit the free pattern table slots")
        table[slot] = tiles[i]
        slots[i] = slot
        new += 1
    return table, slots, new


def _report(original, result, palettes, used, new, budget, before, picture, fit, dither, space,
            art, master):  # fmt: skip
    blocks = block_psnr(original, result)
    order = np.argsort(blocks, axis=None, kind="stable")[:WORST_BLOCKS]
    worst = [
        (int(i % 16), int(i // 16), float(blocks.flat[i]))
        for i in order
        if np.isfinite(blocks.flat[i])
    ]
    return ConversionReport(
        psnr=psnr(original, result),
        tiles_used=used,
        tiles_new=new,
        tile_budget=budget,
        tiles_before_merge=before,
        palettes=[Palette(palettes.array[i].tolist()) for i in range(4)],
        worst_blocks=worst,
        original=original,
        result=result,
        source=picture.source,
        fit=fit,
        dither=dither,
        space=space,
        notes=picture.notes,
        exact=art.exact,
        master_palette=master.name if art.master is not None else "",
        violations=art.violations,
    )
