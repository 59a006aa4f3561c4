"""Media citizens send (photos, clips): copied from the provider into the server's own
content-addressed storage, served only through the console."""
