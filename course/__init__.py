"""A bilingual terminal course on the international cybercrime treaties."""

__version__ = "0.1.0"
