"""Plot style and the plots several notebooks share (grayscale-safe; drawing only, no computing)."""
from __future__ import annotations

from helpers.plots.style import (  # noqa: F401
    GRAYS, HATCHES, MARKERS, CMAP, use_style, heatmap, barh, timeline, summit_offsets,
    heatmap_panels, block_shares)
