"""Fakes and simulators for tests, demos and the bench.

The web app and the worker never import this package."""
