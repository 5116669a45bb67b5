"""A misspelt name and the known names → the closest few, for "did you mean" hints."""

from __future__ import annotations

import difflib


def nearest(name: str, known, limit: int = 3) -> list[str]:
    """Up to `limit` known names that look like `name`, best first."""
    names = list(known)
    close = difflib.get_close_matches(name, names, n=limit, cutoff=0.6)
    if not close:
        # substring matches catch truncated names such as "pct" for "pct_applications"
        close = [n for n in names if name and (name in n or n in name)][:limit]
    return close


def hint(name: str, known, otherwise: str) -> str:
    """"did you mean a, b?" for a misspelt `name`, else `otherwise`."""
    close = nearest(name, known)
    return f"did you mean {', '.join(close)}?" if close else otherwise
