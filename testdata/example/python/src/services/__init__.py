"""Async services built on the core components."""
