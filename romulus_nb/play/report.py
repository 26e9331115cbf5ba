"""What the two ROM-against-simulation reports share (`romulus_nb.play.check.ScrollReport`,
`romulus_nb.play.proof.PlayReport`): the verdict and the text that lists what differs."""

from __future__ import annotations


class FramesVerdict:
    """A mixin for a report dataclass with ``game_name``, ``frames`` (each with ``ok``) and
    ``warnings`` (the smoke test's hardware warnings)."""

    @property
    def ok(self) -> bool:
        """Frames were compared, every one matches, and no hardware rule was broken."""
        return bool(self.frames) and all(f.ok for f in self.frames) and not self.warnings

    def _text(self, sampled: str, cost: str, frame_line) -> str:
        """``Kind('game': PASS, N frames <sampled>, M differ)``, the ``cost`` line, the first 10
        differing frames as ``frame_line(frame)`` gives them, and the warnings."""
        bad = [f for f in self.frames if not f.ok]
        lines = [
            f"{type(self).__name__}({self.game_name!r}: {'PASS' if self.ok else 'FAIL'}, "
            f"{len(self.frames)} frames {sampled}, {len(bad)} differ)",
            f"  {cost}",
        ]
        lines += [frame_line(f) for f in bad[:10]]
        lines += [f"  warning [{w.kind}]: {w.message}" for w in self.warnings]
        return "\n".join(lines)
