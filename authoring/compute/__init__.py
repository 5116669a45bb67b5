"""Pure computations on exact decimals: growth, shares, ranks, streaks, CAGR, sums. No I/O."""

from .rounding import round_half_up, to_decimal  # noqa: F401
from .change import abs_change, cagr, doubling, pp_change, yoy_change  # noqa: F401
from .shares import check_breakdown, rank, ranks, share  # noqa: F401
from .streaks import streak  # noqa: F401
