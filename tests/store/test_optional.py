"""The toolkit needs neither the store nor the server unless they are used."""

import subprocess
import sys

SERVER_LIBRARIES = (
    "fastapi",
    "starlette",
    "sqlalchemy",
    "alembic",
    "uvicorn",
    "asyncpg",
    "aiosqlite",
    "pydantic_settings",
)


def test_the_toolkit_and_the_romulus_command_import_no_server_library():
    code = (
        "import sys, romulus_nb, romulus_nb.project, romulus_nb.rom.build, romulus_nb.emu.smoke;"
        "import romulus_nb.cli; romulus_nb.cli.build_parser();"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {SERVER_LIBRARIES!r}];"
        "print(','.join(sorted(bad)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_romulus_command_lists_db_and_serve():
    out = subprocess.run(
        [sys.executable, "-m", "romulus_nb.cli", "--help"], capture_output=True, text=True
    )
    assert "db" in out.stdout and "serve" in out.stdout
