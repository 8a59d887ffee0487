"""JSON as the command line prints it (standard library only, so the fast path can use it)."""

from __future__ import annotations

import json
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# C1 control characters: JSON may hold them as they are, but a terminal acts on some of them.
_C1 = re.compile("[\x80-\x9f]")


def json_text(data: Any) -> str:
    """`data` as indented JSON (dates and other values as strings), C1 controls escaped."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    # JSON escapes C0 controls itself; C1 ones are escaped here the same way (\u009b).
    return _C1.sub(lambda found: f"\\u{ord(found.group(0)):04x}", text)
