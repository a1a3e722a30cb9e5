"""The rendered site, opened in headless Chromium: images load, no console errors, a screenshot per page.

Chromium comes from Debian's `chromium` package (.ci/run installs it where missing). Where it is not installed
the browser tests skip with the reason printed; the static checks always run.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from concurrent.futures import ThreadPoolExecutor

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import build_site  # noqa: E402

SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

# Injected into a copy of each page: records script errors, failed resource loads and console.error calls,
# then, once the page has loaded, every image's natural size, as a JSON attribute on <body>.
PROBE = """<script>
window.__errors = [];
window.addEventListener('error', e => window.__errors.push(e.message || ('failed to load ' + (e.target.src || e.target.href))), true);
const __ce = console.error; console.error = (...a) => { window.__errors.push(a.join(' ')); __ce(...a); };
window.addEventListener('load', () => setTimeout(() => {
  const imgs = [...document.images].map(i => [i.naturalWidth, i.naturalHeight]);
  document.body.setAttribute('data-probe', JSON.stringify({images: imgs, errors: window.__errors}));
}, 200));
</script>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build_site.build(build_site.site_notebooks(), out, build_site.site_solutions(), build_site.site_docs(),
                     build_site.site_evidence())
    return out


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.name.startswith("_probe_"))


def test_site_has_an_index_and_one_page_per_notebook_solution_and_doc(site):
    names = [str(p.relative_to(site)) for p in pages(site)]
    expected = (["index.html"] + [nb.stem + ".html" for nb in build_site.site_notebooks()[1:]]
                + [f"evidence/{nb.stem}.html" for nb in build_site.site_evidence()]
                + [f"solutions/{nb.stem}.html" for nb in build_site.site_solutions()]
                + [str(build_site.doc_page(d)) for d in build_site.site_docs()])
    assert sorted(names) == sorted(expected)


def test_pages_are_offline_linked_and_have_a_toc(site):
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', html), page.name
        assert re.search(r'href="(\.\./)*index.html"', html), page.name
        assert not re.search(r'href="[\w./-]+\.(ipynb|md)', html), f"{page.name}: a link still points to a source file"
        for href in re.findall(r'href="([\w./-]+\.html)', html):
            assert (page.parent / href).resolve().is_file(), f"{page.name}: broken link {href}"
        if page.parent == site and page.stem in {nb.stem for nb in build_site.site_notebooks()[1:]}:
            assert 'class="site-toc"' in html and 'rel="prev"' in html
    index = (site / "index.html").read_text(encoding="utf-8")
    for nb in build_site.site_notebooks()[1:]:
        assert f'href="{nb.stem}.html"' in index, f"index does not link {nb.stem}"
    for nb in build_site.site_evidence():
        assert f'href="evidence/{nb.stem}.html"' in index, f"index does not link the evidence notebook {nb.stem}"
    assert 'src="data:image/png' in index, "the map of the collection is not embedded in the index"


def run_chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium); "
                                             ".ci/run installs it where it can")
def test_every_page_loads_in_chromium_with_images_and_no_errors(site, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=3) as pool:  # Chromium waits on virtual time; three at once is faster
        list(pool.map(lambda page: check_page(site, page, tmp_path), pages(site)))


def check_page(site: Path, page: Path, tmp_path: Path) -> None:
    name = str(page.relative_to(site)).replace("/", "__").removesuffix(".html")
    probed = page.parent / f"_probe_{page.name}"
    html = page.read_text(encoding="utf-8")
    probed.write_text(html.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    shot = SCREENSHOTS / (name + ".png")
    shot.unlink(missing_ok=True)
    # one browser start per page: the DOM (with the probe's findings) and the screenshot come from the same load
    # (the probe only records; it draws nothing)
    done = run_chromium(["--virtual-time-budget=10000", "--enable-logging=stderr", "--v=0", "--dump-dom",
                         f"--screenshot={shot}", "--window-size=1280,1600", "--hide-scrollbars", probed.as_uri()],
                        tmp_path / f"profile-{name}")
    m = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert m, f"{page.name}: the page did not finish loading ({done.stderr[-500:]})"
    probe = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert probe["errors"] == [], f"{page.name}: console errors {probe['errors']}"
    # console messages of the page itself (Chromium's own chrome:// pages may log, e.g. about fonts)
    console = [ln for ln in done.stderr.splitlines() if ":CONSOLE" in ln and "source: file://" in ln]
    assert console == [], f"{page.name}: console output {console}"
    n_plots = len(re.findall(r"<img[^>]+src=\"data:image/png", html))
    assert n_plots > 0 or page.parent != site or page.stem in ("index", "teaching_guide"), \
        f"{page.name}: no plot on the page"
    assert len(probe["images"]) >= n_plots
    assert all(w > 0 and h > 0 for w, h in probe["images"]), f"{page.name}: an image has zero size"
    assert shot.is_file() and shot.stat().st_size > 10_000, f"{page.name}: screenshot missing or blank"
