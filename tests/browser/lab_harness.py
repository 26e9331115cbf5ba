"""Start JupyterLab on loopback and drive Debian's chromium with Playwright.

Used by the browser tests and by ``benchmarks/widget_latency.py``. Nothing is downloaded: the
browser is the system's ``/usr/bin/chromium``, launched headless with the closed-network flags.
The server runs with its own config, data, settings and workspace directories, so the tests
see neither the user's Lab settings nor their kernels.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import nbformat
import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
NODELAY_CONNECTION = "romulus_nb.widgets.nodelay.NoDelayWebsocketConnection"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
#: Lab settings for the test server: every cell stays in the DOM, no news or update checks.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_notebook(path: Path, sources: list[str]) -> Path:
    """A notebook with these code cells, no outputs, and kernelspec metadata (or Lab stops at
    its "Select Kernel" dialog)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    for cell in nb.cells:
        cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, path)
    return path


@contextmanager
def lab_server(
    root: Path,
    timeout: float = 60.0,
    *,
    nodelay: bool = True,
    app: str = "lab",
    settings: dict | None = None,
):
    """Run ``jupyter lab`` (or, with ``app="notebook"``, Notebook 7) serving ``root`` on a free
    loopback port; yields its base URL.

    ``nodelay`` uses romulus_nb's websocket connection with Nagle's algorithm off (see
    `romulus_nb.widgets.nodelay`); False runs the server exactly as installed. ``settings``
    adds Lab settings files to `LAB_SETTINGS` (path under the settings dir -> JSON value).
    """
    app_class = {"lab": "LabApp", "notebook": "JupyterNotebookApp"}[app]
    port = free_port()
    for name in ("config", "data", "runtime", "settings", "workspaces"):
        (root / f".jupyter-{name}").mkdir(parents=True, exist_ok=True)
    for rel, value in {**LAB_SETTINGS, **(settings or {})}.items():
        target = root / ".jupyter-settings" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value))
    env = dict(os.environ)
    env.update(
        JUPYTER_PREFER_ENV_PATH="0",
        JUPYTER_CONFIG_DIR=str(root / ".jupyter-config"),
        JUPYTER_DATA_DIR=str(root / ".jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(root / ".jupyter-runtime"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
    )
    command = [
        sys.executable, "-m", "jupyter", app,
        "--allow-root",
        "--no-browser",
        "--ServerApp.open_browser=False",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={root}",
        f"--{app_class}.expose_app_in_browser=True",
        f"--{app_class}.user_settings_dir={root / '.jupyter-settings'}",
        f"--{app_class}.workspaces_dir={root / '.jupyter-workspaces'}",
    ]  # fmt: skip
    if nodelay:
        command.append(f"--ServerApp.kernel_websocket_connection_class={NODELAY_CONNECTION}")
    log = open(root / "jupyter-lab.log", "wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited: {(root / 'jupyter-lab.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/api/status", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("jupyter lab did not start in time") from None
                time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def require_chromium() -> str:
    """The system chromium; a browser test fails (never skips) without it."""
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        raise AssertionError(f"{CHROMIUM} is missing: apt-get install chromium")
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


@contextmanager
def chromium_page(width: int = 1400, height: int = 1600):
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


_RUN_ALL = """
async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const kernel = panel.sessionContext.session.kernel;
  for (let i = 0; i < 600 && kernel.connectionStatus !== "connected"; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await app.commands.execute("notebook:run-all-cells");
  return true;
}
"""

_EXECUTE = """
async (code) => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code, store_history: false, silent: false });
  let out = "";
  future.onIOPub = (msg) => {
    const t = msg.header.msg_type;
    if (t === "stream") out += msg.content.text;
    if (t === "error") out += "KERNEL ERROR " + msg.content.ename + ": " + msg.content.evalue;
  };
  await future.done;
  return out;
}
"""


def open_notebook(page, url: str, name: str, timeout_ms: int = 60_000, app: str = "lab") -> None:
    """Open ``name`` in Lab (or Notebook 7) and run all its cells."""
    path = {"lab": "lab/tree", "notebook": "notebooks"}[app]
    page.goto(f"{url}/{path}/{name}", timeout=timeout_ms)
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
        "&& window.jupyterapp.shell.currentWidget.sessionContext",
        timeout=timeout_ms,
    )
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout_ms)
    page.evaluate(_RUN_ALL)


@contextmanager
def notebook_page(root: Path, name: str, sources: list[str], selectors=(), **server):
    """Write a notebook of the cells ``sources`` as ``root / name``, serve ``root`` (``server``:
    the options of `lab_server`), open the notebook in chromium, run all its cells and wait
    until each CSS selector of ``selectors`` shows; yields ``(page, url)``."""
    require_chromium()  # fail before starting a server for nothing
    write_notebook(root / name, sources)
    with lab_server(root, **server) as url, chromium_page() as page:
        open_notebook(page, url, name, app=server.get("app", "lab"))
        for selector in selectors:
            page.wait_for_selector(selector, state="visible", timeout=60_000)
        yield page, url


#: What the page shows when a widget's JavaScript fails to load or to render.
WIDGET_ERRORS = ("Failed to load model class", "Error displaying widget")


def widget_errors(page) -> list[str]:
    """The `WIDGET_ERRORS` the notebook on ``page`` shows (none: ``[]``)."""
    text = page.locator(".jp-Notebook").inner_text()
    return [message for message in WIDGET_ERRORS if message in text]


def kernel(page, code: str):
    """Run ``code`` in the notebook's kernel; returns what it printed, parsed as JSON.

    The code must print exactly one JSON value. A kernel error fails the test with its message.
    """
    out = page.evaluate(_EXECUTE, code)
    if "KERNEL ERROR" in out:
        raise AssertionError(out)
    return json.loads(out)


def wait_for_kernel(page, code: str, expected, timeout: float = 20.0):
    """Poll the kernel until ``code`` prints ``expected`` (messages travel asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        value = kernel(page, code)
        if value == expected or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def cell_box(locator, x: int, y: int, width: int = 256, height: int = 240):
    """Page coordinates of the centre of tile cell (x, y) of a canvas showing a 256x240 screen."""
    box = locator.bounding_box()
    sx, sy = box["width"] / width, box["height"] / height
    return box["x"] + (8 * x + 4) * sx, box["y"] + (8 * y + 4) * sy


def canvas_pixels(page, selector: str, index: int = 0) -> np.ndarray:
    """What the ``index``-th canvas matching ``selector`` shows, ``(h, w, 3) uint8``."""
    url = page.evaluate(
        "([s, i]) => document.querySelectorAll(s)[i].toDataURL('image/png')", [selector, index]
    )
    return png_pixels(base64.b64decode(url.split(",", 1)[1]))


def png_pixels(png: bytes) -> np.ndarray:
    """The RGB pixels of a PNG, ``(h, w, 3) uint8``."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
