"""Notebook 11's exercises: the subpixel arithmetic worked by hand, and a higher jump that the
simulation must show; right answers are called right, typical wrong ones get their hint."""

from __future__ import annotations

import pytest

from romulus_nb.exercises import by_notebook, moving
from romulus_nb.player import Physics

DEFAULT = Physics()

RIGHT = [
    # 32 * 256 + (10 + 20 + ... + 80) = 8192 + 360 = 8552 = 33 * 256 + 104
    (moving.subpixel_position, (33, 104)),
    (moving.subpixel_position, ("33", "$68")),
    # v^2 / 2g with A held: 1344^2 / (2 * 32) / 256 = 110 pixels (the simulation: 108)
    (moving.higher_jump, (DEFAULT.replace(jump_velocity=1344),)),
    # a lighter pull while A is held: 1024^2 / (2 * 20) / 256 = 102 pixels
    (moving.higher_jump, (DEFAULT.replace(gravity_held=20),)),
]


@pytest.mark.parametrize(("exercise", "answer"), RIGHT, ids=lambda v: getattr(v, "name", ""))
def test_the_right_answer_is_called_right(exercise, answer):
    verdict = exercise.check(*answer)
    assert verdict.ok, str(verdict)
    assert str(verdict).startswith(f"right ({exercise.name})") and verdict.hint == ""


WRONG = [
    # (exercise, answer, a phrase the hint must contain)
    (moving.subpixel_position, (33, 24), "acceleration first, then moves"),  # 10 + ... + 70
    (moving.subpixel_position, (32, 360), "carry every 256 into the pixel"),
    (moving.subpixel_position, (32, 80), "the moves are 10, 20, ... 80"),  # 8 x 10
    (moving.subpixel_position, (40, 0), "split into pixel and subpixel"),
    (moving.higher_jump, (DEFAULT,), "bigger jump_velocity"),
    (moving.higher_jump, (DEFAULT.replace(jump_velocity=1100),), "bigger jump_velocity"),
    # notebook 11's own change: 1280^2 / 64 / 256 = 100 pixels by the formula, 98 in frames
    (moving.higher_jump, (DEFAULT.replace(jump_velocity=1280),), "bigger jump_velocity"),
    (moving.higher_jump, (DEFAULT.replace(gravity=50),), "gravity_held pulls, not gravity"),
    (moving.higher_jump, (DEFAULT.replace(jump_velocity=6),), "4 pixels a frame is 1024"),
    (moving.higher_jump, (DEFAULT.replace(jump_velocity=2047),), "stay at y >= 0"),
    (moving.higher_jump, ("jump_velocity=1280",), "physics.replace(jump_velocity"),
]


@pytest.mark.parametrize(
    ("exercise", "answer", "hint"), WRONG, ids=lambda v: getattr(v, "name", "")
)
def test_a_typical_wrong_answer_gets_its_hint(exercise, answer, hint):
    verdict = exercise.check(*answer)
    assert not verdict
    assert hint in verdict.hint, str(verdict)
    assert str(verdict).startswith(f"not yet ({exercise.name})") and "hint: " in str(verdict)


def test_notebook_11_has_at_least_two_exercises():
    assert len(by_notebook("11")) >= 2


def test_the_default_jump_is_lower_than_the_exercise_asks():
    height, peak = moving.jump_height(DEFAULT)
    assert height < moving.HIGHER_THAN and peak >= 0
