"""A module with only a docstring."""
