"""Build the static HTML site from the executed notebooks (offline).

    python scripts/build_site.py [--out build/site]

One page per notebook, rendered by nbconvert with the collection's template
(``scripts/site_template/reset``: the JupyterLab look, no CDN scripts, a
navigation bar with previous/next links and a table of contents). The first
notebook (``00_start_here``) becomes ``index.html``. Links between notebooks
(``01_corpus.ipynb``) are rewritten to the pages (``01_corpus.html``). Plots
are embedded in the pages as data URIs, so the folder is self-contained.
"""
from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = Path(__file__).resolve().parent / "site_template"
COLLECTION = 'The US–Russia "reset" in the news'
HEADING = re.compile(r'<h([23])\s+id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def page_name(notebook: Path, index_stem: str) -> str:
    return "index.html" if notebook.stem == index_stem else notebook.stem + ".html"


def notebook_title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if m:
                return re.sub(r"[*_`]", "", m.group(1)).strip()
    return fallback


def short_title(title: str) -> str:
    """'01 · The corpus: five articles …' -> '01 · The corpus'."""
    return title.split(":")[0].strip()


def toc_of(body: str) -> list[dict]:
    items = []
    for level, anchor, inner in HEADING.findall(body):
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("¶", "").strip()
        items.append({"level": int(level), "anchor": anchor, "title": ("\u2003" if level == "3" else "") + text})
    return items


def link_pages(body: str, pages: dict[str, str]) -> str:
    """Rewrite href="NN_name.ipynb(#anchor)" to the page of that notebook."""
    def repl(m: re.Match) -> str:
        target = pages.get(m.group(1))
        return f'href="{target}{m.group(2) or ""}"' if target else m.group(0)
    return re.sub(r'href="([\w.-]+\.ipynb)(#[^"]*)?"', repl, body)


def build(notebooks: list[Path], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    index_stem = notebooks[0].stem
    pages = {nb.name: page_name(nb, index_stem) for nb in notebooks}
    books = [nbformat.read(p, as_version=4) for p in notebooks]
    titles = [notebook_title(nb, p.stem) for nb, p in zip(books, notebooks)]
    exporter = HTMLExporter(template_name="reset", extra_template_basedirs=[str(TEMPLATE_DIR)])
    written = []
    for i, (path, nb) in enumerate(zip(notebooks, books)):
        nav = {
            "collection": COLLECTION,
            "prev": {"href": pages[notebooks[i - 1].name], "title": short_title(titles[i - 1])} if i > 0 else None,
            "next": ({"href": pages[notebooks[i + 1].name], "title": short_title(titles[i + 1])}
                     if i + 1 < len(notebooks) else None),
            "toc": [],
        }
        resources = {"metadata": {"name": titles[i]}, "site": nav}
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        nav["toc"] = toc_of(body)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": titles[i]}, "site": nav})
        target = out / pages[path.name]
        target.write_text(link_pages(body, pages), encoding="utf-8")
        written.append(target)
    return written


def site_notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    a = ap.parse_args(argv)
    for page in build(site_notebooks(), a.out):
        print(f"wrote {page.relative_to(ROOT) if page.is_relative_to(ROOT) else page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
