"""`attain serve`: the web app."""

from __future__ import annotations

from pathlib import Path

import typer

from attain.cli.root import DataDirOption, app, resolve_data_dir


@app.command("serve")
def serve_command(
    data_dir: Path | None = DataDirOption,
    port: int = typer.Option(8000, "--port", "-p", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    workers: int = typer.Option(2, "--workers", "-w", help="gunicorn worker processes."),
    behind_proxy: bool = typer.Option(False, "--behind-proxy",
                                      help="Trust X-Forwarded-* headers from one reverse "
                                      "proxy that terminates TLS."),
    debug: bool = typer.Option(False, "--debug", help="Flask's debug server (development "
                               "only: never on a network others can reach)."),
) -> None:
    """Serve the web app (gunicorn; --debug for development)."""
    from attain.web.server import ServeOptions, serve  # Flask loads only for this command

    serve(ServeOptions(resolve_data_dir(data_dir), host, port, workers, behind_proxy, debug))
