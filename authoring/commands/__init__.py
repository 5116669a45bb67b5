"""CLI commands beyond `build`, one module each, registered lazily in cli.LAZY_COMMANDS."""
