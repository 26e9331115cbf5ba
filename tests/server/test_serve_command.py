"""``romulus serve`` runs the API with uvicorn in its own process; an old database stops it
with one line."""

import subprocess
import sys
import time

import httpx
from postgres_server import free_port


def test_romulus_serve_answers_on_the_port_it_was_given(database_url, tmp_path):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "romulus_nb.cli",
        "serve",
        "--database",
        database_url,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(1200):
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/v1/games", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.1)
        assert (response.status_code, response.json()) == (200, [])
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_romulus_serve_refuses_an_old_database_in_one_line(database_url):
    def romulus(*args):
        return subprocess.run(
            [sys.executable, "-m", "romulus_nb.cli", *args],
            capture_output=True,
            text=True,
            timeout=600,
        )

    old = romulus("db", "upgrade", "--database", database_url, "--revision", "0001")
    assert old.returncode == 0
    done = romulus("serve", "--database", database_url, "--port", str(free_port()))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "at revision 0001" in done.stderr and "romulus db upgrade" in done.stderr
