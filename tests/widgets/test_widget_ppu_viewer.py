"""PPUViewer: recorded PPU states as pictures, memory dumps and a frame slider."""

from types import SimpleNamespace

import numpy as np
import pytest
import traitlets

from romulus_nb.demo import demo_game
from romulus_nb.errors import InvalidValueError
from romulus_nb.nes.chr import encode_chr
from romulus_nb.widgets import PPUViewer


def picture(data: bytes, height: int, width: int) -> np.ndarray:
    return np.frombuffer(data, np.uint8).reshape(height, width)


def state_like(scene, frame: int, **overrides):
    """Anything with the PPUState fields will do; here ``chr`` is raw CHR bytes, as in PPUState."""
    fields = dict(
        chr=encode_chr(scene.game.tileset),
        nametables=np.tile(np.frombuffer(scene.nametable_bytes(), np.uint8), (4, 1)),
        palette_ram=np.frombuffer(scene.palettes.to_bytes(), np.uint8),
        oam=np.frombuffer(scene.oam_bytes(), np.uint8),
        ppuctrl=scene.ppuctrl,
        ppumask=scene.ppumask,
        scroll_x=0,
        scroll_y=0,
        frame=frame,
    )
    fields.update(overrides)
    return SimpleNamespace(**fields)


def test_the_viewer_shows_the_frame_a_scene_asks_for():
    game = demo_game()
    viewer = PPUViewer.from_scene(game.scenes[1])
    assert np.array_equal(picture(viewer.frame, 240, 256), game.scenes[1].render().indices)
    assert viewer.count == 1
    assert viewer.registers == {
        "ppuctrl": game.scenes[1].ppuctrl,
        "ppumask": game.scenes[1].ppumask,
        "scroll_x": 0,
        "scroll_y": 0,
        "frame": 0,
    }


def test_the_slider_walks_through_the_recorded_states():
    game = demo_game()
    states = [state_like(s, frame=10 * i) for i, s in enumerate(game.scenes)]
    viewer = PPUViewer(states)
    assert viewer.frame_numbers == [0, 10, 20]
    viewer.frame_index = 2
    assert np.array_equal(picture(viewer.frame, 240, 256), game.scenes[2].render().indices)
    assert viewer.oam == game.scenes[2].oam_bytes()
    assert viewer.palette_ram == game.scenes[2].palettes.to_bytes()
    with pytest.raises(traitlets.TraitError):
        viewer.frame_index = 3


def test_the_nametable_view_puts_2000_2400_2800_2c00_in_reading_order():
    game = demo_game()
    scene = game.scenes[0]
    blank = np.zeros(1024, np.uint8)
    nametables = np.stack([np.frombuffer(scene.nametable_bytes(), np.uint8), blank, blank, blank])
    viewer = PPUViewer([state_like(scene, 0, nametables=nametables)])
    view = picture(viewer.nametables_image, 480, 512)
    backdrop = scene.palettes.backdrop
    # Only $2000 (top left) holds the title; tile 0 of the demo is blank, so the rest is backdrop.
    assert (view[:240, :256] != backdrop).any()
    assert (view[:240, 256:] == backdrop).all()
    assert (view[240:, :] == backdrop).all()


def test_the_pattern_view_shows_table_0_left_and_table_1_right_16_tiles_a_row():
    game = demo_game()
    scene = game.scenes[0]
    viewer = PPUViewer([state_like(scene, 0)])
    viewer.pattern_palette = 1
    sheet = picture(viewer.patterns_image, 128, 256)
    ram = scene.palettes.to_bytes()
    colors = [ram[0], ram[5], ram[6], ram[7]]
    for table, tile in [(0, 0x80), (0, 0x41), (1, 0x00), (1, 0x05)]:
        row, col = tile // 16, tile % 16
        expected = np.array(colors, np.uint8)[game.pattern_table(table)[tile]]
        cell = sheet[row * 8 : row * 8 + 8, table * 128 + col * 8 : table * 128 + col * 8 + 8]
        assert np.array_equal(cell, expected), (table, tile)


def test_recording_a_built_rom_ends_on_the_designed_title_screen():
    game = demo_game()
    viewer = PPUViewer.record(game.build(), frames=6, every=3)
    assert viewer.count == 2
    viewer.frame_index = 1
    assert np.array_equal(picture(viewer.frame, 240, 256), game.scenes[0].render().indices)


@pytest.mark.parametrize(
    "states, message",
    [
        ([], "no states"),
        ([object()], "is not a PPU state"),
        ([SimpleNamespace(nametables=np.zeros(10))], "is not a PPU state"),
    ],
)
def test_something_that_is_not_a_ppu_state_is_refused_with_what_is_expected(states, message):
    with pytest.raises(InvalidValueError, match=message):
        PPUViewer(states)


def test_the_viewer_repr_and_static_picture_are_deterministic():
    one = PPUViewer.from_scene(demo_game().scenes[0])
    two = PPUViewer.from_scene(demo_game().scenes[0])
    assert repr(one) == (
        "PPUViewer(1 state; showing frame 0: PPUCTRL=$88 PPUMASK=$1E scroll (0, 0))"
    )
    assert one._repr_mimebundle_()[0]["text/html"] == two._repr_mimebundle_()[0]["text/html"]
