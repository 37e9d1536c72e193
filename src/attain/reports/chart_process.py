"""Charts drawn in a separate process (attain.reports.chart_worker), started early.

`start()` launches the process when a report starts (it returns at once); `send()` hands
it the report's charts when the report is built; the renderers `take()` each image when
they reach it. Anything that goes wrong (no process, a chart it cannot draw, a broken
pipe) gives None and the chart is drawn in this process instead: the process only makes
reports faster, never different.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from typing import IO

from attain.reports.charts import ImageFormat, spec
from attain.reports.model import Chart

WAIT_SECONDS = 120
_lock = threading.Lock()  # guards _process and _results
_exchange_lock = threading.Lock()  # one batch of requests and replies at a time
_process: subprocess.Popen[bytes] | None = None
_results: dict[tuple[Chart, ImageFormat], Future[bytes]] = {}


def start() -> None:
    """Start the chart process unless one is running."""
    global _process
    with _lock:
        if _process is not None and _process.poll() is None:
            return
        try:
            _process = subprocess.Popen(
                [sys.executable, "-m", "attain.reports.chart_worker"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            _process = None


def send(charts: Iterable[Chart], fmt: ImageFormat) -> None:
    """Have the chart process draw these charts in the background (if it is running)."""
    with _lock:
        process = _process
        if process is None or process.poll() is not None:
            return
        futures: dict[Chart, Future[bytes]] = {}
        for chart in dict.fromkeys(charts):
            if (chart, fmt) not in _results:
                futures[chart] = _results[(chart, fmt)] = Future()
    if futures:
        threading.Thread(target=_exchange, args=(process, fmt, futures), daemon=True,
                         name="chart requests").start()


def take(chart: Chart, fmt: ImageFormat) -> bytes | None:
    """The image the chart process drew, or None (not sent, or it failed)."""
    with _lock:
        future = _results.pop((chart, fmt), None)
    if future is None:
        return None
    try:
        return future.result(timeout=WAIT_SECONDS)
    except Exception:  # noqa: BLE001 - the caller draws the chart itself
        return None


def _exchange(process: subprocess.Popen[bytes], fmt: ImageFormat,
              futures: dict[Chart, Future[bytes]]) -> None:
    with _exchange_lock:
        assert process.stdin is not None and process.stdout is not None
        writer = threading.Thread(target=_write, args=(process.stdin, fmt, list(futures)),
                                  daemon=True, name="chart writer")
        writer.start()
        pending = list(futures.values())
        try:
            for future in futures.values():
                header = process.stdout.readline().strip()
                if not header:
                    raise EOFError("the chart process ended")
                if header == b"E":
                    future.set_exception(RuntimeError("the chart process could not draw it"))
                else:
                    future.set_result(_read_exactly(process.stdout, int(header)))
                pending.remove(future)
        except Exception as err:  # noqa: BLE001 - every waiting renderer falls back
            for future in pending:
                future.set_exception(err)


def _write(pipe: IO[bytes], fmt: ImageFormat, charts: list[Chart]) -> None:
    import json

    try:
        for chart in charts:
            pipe.write(json.dumps({"format": fmt.value, "spec": spec(chart)}).encode() + b"\n")
        pipe.flush()
    except OSError:
        pass  # the reader sees the process end and every chart falls back


def _read_exactly(pipe: IO[bytes], size: int) -> bytes:
    data = pipe.read(size)
    if len(data) != size:
        raise EOFError("the chart process ended mid-image")
    return data
