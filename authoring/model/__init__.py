"""The document model: nodes, plain-text views and numbering of figures, tables and refs."""

from .nodes import *  # noqa: F401,F403
from .nodes import Block, Inline  # noqa: F401
from .text import plain_text, walk_blocks  # noqa: F401
