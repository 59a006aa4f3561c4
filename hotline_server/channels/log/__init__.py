"""The log-only adapter: what would be sent is logged, nothing leaves the machine."""
