"""PPUViewer: recorded PPU states as pictures, memory dumps and a frame slider."""

from types import SimpleNamespace

import numpy as np
import pytest
import traitlets

from romulus_nb.demo import demo_game
from romulus_nb.emu.state import PPUWrite
from romulus_nb.errors import InvalidValueError
from romulus_nb.nes.chr import encode_chr
from romulus_nb.widgets import PPUViewer
from romulus_nb.widgets.ppu_viewer import write_log


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


@pytest.mark.parametrize("name", ["Meadow", "Level", "Room"])
def test_the_viewer_shows_the_frame_a_scene_asks_for(name):
    """A map's frame is its view with the camera at the top left (the ROM's first frame)."""
    scene = demo_game().scene(name)
    viewer = PPUViewer.from_scene(scene)
    assert np.array_equal(picture(viewer.frame, 240, 256), scene.render(camera=(0, 0)).indices)
    assert viewer.count == 1
    assert viewer.registers == {
        "ppuctrl": scene.ppuctrl,
        "ppumask": scene.ppumask,
        "scroll_x": 0,
        "scroll_y": 0,
        "frame": 0,
    }


def test_the_slider_walks_through_the_recorded_states():
    game = demo_game()
    scenes = [game.scene(name) for name in ("Title", "Meadow", "Credits")]
    states = [state_like(s, frame=10 * i) for i, s in enumerate(scenes)]
    viewer = PPUViewer(states)
    assert viewer.frame_numbers == [0, 10, 20]
    viewer.frame_index = 2
    assert np.array_equal(picture(viewer.frame, 240, 256), scenes[2].render().indices)
    assert viewer.oam == scenes[2].oam_bytes()
    assert viewer.palette_ram == scenes[2].palettes.to_bytes()
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


def test_the_write_log_counts_each_register_and_lists_all_but_the_ppudata_bytes():
    writes = [
        PPUWrite(0x2000, 0x00, 10, 0, 0),
        PPUWrite(0x2006, 0x20, 900, 1, 247),
        PPUWrite(0x2006, 0x00, 904, 1, 247),
        PPUWrite(0x2007, 0x41, 908, 1, 247),
        PPUWrite(0x2007, 0x42, 912, 1, 247),
        PPUWrite(0x2001, 0x1E, 980, 1, 248),
    ]
    earlier = SimpleNamespace(writes=tuple(writes[:1]))
    later = SimpleNamespace(writes=tuple(writes))
    assert write_log(later, earlier) == [
        "5 writes in frame 1: PPUADDR x2, PPUDATA x2, PPUMASK x1",
        "frame 1 line 247: PPUADDR ($2006) = $20",
        "frame 1 line 247: PPUADDR ($2006) = $00",
        "frame 1 line 248: PPUMASK ($2001) = $1E",
    ]
    assert write_log(earlier) == [
        "1 writes in frame 0: PPUCTRL x1",
        "frame 0 line 0: PPUCTRL ($2000) = $00",
    ]
    assert write_log(SimpleNamespace()) == []


def test_a_recorded_run_shows_the_reset_code_pointing_ppuaddr_at_palette_ram_and_the_nametable():
    viewer = PPUViewer.record(demo_game().build(), frames=4, every=2)
    viewer.frame_index = 1
    uploads = [line for line in viewer.writes[1:] if "PPUADDR" in line]
    # Two writes each, high byte first: $3F00 (palette RAM) and $2000 (nametable 0).
    assert [line[-3:] for line in uploads[:4]] == ["$3F", "$00", "$20", "$00"]


def split_lines(split_at: int, ctrl: int = 0x80, mask: int = 0x1E) -> np.ndarray:
    """Line registers worked by hand: scroll (0, 0) down to ``split_at``, then X 83 (coarse
    X 10, fine x 3) in nametable $2400 with PPUCTRL ``ctrl`` + 1."""
    rows = []
    for line in range(240):
        v = ((line % 8) << 12) | ((line // 8) << 5)
        if line < split_at:
            rows.append((v, 0, ctrl, mask))
        else:
            rows.append((v | 0x0400 | 10, 3, ctrl | 1, mask))
    return np.array(rows, np.uint16)


def test_the_viewer_lists_where_the_frame_splits_and_draws_a_strip_of_scrolls():
    scene = demo_game().scenes[0]
    viewer = PPUViewer([state_like(scene, 5, lines=split_lines(100), sprite0_hit=(99, 240))])
    assert viewer.splits == [
        "lines 0-99: scroll (0, 0) PPUCTRL $80 PPUMASK $1E",
        "lines 100-239: scroll (339, 0) PPUCTRL $81 PPUMASK $1E",
    ]
    strip = np.frombuffer(viewer.scroll_strip, np.uint8).reshape(240, 64, 3)
    assert strip[100, 1].tolist() == [200, 180, 0]  # the split's row is yellow
    assert strip[99, 1].tolist() == [40, 40, 40]
    assert strip[50, 0].tolist() == [255, 70, 70]  # X 0: red at the left
    assert strip[150, 339 * 64 // 512].tolist() == [255, 70, 70]
    assert viewer.sprite0_hit == [99, 240]
    assert "magenta" not in viewer._static_html()  # the mark is drawn, not described


def test_the_frame_of_a_split_state_is_drawn_line_by_line():
    scene = demo_game().scenes[0]
    lines = split_lines(100, scene.ppuctrl, scene.ppumask)
    viewer = PPUViewer([state_like(scene, 5, lines=lines)])
    top = PPUViewer([state_like(scene, 5)])  # no line registers: scroll (0, 0) everywhere
    frame, plain = picture(viewer.frame, 240, 256), picture(top.frame, 240, 256)
    assert np.array_equal(frame[:100], plain[:100])
    assert not np.array_equal(frame[100:], plain[100:])


def test_a_horizontal_maps_design_holds_its_first_two_screens_vertically_mirrored():
    """NESdev Wiki "Mirroring": with vertical mirroring $2800 shows $2000 and $2C00 shows
    $2400; a level starting at the left loads screen 0 into $2000 and screen 1 into $2400."""
    scene = demo_game().scene("Level")
    viewer = PPUViewer.from_scene(scene)
    view = picture(viewer.nametables_image, 480, 512)
    scene.sprites = []  # the nametable view is background only
    screen0 = scene.render(camera=(0, 0)).indices
    screen1 = scene.render(camera=(256, 0)).indices
    for top in (0, 240):
        assert np.array_equal(view[top : top + 240, :256], screen0)
        assert np.array_equal(view[top : top + 240, 256:], screen1)


def test_a_design_has_no_line_registers_and_no_hit():
    viewer = PPUViewer.from_scene(demo_game().scene("Meadow"))
    assert viewer.splits == [] and viewer.scroll_strip == b"" and viewer.sprite0_hit == []
