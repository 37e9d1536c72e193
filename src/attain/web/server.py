"""Serving the web app with gunicorn (production) or Flask's debug server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from attain.web import cache_pages
from attain.web.app import create_app
from attain.web.data import catalogue


@dataclass(frozen=True)
class ServeOptions:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    behind_proxy: bool = False
    debug: bool = False
    # Reports are built inside the request: the demo LA's standards report as PDF took
    # about a minute on a loaded 2-core machine, past gunicorn's default of 30 s.
    timeout: int = 180
    # Threads a worker: above 1, gunicorn's gthread worker, so a slow request (a report)
    # does not hold up the quick ones queued behind it. 1 (sync workers) by default, the
    # setting the web benchmark measured; SQLite is safe with threads since the app
    # database runs in WAL mode (BENCHMARKS.md, "SQLite under threads"). Last: the CLI
    # passes the others by position.
    threads: int = 1


def build(options: ServeOptions) -> Flask:
    # Behind a TLS proxy cookies are HTTPS-only; served directly, the app speaks plain HTTP
    # (meant for loopback), where a Secure cookie would never come back.
    app = create_app(options.data_dir, testing=options.debug,
                     secure_cookies=options.behind_proxy)
    catalogue()  # load the measure catalogue once, before gunicorn forks its workers
    if options.behind_proxy:
        # Trust one proxy's X-Forwarded-* headers, so HTTPS is seen (secure cookies, HSTS).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    return app


def serve(options: ServeOptions) -> None:
    app = build(options)  # fails early, with a message, if the data folder is not ready
    if options.debug:
        app.run(host=options.host, port=options.port, debug=True)
        return
    _Gunicorn(app, options).run()


def _gunicorn_base() -> type[Any]:
    from gunicorn.app.base import BaseApplication

    return BaseApplication  # type: ignore[no-any-return]


class _Gunicorn(_gunicorn_base()):  # type: ignore[misc]
    def __init__(self, app: Flask, options: ServeOptions) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        self.cfg.set("bind", f"{self.options.host}:{self.options.port}")
        self.cfg.set("workers", self.options.workers)
        self.cfg.set("worker_class", "gthread" if self.options.threads > 1 else "sync")
        self.cfg.set("threads", max(1, self.options.threads))
        self.cfg.set("post_worker_init", self._warm)
        self.cfg.set("timeout", self.options.timeout)
        self.cfg.set("accesslog", "-")
        if "control_socket_disable" in self.cfg.settings:  # recent gunicorn only
            # One shared socket path in $HOME would clash between servers on one machine.
            self.cfg.set("control_socket_disable", True)

    def load(self) -> Flask:
        return self.application

    def _warm(self, _worker: Any) -> None:
        """Before a worker takes requests: read the home LA's cube rows into its index, so
        no school page waits for a Parquet query (attain.web.cache_results)."""
        warm(self.application)


def warm(app: Flask) -> None:
    """Read the index now; if that fails the worker still starts, and the first dashboard
    or school page tries again (the index only saves time)."""
    try:
        with app.app_context():
            cache_pages.warm_index()
    except Exception as problem:  # noqa: BLE001 - logged, and retried lazily
        app.logger.warning("could not read the results index at start: %s", problem)
