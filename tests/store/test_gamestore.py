"""GameStore: games saved, loaded, listed and deleted; stale saves refused, never lost."""

import base64
import re
import uuid

import numpy as np
import pytest

from romulus_nb import Game, demo_game
from romulus_nb.project import game_to_dict
from romulus_nb.store import GameNotFoundError, GameStore, StaleUpdateError, StoreError


def document(game):
    """The project document without the times (the store keeps its own)."""
    doc = game_to_dict(game)["game"]
    doc.pop("created_at"), doc.pop("updated_at")
    for scene in doc["scenes"]:
        scene.pop("created_at"), scene.pop("updated_at")
    return doc


@pytest.fixture
def store(database_url):
    with GameStore(database_url) as s:
        yield s


def test_a_saved_game_loads_back_as_the_same_project_document(store):
    game = demo_game()
    game.add_font()
    info = store.save(game)
    assert (info.name, info.scenes, info.version) == ("Romulus demo", 5, 1)
    assert document(store.load(info.id)) == document(game)


def test_the_tileset_and_metasprites_travel_with_the_game(store):
    game = demo_game()
    game.set_tile(1, 7, np.full((8, 8), 3, np.uint8))
    loaded = store.load(store.save(game).id)
    assert np.array_equal(loaded.tileset, game.tileset)
    assert loaded.metasprites == game.metasprites


def test_a_save_made_from_a_stale_copy_is_refused_saying_what_changed_and_when(store):
    info = store.save(demo_game())
    mine, theirs = store.load(info.id), store.load(info.id)
    theirs.scenes[0].paint_tiles([(1, 1)], 0x42)
    store.save(theirs)
    mine.scenes[1].paint_tiles([(2, 2)], 0x43)
    with pytest.raises(StaleUpdateError) as caught:
        store.save(mine)
    message = str(caught.value)
    assert "game 'Romulus demo' was changed in the store at 20" in message
    assert "now version 2; this copy is version 1" in message
    assert "nothing was saved" in message
    stored = store.load(info.id)
    assert stored.scenes[0].nametable[1, 1] == 0x42  # their edit kept
    assert stored.scenes[1].nametable[2, 2] != 0x43  # mine not written


def test_a_stale_copy_can_be_kept_as_a_new_game(store):
    info = store.save(demo_game())
    mine, theirs = store.load(info.id), store.load(info.id)
    store.save(theirs)
    copy = store.save(mine, copy=True)
    assert copy.id != info.id and copy.version == 1
    assert len(store.games()) == 2


def test_saving_again_after_a_save_needs_no_reload(store):
    game = demo_game()
    store.save(game)
    game.scenes[0].paint_tiles([(3, 3)], 9)
    assert store.save(game).version == 2
    game.remove_scene("Credits")
    game.add_scene("Extra")
    game.move_scene("Extra", 0)
    info = store.save(game)
    assert info.version == 3 and info.scenes == 5
    names = [s.name for s in store.load(info.id).scenes]
    assert names == ["Extra", "Title", "Level", "Room", "Meadow"]


def test_the_same_game_saved_by_two_stores_is_refused_the_second_time(database_url, store):
    game = demo_game()
    store.save(game)
    with GameStore(database_url) as other, pytest.raises(StoreError, match="already in the store"):
        other.save(game)


def test_ids_that_are_not_uuids_are_replaced_by_uuids(store):
    game = Game("Named ids", id="my-game")
    game.add_scene("Title").id = "title"
    info = store.save(game)
    assert uuid.UUID(info.id) and game.id == info.id
    assert uuid.UUID(game.scenes[0].id)
    assert store.load(info.id).scenes[0].id == game.scenes[0].id


def test_deleting_a_game_deletes_its_scenes(store):
    info = store.save(demo_game())
    store.delete(info.id)
    assert store.games() == []
    with pytest.raises(GameNotFoundError):
        store.load(info.id)
    with pytest.raises(GameNotFoundError):
        store.delete(info.id)


@pytest.mark.parametrize("bad", ["nope", "", "1234", "'; DROP TABLE games; --"])
def test_a_bad_game_id_is_not_found(store, bad):
    with pytest.raises(GameNotFoundError, match="not a game id"):
        store.load(bad)


def test_games_show_in_a_notebook_as_a_table_with_thumbnails(store):
    store.save(demo_game())
    empty = Game("<Empty> & odd")
    store.save(empty)
    games = store.games()
    html = games._repr_html_()
    assert html == store.games()._repr_html_()  # deterministic
    assert html.count("<tr>") == 3 and html.count("data:image/png;base64,") == 1
    assert "&lt;Empty&gt; &amp; odd" in html and "no scenes" in html
    for info in games:
        assert info.id not in html  # nothing that changes from run to run
    assert repr(games) == (
        "2 games\n  'Romulus demo': 5 scenes, version 1\n  '<Empty> & odd': 0 scenes, version 1"
    )


def test_the_thumbnail_is_the_first_scene_as_the_renderer_draws_it(store):
    import io

    from PIL import Image

    game = demo_game()
    store.save(game)
    uri = re.search(r'src="data:image/png;base64,([^"]+)"', store.games()._repr_html_())[1]
    picture = np.asarray(Image.open(io.BytesIO(base64.b64decode(uri))).convert("RGB"))
    assert np.array_equal(picture, np.asarray(game.scenes[0].image(1)))


def test_an_editor_opens_a_game_from_the_store_and_saves_it_back(store):
    from romulus_nb.widgets import SceneEditor

    info = store.save(demo_game())
    game, save = store.open(info.id)
    editor = SceneEditor(game, 0)
    editor.paint([(4, 4), (5, 4)], 0x21)
    assert save().version == 2
    assert store.load(info.id).scenes[0].nametable[4, 4:6].tolist() == [0x21, 0x21]
    editor.close()


def test_the_default_store_is_a_file_in_the_users_data_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("ROMULUS_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    with GameStore() as store:
        store.save(demo_game())
        assert store.url.endswith(f"{tmp_path}/romulus_nb/games.db")
    assert (tmp_path / "romulus_nb" / "games.db").is_file()


def test_the_environment_names_the_default_database(database_url, monkeypatch):
    monkeypatch.setenv("ROMULUS_DATABASE_URL", database_url)
    with GameStore() as store:
        info = store.save(demo_game())
    with GameStore(database_url) as store:
        assert [g.id for g in store.games()] == [info.id]


@pytest.mark.parametrize(
    "url, message",
    [
        ("mysql://localhost/games", "mysql is not supported"),
        ("sqlite://", "in-memory SQLite database cannot be shared"),
        ("not a url", "is not a URL"),
    ],
)
def test_an_unusable_database_url_is_refused_by_name(url, message):
    with pytest.raises(StoreError, match=message):
        GameStore(url)
