"""The HTML report opened in a real browser (headless Chromium): it renders, and hostile policy
text never executes. Skipped when no Chromium is installed (Debian: apt-get install chromium)."""

from __future__ import annotations

import os
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
