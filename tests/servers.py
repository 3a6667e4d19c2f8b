"""The real server in a process of its own: `app.py serve` (gunicorn, N worker processes) on a free port
of 127.0.0.1, from a real SQLite file. For the fault tests (a worker killed mid-upload, the whole
server killed) and for the benchmarks (`python -m tests.bench sync_ingest_workers`).

Main decision: started exactly as `make run` starts it, in a session of its own, so the test can
kill one worker, or the master and every worker at once (a power cut, as far as the processes know),
and never leaves a worker behind. Which worker holds a connection is read from Linux's /proc (the
socket's inode in /proc/net/tcp, then the worker's open files): a test can kill the very process
that is reading an upload.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_instance(folder, server_key: Path) -> Path:
    """An instance folder for a server process, holding a copy of an existing sealing key (making
    a 3072-bit key costs seconds); the cookie-signing key is made by the server itself."""
    instance = Path(folder) / "instance"
    instance.mkdir(exist_ok=True)
    if not (instance / "server_key.pem").exists():
        shutil.copy(server_key, instance / "server_key.pem")
    return instance


def _alive(pid: int) -> bool:
    """Running, not a zombie the master has yet to reap (a killed worker is one for a moment)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class ServerProcess:
    """`app.py serve` with `workers` worker processes; `url` once it answers."""

    def __init__(self, database, instance, workers: int = 2, port: int | None = None, env: dict | None = None):
        self.database, self.instance, self.workers = str(database), Path(instance), workers
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.instance / "server.log"
        environment = {
            "SOFS_DATABASE": self.database,
            "SOFS_INSTANCE": str(self.instance),
            "SOFS_WORKERS": str(workers),
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "SOFS_DEMO": "0",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            **(env or {}),
        }
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "app.py", "serve"],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=log,
                start_new_session=True,  # its own process group: kill() ends the master and every worker
            )
        self._wait_until_ready()

    def _wait_until_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server did not start: {self.log.read_text()[-2000:]}")
            if len(self.worker_pids()) == self.workers and self._answers():
                return
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("the server did not start in time")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as probe:
                probe.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                return probe.recv(12).startswith(b"HTTP/1.1 200")
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        """The master's children: the worker processes alive now."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            pids = [int(pid) for pid in children.read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            return []
        return [pid for pid in pids if _alive(pid)]

    def worker_serving(self, client: socket.socket) -> int | None:
        """The worker process holding the server's end of the connection `client` (None if none has
        accepted it yet)."""
        client_port = client.getsockname()[1]
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with open(table) as lines:
                for line in list(lines)[1:]:
                    fields = line.split()
                    local, remote = fields[1].rsplit(":", 1)[1], fields[2].rsplit(":", 1)[1]
                    if int(local, 16) == self.port and int(remote, 16) == client_port:
                        inodes.add(f"socket:[{fields[9]}]")
        for pid in self.worker_pids():
            try:
                descriptors = os.listdir(f"/proc/{pid}/fd")
            except FileNotFoundError:
                continue
            for descriptor in descriptors:
                try:
                    if os.readlink(f"/proc/{pid}/fd/{descriptor}") in inodes:
                        return pid
                except FileNotFoundError:
                    continue
        return None

    def wait_for_workers(self, seconds: float = 30) -> list[int]:
        """After a worker died: the master has started another (the pids alive then)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if len(pids) == self.workers and self._answers():
                return pids
            time.sleep(0.1)
        raise RuntimeError("the master did not replace its worker in time")

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: nothing is shut down in order."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        """Ctrl-C, as `make run` is stopped; killed if it has not ended within 10 s."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(10)
        self.kill()
