"""romulus_nb: design NES graphics and build NES ROMs from a Jupyter notebook."""

__version__ = "0.1.0"
