"""Subcommands of `cybercourse`; each module exposes `add_parser(subparsers)` and `run(args)`."""
