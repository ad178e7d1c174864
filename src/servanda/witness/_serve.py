"""Running the witness: a uvicorn server on one address, in the foreground or a thread."""

from __future__ import annotations

import re
import threading
import time

import uvicorn
from fastapi import FastAPI

_LISTEN = re.compile(r"(?:\[(?P<v6>[0-9a-fA-F:]+)\]|(?P<host>[^:\[\]]+)):(?P<port>[0-9]{1,5})")


def parse_listen(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6) as a host and a port number."""
    match = _LISTEN.fullmatch(text)
    port = int(match.group("port")) if match else -1
    if match is None or not 0 <= port <= 65535:
        raise ValueError(f"{text!r} is not HOST:PORT; e.g. 127.0.0.1:8001")
    return match.group("v6") or match.group("host"), port


def serve(app: FastAPI, host: str, port: int) -> None:
    """Serve ``app`` until interrupted (SIGINT or SIGTERM)."""
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


class BackgroundServer:
    """``app`` served from a thread, for tests and demos: ``with BackgroundServer(app) as s``
    gives ``s.url``; leaving the block stops the server."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> None:
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self.url = ""

    def __enter__(self) -> BackgroundServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the witness server did not start")
            time.sleep(0.01)
        host, port = self._server.servers[0].sockets[0].getsockname()[:2]
        self.url = f"http://{host}:{port}"
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
