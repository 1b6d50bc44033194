"""Every example of the README runs as written (see readme_blocks.py for the tags that say how)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from readme_blocks import ROOT, Block, tagged

from pipeline.cli import app

EXAMPLES, UNTAGGED = tagged()
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent
COPIED = ("corpus", "configs", "annotations", "models")
NEEDS = {
    "seeds": (SHARED / "seeds", "the seed articles (../shared/seeds) are not here"),
    "corpora": (SHARED / "corpora", "the shared corpora of the real gold (../shared/corpora) are not here"),
    "datasets": (
        SHARED / "datasets" / "semeval2016-stance",
        "the public datasets (../shared/datasets, see 'Public datasets' in the README) are not here",
    ),
}
# Commands the README need not run: an alias of a command it runs.
ALIASES = {"evaluate-model": "evaluate --model"}

WAIT = r"""
wait_for() {  # wait_for http://HOST:PORT/PATH or tcp://HOST:PORT: until it answers (60 s)
  "$DOCS_PYTHON" - "$1" <<'PY'
import socket, sys, time, urllib.error, urllib.parse, urllib.request
url = urllib.parse.urlparse(sys.argv[1])
for _ in range(600):
    try:
        if url.scheme == "http":
            try:
                urllib.request.urlopen(sys.argv[1], timeout=2)
            except urllib.error.HTTPError:
                pass  # an HTTP error status is an answer
        else:
            socket.create_connection((url.hostname, url.port), timeout=2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("no answer from " + sys.argv[1])
PY
}
"""


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str
    workdir: Path

    def explain(self) -> str:
        return (
            f"exit {self.code}\n--- stdout ---\n{self.stdout[-4000:]}\n--- stderr ---\n{self.stderr[-4000:]}"
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _workspace(tmp: Path, kind: str = "copy") -> Path:
    """A folder laid out like the clone the README's reader is in, with ``../shared`` beside it."""
    work = tmp / "work"
    if kind == "clone":
        files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
        for name in files.stdout.splitlines():
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target, follow_symlinks=False)
    else:
        for name in COPIED:
            shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    if SHARED.exists():
        (tmp / "shared").symlink_to(SHARED)
    return work


def _env(port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMSCOPE_")}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        DOCS_PYTHON=sys.executable,
        CLAIMSCOPE_PASSWORD="docs-test-password-1",
        CLAIMSCOPE_ARGON2_PROFILE="CHEAPEST",
        CLAIMSCOPE_PORT=str(port),
    )
    return env


def _script(block: Block, port: int) -> str:
    """The block as a bash script: background servers waited for, placeholders filled."""
    lines = ["set -euo pipefail", "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT", WAIT]
    for n, command in enumerate(block.commands()):
        for sub in block.values("sub"):
            old, _, new = sub.partition(":")
            command = command.replace(old, new.replace("FREE_PORT", str(port)))
        if block.has("serve") and command.startswith("claimscope serve"):
            lines += [f"{command} > serve-{n}.log 2>&1 &", f"wait_for http://127.0.0.1:{port}/login"]
        elif any(command.startswith(program) for program in block.values("background")):
            lines.append(f"{command} > background-{n}.log 2>&1 &")
            if f"--port {port}" in command:
                lines.append(f"wait_for tcp://127.0.0.1:{port}")
        else:
            lines.append(command)
    return "\n".join(lines) + "\n"


def _timeout(block: Block) -> int:
    return 3600 if block.has("long") else 1200 if block.has("slow") else 600


def run_block(block: Block, work: Path, env: dict[str, str] | None = None) -> Ran:
    port = _free_port()
    environment = {**_env(port), **(env or {})}
    if block.lang == "python":
        script = work / "readme_example.py"
        script.write_text(block.body, encoding="utf-8")
        command = [sys.executable, str(script)]
    else:
        command = ["bash", "-c", _script(block, port)]
    done = subprocess.run(
        command, cwd=work, env=environment, capture_output=True, text=True, timeout=_timeout(block)
    )
    return Ran(done.returncode, done.stdout, done.stderr, work)


