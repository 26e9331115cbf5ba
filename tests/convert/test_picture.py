"""Reading and fitting pictures, and the inputs we refuse or convert (documented in picture.py)."""

import io
import os
import struct
import threading
import zlib

import numpy as np
import pytest
from PIL import Image

from romulus_nb.convert.picture import MAX_PIXELS, fit_picture
from romulus_nb.errors import ImageImportError


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (https://www.w3.org/TR/png/#11IHDR),
    with a token IDAT: enough for a reader that trusts the header to allocate gigabytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "bad, message",
    [
        (b"hello, not a picture", "not a picture Pillow can read"),
        (png_header_only(20000, 20000), "too many pixels"),
        (b"\x89PNG\r\n\x1a\n" + b"x" * 40, "damaged or truncated"),
        (42, "int is not a picture"),
        (np.zeros((10, 10, 2), np.uint8), r"expected \(H, W\) grey"),
        (np.full((4, 4, 3), 1.5), "must lie in 0-1"),
        (np.full((4, 4, 3), np.nan), "must lie in 0-1"),
        (np.full((4, 4), -3, np.int32), "must lie in 0-255"),
        (np.zeros((0, 5, 3), np.uint8), "at least 1x1"),
        (Image.new("F", (4, 4)), "32-bit float"),
    ],
    ids=[
        "not-an-image",
        "20000x20000",
        "png-signature-then-garbage",
        "number",
        "two-channels",
        "float-over-1",
        "nan",
        "negative",
        "empty",
        "float-mode",
    ],  # fmt: skip
)
def test_bad_input_gets_an_error_naming_what_is_wrong(bad, message):
    with pytest.raises(ImageImportError, match=message):
        fit_picture(bad)


def test_a_missing_file_and_a_folder_are_refused_by_name(tmp_path):
    with pytest.raises(ImageImportError, match="no such file"):
        fit_picture(tmp_path / "nope.png")
    with pytest.raises(ImageImportError, match="is a folder"):
        fit_picture(tmp_path)


@pytest.mark.parametrize(
    "width, height, message",
    [(20000, 20000, "400000000 pixels"), (8000, 6000, "too large: 8000x6000 is 48,000,000 pixels")],
)
def test_a_huge_picture_is_refused_from_its_header_before_decoding(
    tmp_path, width, height, message
):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header_only(width, height))  # decoding it would fail: it has no pixels
    assert width * height > MAX_PIXELS
    with pytest.raises(ImageImportError, match=message) as refused:
        fit_picture(path)
    assert "damaged" not in str(refused.value)  # issue 11: it is too large, not broken


