"""Fixtures for the conversion tests (helpers live in convert_pictures.py)."""

import numpy as np
import pytest
from convert_pictures import draw_legal_picture, random_legal_design


@pytest.fixture(scope="session")
def legal_picture() -> np.ndarray:
    return draw_legal_picture(*random_legal_design(7))


@pytest.fixture(scope="session")
def photo() -> np.ndarray:
    import skimage.data

    return skimage.data.astronaut()
