"""`attain serve` starts gunicorn and answers on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.mark.slow
def test_attain_serve_answers_with_the_sign_in_page(site: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "ATTAIN_DATABASE_URL"}
    server = subprocess.Popen(
        [sys.executable, "-c", "from attain.cli import main; main()", "serve",
         "--data-dir", str(site), "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        body = _get_when_up(f"http://127.0.0.1:{port}/sign-in", server)
        assert "Sign in" in body and 'name="csrf_token"' in body
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get_when_up(url: str, server: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(server.stderr.read().decode() if server.stderr else "exited")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode())
        except OSError:
            time.sleep(0.3)
    raise AssertionError("attain serve did not answer within 60 s")
