"""Where a batch run's claims go: a JSONL file or a folder of Parquet part files, each with a
progress file that records the committed batches (see ``batch`` for the crash-safety contract).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import List, Optional, Tuple, Union

from ..errors import Errors, error
from .formats import claim_schema

PathLike = Union[str, Path]
#: output suffixes: one JSONL file, or a folder of Parquet part files
OUTPUT_SUFFIXES = (".jsonl", ".parquet")


def _fsync_append(path: Path, text: str) -> int:
    """Append ``text`` to ``path``, flushed to disk. RETURNS (int): the file size afterwards."""
    with open(path, "a", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
        return fh.tell()


def _read_progress(path: Path) -> Tuple[Optional[dict], List[dict]]:
    """Header and committed batch lines of a progress file; a torn last line is cut off the file."""
    if not path.exists():
        return None, []
    raw = path.read_bytes()
    header, batches, good = None, [], 0
    pos = 0
    for line in raw.split(b"\n"):
        end = pos + len(line) + 1
        if end > len(raw):  # no newline: a line cut by a crash
            break
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            break
        if header is None:
            header = rec
        else:
            batches.append(rec)
        good, pos = end, end
    if good < len(raw):
        with open(path, "r+b") as fh:
            fh.truncate(good)
    return header, batches


class Sink:
    """Where claims go, batch by batch; ``done`` holds the ids of committed articles."""

    kind = ""

    def __init__(self, output: Path, progress: Path, header: dict, resume: bool) -> None:
        self.output, self.progress, self.header = output, progress, header
        self.done: set = set()
        self.n_batches = 0
        self.n_claims_before = 0
        old_header, batches = _read_progress(progress) if resume else (None, [])
        if resume and old_header is None and self._has_output():
            raise error(Errors.E020, path=output, detail="it exists but has no progress file, so it was "
                        "not written by a batch run; remove it or pass --no-resume "
                        "(resume=False) to overwrite it")
        if old_header is not None:
            for key in ("format", "model", "output_kind", "prefilter"):
                if old_header.get(key) != header.get(key):
                    raise error(Errors.E020, path=output, detail=(
                        f"it was started with {key} {old_header.get(key)!r}, this run has {header.get(key)!r}; "
                        "use the same settings to resume, or pass --no-resume (resume=False) to start over"))
            for b in batches:
                self.done.update(b["ids"])
                self.n_claims_before += b.get("claims", 0)
            self.n_batches = len(batches)
            self._recover(batches)
        else:
            self._reset()
            _fsync_append(progress, json.dumps(header, ensure_ascii=False) + "\n")

    def _commit(self, ids: List[str], n_claims: int, **extra) -> None:
        line = {"batch": self.n_batches, "ids": ids, "claims": n_claims, **extra}
        _fsync_append(self.progress, json.dumps(line, ensure_ascii=False) + "\n")
        self.done.update(ids)
        self.n_batches += 1

    def _has_output(self) -> bool:
        raise NotImplementedError

    def _reset(self) -> None:
        raise NotImplementedError

    def _recover(self, batches: List[dict]) -> None:
        raise NotImplementedError

    def write(self, ids: List[str], rows: List[dict]) -> None:
        raise NotImplementedError


class JsonlSink(Sink):
    """Claims appended to one JSONL file; the progress file records the file size after each batch."""

    kind = "jsonl"

    def __init__(self, output: Path, header: dict, resume: bool) -> None:
        super().__init__(output, output.with_name(output.name + ".progress"), header, resume)

    def _has_output(self) -> bool:
        return self.output.exists()

    def _reset(self) -> None:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.output.write_bytes(b"")
        self.progress.write_bytes(b"")

    def _recover(self, batches: List[dict]) -> None:
        offset = batches[-1]["offset"] if batches else 0
        if not self.output.exists():
            raise error(Errors.E020, path=self.output, detail="its progress file exists but the claims "
                        "file is gone; pass --no-resume (resume=False) to start over")
        if self.output.stat().st_size < offset:
            raise error(Errors.E020, path=self.output, detail=(
                f"it is shorter ({self.output.stat().st_size} bytes) than its progress file records ({offset}); "
                "pass --no-resume (resume=False) to start over"))
        with open(self.output, "r+b") as fh:  # drop what a crashed batch left half-written
            fh.truncate(offset)

    def write(self, ids: List[str], rows: List[dict]) -> None:
        offset = _fsync_append(self.output, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        self._commit(ids, len(rows), offset=offset)


class ParquetSink(Sink):
    """One Parquet part file per batch inside the output folder (read it whole with ``pd.read_parquet(folder)``)."""

    kind = "parquet"

    def __init__(self, output: Path, header: dict, resume: bool) -> None:
        super().__init__(output, output / "_progress.jsonl", header, resume)

    def _has_output(self) -> bool:
        return self.output.exists() and (not self.output.is_dir() or any(self.output.iterdir()))

    def _reset(self) -> None:
        if self.output.exists() and not self.output.is_dir():
            raise error(Errors.E020, path=self.output, detail="a Parquet output is a folder of part "
                        "files, but a file of that name exists; remove it")
        self.output.mkdir(parents=True, exist_ok=True)
        for p in self.output.glob("part-*.parquet"):
            p.unlink()
        self.progress.write_bytes(b"")

    def _recover(self, batches: List[dict]) -> None:
        keep = {b["part"] for b in batches}
        for p in self.output.glob("part-*.parquet"):  # parts of a batch that never committed
            if p.name not in keep:
                p.unlink()
        for p in self.output.glob(".part-*.tmp"):
            p.unlink()
        missing = sorted(k for k in keep if not (self.output / k).exists())
        if missing:
            raise error(Errors.E020, path=self.output, detail=f"part files {missing[:3]} recorded as done "
                        "are gone; pass --no-resume (resume=False) to start over")

    def write(self, ids: List[str], rows: List[dict]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = f"part-{self.n_batches:06d}.parquet"
        tmp = self.output / f".{name}.tmp"
        pq.write_table(pa.Table.from_pylist(rows, schema=claim_schema()), tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.output / name)
        self._commit(ids, len(rows), part=name)


def open_sink(output: PathLike, *, header: dict, resume: bool = True) -> Sink:
    """A JSONL or Parquet sink for ``output`` (chosen by its suffix), resumed from its progress file.

    RAISES ValueError: E020 when the output cannot be resumed safely (see the message).
    """
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise error(Errors.E015, what="--output", expected="a .jsonl file or a .parquet folder",
                    found=str(output))
    if suffix == ".jsonl" and output.is_dir():
        raise error(Errors.E020, path=output, detail="is a folder, not a JSONL file; name a file "
                    f"(e.g. {output / 'claims.jsonl'}) or a .parquet folder")
    cls = JsonlSink if suffix == ".jsonl" else ParquetSink
    return cls(output, {**header, "output_kind": cls.kind}, resume)
