"""Cases: opening, threading, status changes, officer actions, and the queries
the console and the API share."""
