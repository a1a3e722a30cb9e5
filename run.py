#!/usr/bin/env python3
"""One entry point for the project. Needs only Python 3.11 (standard library) to start.

    python3 run.py build   # create .venv if missing, execute every notebook in place, build the site in build/site/
    python3 run.py test    # create .venv if missing (with the test-only packages), run the whole suite offline:
                           # every stored notebook executed once by nbval and compared, then the integrity check
    python3 run.py lab     # open JupyterLab on notebooks/
    python3 run.py params notebooks/02_topics.ipynb -p K 8   # rerun one notebook with other parameters
    python3 run.py bench   # the scaling benchmark (benchmarks/run_benchmark.py)
    python3 run.py times   # time each lesson's rerun and each exercise (benchmarks/notebook_times.csv)

The environment lives in .venv/ and is (re)installed whenever pyproject.toml or
requirements.lock changes; the test command adds requirements-test.lock (what only the tests need).
Everything after the install runs without network.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
STAMP = VENV / ".installed"
TEST_STAMP = VENV / ".installed-test"
BUILD_HASH_SEED = "0"      # notebooks are stored executed with this hash seed ...
TEST_HASH_SEED = "4242"    # ... and nbval re-runs them with another: outputs must not depend on it


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _install_fingerprint(*files: Path) -> str:
    h = hashlib.sha256()
    for f in (ROOT / "pyproject.toml", *files):
        h.update(f.read_bytes())
    h.update(sys.version.encode())
    return h.hexdigest()


def ensure_env(tests: bool = False) -> Path:
    """Create .venv and install the project with its pinned dependencies, if not done already; with ``tests``,
    also what only the test suite needs (requirements-test.lock)."""
    py = _ensure_base_env()
    want = _install_fingerprint(LOCK, TEST_LOCK)
    if tests and not (TEST_STAMP.exists() and TEST_STAMP.read_text().strip() == want):
        print("[run.py] installing the test-only packages (requirements-test.lock) ...", flush=True)
        subprocess.run([str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", str(TEST_LOCK)],
                       check=True, cwd=ROOT)
        TEST_STAMP.write_text(want + "\n")
    return py


def _ensure_base_env() -> Path:
    py = venv_python()
    want = _install_fingerprint(LOCK)
    if py.exists() and STAMP.exists() and STAMP.read_text().strip() == want:
        return py
    if not py.exists():
        print("[run.py] creating .venv ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print("[run.py] installing pinned dependencies (requirements.lock) ...", flush=True)
    pip = [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run(pip + ["-r", str(LOCK)], check=True, cwd=ROOT)
    subprocess.run(pip + ["--no-deps", "-e", "."], check=True, cwd=ROOT)
    # Build matplotlib's font cache now, so its one-off notice never lands in a notebook's stderr.
    subprocess.run([str(py), "-c", "import matplotlib.pyplot"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    STAMP.write_text(want + "\n")
    TEST_STAMP.unlink(missing_ok=True)
    return py


def env_for_runs(hash_seed: str) -> dict:
    env = dict(os.environ)
    env.update({"PYTHONHASHSEED": hash_seed, "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                "PYDEVD_DISABLE_FILE_VALIDATION": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"})
    # One BLAS/OpenMP thread: a sum split over another number of threads rounds differently in its last bits.
    # (Other CPUs and BLAS builds still differ; printed numbers are rounded and plots compared as pictures.)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    env.pop("PYTHONPATH", None)
    return env


def offline_prefix() -> list[str]:
    """A command prefix that cuts the network (loopback stays up for the kernels), where the OS allows it."""
    if os.environ.get("RESET_ALLOW_NETWORK") == "1" or not shutil.which("unshare"):
        return []
    probe = subprocess.run(["unshare", "-rn", "sh", "-c", "ip link set lo up"], capture_output=True)
    if probe.returncode != 0:
        print("[run.py] note: cannot create a network namespace here; running with the network as it is.")
        return []
    return ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"]


def cmd_build(args: list[str]) -> int:
    py = ensure_env()
    t0 = time.perf_counter()
    offline, env = offline_prefix(), env_for_runs(BUILD_HASH_SEED)
    rc = subprocess.run(offline + [str(py), str(ROOT / "scripts" / "execute_notebooks.py"), *args],
                        cwd=ROOT, env=env).returncode
    if rc == 0:
        rc = subprocess.run(offline + [str(py), str(ROOT / "scripts" / "build_site.py")], cwd=ROOT, env=env).returncode
    print(f"[run.py] build finished in {time.perf_counter() - t0:.1f} s (exit {rc})")
    return rc


def raw_fingerprint() -> dict[str, str]:
    """SHA-256 of every file under data/raw/ (the raw corpus must never change)."""
    return {str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((ROOT / "data" / "raw").rglob("*")) if p.is_file()}


def stored_outputs_diff() -> str:
    """`git diff --stat` of the stored notebooks ('' if none, or if this is not a git checkout).

    The build keeps a stored plot whose new rendering is the same picture (scripts/stored_outputs.py), so
    on a machine whose floats differ in their last bits this stays empty; any diff left is a real change."""
    if not (ROOT / ".git").exists() or not shutil.which("git"):
        return ""
    done = subprocess.run(["git", "diff", "--stat", "--", "notebooks", "solutions"], cwd=ROOT,
                          capture_output=True, text=True)
    return done.stdout.strip()


def real_output_differences(py: Path) -> str:
    """Each real difference (text exactly, pictures by tolerance) of the changed notebooks against git HEAD."""
    names = subprocess.run(["git", "diff", "--name-only", "--", "notebooks", "solutions"], cwd=ROOT,
                           capture_output=True, text=True).stdout.split()
    if not names:
        return ""
    done = subprocess.run([str(py), str(ROOT / "scripts" / "stored_outputs.py"), *names], cwd=ROOT,
                          capture_output=True, text=True)
    return (done.stdout + done.stderr).strip()


def cmd_test(args: list[str]) -> int:
    """The whole suite. Without arguments: (1) pytest, offline: unit tests, nbval over every stored notebook (each
    executed once, with another hash seed than the build's; text compared exactly, plots as pictures), the site,
    bring-your-own-corpus; (2) check that data/raw/ is byte-identical and that the stored notebooks have no diff.
    With arguments, only pytest on those paths (for development)."""
    py = ensure_env(tests=True)
    t0 = time.perf_counter()
    full = not args
    raw_before, diff_before = raw_fingerprint(), stored_outputs_diff()
    cmd = [str(py), "-m", "pytest", "--nbval", "--nbval-current-env", "-n", "2", "--dist", "loadfile",
           "--nbval-cell-timeout", "600", "--durations", "15", *args]
    rc = subprocess.run(offline_prefix() + cmd, cwd=ROOT, env=env_for_runs(TEST_HASH_SEED)).returncode
    if full:
        problems = []
        if raw_fingerprint() != raw_before:
            problems.append("data/raw/ changed during the run: the raw corpus must never be written")
        diff_after = stored_outputs_diff()
        if diff_after != diff_before:
            problems.append("the test run changed stored notebooks:\n" + diff_after + "\n"
                            + real_output_differences(py))
        print("[run.py] integrity: " + ("; ".join(problems) if problems else
                                       "data/raw/ byte-identical, stored notebooks unchanged"))
        rc = rc or (1 if problems else 0)
    print(f"[run.py] test suite finished in {time.perf_counter() - t0:.1f} s (exit {rc})")
    return rc


def cmd_lab(args: list[str]) -> int:
    py = ensure_env()
    return subprocess.run([str(py), "-m", "jupyterlab", "--notebook-dir", str(ROOT / "notebooks"), *args],
                          cwd=ROOT).returncode


def cmd_params(args: list[str]) -> int:
    py = ensure_env()
    return subprocess.run([str(py), str(ROOT / "scripts" / "run_with_params.py"), *args], cwd=ROOT,
                          env=env_for_runs(BUILD_HASH_SEED)).returncode


def cmd_bench(args: list[str]) -> int:
    py = ensure_env()
    return subprocess.run([str(py), str(ROOT / "benchmarks" / "run_benchmark.py"), *args], cwd=ROOT,
                          env=env_for_runs(BUILD_HASH_SEED)).returncode


def cmd_times(args: list[str]) -> int:
    py = ensure_env()
    return subprocess.run([str(py), str(ROOT / "scripts" / "time_notebooks.py"), *args], cwd=ROOT,
                          env=env_for_runs(BUILD_HASH_SEED)).returncode


COMMANDS = {"build": cmd_build, "test": cmd_test, "lab": cmd_lab, "params": cmd_params, "bench": cmd_bench,
            "times": cmd_times}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
