"""Build the static HTML site from the executed notebooks (offline).

    python scripts/build_site.py [--out build/site]

One page per notebook, rendered by nbconvert with the collection's template
(``scripts/site_template/reset``: the JupyterLab look, no CDN scripts, a
navigation bar with previous/next links and a table of contents). The first
notebook (``00_start_here``) becomes ``index.html``. Links between notebooks
(``01_corpus.ipynb``) are rewritten to the pages (``01_corpus.html``); worked
evidence notebooks (``notebooks/evidence/``, the methods appendix of each lesson) go under ``evidence/`` in a
section of their own, solutions under ``solutions/``, and Markdown documents in ``docs/`` (the
teaching guide) become plain pages. Plots
are embedded in the pages as data URIs, so the folder is self-contained.
"""
from __future__ import annotations

import argparse
import html
import os
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


def link_pages(body: str, source_dir: Path, page: Path, pages: dict[Path, Path]) -> str:
    """Rewrite links to notebooks (and docs) in ``body`` to their pages, relative to ``page``.

    ``pages`` maps a source file (notebook or Markdown doc, resolved) to its page under the site root;
    ``page`` is the page being written (relative to the site root); ``source_dir`` the folder of its source.
    """
    def repl(m: re.Match) -> str:
        src = (source_dir / html.unescape(m.group(1))).resolve()
        if src not in pages:
            return m.group(0)
        rel = os.path.relpath(pages[src], start=page.parent)
        return f'href="{rel}{m.group(2) or ""}"'
    return re.sub(r'href="([\w./-]+\.(?:ipynb|md))(#[^"]*)?"', repl, body)


def build_group(group: list[Path], out: Path, pages: dict[Path, Path], exporter: HTMLExporter,
                collection: str) -> list[Path]:
    """Render one ordered group of notebooks (prev/next links run within the group)."""
    books = [nbformat.read(p, as_version=4) for p in group]
    titles = [notebook_title(nb, p.stem) for nb, p in zip(books, group)]
    written = []
    for i, (path, nb) in enumerate(zip(group, books)):
        page = pages[path.resolve()]
        rel = lambda q: os.path.relpath(pages[q.resolve()], start=page.parent)  # noqa: E731
        nav = {
            "collection": collection,
            "root": os.path.relpath("index.html", start=page.parent),
            "prev": {"href": rel(group[i - 1]), "title": short_title(titles[i - 1])} if i > 0 else None,
            "next": {"href": rel(group[i + 1]), "title": short_title(titles[i + 1])} if i + 1 < len(group) else None,
            "toc": [],
        }
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": titles[i]}, "site": nav})
        nav["toc"] = toc_of(body)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": titles[i]}, "site": nav})
        target = out / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(link_pages(body, path.parent, page, pages), encoding="utf-8")
        written.append(target)
    return written


def build_doc(md: Path, out: Path, page: Path, pages: dict[Path, Path]) -> Path:
    """Render a Markdown document (e.g. the teaching guide) as a plain page of the site."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    body = markdown2html_mistune(md.read_text(encoding="utf-8"))
    title = html.escape(md.stem.replace("_", " ").capitalize() if page.parent == Path(".") else str(page.with_suffix(".md")))
    doc = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/><title>{title}</title>'
           '<style>body{font-family:sans-serif;max-width:52em;margin:2em auto;padding:0 1em;line-height:1.5}'
           'table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:0.3em 0.6em}</style></head>'
           f'<body><nav><a href="{os.path.relpath("index.html", start=page.parent)}">{html.escape(COLLECTION)}</a>'
           f'</nav>\n{body}\n</body></html>\n')
    target = out / page
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(link_pages(doc, md.parent, page, pages), encoding="utf-8")
    return target


def build(notebooks: list[Path], out: Path, solutions: list[Path] | None = None,
          docs: list[Path] | None = None, evidence: list[Path] | None = None) -> list[Path]:
    """Write the site: ``notebooks`` (the lessons) at the root (the first as index.html), ``evidence`` under
    evidence/, ``solutions`` under solutions/, ``docs`` (Markdown) as pages at the root. Returns the pages
    written."""
    out.mkdir(parents=True, exist_ok=True)
    solutions, docs, evidence = solutions or [], docs or [], evidence or []
    index_stem = notebooks[0].stem
    pages = {nb.resolve(): Path(page_name(nb, index_stem)) for nb in notebooks}
    pages.update({nb.resolve(): Path("evidence") / (nb.stem + ".html") for nb in evidence})
    pages.update({nb.resolve(): Path("solutions") / (nb.stem + ".html") for nb in solutions})
    pages.update({d.resolve(): doc_page(d) for d in docs})
    exporter = HTMLExporter(template_name="reset", extra_template_basedirs=[str(TEMPLATE_DIR)])
    written = build_group(notebooks, out, pages, exporter, COLLECTION)
    if evidence:
        written += build_group(evidence, out, pages, exporter, COLLECTION + " — evidence (methods appendix)")
    if solutions:
        written += build_group(solutions, out, pages, exporter, COLLECTION + " — worked solutions")
    written += [build_doc(d, out, pages[d.resolve()], pages) for d in docs]
    return written


def site_notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def site_evidence() -> list[Path]:
    return sorted((ROOT / "notebooks" / "evidence").glob("*.ipynb"))


def site_solutions() -> list[Path]:
    return sorted((ROOT / "solutions").glob("*.ipynb"))


def site_docs() -> list[Path]:
    """Markdown pages of the site: docs/ (the teaching guide) and the data folder's READMEs, coding guides and
    provenance files (so a notebook can link them); never anything under data/raw/."""
    data = [p for p in (ROOT / "data").rglob("*.md") if "raw" not in p.relative_to(ROOT / "data").parts]
    return sorted((ROOT / "docs").glob("*.md")) + sorted(data)


def doc_page(md: Path) -> Path:
    """The page of a Markdown document: docs/x.md -> x.html; data/a/b.md -> data/a/b.html."""
    md = md.resolve()
    if md.parent == (ROOT / "docs").resolve():
        return Path(md.stem + ".html")
    return md.relative_to(ROOT.resolve()).with_suffix(".html")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    a = ap.parse_args(argv)
    for page in build(site_notebooks(), a.out, site_solutions(), site_docs(), site_evidence()):
        print(f"wrote {page.relative_to(ROOT) if page.is_relative_to(ROOT) else page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
