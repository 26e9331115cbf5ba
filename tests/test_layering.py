"""Dependencies point one way (docs/CONTRACTS.md): the model stands on its own, imports no widget
library, and the command line loads only what a command uses."""

import subprocess
import sys
from pathlib import Path

import pytest

import romulus_nb

ROOT = Path(__file__).resolve().parent.parent
WIDGET_LIBRARIES = ("ipywidgets", "anywidget", "traitlets", "IPython")


def _loaded_after(code: str, roots) -> list[str]:
    """What a fresh interpreter has loaded after running ``code``: the top-level packages among
    ``roots``, and every module of romulus_nb when it is one of them."""
    probe = (
        f"{code}\nimport sys\nroots = {tuple(roots)!r}\n"
        "top = {m.split('.')[0] for m in sys.modules} & set(roots)\n"
        "ours = {m for m in sys.modules if m.startswith('romulus_nb') and 'romulus_nb' in roots}\n"
        "print(','.join(sorted(top | ours)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return [m for m in out.stdout.strip().split(",") if m]


def test_the_layer_contracts_in_pyproject_hold():
    lint = "from importlinter.cli import lint_imports_command as lint; lint()"  # lint-imports
    run = subprocess.run([sys.executable, "-c", lint], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout[-2000:]


def test_every_module_of_the_package_has_a_place_in_the_layers():
    import tomllib  # optional dependency: in the standard library from Python 3.11

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    # "(name)" is an optional layer: a package that other branches add.
    placed = {name.strip().strip("()") for layer in layers for name in layer.split("|")}
    package = Path(romulus_nb.__file__).parent
    modules = {f"romulus_nb.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"}
    modules |= {f"romulus_nb.{p.parent.name}" for p in package.glob("*/__init__.py")}
    assert modules - placed == set()


def test_using_the_model_loads_no_widget_library():
    code = (
        "import romulus_nb\n"
        "from romulus_nb import demo_game, Game, Scene, NESColor, render_scene\n"
        "import romulus_nb.project, romulus_nb.rom, romulus_nb.emu, romulus_nb.convert\n"
        "game = demo_game(); game.check(); game.build(); game.scenes[0]._repr_png_()"
    )
    assert _loaded_after(code, WIDGET_LIBRARIES) == []


@pytest.mark.parametrize(
    "upper",
    ["romulus_nb.rom", "romulus_nb.emu", "romulus_nb.convert", "romulus_nb.project",
     "romulus_nb.limits", "romulus_nb.tiles", "romulus_nb.widgets", "romulus_nb.cli"],
)  # fmt: skip
def test_the_game_model_imports_no_upper_layer(upper):
    code = "from romulus_nb.game import Game\nGame('x').add_scene('a')"
    assert upper not in _loaded_after(code, ["romulus_nb"])


def test_game_build_reaches_the_rom_builder_through_the_facade():
    code = "from romulus_nb.demo import demo_game\nprint(len(demo_game().build()))"
    assert _loaded_after(code, ["romulus_nb"]).count("romulus_nb.rom.build") == 1


def test_romulus_inspect_loads_neither_numpy_nor_pydantic_nor_the_assembler(tmp_path):
    rom = tmp_path / "game.nes"
    rom.write_bytes(romulus_nb.demo_game().build())
    code = f"from romulus_nb.cli import main\nmain(['inspect', {str(rom)!r}])"
    loaded = _loaded_after(code, ["numpy", "pydantic", "PIL", "romulus_nb"])
    assert [m for m in loaded if m in ("numpy", "pydantic", "PIL", "romulus_nb.rom.asm")] == []
