"""Charts: figure definitions (figures/*.yaml) → data → SVG + PNG files, cached by content."""
