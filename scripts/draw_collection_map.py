"""Draw the map of the collection (data -> text layer -> lessons -> evidence) and store it in notebook 00.

    .venv/bin/python scripts/draw_collection_map.py

The picture goes into the first markdown cell of ``notebooks/00_start_here.ipynb`` that shows
``attachment:collection_map.png`` (as a cell attachment, so JupyterLab, GitHub and the site show it offline), and
to ``build/collection_map.png`` for a look. Run it again when the collection's parts change.
"""
from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "00_start_here.ipynb"

COLUMNS = [
    ("Data", 0.115, [("data/raw/ + metadata.csv", "the five articles,\nbyte-identical"),
                    ("your own folder", "DATA_DIR: same layout,\nno code")]),
    ("Shared layer (helpers)", 0.365, [("helpers.corpus", "load, clean,\nparagraphs"),
                                      ("helpers.text", "sentences, tokens,\nphrase layer"),
                                      ("helpers.plots", "grayscale style")]),
    ("Lessons (the route)", 0.615, [("01 The corpus", "pandas"), ("02 Topics", "TfidfVectorizer, NMF"),
                                   ("03 Sentiment", "VADER"), ("04 Framing", "KWIC, NLTK collocations"),
                                   ("05 Scaling up", "Dask")]),
    ("Evidence (methods appendix)", 0.87, [("01 evidence", "cleaning audit, counts"),
                                           ("02 evidence", "k, seeds, nulls"),
                                           ("03 evidence", "NYT raters, NewsMTSC,\nAI-coded reference"),
                                           ("04 evidence", "two codings, held-out\nkappa, leak audit")]),
]


def box(ax, x, y, title, note, w=0.19, h=0.1, fill="#ffffff", weight="bold"):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.008", fc=fill, ec="#000000",
                                lw=1.0))
    ax.text(x, y + 0.018, title, ha="center", va="center", fontsize=9.5, fontweight=weight)
    ax.text(x, y - 0.022, note, ha="center", va="center", fontsize=7.5, color="#333333", linespacing=1.1)


def arrow(ax, a, b, style="-|>", ls="-"):
    ax.add_patch(FancyArrowPatch(a, b, arrowstyle=style, mutation_scale=10, lw=0.9, color="#555555", ls=ls,
                                 shrinkA=2, shrinkB=2))


def draw() -> bytes:
    fig, ax = plt.subplots(figsize=(10.5, 5.4), dpi=100)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    W = 0.2
    lesson_y, pos = {}, {}
    for title, x, items in COLUMNS:
        ax.text(x, 0.96, title, ha="center", va="center", fontsize=10.5, fontweight="bold")
        ys = [0.84 - i * 0.17 for i in range(len(items))] if len(items) > 3 else [0.74 - i * 0.2 for i in
                                                                                  range(len(items))]
        for (name, note), y in zip(items, ys):
            box(ax, x, y, name, note, w=W, fill="#eeeeee" if title.startswith("Shared") else "#ffffff")
            pos[name] = (x, y)
            if title.startswith("Lessons"):
                lesson_y[name[:2]] = y
            if title.startswith("Evidence"):
                arrow(ax, (0.615 + W / 2, lesson_y[name[:2]]), (x - W / 2, y))
    corpus, text = pos["helpers.corpus"], pos["helpers.text"]
    for name in ("data/raw/ + metadata.csv", "your own folder"):
        arrow(ax, (pos[name][0] + W / 2, pos[name][1]), (corpus[0] - W / 2, corpus[1]))
    arrow(ax, (corpus[0], corpus[1] - 0.05), (text[0], text[1] + 0.05))
    for y in lesson_y.values():
        arrow(ax, (text[0] + W / 2, text[1]), (0.615 - W / 2, y))
    ax.text(0.5, 0.03, "each lesson: Parameters -> the method in the library's own code -> back to the texts ->\n"
            "one check with its baseline -> what we found, limits -> exercises (worked solutions in solutions/)",
            ha="center", va="center", fontsize=8, style="italic")
    box(ax, 0.87, 0.16, "external data (data/)", "NYT sentences rated by 20 people,\nNewsMTSC, AI codings",
        w=W, fill="#eeeeee", weight="normal")
    arrow(ax, (0.87, 0.21), (pos["04 evidence"][0], pos["04 evidence"][1] - 0.05), ls="--")
    ax.add_patch(FancyArrowPatch((0.87 + W / 2, 0.16), (pos["03 evidence"][0] + W / 2, pos["03 evidence"][1]),
                                 connectionstyle="arc3,rad=0.25", arrowstyle="-|>", mutation_scale=10, lw=0.9,
                                 color="#555555", ls="--", shrinkA=2, shrinkB=2))
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def main() -> int:
    png = draw()
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "collection_map.png").write_bytes(png)
    if NOTEBOOK.exists():
        nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown" and "attachment:collection_map.png" in "".join(cell["source"]):
                cell["attachments"] = {"collection_map.png": {"image/png": base64.b64encode(png).decode()}}
                NOTEBOOK.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
                print("stored the map in", NOTEBOOK.relative_to(ROOT))
                break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
