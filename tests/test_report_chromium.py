"""The HTML report opened in a real browser (headless Chromium): it renders, and hostile policy
text never executes. Skipped when no Chromium is installed (Debian: apt-get install chromium)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from _comparison_tables import hostile_policy, make_report, two_policies

pytestmark = pytest.mark.chromium

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _chromium() -> str | None:
    env = os.environ.get("POLICYLENS_CHROMIUM")
    if env:
        return env
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


CHROMIUM = _chromium()
if CHROMIUM is None:
    pytest.skip("headless Chromium not found (install Debian's 'chromium' or set POLICYLENS_CHROMIUM)",
                allow_module_level=True)


def run_chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}",
               *args, page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("chromium")
    return make_report([*two_policies(), hostile_policy()]).to_html(folder / "report.html")


def test_hostile_text_does_not_execute(report_page, tmp_path):
    from lxml import html as lxml_html

    dom = run_chromium(tmp_path, report_page, "--dump-dom").stdout
    doc = lxml_html.fromstring(dom)
    # the hostile policy's scripts and onerror handlers would retitle the page
    assert doc.findtext(".//title").startswith("Privacy policy comparison")
    assert doc.xpath("//script") == []
    assert not [e for e in doc.iter() for a in e.attrib if a.lower().startswith("on")]
    assert "<script>alert(1)</script>" in doc.text_content()


def test_the_check_would_see_a_script_run(tmp_path):
    # control: the same detection on a page that does run a script
    page = tmp_path / "control.html"
    page.write_text("<!DOCTYPE html><html><head><title>before</title></head><body>"
                    "<script>document.title='pwned'</script></body></html>", encoding="utf-8")
    dom = run_chromium(tmp_path, page, "--dump-dom").stdout
    assert "<title>pwned</title>" in dom


def test_report_renders(report_page, tmp_path):
    import matplotlib.image as mpimg

    shot = tmp_path / "shot.png"
    run_chromium(tmp_path, report_page, f"--screenshot={shot}", "--window-size=1200,1600",
                 "--hide-scrollbars")
    pixels = mpimg.imread(shot)
    assert pixels.shape[:2] == (1600, 1200)
    assert pixels[..., :3].std() > 0.05  # not a blank page


# ---------------------------------------------------------------------------- the seeds' report

WIDTH = 1400
#: measures the layout from inside the page (a copy of it: the report itself forbids scripts)
MEASURE = """<script>
const root = document.documentElement;
const wraps = [...document.querySelectorAll('.tablewrap')];
const wide = wraps.filter(w => w.scrollWidth > w.clientWidth + 1).length;
const past = [...document.querySelectorAll('body *')].filter(
  e => e.getBoundingClientRect().right > window.innerWidth + 1).length;
const out = document.createElement('pre');
out.id = 'measure';
out.textContent = JSON.stringify({scrollWidth: root.scrollWidth, innerWidth: window.innerWidth,
  clientWidth: root.clientWidth, wideTables: wide, pastRightEdge: past,
  tables: document.querySelectorAll('table').length,
  charts: document.querySelectorAll('figure.chart img').length,
  glossary: document.querySelectorAll('#glossary dt').length});
document.body.appendChild(out);
</script>"""


def measure(tmp_path: Path, page: Path, width: int = WIDTH) -> dict:
    import json

    from lxml import html as lxml_html

    text = page.read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
                     .replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = run_chromium(tmp_path, probe, "--dump-dom", f"--window-size={width},1000").stdout
    return json.loads(lxml_html.fromstring(dom).get_element_by_id("measure").text_content())


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory) -> Path:
    pytest.importorskip("policylens.classify")
    import policylens

    folder = tmp_path_factory.mktemp("seeds")
    return policylens.compare().to_html(folder / "report.html")


def test_seeds_report_fits_1400_pixels(seeds_page, tmp_path):
    found = measure(tmp_path, seeds_page)
    assert found["innerWidth"] == WIDTH
    assert found["scrollWidth"] <= found["innerWidth"], found  # no horizontal page scroll
    assert found["wideTables"] == 0, found  # no table needs its own scroll bar either
    assert found["pastRightEdge"] == 0, found
    assert found["tables"] >= 3 and found["charts"] >= 2, found
    assert found["glossary"] >= 50, found


def test_overflow_check_sees_an_overflowing_page(tmp_path):
    # control: a page wider than the window is reported as such
    page = tmp_path / "wide.html"
    page.write_text("<!DOCTYPE html><html><body><div class='tablewrap' style='overflow-x:auto'>"
                    "<table><tr><td style='min-width:3000px'>x</td></tr></table></div>"
                    "<div style='width:2000px'>wide</div></body></html>", encoding="utf-8")
    found = measure(tmp_path, page)
    assert found["scrollWidth"] > found["innerWidth"] and found["wideTables"] == 1


def test_seeds_report_screenshot(seeds_page, tmp_path):
    """The screenshot the tests look at (kept under $POLICYLENS_SCREENSHOTS when set): the top of
    the report at 1400 px is not blank and has no horizontal scroll bar to hide."""
    import matplotlib.image as mpimg

    folder = Path(os.environ.get("POLICYLENS_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "seeds-report-1400.png"
    run_chromium(tmp_path, seeds_page, f"--screenshot={shot}", f"--window-size={WIDTH},2400",
                 "--hide-scrollbars")
    pixels = mpimg.imread(shot)
    assert pixels.shape[:2] == (2400, WIDTH)
    assert pixels[..., :3].std() > 0.05  # not a blank page
    # the right margin is empty page background: nothing runs off the side
    margin = pixels[:, WIDTH - 40:, :3]
    assert margin.min() > 0.9, "something is drawn into the right margin"
