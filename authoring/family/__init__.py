"""Report families: one template set, one report per member (region, sector), and the parent's comparison of them."""
