"""Benchmark: the HTTP API (uvicorn in its own process) on SQLite and on PostgreSQL, beside
reading and writing the same game as a JSON project file. Target: p99 GET scene <= 20 ms at 10
concurrent clients.

Run: python benchmarks/api.py [--requests N]

For GET scene and PUT scene at 1, 10 and 50 concurrent clients: requests per second, p50 and p99
latency, and the CPU time the server (all its processes; PostgreSQL's own not counted) spent per
request, which does not depend on how busy the machine is, unlike latency. The server is what
``romulus serve`` runs (its default workers unless --workers); the clients are lean keep-alive
HTTP/1.1 connections in this process, so their own cost stays small. Each PUT client edits a
scene of its own (50 scenes), so every PUT is accepted. The baseline: `load_game` and
`save_game` of the same 50-scene game as a project file, and one scene's document read from
that file. PostgreSQL is Debian's, started in a temporary folder as in
the tests (tests/postgres_server.py), with its default durability settings.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from _timing import elapsed

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from postgres_server import PostgresServer, free_port  # noqa: E402

from romulus_nb import demo_game, load_game, save_game  # noqa: E402
from romulus_nb.store import GameStore  # noqa: E402

TARGET_P99_MS = 20.0
CONCURRENCY = (1, 10, 50)
ENGINES = ("sqlite", "postgresql")
OPS = ("GET", "PUT")
SCENES = 50


def fifty_scene_game():
    game = demo_game()
    while len(game.scenes) < SCENES:
        game.duplicate_scene(len(game.scenes) % 3, f"Scene {len(game.scenes)}")
    return game


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process ``pid`` and its descendants (uvicorn's workers,
    PostgreSQL's backends) have used: a cost that does not depend on how busy the machine is,
    unlike latency (Linux /proc)."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue  # ended meanwhile
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def start_server(url: str, workers: int | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "romulus_nb.cli",
        "serve",
        "--database",
        url,
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    if workers is not None:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(command, cwd=ROOT)
    base = f"http://127.0.0.1:{port}/api/v1"
    for _ in range(600):
        try:
            if httpx.get(f"{base}/games", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


class Connection:
    """One keep-alive HTTP/1.1 connection, as lean as a load generator (wrk) is: httpx spends
    about 1 ms of CPU per request, which on two shared cores would be measured as the server's
    latency. Answers are read by Content-Length (uvicorn sends it for these routes)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str):
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, base: str) -> Connection:
        url = httpx.URL(base)
        reader, writer = await asyncio.open_connection(url.host, url.port)
        return cls(reader, writer, f"{url.host}:{url.port}")

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode("ascii") + b"\r\n" + body)
        lines = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        length = next(
            int(line.split(":", 1)[1])
            for line in lines
            if line.lower().startswith("content-length:")
        )
        return int(lines[0].split()[1]), await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def run_clients(base: str, scene_urls: list[str], clients: int, total: int, op: str):
    """``clients`` workers, each on its own connection, share ``total`` requests; returns
    (seconds, latencies in ms)."""
    latencies: list[float] = []
    per_client = max(1, total // clients)
    connections = [await Connection.open(base) for _ in range(clients)]

    async def worker(index: int):
        connection = connections[index]
        path = httpx.URL(scene_urls[index % len(scene_urls)]).path
        scene = json.loads((await connection.request("GET", path))[1])
        version, data = scene["version"], scene["data"]
        for n in range(per_client):
            start = time.perf_counter()
            if op == "GET":
                status, body = await connection.request("GET", path)
            else:
                data["nametable"][5] = f"{n % 256:02X}" * 32
                edit = json.dumps({"version": version, "data": data}).encode()
                status, body = await connection.request("PUT", path, edit)
                version = json.loads(body)["version"]
            latencies.append((time.perf_counter() - start) * 1000)
            assert status == 200, body

    try:
        start = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(clients)))
        return time.perf_counter() - start, latencies
    finally:
        for connection in connections:
            connection.close()


def measure_backend(name: str, url: str, args) -> list[tuple]:
    with GameStore(url) as store:
        info = store.save(fifty_scene_game())
    process, base = start_server(url, args.workers)
    rows = []
    try:
        game = httpx.get(f"{base}/games/{info.id}").json()
        urls = [f"{base}/games/{info.id}/scenes/{s['id']}" for s in game["scenes"]]
        for op in args.ops:
            for clients in args.clients:
                asyncio.run(run_clients(base, urls, clients, clients * 2, op))  # warm up
                cpu = cpu_seconds(process.pid)
                seconds, ms = asyncio.run(run_clients(base, urls, clients, args.requests, op))
                cpu_ms = (cpu_seconds(process.pid) - cpu) * 1000 / len(ms)
                p50, p99 = statistics.median(ms), percentile(ms, 0.99)
                rows.append((name, op, clients, len(ms) / seconds, p50, p99, cpu_ms))
    finally:
        process.terminate()
        process.wait(timeout=30)
    return rows


def measure_file(folder: Path, repeat: int) -> list[tuple]:
    game = fifty_scene_game()
    path = folder / "game.json"
    save_game(game, path)
    rows = []
    for label, work in (
        ("load_game (50 scenes)", lambda: load_game(path)),
        ("save_game (50 scenes)", lambda: save_game(game, path)),
        ("one scene from the file", lambda: json.loads(path.read_text())["game"]["scenes"][7]),
    ):
        ms = [elapsed(work)[0] * 1000 for _ in range(repeat)]
        rows.append((label, statistics.median(ms), percentile(ms, 0.99)))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500, help="requests per measurement")
    parser.add_argument("--engines", nargs="+", default=ENGINES, choices=ENGINES)
    parser.add_argument("--ops", nargs="+", default=OPS, choices=OPS)
    parser.add_argument("--clients", nargs="+", type=int, default=CONCURRENCY)
    parser.add_argument(
        "--workers", type=int, help="the server's worker processes (default: romulus serve's)"
    )
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        if "sqlite" in args.engines:
            results += measure_backend("sqlite", f"sqlite:///{folder / 'games.db'}", args)
        if "postgresql" in args.engines:
            postgres = PostgresServer(durable=True).start()
            try:
                results += measure_backend("postgresql", postgres.url(), args)
            finally:
                postgres.stop()
        files = measure_file(folder, 50)

    print(
        f"{'engine':<11} {'op':<4} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'server CPU ms/request':>22}"
    )
    for name, op, clients, rate, p50, p99, cpu_ms in results:
        print(
            f"{name:<11} {op:<4} {clients:>7} {rate:>8.0f} {p50:>8.1f} {p99:>8.1f} {cpu_ms:>22.2f}"
        )
    print(f"\n{'project file (baseline, in process)':<36} {'p50 ms':>8} {'p99 ms':>8}")
    for label, p50, p99 in files:
        print(f"{label:<36} {p50:>8.1f} {p99:>8.1f}")
    load_p50 = files[0][1]
    print(f"\n(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    for name, op, clients, _, p50, p99, _ in results:
        if op == "GET" and clients == 10:
            verdict = "meets" if p99 <= TARGET_P99_MS else "misses"
            print(
                f"{name}: GET scene p99 at 10 clients {p99:.1f} ms {verdict} the "
                f"{TARGET_P99_MS:.0f} ms target; p50 {p50:.1f} ms = "
                f"{p50 / load_p50:.2f}x a load_game of the file"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
