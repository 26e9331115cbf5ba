"""Button scripts: names, masks and frame ranges.

The standard controller reports its buttons in the order A, B, Select, Start, Up, Down, Left,
Right (https://www.nesdev.org/wiki/Standard_controller); our joypad byte puts the first one
read in bit 0, so A = $01 ... Right = $80.
"""

import pytest

from romulus_nb.emu.buttons import button_mask, parse_buttons
from romulus_nb.errors import InvalidValueError

BIT = {"a": 0x01, "b": 0x02, "select": 0x04, "start": 0x08,
       "up": 0x10, "down": 0x20, "left": 0x40, "right": 0x80}  # fmt: skip


@pytest.mark.parametrize(
    "buttons, mask",
    [
        ("a", 0x01),
        ("RIGHT", 0x80),
        ("a+start", 0x09),
        ("a + b", 0x03),
        ("up|down left", 0x70),
        ("  select  ", 0x04),
        ("a+a", 0x01),
        ("", 0x00),
        ("   ", 0x00),
        (["b", "Start"], 0x0A),
        ((), 0x00),
        ("a+b+select+start+up+down+left+right", 0xFF),
    ],
)
def test_button_names_give_the_joypad_byte(buttons, mask):
    assert button_mask(buttons) == mask


@pytest.mark.parametrize("name", BIT)
def test_each_button_has_its_own_bit(name):
    assert button_mask(name) == BIT[name]
    assert button_mask([name]) == BIT[name]


@pytest.mark.parametrize("mask", [0, 1, 0x80, 0xFF])
def test_an_integer_mask_0_to_255_is_taken_as_is(mask):
    assert button_mask(mask) == mask


@pytest.mark.parametrize("mask", [-1, 256, 300, 0x1FF])
def test_an_integer_mask_outside_0_to_255_is_refused(mask):
    with pytest.raises(InvalidValueError, match=f"button mask {mask} is outside 0-255"):
        button_mask(mask)


@pytest.mark.parametrize(
    "buttons, message",
    [
        ("start+", "empty button name"),
        ("+a", "empty button name"),
        ("a++b", "empty button name"),
        (["a", ""], "empty button name"),
        ("turbo", "unknown button 'turbo'"),
        ("a+startt", "unknown button 'startt'"),
        ([1], "unknown button 1"),
        (True, "give names"),
        (1.5, "give names"),
        (None, "give names"),
    ],
)
def test_bad_button_names_are_refused_with_what_is_allowed(buttons, message):
    with pytest.raises(InvalidValueError, match=message):
        button_mask(buttons)


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("30:start", {30: 0x08}),
        ("0:a", {0: 0x01}),
        ("30:start,30:a", {30: 0x09}),
        (" 1 : b , 2:select ,", {1: 0x02, 2: 0x04}),
        ("5-5:up", {5: 0x10}),
        ("5-6:up,6:a", {5: 0x10, 6: 0x11}),
        ("9:", {9: 0x00}),
        ("", {}),
        ({7: 0x81, 8: "left"}, {7: 0x81, 8: 0x40}),
        ([(2, "a"), (2, 0x02)], {2: 0x03}),
        ([], {}),
    ],
)
def test_scripts_map_each_frame_to_the_buttons_held(spec, expected):
    assert parse_buttons(spec) == expected


def test_a_range_holds_the_buttons_on_both_end_frames_and_between():
    assert parse_buttons("60-90:right") == {frame: 0x80 for frame in range(60, 91)}


@pytest.mark.parametrize(
    "spec, message",
    [
        ("30:start+", "empty button name"),
        ("30", "not FRAME:BUTTONS"),
        (":a", "not FRAME:BUTTONS"),
        ("-1:a", "not FRAME:BUTTONS"),
        ("1.5:a", "not FRAME:BUTTONS"),
        ("3-:a", "not FRAME:BUTTONS"),
        ("90-60:right", "90-60 run backwards"),
        ({-1: "a"}, "frame -1 must be an integer >= 0"),
        ({1.0: "a"}, "frame 1.0 must be"),
        ({True: "a"}, "frame True must be"),
        ({"3": "a"}, "frame '3' must be"),
        ({3: 256}, "outside 0-255"),
        ([(1, "a", "b")], "not a .frame, buttons. pair"),
        ([5], "not a .frame, buttons. pair"),
    ],
)
def test_malformed_scripts_are_refused_with_the_entry(spec, message):
    with pytest.raises(InvalidValueError, match=message):
        parse_buttons(spec)
