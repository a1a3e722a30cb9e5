"""Rerun one notebook with other parameter values, into build/params/ (the stored notebook is untouched).

    python3 run.py params notebooks/02_topics.ipynb -p K 8 -p MODEL '"lda"'

Each ``-p NAME VALUE`` overrides a variable of the notebook's cell tagged
``parameters`` (papermill injects a cell after it). VALUE is read as a Python
literal (``8``, ``0.5``, ``None``, ``'"lda"'``), falling back to a plain string.
Writes ``build/params/<notebook>__NAME-VALUE….ipynb`` and the same name as
``.html``.
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import nbformat
import papermill as pm
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_site import TEMPLATE_DIR  # noqa: E402


def parse_value(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def output_name(notebook: Path, params: dict) -> str:
    tag = "__".join(f"{k}-{re.sub(r'[^A-Za-z0-9.]+', '_', str(v))}" for k, v in params.items())
    return f"{notebook.stem}__{tag}" if tag else notebook.stem


def declared_parameters(notebook: Path) -> set[str]:
    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    if not cells:
        raise SystemExit(f"{notebook.name} has no cell tagged 'parameters'.")
    return set(re.findall(r"^([A-Z_][A-Z0-9_]*)\s*=", cells[0].source, re.M))


def run(notebook: Path, params: dict, out_dir: Path) -> Path:
    unknown = set(params) - declared_parameters(notebook)
    if unknown:
        raise SystemExit(f"{notebook.name} has no parameter(s) {sorted(unknown)}; "
                         f"its parameters are {sorted(declared_parameters(notebook))}.")
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (output_name(notebook, params) + ".ipynb")
    pm.execute_notebook(str(notebook), str(out), parameters=params, kernel_name="python3",
                        cwd=str(notebook.parent), progress_bar=False, log_output=False)
    body, _ = HTMLExporter(template_name="reset", extra_template_basedirs=[str(TEMPLATE_DIR)]).from_notebook_node(
        nbformat.read(out, as_version=4),
        resources={"metadata": {"name": out.stem}, "site": {"collection": "Parameter run", "toc": []}})
    out.with_suffix(".html").write_text(body, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebook", type=Path)
    ap.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "params")
    a = ap.parse_args(argv)
    params = {name: parse_value(value) for name, value in a.parameter}
    out = run(a.notebook.resolve(), params, a.out)
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} and its .html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
