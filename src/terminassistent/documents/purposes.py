"""The purposes an invitation may name: the closed list of § 309 Abs. 2 SGB III.

§ 59 SGB II applies § 309 SGB III to recipients of basic income support; an invitation must state
its purpose, and only these purposes carry the duty to appear. Several may apply to one meeting.
The enumeration itself is domain vocabulary (stored with each appointment): domain.model.Purpose.
"""

from __future__ import annotations

from terminassistent.domain.model import Purpose

__all__ = ["Purpose", "normalise"]


def normalise(purposes) -> tuple[Purpose, ...]:
    """Purposes in the statute's order, each once; an empty input stays empty."""
    chosen = {p if isinstance(p, Purpose) else Purpose.parse(p) for p in purposes}
    return tuple(p for p in Purpose if p in chosen)