@pytest.fixture(scope="session")
def provided(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Ran]:
    """``provides=PATH`` blocks, run once: their outputs are ``given`` to later examples."""
    made: dict[str, Ran] = {}
    for block in EXAMPLES:
        for path in block.values("provides"):
            work = _workspace(tmp_path_factory.mktemp("provided"))
            made[path] = run_block(block, work)
    return made


def _label_studio_export(corpus: Path, work: Path) -> None:
    """``export.json``: the tasks of ``corpus`` as Label Studio exports them once an annotator
    accepted every prediction (what the README's import line reads)."""
    tasks_file = work / ".tasks.json"
    subprocess.run(
        [
            str(BIN / "claimscope"),
            "export",
            "--format",
            "label-studio",
            "--from",
            str(corpus),
            "--out",
            str(tasks_file),
        ],
        check=True,
        capture_output=True,
        env=_env(_free_port()),
    )
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    for i, task in enumerate(tasks):
        task["id"] = i + 1
        task["annotations"] = [
            {
                "id": i + 1,
                "completed_by": 1,
                "result": task["predictions"][0]["result"],
                "updated_at": "2026-01-01",
            }
        ]
    (work / "export.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    tasks_file.unlink()
    tasks_file.with_name(".tasks.labeling-config.xml").unlink()


def _params() -> list[object]:
    params: list[object] = []
    for block in EXAMPLES:
        marks = [pytest.mark.slow] if block.has("slow") else []
        marks += [pytest.mark.long] if block.has("long") else []
        params.append(pytest.param(block, id=block.id, marks=marks))
    return params


@pytest.mark.parametrize("block", _params())
def test_readme_example_runs(block: Block, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if block.has("skip"):
        pytest.skip(f"README line {block.line}: {block.values('skip')[0]}")
    for need in block.values("needs"):
        path, why = NEEDS[need]
        if not path.exists():
            pytest.skip(f"README line {block.line}: {why}")
    if block.has("provides"):
        ran = request.getfixturevalue("provided")[block.values("provides")[0]]
    elif block.values("workspace") == ["repo"]:
        env = {"VENV": str(Path(sys.prefix)), "OUT": str(tmp_path / "out" / "corpus")}
        ran = run_block(block, ROOT, env)
        assert ran.code == 0, ran.explain()
        assert (tmp_path / "out" / "corpus" / "report.html").exists(), ran.explain()
        return
    else:
        work = _workspace(tmp_path, (block.values("workspace") or ["copy"])[0])
        for given in block.values("given"):
            if given == "export.json":
                _label_studio_export(work / "out" / "corpus", work)
                continue
            source: Ran = request.getfixturevalue("provided")[given]
            assert source.code == 0, source.explain()
            shutil.copytree(source.workdir / given, work / given)
        ran = run_block(block, work)
    assert ran.code == 0, ran.explain()
    for created in block.values("creates"):
        assert (ran.workdir / created).exists(), f"{created} was not written\n{ran.explain()}"


def test_every_code_block_of_the_readme_is_an_example() -> None:
    assert [(b.line, b.lang) for b in UNTAGGED] == [], (
        "add a <!-- docs-test: ... --> comment above each block"
    )
    assert len(EXAMPLES) > 10


def test_every_command_of_the_cli_is_run_by_a_readme_example() -> None:
    run: set[str] = set()
    for block in EXAMPLES:
        if block.has("skip"):
            continue
        for command in block.commands():
            words = command.replace(".venv/bin/", "").split()
            if len(words) > 1 and words[0] == "claimscope":
                run.add(words[1])
    commands = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    missing = sorted(str(c) for c in commands - run - set(ALIASES))
    assert missing == [], f"commands no README example runs: {missing}"
