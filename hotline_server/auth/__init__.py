"""Console users: passwords, sessions, CSRF tokens, API tokens, roles and the audit log."""
