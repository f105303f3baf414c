"""Files and directories only the server's own user may read (issue 13: data on disk).

Used by the settings before Django is set up, so it imports nothing from Django.
"""

from __future__ import annotations

import os
from pathlib import Path


def private_dir(path: str | os.PathLike) -> Path:
    """Create `path` (and missing parents) as 0700; narrow an existing directory of ours to 0700."""
    directory = Path(path)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _narrow(directory, 0o700)
    return directory


def private_file(path: str | os.PathLike, *, directory: str | os.PathLike | None = None) -> Path:
    """Make sure `path` exists as a 0600 file (an empty file is an empty SQLite database), in a 0700 `directory`."""
    file = Path(path)
    if directory is not None:
        private_dir(directory)
    if str(file) in ("", ":memory:") or str(file).startswith("file:"):
        return file  # an in-memory database (the tests): nothing on disk
    file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(file, os.O_CREAT | os.O_RDONLY, 0o600)
    os.close(fd)
    for companion in (file, *(file.with_name(file.name + s) for s in ("-wal", "-shm", "-journal"))):
        if companion.exists():
            _narrow(companion, 0o600)  # SQLite creates these with the database's mode; older ones may be wider
    return file


def _narrow(path: Path, mode: int) -> None:
    """chmod when we own it and it is wider; a directory someone else set up (a shared mount) is left alone."""
    try:
        info = path.stat()
        if info.st_uid == os.getuid() and info.st_mode & 0o777 & ~mode:
            path.chmod(mode)
    except OSError:
        pass
