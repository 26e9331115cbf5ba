"""The runtime's rules in Python: where the ROM's camera is and which scene it shows, frame by
frame, without running the ROM (`simulate`)."""

from romulus_nb.play.simulate import FrameView, load_frames, simulate

__all__ = ["FrameView", "load_frames", "simulate"]