def test_a_fifo_is_refused_by_name_instead_of_hanging(tmp_path):
    fifo = tmp_path / "picture.png"
    os.mkfifo(fifo)  # nobody writes to it: opening it for a blocking read would wait forever
    outcome = []

    def convert():
        try:
            fit_picture(fifo)
        except ImageImportError as error:
            outcome.append(str(error))

    reader = threading.Thread(target=convert, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO hung"
    assert outcome and "FIFO" in outcome[0]


def test_pillows_decompression_bomb_error_becomes_an_image_import_error(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 100x100 is then over 2x the limit
    with pytest.raises(ImageImportError, match="too many pixels"):
        fit_picture(png_bytes(Image.new("RGB", (100, 100))))


def test_a_1x1_picture_fills_the_screen_with_its_colour():
    picture = fit_picture(np.array([[[200, 30, 40]]], np.uint8))
    assert (picture.rgb == (200, 30, 40)).all() and picture.opaque.all()


def test_an_animated_picture_converts_its_first_frame_and_says_so():
    frames = [Image.new("RGB", (32, 30), color) for color in ((255, 0, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    picture = fit_picture(buffer.getvalue())
    assert (picture.rgb == (255, 0, 0)).all()
    assert any("2 frames" in note for note in picture.notes)


def test_a_cmyk_picture_is_converted_to_rgb_and_says_so():
    buffer = io.BytesIO()
    Image.new("CMYK", (16, 15), (0, 255, 255, 0)).save(buffer, format="TIFF")  # pure red ink
    picture = fit_picture(buffer.getvalue())
    assert (picture.rgb == (255, 0, 0)).all()
    assert any("CMYK" in note for note in picture.notes)


@pytest.mark.parametrize("value16, value8", [(0, 0), (65535, 255), (257 * 128, 128)])
def test_a_16_bit_grey_png_is_reduced_to_8_bits_by_dividing_by_257(value16, value8):
    grey = Image.fromarray(np.full((15, 16), value16, np.uint16))
    picture = fit_picture(png_bytes(grey))
    assert (picture.rgb == value8).all()
    assert any("8 bits" in note for note in picture.notes)


def test_transparent_pixels_are_marked_for_the_backdrop():
    rgba = np.zeros((240, 256, 4), np.uint8)
    rgba[:, :100] = (10, 200, 30, 255)
    rgba[:, 100:] = (10, 200, 30, 0)
    picture = fit_picture(png_bytes(Image.fromarray(rgba, "RGBA")))
    assert picture.opaque[:, :100].all() and not picture.opaque[:, 100:].any()


def test_letterbox_shows_the_whole_picture_between_transparent_bars():
    wide = np.zeros((120, 512, 3), np.uint8)
    wide[:, :256] = (255, 255, 255)
    picture = fit_picture(wide, "letterbox")  # scaled by 1/2 -> 256x60, bars of 90 rows
    assert not picture.opaque[:90].any() and not picture.opaque[150:].any()
    assert picture.opaque[90:150].all()
    assert (picture.rgb[100, :120] > 250).all() and (picture.rgb[100, 136:] < 5).all()


def test_crop_fills_the_screen_and_cuts_the_overflow_evenly():
    wide = np.zeros((240, 512, 3), np.uint8)
    wide[:, :128] = 255  # this quarter is cut off, as is the last quarter
    wide[:, 128:256] = (255, 0, 0)
    wide[:, 256:384] = (0, 0, 255)
    picture = fit_picture(wide, "crop")
    assert picture.opaque.all()
    assert (picture.rgb[:, :120] == (255, 0, 0)).all()
    assert (picture.rgb[:, 136:] == (0, 0, 255)).all()


def test_pixel_art_enlarged_a_whole_number_of_times_stays_crisp():
    rng = np.random.default_rng(3)
    small = rng.integers(0, 256, (60, 64, 3)).astype(np.uint8)
    picture = fit_picture(small)
    assert np.array_equal(picture.rgb, np.repeat(np.repeat(small, 4, 0), 4, 1))


@pytest.mark.parametrize(
    "kind", ["path", "bytes", "file", "pil", "array", "grey-array", "uint16-array", "bool-array"]
)
def test_every_accepted_kind_of_input_gives_the_same_picture(kind, tmp_path):
    rng = np.random.default_rng(4)
    grey = rng.integers(0, 2, (240, 256)).astype(np.uint8) * 255
    rgb = np.repeat(grey[..., None], 3, 2)
    path = tmp_path / "p.png"
    Image.fromarray(rgb).save(path)
    inputs = {
        "path": path,
        "bytes": path.read_bytes(),
        "file": io.BytesIO(path.read_bytes()),
        "pil": Image.fromarray(rgb),
        "array": rgb,
        "grey-array": grey,
        "uint16-array": grey.astype(np.uint16) * 257,
        "bool-array": grey > 0,
    }
    assert np.array_equal(fit_picture(inputs[kind]).rgb, rgb)


def test_an_unknown_fit_is_refused_naming_the_choices():
    with pytest.raises(ImageImportError, match="'crop' or 'letterbox'"):
        fit_picture(np.zeros((4, 4, 3), np.uint8), "stretch")
