"""`python -m authoring` → the command line."""

from .cli import main

main()
