"""Infrastructure every room uses: clock, logs, crypto, phone numbers, database
wiring, private directories."""
