"""The load benchmark: `python -m bench.run` (see README, "Performance")."""
