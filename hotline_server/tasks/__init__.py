"""The durable task queue: rows in the `tasks` table, run by the worker process."""
