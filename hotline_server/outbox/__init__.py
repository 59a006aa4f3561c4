"""The one send path for every text the server starts."""
