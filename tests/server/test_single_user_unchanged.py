"""The single-user app never loads server mode's code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SERVER_MODULES = ("argon2", "afterword.web.server", "afterword.accounts.service")


def test_the_single_user_web_app_and_a_command_load_no_server_code(tmp_path: Path) -> None:
    script = f"""
import sys
from afterword.settings import load_settings
from afterword.web.app import create_app
create_app(load_settings(database_url="sqlite:///{tmp_path}/a.sqlite3"))
from afterword.cli.entry import main
main(["applications", "add", "Acme", "Analyst"])
print("loaded:" + ",".join(m for m in {SERVER_MODULES!r} if m in sys.modules))
"""
    env = {"AFTERWORD_DATA_DIR": str(tmp_path / "data"), "AFTERWORD_CONFIG_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert "Acme" in done.stdout  # the command ran
    assert done.stdout.strip().splitlines()[-1] == "loaded:", done.stdout
