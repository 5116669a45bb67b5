"""`python -m authoring` → the command line."""

from .cli import main

# guarded: the PDF worker process (spawn) imports the parent's main module without running it
if __name__ == "__main__":
    main()
