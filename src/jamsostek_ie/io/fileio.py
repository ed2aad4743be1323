"""Small file helpers: atomic writes, tolerant text reads, JSONL with line numbers."""
from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Tuple, Union

from ..errors import Errors, error

PathLike = Union[str, Path]


def text_sha256(text: str) -> str:
    """sha256 hex digest of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_text(text: str) -> str:
    """Drop a byte-order mark and turn CRLF / CR line endings into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def non_regular_kind(path: PathLike) -> Optional[str]:
    """What ``path`` is when it exists but is not a regular file (links followed): "a FIFO", "a socket",
    "a device", "a folder"; None for a regular file or a path that does not exist (reading it fails then).
    Reading a FIFO would block forever."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


def read_text(path: PathLike) -> str:
    """Read a UTF-8 text file (BOM and CRLF tolerated).

    path (str | Path): the file.
    RETURNS (str): its text, a leading byte-order mark removed and CRLF / CR turned into LF (offsets
        of claims and annotations index this text).
    RAISES ValueError: E013 naming the file, line and byte when it cannot be read or is not UTF-8
        (Windows-1252, Latin-1, UTF-16), with the command that converts it.
    """
    path = Path(path)
    kind = non_regular_kind(path)
    if kind is not None:
        raise error(Errors.E013, where=str(path), detail=f"not a regular file but {kind}; skipped")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(Errors.E013, where=str(path), detail=exc.strerror or str(exc)) from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error(Errors.E013, where=f"{path}:1", detail="not UTF-8 but UTF-16 (its byte-order mark); "
                    "re-save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`")
    try:
        return normalise_text(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        detail = (f"not UTF-8: byte 0x{raw[exc.start]:02x} at line {line}, column {column} "
                  "(Windows-1252 or Latin-1?); re-save it as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`")
        raise error(Errors.E013, where=f"{path}:{line}", detail=detail) from exc


def _file_mode(path: Path) -> int:
    """The mode for (re)writing ``path``: the existing file's, else 0666 less the process umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write_text(path: PathLike, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: never half-written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, _file_mode(path))  # mkstemp makes 0600; keep the old file's mode or the umask default
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def dumps_jsonl(records: Iterable[dict]) -> str:
    """One compact JSON object per line, non-ASCII kept readable."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def iter_jsonl(path: PathLike) -> Iterator[Tuple[int, Union[dict, ValueError]]]:
    """Yield (line number, record) for each non-blank line; a bad line yields a ValueError instead."""
    text = read_text(path)
    for no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield no, ValueError(Errors.E001.format(where=f"{path}:{no}", detail=f"{exc.msg} at column {exc.colno}"))
            continue
        if not isinstance(value, dict):
            yield no, ValueError(Errors.E001.format(where=f"{path}:{no}",
                                                     detail=f"expected an object, found {type(value).__name__}"))
            continue
        yield no, value


def read_jsonl(path: PathLike) -> List[dict]:
    """Read a JSONL file strictly: the first bad line raises ValueError (E001)."""
    out = []
    for _, rec in iter_jsonl(path):
        if isinstance(rec, ValueError):
            raise rec
        out.append(rec)
    return out
