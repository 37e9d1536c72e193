"""Back up a data folder and its app database into one .tar.gz, and restore it.

Archive layout::

    data/<path in the data folder>     every file of the folder (warehouse, results, ...)
    database/attain.db                 SQLite: a copy made with the online backup API
    database/attain.pgdump             PostgreSQL: pg_dump -Fc
    manifest.json                      format, versions, created_at, database kind, and
                                       the size and sha256 of every other member

Backups are consistent: files are copied as whole files (warehouse writes replace files
atomically), and if any file changes while it is copied the copy is taken again. A
restore checks every checksum before it touches anything, builds the folder beside the
target and swaps it in, so a failed restore leaves the old folder as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import uuid
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

import sqlalchemy as sa

from attain import __version__, settings
from attain.errors import UserError
from attain.store import appdb

FORMAT = "attain-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data"
DATABASE_MEMBERS = {"sqlite": "database/attain.db", "postgresql": "database/attain.pgdump"}
ATTEMPTS = 3
CHUNK = 1 << 20


@dataclass(frozen=True)
class BackupReport:
    archive: Path
    files: int
    bytes: int
    database: str | None


@dataclass(frozen=True)
class RestoreReport:
    folder: Path
    files: int
    database: str | None


# --- backup ---------------------------------------------------------------------------


def backup(folder: Path, archive: Path, *, force: bool = False) -> BackupReport:
    """Write a consistent snapshot of `folder` and its app database to `archive`."""
    if not folder.is_dir():
        raise UserError(f"data folder {folder} does not exist",
                        fix="Pass the data folder with --data-dir.")
    if archive.exists() and not force:
        raise UserError(f"{archive} already exists",
                        fix="Choose another file name, or add --force to replace it.")
    if not archive.parent.is_dir():
        raise UserError(f"folder {archive.parent} does not exist",
                        fix="Create it first, or write the backup somewhere else.")
    url = settings.database_url(folder)
    with tempfile.TemporaryDirectory(prefix=".attain-backup-", dir=archive.parent) as work:
        database = _dump_database(url, Path(work))
        skip = {archive.resolve(), Path(work).resolve()} | _sqlite_files(url)
        for _ in range(ATTEMPTS):
            partial = Path(work) / "backup.tar.gz"
            entries = _write_archive(partial, folder, skip, database)
            if entries is not None:
                os.replace(partial, archive)
                files = [e for e in entries if e["path"].startswith(f"{DATA}/")]
                return BackupReport(archive, len(files), sum(e["size"] for e in files),
                                    database[0] if database else None)
    raise UserError(f"the data folder {folder} kept changing during the backup",
                    fix="Run the backup again when no import or computation is running.")


def _sqlite_files(url: str) -> set[Path]:
    path = appdb.sqlite_path(url)
    if path is None:
        return set()
    path = path.resolve()
    return {path, *(path.with_name(path.name + s) for s in ("-journal", "-wal", "-shm"))}


def _dump_database(url: str, work: Path) -> tuple[str, Path] | None:
    """Copy the app database into `work`; None when there is no database yet."""
    kind = appdb.database_kind(url)
    if kind == "sqlite":
        source = appdb.sqlite_path(url)
        if source is None or not source.exists():
            return None
        target = work / "attain.db"
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
        return kind, target
    if kind == "postgresql":
        target = work / "attain.pgdump"
        appdb.run_pg_tool("pg_dump", url, ["-Fc", "-f", str(target)])
        return kind, target
    raise UserError(f"attain cannot back up a {kind} database",
                    fix="Use SQLite or PostgreSQL for the app database.")


def _data_files(folder: Path, skip: set[Path]) -> list[Path]:
    files = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.resolve() in skip:
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue  # staged warehouse writes and other hidden work files
        if any(parent.resolve() in skip for parent in path.parents):
            continue
        files.append(path)
    return files


def _fingerprint(paths: list[Path]) -> list[tuple[str, int, int, int]]:
    result = []
    for p in paths:
        st = p.stat()
        result.append((str(p), st.st_ino, st.st_size, st.st_mtime_ns))
    return result


def _write_archive(partial: Path, folder: Path, skip: set[Path],
                   database: tuple[str, Path] | None) -> list[dict[str, Any]] | None:
    """Write the archive; None when the folder changed while it was copied."""
    files = _data_files(folder, skip)
    before = _fingerprint(files)
    entries: list[dict[str, Any]] = []
    # Parquet is compressed already: the fastest gzip level loses almost nothing.
    with tarfile.open(partial, "w:gz", compresslevel=1) as tar:
        for path in files:
            name = f"{DATA}/{path.relative_to(folder).as_posix()}"
            try:
                entries.append(_add_file(tar, path, name))
            except FileNotFoundError:
                return None  # replaced or removed since it was listed
        if database:
            entries.append(_add_file(tar, database[1], DATABASE_MEMBERS[database[0]]))
        if _data_files(folder, skip) != files or _fingerprint(files) != before:
            return None
        _add_bytes(tar, MANIFEST, json.dumps(_manifest(entries, database), indent=2).encode())
    return entries


def _manifest(entries: list[dict[str, Any]], database: tuple[str, Path] | None
              ) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "attain_version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {"kind": database[0], "path": DATABASE_MEMBERS[database[0]]}
        if database else None,
        "files": entries,
    }


class _HashingReader:
    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    with path.open("rb") as raw:
        info = tar.gettarinfo(fileobj=raw, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(raw)
        tar.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.sha256.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


# --- restore --------------------------------------------------------------------------


def restore(archive: Path, folder: Path, *, force: bool = False) -> RestoreReport:
    """Restore `archive` into `folder` and the app database `folder` is configured with."""
    if not archive.is_file():
        raise UserError(f"backup file {archive} does not exist",
                        fix="Give the path of a file made by `attain backup`.")
    manifest = verify(archive)
    url = settings.database_url(folder)
    kind = (manifest["database"] or {}).get("kind")
    _check_target(folder, url, kind, force)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{folder.name}.restore-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    external_db: tuple[Path, Path] | None = None
    try:
        external_db = _extract(archive, manifest, staging, folder, url)
        if kind == "postgresql":
            _restore_postgres(staging, url)
        _swap(staging, folder)
        if external_db is not None:
            os.replace(*external_db)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if external_db is not None:
            external_db[0].unlink(missing_ok=True)
    files = [e for e in manifest["files"] if e["path"].startswith(f"{DATA}/")]
    return RestoreReport(folder, len(files), kind)


def _corrupt(archive: Path, what: str) -> UserError:
    return UserError(f"{archive} is not a complete attain backup: {what}",
                     fix="Use another backup file; this one cannot be restored safely.")


@contextmanager
def _open_archive(archive: Path) -> Iterator[tarfile.TarFile]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            yield tar
    except (tarfile.TarError, EOFError, zlib.error, OSError) as err:
        if isinstance(err, OSError) and not _is_gzip_error(err):
            raise
        raise UserError(f"{archive} cannot be read as an attain backup (.tar.gz): {err}",
                        fix="Give a file made by `attain backup`; if it is one, it is "
                        "damaged: use another backup.") from None


def _is_gzip_error(err: OSError) -> bool:
    return isinstance(err, gzip.BadGzipFile)


def verify(archive: Path) -> dict[str, Any]:
    """Check the manifest and every checksum; return the manifest or raise a UserError."""
    with _open_archive(archive) as tar:
        manifest = _read_manifest(archive, tar)
        expected = {e["path"]: e for e in manifest["files"]}
        seen: set[str] = set()
        for member in tar:
            if member.name == MANIFEST:
                continue
            entry = expected.get(member.name)
            if entry is None or not member.isfile() or member.name in seen:
                raise _corrupt(archive, f"unexpected member {member.name}")
            if _member_sha256(tar, member) != entry["sha256"] or member.size != entry["size"]:
                raise _corrupt(archive, f"checksum of {member.name} does not match")
            seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise _corrupt(archive, f"{len(missing)} file(s) missing, e.g. {missing[0]}")
    return manifest


def _read_manifest(archive: Path, tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST)
        raw = tar.extractfile(member)
        manifest = json.loads(raw.read() if raw else b"")
    except (KeyError, ValueError):
        raise UserError(f"{archive} is not an attain backup (no readable {MANIFEST})",
                        fix="Give a file made by `attain backup`.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise UserError(f"{archive} is not an attain backup",
                        fix="Give a file made by `attain backup`.")
    if manifest.get("version") != FORMAT_VERSION:
        raise UserError(f"{archive} is an attain backup of format {manifest.get('version')}, "
                        f"which this attain ({__version__}) cannot read",
                        fix="Restore it with the attain version that made it.")
    paths = [entry.get("path", "") for entry in manifest.get("files", [])]
    for path in paths:
        _check_member_name(archive, path)
    database = manifest.get("database") or {}
    expected_db = [DATABASE_MEMBERS.get(database.get("kind", ""), "?")] if database else []
    if [p for p in paths if not p.startswith(f"{DATA}/")] != expected_db:
        raise _corrupt(archive, "the database in it does not match its manifest")
    return manifest


def _check_member_name(archive: Path, name: str) -> None:
    path = PurePosixPath(name)
    allowed = name in DATABASE_MEMBERS.values() or (
        path.parts[:1] == (DATA,) and len(path.parts) > 1)
    if not allowed or path.is_absolute() or ".." in path.parts:
        raise _corrupt(archive, f"unsafe or unknown path {name!r}")


def _member_sha256(tar: tarfile.TarFile, member: tarfile.TarInfo,
                   out: IO[bytes] | None = None) -> str:
    """The sha256 of a member's content, copied to `out` on the way when given."""
    digest = hashlib.sha256()
    stream = tar.extractfile(member)
    assert stream is not None  # regular files always have a stream
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        if out is not None:
            out.write(chunk)
    return digest.hexdigest()


