"""The Textual app: the only layer that knows about the terminal."""
