"""Hardware facts and codecs: colours, palettes, CHR tiles, nametables, OAM, scenes."""

from romulus_nb.nes.chr import decode_chr, encode_chr, tile_from_text, tile_to_text
from romulus_nb.nes.colors import BLACK, DEFAULT_PALETTE, MasterPalette, NESColor, normalize_black
from romulus_nb.nes.nametable import pack_attributes, unpack_attributes
from romulus_nb.nes.oam import Sprite, decode_oam, encode_oam
from romulus_nb.nes.palettes import Palette, PaletteSet
from romulus_nb.nes.scene import Screen

__all__ = [
    "BLACK",
    "DEFAULT_PALETTE",
    "MasterPalette",
    "NESColor",
    "Palette",
    "Screen",
    "PaletteSet",
    "Sprite",
    "decode_chr",
    "decode_oam",
    "encode_chr",
    "encode_oam",
    "normalize_black",
    "pack_attributes",
    "tile_from_text",
    "tile_to_text",
    "unpack_attributes",
]
