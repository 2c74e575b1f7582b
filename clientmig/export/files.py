"""The one way clientmig writes a file: inside its folder, whole or not at all, never by surprise.

Every file clientmig writes (import files, issues, rejected rows, reports, summaries, reconcile
and dedupe outputs, mappings, recipes, annotated workbooks) goes through :class:`OutputFolder`:

* the path is resolved inside the folder without following a link out of it (``..``, absolute
  names and symlinked sub-folders are refused; a symlink at the file's own name is replaced,
  never written through);
* the data goes to a hidden temporary file in the same folder that is renamed over the name only
  when complete, so Ctrl-C, a crash or SIGKILL leaves the previous file or none;
* an existing file is overwritten only with ``force`` (``--force``), with one message everywhere;
* a lock on the folder keeps two runs from interleaving their files (the second is told the
  folder is busy), and the temporary files of a killed run are removed when the lock is taken;
* tables are written through :func:`write_csv`, which neutralises formulas in every cell.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import polars as pl

from clientmig.errors import ExportError
from clientmig.export.safety import neutralise_csv_expr, neutralise_text

LOCK_NAME = ".clientmig.lock"
_TMP_SUFFIX = ".clientmig-tmp"
_held: dict[Path, tuple[int, IO[bytes]]] = {}
_held_guard = threading.Lock()


def overwrite_message(path: Path) -> str:
    """The one sentence every command prints when it will not overwrite a file."""
    return f"{path.name} already exists in {path.parent}; pass --force to overwrite it."


class OutputFolder:
    """A folder that clientmig writes into; a context manager that holds the folder's lock.

    >>> with OutputFolder("out", force=True) as folder:  # doctest: +SKIP
    ...     folder.write_text("summary.json", "{}")
    """

    def __init__(self, root: str | Path, *, force: bool = False) -> None:
        given = Path(root)
        if given.exists() and not given.is_dir():
            msg = f"the output folder {str(given)!r} is a file, not a folder."
            raise ExportError(msg)
        try:
            given.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            msg = f"cannot create the output folder {str(given)!r}: {exc.strerror or exc}."
            raise ExportError(msg) from None
        self.given = given
        self.root = given.resolve()
        self.force = force

    # -- locking --------------------------------------------------------------------------
    def __enter__(self) -> OutputFolder:
        _acquire(self.root)
        return self

    def __exit__(self, *exc: object) -> None:
        _release(self.root)

    # -- paths ------------------------------------------------------------------------------
    def path(self, name: str | Path, *, overwrite: bool | None = None) -> Path:
        """Return the path of ``name`` inside the folder, checked; create its sub-folders.

        Raises :class:`ExportError` when ``name`` leaves the folder (``..``, absolute, through
        a symlink), names a folder, or names an existing file and overwriting is not allowed.
        """
        rel = Path(name)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise ExportError(self._outside(name))
        current = self.root
        for part in rel.parts[:-1]:
            current = current / part
            if current.is_symlink() or (current.exists() and not current.is_dir()):
                raise ExportError(self._outside(name))
            current.mkdir(exist_ok=True)
        path = current / rel.parts[-1]
        if path.is_dir() and not path.is_symlink():
            msg = f"cannot write {rel.name}: a folder of that name exists in {self.given}."
            raise ExportError(msg)
        allowed = self.force if overwrite is None else overwrite
        if (path.exists() or path.is_symlink()) and not allowed:
            raise ExportError(overwrite_message(self.given / rel))
        return path

    def subfolder(self, name: str) -> Path:
        """Return the sub-folder ``name`` (created), refusing a link or a file of that name."""
        path = self.root / name
        if Path(name).is_absolute() or ".." in Path(name).parts or path.is_symlink():
            raise ExportError(self._outside(name))
        if path.exists() and not path.is_dir():
            msg = f"cannot write into {name!r}: a file of that name exists in {self.given}."
            raise ExportError(msg)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _outside(self, name: str | Path) -> str:
        return (
            f"refusing to write {str(name)!r}: it is outside the output folder {str(self.given)!r}."
        )

    # -- writing ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def atomic(self, name: str | Path, *, overwrite: bool | None = None) -> Iterator[Path]:
        """Yield a temporary path to write ``name`` to; rename it into place when the block ends.

        On an exception (Ctrl-C included) the temporary file is removed and the previous file,
        if any, is left as it was.
        """
        final = self.path(name, overwrite=overwrite)
        fd, tmp_name = tempfile.mkstemp(
            dir=final.parent, prefix=f".{final.name}.", suffix=_TMP_SUFFIX
        )
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            yield tmp
            tmp.replace(final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(final.parent)

    def write_bytes(self, name: str | Path, data: bytes, *, overwrite: bool | None = None) -> Path:
        """Write ``data`` to ``name`` atomically; return the final path."""
        with self.atomic(name, overwrite=overwrite) as tmp, tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        return self.root / name

    def write_text(self, name: str | Path, text: str, *, overwrite: bool | None = None) -> Path:
        """Write ``text`` as UTF-8 to ``name`` atomically; return the final path."""
        return self.write_bytes(name, text.encode("utf-8"), overwrite=overwrite)

    def write_csv(
        self,
        name: str | Path,
        frame: pl.DataFrame,
        *,
        encoding: str = "utf-8",
        line_terminator: str = "\n",
        overwrite: bool | None = None,
    ) -> Path:
        """Write ``frame`` as CSV with every cell (and header) neutralised; atomically."""
        text = csv_text(frame, line_terminator=line_terminator)
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            msg = f"cannot write {Path(name).name} as {encoding}: it cannot hold {bad!r}."
            raise ExportError(msg) from None
        return self.write_bytes(name, data, overwrite=overwrite)

    def remove_stale(self, pattern: str, keep: set[str]) -> list[str]:
        """Remove files of the folder whose whole name matches the regular expression
        ``pattern`` and that are not in ``keep``.

        Used for an earlier run's part files (``xpm_clients_part3.csv`` after a run that needs
        two parts). Without ``force`` they are refused like any overwrite.
        """
        match = re.compile(pattern).fullmatch
        stale = sorted(
            p
            for p in self.root.iterdir()
            if match(p.name) and p.name not in keep and not p.is_dir()
        )
        if stale and not self.force:
            raise ExportError(overwrite_message(self.given / stale[0].name))
        for p in stale:
            p.unlink()
        return [p.name for p in stale]


def csv_text(frame: pl.DataFrame, *, line_terminator: str = "\n") -> str:
    """CSV of ``frame`` with formulas neutralised in every text cell and in the header."""
    safe = frame.rename({c: neutralise_text(c) for c in frame.columns if neutralise_text(c) != c})
    texts = [
        c
        for c, t in safe.schema.items()
        if t == pl.String or isinstance(t, (pl.Categorical, pl.Enum))
    ]
    safe = safe.with_columns(neutralise_csv_expr(pl.col(c).cast(pl.String)).alias(c) for c in texts)
    return safe.write_csv(line_terminator=line_terminator)


def file_in_place(path: str | Path, *, force: bool) -> tuple[OutputFolder, str]:
    """The folder and name for a single file a user named (``--issues-out x.csv``)."""
    p = Path(path)
    return OutputFolder(p.parent if str(p.parent) else ".", force=force), p.name


def write_file_text(path: str | Path, text: str, *, force: bool) -> Path:
    """Write one named text file atomically (mappings, recipes, ``--issues-out``)."""
    folder, name = file_in_place(path, force=force)
    with folder:
        return folder.write_text(name, text)


def write_file_csv(path: str | Path, frame: pl.DataFrame, *, force: bool) -> Path:
    """Write one named CSV file atomically with every cell neutralised."""
    folder, name = file_in_place(path, force=force)
    with folder:
        return folder.write_csv(name, frame)


def _acquire(root: Path) -> None:
    with _held_guard:
        if root in _held:
            count, fh = _held[root]
            _held[root] = (count + 1, fh)
            return
        _held[root] = (1, _lock_file(root))
    pattern = f".*{_TMP_SUFFIX}"
    for tmp in [*root.glob(pattern), *root.glob(f"*/{pattern}")]:  # a killed run's leftovers
        tmp.unlink(missing_ok=True)


def _lock_file(root: Path) -> IO[bytes]:
    """Open and lock the folder's lock file; it is removed again when the run ends, so a
    lock that was taken on a file another run just removed is dropped and taken anew."""
    path = root / LOCK_NAME
    for _ in range(20):
        fh = path.open("ab")
        if not _try_lock(fh):
            fh.close()
            msg = (
                f"the output folder {str(root)!r} is busy: another clientmig run is writing "
                "into it. Wait for it to finish or choose another --out."
            )
            raise ExportError(msg)
        try:
            same = path.stat().st_ino == os.fstat(fh.fileno()).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fh
        fh.close()
    msg = f"could not lock the output folder {str(root)!r}; try again."
    raise ExportError(msg)


def _release(root: Path) -> None:
    with _held_guard:
        count, fh = _held[root]
        if count > 1:
            _held[root] = (count - 1, fh)
            return
        del _held[root]
        (root / LOCK_NAME).unlink(missing_ok=True)  # removed while still locked, then freed
        fh.close()


def _try_lock(fh: IO[bytes]) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
