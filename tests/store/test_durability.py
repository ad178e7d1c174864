"""An acknowledged append survives the process being killed right after it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from servanda.ledger import MemoryTree, SignerKey
from servanda.store import LogStore

APPENDER = textwrap.dedent(
    """
    import sys, threading
    from servanda.store import LogStore

    store = LogStore.open(sys.argv[1])
    lock = threading.Lock()

    def write(writer):
        n = 0
        while True:
            entry = f"w{writer}-{n}".encode()
            index = store.append(entry)
            with lock:  # acknowledged: the index is printed only once durable
                print(index, entry.decode(), flush=True)
            n += 1

    for writer in range(4):
        threading.Thread(target=write, args=(writer,), daemon=True).start()
    threading.Event().wait()
    """
)


def test_an_acknowledged_append_survives_sigkill(db_url: str) -> None:
    LogStore.create(db_url, SignerKey.generate("example.org/durable")).close()
    process = subprocess.Popen(
        [sys.executable, "-c", APPENDER, db_url], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    acknowledged: dict[int, bytes] = {}
    for line in process.stdout:
        index, entry = line.split()
        acknowledged[int(index)] = entry.encode()
        if len(acknowledged) == 200:
            break
    os.kill(process.pid, signal.SIGKILL)  # right after the 200th acknowledgement
    process.wait()
    process.stdout.close()
    with LogStore.open(db_url) as store:
        size = store.size()
        assert size >= max(acknowledged) + 1
        stored = store.entries(0, size)
        assert all(stored[index] == entry for index, entry in acknowledged.items())
        assert store.root() == MemoryTree.from_entries(stored).root()
        assert store.append(b"after the crash") == size  # the edge reloads from disk
