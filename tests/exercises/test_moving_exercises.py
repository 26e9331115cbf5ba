"""Notebook 11's exercises beyond the shared right/wrong tables (``test_exercise_checks``):
there are two, and the jump the higher-jump exercise starts from is below its bar."""

from __future__ import annotations

from romulus_nb.exercises import by_notebook, moving
from romulus_nb.player import Physics


def test_notebook_11_has_at_least_two_exercises():
    assert len(by_notebook("11")) >= 2


def test_the_default_jump_is_lower_than_the_exercise_asks_and_stays_on_the_screen():
    height, peak = moving.jump_height(Physics())
    assert height < moving.HIGHER_THAN and peak >= 0
