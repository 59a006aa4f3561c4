"""The officer console: server-rendered pages behind a login, Vietnamese first."""