def _check_target(folder: Path, url: str, kind: str | None, force: bool) -> None:
    target_kind = appdb.database_kind(url)
    if kind is not None and kind != target_kind:
        raise UserError(
            f"the backup holds a {kind} app database but {folder} uses {target_kind} "
            f"({appdb.describe_url(url)})",
            fix="Set ATTAIN_DATABASE_URL to a database of the backup's kind (empty for SQLite).",
        )
    if force:
        return
    if folder.exists() and any(folder.iterdir()):
        raise UserError(f"{folder} is not empty",
                        fix="Restore into an empty or new folder, or add --force to replace it.")
    if target_kind == "postgresql" and _postgres_has_tables(url):
        raise UserError(f"the app database {appdb.describe_url(url)} is not empty",
                        fix="Restore into an empty database, or add --force to replace it.")


def _postgres_has_tables(url: str) -> bool:
    with appdb.connected(appdb.engine_for(url), begin=False) as connection:
        return bool(sa.inspect(connection).get_table_names())


def _extract(archive: Path, manifest: dict[str, Any], staging: Path, folder: Path,
             url: str) -> tuple[Path, Path] | None:
    """Write the data files (and a SQLite database inside the folder) into `staging`.
    Returns (temporary file, final path) for a SQLite database that lives elsewhere."""
    expected = {e["path"]: e["sha256"] for e in manifest["files"]}
    external: tuple[Path, Path] | None = None
    with _open_archive(archive) as tar:
        for member in tar:
            if member.name == MANIFEST:
                continue
            target = _target_for(member.name, staging, folder, url)
            if not target.is_relative_to(staging):
                external = (target.with_name(f".{target.name}.restore.tmp"), target)
                target = external[0]
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as out:
                copied = _member_sha256(tar, member, out)
            if copied != expected[member.name]:
                raise _corrupt(archive, f"checksum of {member.name} changed while restoring")
    return external


def _target_for(name: str, staging: Path, folder: Path, url: str) -> Path:
    if name.startswith(f"{DATA}/"):
        return staging / name.removeprefix(f"{DATA}/")
    if name == DATABASE_MEMBERS["sqlite"]:
        db = appdb.sqlite_path(url)
        assert db is not None  # _check_target made sure the target is SQLite
        db = db.resolve()
        inside = db.is_relative_to(folder.resolve())
        return staging / db.relative_to(folder.resolve()) if inside else db
    return staging / ".attain.pgdump"


def _restore_postgres(staging: Path, url: str) -> None:
    dump = staging / ".attain.pgdump"
    appdb.run_pg_tool("pg_restore", url, ["--clean", "--if-exists", "--no-owner",
                                    "--single-transaction", str(dump)])
    dump.unlink()


def _swap(staging: Path, folder: Path) -> None:
    if not folder.exists():
        os.rename(staging, folder)
        return
    old = folder.parent / f".{folder.name}.old-{uuid.uuid4().hex[:8]}"
    os.rename(folder, old)
    try:
        os.rename(staging, folder)
    except OSError:
        os.rename(old, folder)
        raise
    shutil.rmtree(old)
