"""Keys and backups: a consistent, encrypted copy of the database and the media, its
restore, and the rotation of the phone key."""
