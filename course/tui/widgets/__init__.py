"""Reusable widgets of the course app."""
