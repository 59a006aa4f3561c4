"""Provider webhooks: they check, parse and answer in the provider's format only."""
