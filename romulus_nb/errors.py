"""One exception family for everything romulus_nb refuses.

Every message says what was wrong, where (field, scene, line:column, byte offset) and what is
allowed, so that a user can fix the input without reading our code.
"""


class RomulusError(Exception):
    """Base of every error romulus_nb raises on purpose."""


class InvalidValueError(RomulusError, ValueError):
    """A value outside what the NES (or our model of it) allows."""


class LimitError(RomulusError):
    """A design that does not fit the hardware's or the cartridge's limits."""


class ProjectFileError(RomulusError):
    """A project or interchange file that cannot be read or written."""


class AssemblyError(RomulusError):
    """Source that our 6502 assembler cannot assemble; carries file, line and column."""

    def __init__(self, message: str, file: str = "<source>", line: int = 0, column: int = 0):
        self.file, self.line, self.column = file, line, column
        self.reason = message
        super().__init__(f"{file}:{line}:{column}: {message}")


class RomFormatError(RomulusError):
    """A file that is not a valid iNES ROM, or one we cannot run."""


class BuildError(LimitError):
    """A Game that cannot be laid out into a mapper-0 cartridge."""


class EmulationError(RomulusError):
    """The emulated machine was asked to do something it cannot."""


class ImageImportError(RomulusError, ValueError):
    """A picture that cannot be turned into a scene."""


def shown(value, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages: a million-character name or
    a 5000-digit number (whose repr Python refuses to make) must not become the message."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a {value.bit_length()}-bit number"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
