"""``make demo``, the transparency log part: two guarantors' witnesses, a log, a proof.

Every step runs the real ``servanda`` command and prints it with its output:
two witness keys, a log in a temporary SQLite database, two witnesses serving on free
localhost ports in the background, the example accords, the Minsk II evidence and the
assessment published from it appended, a checkpoint cosigned by both witnesses, an
accord's and an evidence record's tlog-proofs verified offline (and a wrong record
refused), then the witnesses are stopped. Exits non-zero if any step does not do what
it should.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from _demo import ROOT, SERVANDA, run, step

ORIGIN = "demo.servanda.example/accords"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"demo: the witness at {url} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    sys.exit(f"demo: the witness at {url} did not start")


def main() -> None:
    accords = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.yaml"))
    witnesses: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="servanda-demo-") as folder:
        tmp = Path(folder)
        db = f"sqlite:///{tmp}/log.sqlite"
        try:
            step("Two guarantor states each make a witness key")
            keys = {}
            for name in ("DE", "FR"):
                key_file = str(tmp / f"{name.lower()}.key")
                vkey = run(
                    "keys",
                    "new",
                    f"{name.lower()}.guarantor.example/witness",
                    "--witness",
                    "--out",
                    key_file,
                )
                keys[name] = (key_file, vkey.strip())

            step("The operator creates the log")
            log_key = run("log", "init", "--origin", ORIGIN, "--db", db).strip()

            step("Each guarantor starts its witness, trusting the log's key")
            urls = {}
            for name, (key_file, _) in keys.items():
                url = f"http://127.0.0.1:{free_port()}"
                listen = url.removeprefix("http://")
                command = [
                    "witness",
                    "serve",
                    "--key",
                    key_file,
                    "--log-key",
                    log_key,
                    "--db",
                    f"sqlite:///{tmp}/{name.lower()}-witness.sqlite",
                    "--listen",
                    listen,
                ]
                print(f"$ servanda {' '.join(command)} &", flush=True)
                process = subprocess.Popen([SERVANDA, *command])
                witnesses.append(process)
                wait_until_up(url, process)
                urls[name] = url
            for name, (_, vkey) in keys.items():
                run("log", "witness", "add", name, vkey, urls[name], "--db", db)

            step("The example accords go into the log (canonical JSON of each)")
            run("log", "append", *accords, "--db", db)

            evidence = "examples/minsk-ii.jsonl"
            step(f"The evidence about Minsk II goes in, one entry per record ({evidence})")
            appended = run("log", "append", evidence, "--db", db, show=False).splitlines()
            print("\n".join([*appended[:3], "...", *appended[-2:]]), flush=True)
            contested = "smm-2015-02-25-ua"
            line = next(
                number
                for number, text in enumerate((ROOT / evidence).read_text().splitlines(), 1)
                if f'"{contested}"' in text
            )
            evidence_index = next(
                int(row.split("\t")[0]) for row in appended if row.endswith(f":{line}")
            )

            step("So does the assessment the operator publishes from it")
            published = tmp / "minsk-ii-as-of-2015-04-01.json"
            published.write_text(
                run(
                    "assess",
                    "examples/minsk-ii.yaml",
                    "-e",
                    evidence,
                    "--as-of",
                    "2015-04-01",
                    show=False,
                )
            )
            run("log", "append", str(published), "--db", db)

            step("A checkpoint, signed by the log and cosigned by both witnesses")
            run("log", "checkpoint", "--db", db)

            record = accords.index("examples/minsk-ii.yaml")
            proof = tmp / "minsk-ii.tlog-proof"
            step(f"The proof that {accords[record]} is entry {record}")
            proof.write_text(run("log", "proof", "--index", str(record), "--db", db, show=False))
            print(proof.read_text().rstrip(), flush=True)

            step("Anyone verifies it offline, trusting only the keys")
            trust = [
                "--log-key",
                log_key,
                "--witness",
                keys["DE"][1],
                "--witness",
                keys["FR"][1],
                "--quorum",
                "2",
            ]
            run("verify", accords[record], str(proof), *trust)
            print("... and a record that is not the one logged is refused:", flush=True)
            other = accords[(record + 1) % len(accords)]
            run("verify", other, str(proof), *trust, expect=1)

            step(f"The same for one evidence record: {contested} (line {line} of {evidence})")
            record_proof = tmp / f"{contested}.tlog-proof"
            record_proof.write_text(
                run("log", "proof", "--index", str(evidence_index), "--db", db, show=False)
            )
            run("verify", evidence, str(record_proof), "--line", str(line), *trust)
        finally:
            step("The witnesses stop")
            for process in witnesses:
                process.terminate()
            for process in witnesses:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            print(f"stopped {len(witnesses)} witnesses", flush=True)


if __name__ == "__main__":
    main()
