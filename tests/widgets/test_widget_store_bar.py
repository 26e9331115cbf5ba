"""StoreBar: a game opened from a store into any editor, edited, saved back; a stale save is
refused on the status line with nothing written."""

import numpy as np
import pytest

from romulus_nb import demo_game
from romulus_nb.store import GameStore
from romulus_nb.widgets import PaletteEditor, SceneEditor, TileEditor
from romulus_nb.widgets.store_bar import STATUS_CLASS, StoreBar


@pytest.fixture
def store(tmp_path):
    with GameStore(f"sqlite:///{tmp_path / 'games.db'}") as s:
        yield s


@pytest.fixture
def stored(store):
    return store.save(demo_game())


def test_the_bar_lists_the_stores_games_and_opens_the_picked_one_in_the_editor(store, stored):
    other = demo_game()
    other.name = "Night"
    store.save(other, copy=True)
    bar = StoreBar(store, editor=SceneEditor)
    assert [label for label, _ in bar.games_list.options] == [
        "Romulus demo (5 scenes, version 1)",
        "Night (5 scenes, version 1)",
    ]
    bar.games_list.value = stored.id
    bar.open_button.click()
    assert bar.game.id == stored.id and bar.game.name == "Romulus demo"
    assert isinstance(bar.editor, SceneEditor) and bar.editor.game is bar.game
    assert bar.children[2].children == (bar.editor,)
    assert bar.status == "'Romulus demo': version 1."


def test_an_edit_marks_the_game_changed_and_save_stores_it_as_the_next_version(store, stored):
    bar = StoreBar(store, editor=SceneEditor)
    bar.open_button.click()
    bar.editor.paint([(4, 7), (5, 7)], 0x61)
    assert bar.changed and bar.status == "'Romulus demo': version 1, changed since (not saved)."
    bar.save_button.click()
    assert not bar.changed and bar.status == "Saved: 'Romulus demo', version 2."
    assert store.load(stored.id).scenes[0].nametable[7, 4:6].tolist() == [0x61, 0x61]
    assert [label for label, _ in bar.games_list.options] == ["Romulus demo (5 scenes, version 2)"]


def test_a_save_made_after_someone_elses_is_refused_on_the_status_line_and_writes_nothing(
    store, stored
):
    bar = StoreBar(store, editor=SceneEditor)
    bar.open_button.click()
    theirs = store.load(stored.id)
    theirs.scene("Meadow").paint_tiles([(2, 2)], 0x42)
    store.save(theirs)
    bar.editor.paint([(3, 3)], 0x43)
    bar.save_button.click()  # no exception reaches the person clicking
    assert bar.status.startswith("Not saved: game 'Romulus demo' was changed in the store at 20")
    assert "now version 2; this copy is version 1" in bar.status
    assert f"{STATUS_CLASS}-error" in bar.status_line._dom_classes
    now = store.load(stored.id)
    assert now.scene("Meadow").nametable[2, 2] == 0x42 and now.scenes[0].nametable[3, 3] != 0x43
    bar.copy_button.click()  # keep mine as a new game
    assert bar.status == "Saved as a new game: 'Romulus demo', version 1."
    assert f"{STATUS_CLASS}-error" not in bar.status_line._dom_classes
    assert len(store.games()) == 2 and bar.games_list.value == bar.game.id != stored.id
    assert store.load(bar.game.id).scenes[0].nametable[3, 3] == 0x43


def test_a_game_not_from_the_store_is_saved_as_a_new_game(store):
    game = demo_game()
    bar = StoreBar(store, game=game, editor=TileEditor)
    assert bar.status == "'Romulus demo': not in the store yet."
    bar.save_button.click()
    assert bar.status == "Saved: 'Romulus demo', version 1."
    assert [g.name for g in store.games()] == ["Romulus demo"]


@pytest.mark.parametrize("editor", [SceneEditor, TileEditor, PaletteEditor])
def test_the_bar_composes_with_each_editor_of_a_game(store, stored, editor):
    bar = StoreBar(store, editor=editor)
    bar.open_game(stored.id)
    assert isinstance(bar.editor, editor) and bar.editor.game is bar.game


def test_without_an_editor_the_open_game_is_yours_to_change(store, stored):
    bar = StoreBar(store)
    game = bar.open_game(stored.id)
    assert bar.editor is None and bar.children[2].children == ()
    game.tileset[3] = np.full((8, 8), 2, np.uint8)
    game.touch("tileset")
    assert bar.changed
    bar.save()
    assert np.array_equal(store.load(stored.id).tileset[3], np.full((8, 8), 2, np.uint8))


def test_opening_another_game_stops_following_the_first(store, stored):
    bar = StoreBar(store, editor=SceneEditor)
    first = bar.open_game(stored.id)
    bar.open_game(stored.id)
    first.scenes[0].paint_tiles([(1, 1)], 7)  # the old copy: no longer the bar's
    assert not bar.changed


def test_buttons_with_nothing_to_do_say_so_on_the_status_line(store):
    bar = StoreBar(store)
    assert bar.games_list.options == () and bar.status == "Pick a game and Open it."
    bar.open_button.click()
    assert bar.status == "open_game: the store has no games yet; save one first"
    bar.save_button.click()
    assert bar.status == "save: no game is open; Open one first"


def test_the_bar_shows_itself_without_ids_or_paths(store, stored):
    bar = StoreBar(store, editor=SceneEditor)
    bar.open_game(stored.id)
    assert repr(bar) == "StoreBar('Romulus demo': version 1.)"


def test_the_bar_needs_a_game_store():
    with pytest.raises(Exception, match="str is not a GameStore"):
        StoreBar("sqlite:///games.db")
