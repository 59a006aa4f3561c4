"""Callbacks: the worker calls the officer on duty, who is bridged to the citizen."""
