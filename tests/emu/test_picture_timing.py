"""The picture after n frames is frame n - 1 as it was drawn: a palette or OAM upload in the
vblank after it shows one frame later, as cynes draws it (each step ends where vblank begins)."""

import numpy as np

from romulus_nb.emu.machine import NES
from tests.emu.conftest import cynes_at_power_on, differing_pixels


def test_uploads_in_vblank_show_in_the_next_frame_every_frame_as_in_cynes(build_rom, cynes_palette):
    rom = build_rom("vblank_changes")
    ours, theirs = NES(rom.read_bytes()), cynes_at_power_on(rom)
    backdrops = set()
    for n in range(1, 45):
        ours.run_frames(1)
        picture = np.array(theirs.step(1), copy=True)
        if n < 5:
            continue  # the backdrop is still the power-on palette (cynes' is not ours)
        indices = ours.state().render().indices
        assert differing_pixels(indices, picture, cynes_palette) == 0, f"frame {n}"
        backdrops.add(int(indices[0, 255]))
    assert len(backdrops) >= 15  # the backdrop changed frame after frame
