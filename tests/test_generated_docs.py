"""docs/rules/ is generated from rules/: it must be regenerated when a page changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_rule_docs_are_up_to_date():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_rule_docs.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, f"run scripts/gen_rule_docs.py:\n{done.stderr}"
