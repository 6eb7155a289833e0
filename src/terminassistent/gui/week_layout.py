"""Where the blocks of one day of the week view go.

Appointments that overlap in time (a cancelled one and the one booked in its place, two customers
at once) stand side by side in lanes, never one over another; a block is at least tall enough for
one line of text and never leaves its day. Pure arithmetic on pixels, so it can be tested for all
inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    top: float
    bottom: float
    lane: int  # 0 = leftmost
    lanes: int  # the lanes of the group of blocks it overlaps with

    def x_span(self, left: float, width: float) -> tuple[float, float]:
        """The block's left and right edge in a day column from ``left`` that is ``width`` wide."""
        lane_width = width / self.lanes
        return left + self.lane * lane_width, left + (self.lane + 1) * lane_width


def place(spans: Sequence[tuple[float, float]], top: float, bottom: float, min_height: float) -> list[Place]:
    """The places of blocks whose times map to ``spans`` (start, end in pixels), in the same order,
    inside the day from ``top`` to ``bottom``."""
    height = min(min_height, bottom - top)
    heights = [(min(max(start, top), bottom - height), 0.0) for start, _ in spans]
    heights = [(y0, min(max(end, y0 + height), bottom)) for (y0, _), (_, end) in zip(heights, spans, strict=True)]
    order = sorted(range(len(spans)), key=lambda i: heights[i])
    lane_of: dict[int, int] = {}
    groups: list[list[int]] = []
    lane_ends: list[float] = []
    group_end = float("-inf")
    for i in order:
        y0, y1 = heights[i]
        if y0 >= group_end:  # overlaps nothing before: a new group
            groups.append([])
            lane_ends = []
            group_end = y1
        group_end = max(group_end, y1)
        lane = next((n for n, end in enumerate(lane_ends) if end <= y0), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(y1)
        else:
            lane_ends[lane] = y1
        lane_of[i] = lane
        groups[-1].append(i)
    lanes_of = {i: max(lane_of[j] for j in group) + 1 for group in groups for i in group}
    return [Place(*heights[i], lane_of[i], lanes_of[i]) for i in range(len(spans))]
