"""The RLE format NES Screen Tool writes for nametables, and its compressor.

The format (decoded on the NES by Shiru's neslib ``vram_unrle`` and by our runtime's ``unrle``):

- the first byte is the *tag*, a byte value that the data never uses;
- any other byte is written out as is, and remembered;
- the tag followed by ``n`` (1-255) writes the remembered byte ``n`` more times;
- the tag followed by 0 ends the data.

A 1024-byte nametable with a few runs of blank tiles typically shrinks to a few hundred bytes.
Data that uses all 256 byte values has no free tag and cannot be stored in this format.
"""

from __future__ import annotations

import numpy as np

from romulus_nb.errors import InvalidValueError

#: The longest run one tag-count pair can repeat.
MAX_RUN = 255


def free_tag(data: bytes) -> int | None:
    """The smallest byte value that ``data`` never uses, or None when it uses all 256."""
    used = set(data)
    for value in range(256):
        if value not in used:
            return value
    return None


def _run_lengths(data: bytes) -> np.ndarray:
    """Lengths of the runs of equal bytes in ``data``, in order."""
    values = np.frombuffer(data, np.uint8)
    starts = np.flatnonzero(np.diff(values)) + 1
    return np.diff(np.concatenate(([0], starts, [len(values)])))


def rle_size(data: bytes) -> int:
    """Bytes `rle_compress` would produce, computed without compressing (for choosing raw)."""
    if not data:
        return 3
    repeats = _run_lengths(bytes(data)) - 1
    full, rest = np.divmod(repeats, MAX_RUN)  # full tag-count pairs, 2 bytes each, ...
    last = np.minimum(rest, 2)  # ... then 0, a literal (1 repeat left) or one more pair
    return 3 + int((1 + 2 * full + last).sum())


def rle_compress(data: bytes) -> bytes:
    """Compress ``data`` to NES Screen Tool RLE.

    Parameters
    ----------
    data : bytes
        The bytes to compress, e.g. a 1024-byte nametable (960 tiles then 64 attributes).

    Returns
    -------
    bytes
        Tag byte, the encoded data, then the tag and 0 that end it.

    Raises
    ------
    InvalidValueError
        If ``data`` uses all 256 byte values, so that no value is free for the tag.
    """
    data = bytes(data)
    tag = free_tag(data)
    if tag is None:
        raise InvalidValueError(
            "cannot RLE-compress data that uses all 256 byte values: the format needs one "
            "unused value for its tag; store it raw instead"
        )
    out = bytearray([tag])
    position = 0
    for run in _run_lengths(data).tolist() if data else ():
        value = data[position]
        position += run
        out.append(value)  # the first byte of a run is always written as a literal
        repeats = run - 1
        if repeats == 1:
            out.append(value)  # one more literal costs 1 byte, a tag-count pair 2
            continue
        while repeats > 0:
            count = min(repeats, MAX_RUN)
            if count == 1:
                out.append(value)
            else:
                out += bytes((tag, count))
            repeats -= count
    out += bytes((tag, 0))
    return bytes(out)


def rle_decompress(data: bytes) -> bytes:
    """Decode NES Screen Tool RLE, as the runtime's ``unrle`` does.

    Raises
    ------
    InvalidValueError
        If the data is empty, repeats a byte before any was written, ends with a lone tag or
        lacks its end marker.
    """
    data = bytes(data)
    if not data:
        raise InvalidValueError("RLE data is empty: it must start with a tag byte")
    tag, out, last, i = data[0], bytearray(), None, 1
    while i < len(data):
        value = data[i]
        if value != tag:
            out.append(value)
            last = value
            i += 1
            continue
        if i + 1 >= len(data):
            raise InvalidValueError(
                f"RLE data ends with a lone tag at offset {i}: the tag must be followed by a "
                "count (1-255) or by 0, the end marker"
            )
        count = data[i + 1]
        if count == 0:
            return bytes(out)
        if last is None:
            raise InvalidValueError(f"RLE data repeats a byte at offset {i} before any was written")
        out += bytes([last]) * count
        i += 2
    raise InvalidValueError("RLE data ends without its end marker (the tag followed by 0)")
