"""NES Screen Tool files: sizes as the formats define them, clear errors otherwise."""

import pytest

from romulus_nb import Game
from romulus_nb.errors import ProjectFileError
from romulus_nb.nesst import import_nesst


@pytest.mark.parametrize(
    "kind, size, message",
    [
        ("chr", 4000, r"4000 bytes; a \.chr file has 4096 or 8192"),
        ("nam", 960, r"960 bytes; a \.nam file has 1024"),
        ("pal", 20, r"20 bytes; a \.pal file has 16 or 32"),
    ],
)
def test_files_of_the_wrong_size_are_refused_and_the_game_is_unchanged(
    tmp_path, kind, size, message
):
    path = tmp_path / f"x.{kind}"
    path.write_bytes(bytes(size))
    game = Game()
    before = game.chr_bytes()
    with pytest.raises(ProjectFileError, match=message):
        import_nesst(game, **{kind: path})
    assert game.chr_bytes() == before and game.scenes == []


def test_a_4k_chr_fills_pattern_table_0_only(tmp_path):
    path = tmp_path / "a.chr"
    path.write_bytes(b"\xff" * 4096)
    game, _ = import_nesst(chr=path)
    assert (game.tileset[:256] == 3).all()  # both planes set: colour 3
    assert (game.tileset[256:] == 0).all()


def test_a_nam_file_becomes_a_scene_with_its_attributes(tmp_path):
    nam = bytearray(1024)
    nam[5] = 0x41
    nam[960] = 0b11100100  # blocks: TL 0, TR 1, BL 2, BR 3
    path = tmp_path / "s.nam"
    path.write_bytes(bytes(nam))
    pal = tmp_path / "s.pal"
    pal.write_bytes(bytes([0x0F, 1, 2, 3] * 4))
    _, scene = import_nesst(nam=path, pal=pal)
    assert scene.nametable[0, 5] == 0x41
    assert scene.attributes[0:2, 0:2].tolist() == [[0, 1], [2, 3]]
    assert scene.palettes[4][1:] == (1, 2, 3)


def test_a_pal_with_0d_is_refused(tmp_path):
    nam = tmp_path / "s.nam"
    nam.write_bytes(bytes(1024))
    pal = tmp_path / "s.pal"
    pal.write_bytes(bytes([0x0F, 0x0D, 2, 3] * 4))
    with pytest.raises(ProjectFileError, match=r"\$0D"):
        import_nesst(nam=nam, pal=pal)
