"""Notebook 13: the answer to a stale write, and a change saved through a GameStore."""

from __future__ import annotations

from romulus_nb.exercises._core import as_int, exercise

NEW_NAME = "Dawn"


@exercise(
    "13",
    "Which HTTP status does `romulus serve` answer to a write made from an old version of "
    "the game (the save the store refused to Bob)?",
    "the section on the HTTP API names it",
)
def stale_status(answer):
    code = as_int(answer, "the status")
    if code == 409:
        return True, "409 Conflict: the write was made from an old version, nothing written", ""
    if code == 412:
        return (
            False,
            "412 Precondition Failed",
            "412 answers an If-Match header; this API carries the version in the body and "
            "answers a conflict",
        )
    if code in (400, 422):
        return (
            False,
            f"{code} is for a request that is wrong in itself",
            "the stale body is valid (FastAPI answers 422 to one that is not): the request "
            "conflicts with the game's current version",
        )
    if 200 <= code < 300:
        return False, f"{code} is a success", "the store refuses a stale write: nothing is written"
    return (
        False,
        f"{code}",
        "the route list above says it: writes carry their version, and a stale one is a conflict",
    )


@exercise(
    "13",
    f"Rename the first scene of the demo game in the store to {NEW_NAME!r} and save it, so "
    "that store.load(first.id) shows the new name. Give the store and the game's id.",
    "game, save = store.open(first.id), then game.scenes[0].name = ... and save()",
)
def scene_rename(store, game_id):
    ids = {str(info.id): info for info in store.games()}
    if str(game_id) not in ids:
        return False, f"no game {game_id} in the store", "give the game's id, e.g. first.id"
    names = [scene.name for scene in store.load(game_id).scenes]
    if names[0] == NEW_NAME:
        return True, f"the stored game's scenes: {', '.join(names)}", ""
    if NEW_NAME in names:
        return (
            False,
            f"scene {names.index(NEW_NAME)} is called {NEW_NAME!r}",
            "rename the first scene, scenes[0]",
        )
    copies = [
        info.name
        for key, info in ids.items()
        if key != str(game_id) and store.load(info.id).scenes[0].name == NEW_NAME
    ]
    if copies:
        return (
            False,
            f"another game ({copies[0]!r}) has the renamed scene",
            "save(copy=True) stores a new game: save without copy to change this one",
        )
    return (
        False,
        f"the stored first scene is still {names[0]!r}",
        "a change in Python is not in the store until saved: call save() (from store.open) "
        "or store.save(game)",
    )
