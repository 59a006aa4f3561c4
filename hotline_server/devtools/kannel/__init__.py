"""A real local Kannel (Debian's `kannel` package) with a fake SMSC, for tests and the demo."""
