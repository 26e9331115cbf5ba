"""Dependencies point one way: the model imports no widget library."""

import subprocess
import sys


def test_importing_the_model_loads_no_widget_library():
    code = (
        "import sys, romulus_nb, romulus_nb.game, romulus_nb.render, romulus_nb.project;"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('ipywidgets', 'anywidget', 'traitlets', 'IPython')];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
