"""Text utilities: folding Vietnamese diacritics, keywords, SMS segments."""
