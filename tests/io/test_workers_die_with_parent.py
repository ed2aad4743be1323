"""Issue 14.9: worker processes of extract_many(n_process=2) do not outlive a kill -9 of the parent."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = r"""
import sys, time
sys.path.insert(0, {root!r})
import jamsostek_ie
from tests.stub_pipeline import stub_nlp
nlp = stub_nlp()
texts = ["Cakupan di Jawa Barat mencapai 31,85 persen."] * 400
it = jamsostek_ie.extract_many(texts, n_process=2, batch_size=4, nlp=nlp)
next(it)
print("ready", flush=True)
time.sleep(120)
"""


def _children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_extract_n_process_workers_die_after_kill_9_of_the_parent():
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT.format(root=str(ROOT))], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        assert proc.stdout.readline().strip() == "ready"
        workers = [c for c in _children(proc.pid) if _alive(c)]
        assert len(workers) >= 2
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, f"orphan workers {left} outlived the parent"
