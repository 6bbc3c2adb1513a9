"""`newstrace serve --workers N`: several uvicorn processes answering on one port. Each worker builds
its own app (`app_from_env`) from the settings the command leaves in the environment, with its own
store connections and caches."""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

ENV_DB, ENV_TOKEN, ENV_HOSTS = "NEWSTRACE_SERVE_DB", "NEWSTRACE_SERVE_TOKEN", "NEWSTRACE_SERVE_HOSTS"
ENV_THREADS = "NEWSTRACE_SERVE_THREADS"
APP = "newstrace.web.serving:app_from_env"


def app_from_env() -> FastAPI:
    """The app of one worker process, from the settings `run_workers` left in the environment."""
    from newstrace.web import create_app
    from newstrace.web.app import THREADS

    hosts = os.environ.get(ENV_HOSTS)
    return create_app(
        Path(os.environ[ENV_DB]),
        token=os.environ.get(ENV_TOKEN) or None,
        readonly=True,
        allowed_hosts=hosts.split("\n") if hosts else None,
        warm=True,
        threads=int(os.environ.get(ENV_THREADS) or THREADS),
    )


class TcpConfig(uvicorn.Config):
    """uvicorn's settings, with its shared listening socket marked as TCP. uvicorn 0.54 makes it with
    protocol 0, which the accepted connections inherit, and asyncio then leaves Nagle's algorithm on
    for them: with several workers, every keep-alive request after a connection's first waited about
    40 ms for the client's delayed ACK (measured here: 44 ms a request instead of 1-3; uvicorn issue
    3149). A single process is not affected: asyncio binds its socket itself."""

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
            sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
            sock.set_inheritable(True)
        return sock


def worker_config(
    db: Path, token: str | None, allowed_hosts: list[str] | None, workers: int, threads: int, **options
) -> TcpConfig:
    """The settings of `workers` processes serving the store at `db`; the app's own settings are put
    in this process's environment, which the workers inherit."""
    os.environ[ENV_DB] = str(Path(db).resolve())
    os.environ[ENV_TOKEN] = token or ""
    os.environ[ENV_HOSTS] = "\n".join(allowed_hosts or [])
    os.environ[ENV_THREADS] = str(threads)
    return TcpConfig(APP, factory=True, workers=workers, **options)


def run_workers(config: uvicorn.Config) -> None:
    """What `uvicorn.run` does for more than one worker, with these settings: bind the socket, start
    the worker processes, and watch them until Ctrl-C."""
    with contextlib.suppress(KeyboardInterrupt):
        Multiprocess(config, sockets=[config.bind_socket()]).run()
