"""Writes a screenshot of every page, at desktop and phone width, into docs/screenshots/.

Starts the app on a throwaway demo workspace (nothing of yours is touched), drives Debian's
Chromium with Playwright, and saves PNGs that the README's tour shows.

    make screenshots        (or: .venv/bin/python scripts/screenshots.py [--out DIR])
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("AFTERWORD_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
# Tallest picture kept, so a long page does not make a huge file.
MAX_HEIGHT = 2600


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(VENV_BIN / "afterword"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
            return server
        except OSError:
            if server.poll() is not None:
                message = server.stderr.read().decode() if server.stderr else ""
                raise SystemExit(f"the app did not start: {message}") from None
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the app did not start within 60 s")


def _pages(base: str) -> list[tuple[str, str]]:
    """The pages to capture: every page in the navigation, an application and a draft."""
    html = urllib.request.urlopen(base + "/pipeline", timeout=30).read().decode()
    pages = [
        ("today", "/"),
        ("inbox", "/inbox"),
        ("pipeline", "/pipeline"),
    ]
    application = re.search(r'href="(/applications/\d+)"', html)
    if application:
        pages.append(("application", application.group(1)))
    today = urllib.request.urlopen(base + "/", timeout=30).read().decode()
    draft = re.search(r'href="(/actions/\d+/draft)"', today)
    if draft:
        pages.append(("draft", draft.group(1)))
    pages += [
        ("offers", "/offers"),
        ("reflection", "/reflection"),
        ("numbers", "/numbers"),
        ("calendar", "/calendar"),
        ("settings", "/settings"),
    ]
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).parent.parent / "docs" / "screenshots"))
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    workdir = tempfile.mkdtemp(prefix="afterword-screens-")
    env = {
        **os.environ,
        "AFTERWORD_DATABASE_URL": f"sqlite:///{workdir}/afterword.sqlite3",
        "AFTERWORD_DATA_DIR": workdir,
        "AFTERWORD_CONFIG_DIR": workdir,
        "AFTERWORD_DEFAULT_TIMEZONE": "Europe/London",
        "AFTERWORD_DEFAULT_COUNTRY": "GB",
    }
    subprocess.run([str(VENV_BIN / "afterword"), "demo", "load"], env=env, check=True)
    subprocess.run(
        [str(VENV_BIN / "afterword"), "profile", "set", "--name", "Sam Rivera"], env=env, check=True
    )
    port = _free_port()
    server = _start(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        pages = _pages(base)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for size, (width, height) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                for name, path in pages:
                    page.goto(base + path, wait_until="networkidle")
                    page.wait_for_timeout(400)  # let charts finish their first animation
                    full = page.evaluate("document.documentElement.scrollHeight")
                    target = out / f"{name}-{size}.png"
                    page.screenshot(
                        path=str(target),
                        full_page=True,
                        clip={"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT)},
                    )
                    print(f"{target}  ({path})")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
