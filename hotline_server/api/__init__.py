"""The JSON API for cases: token auth, the console's role rules, an OpenAPI document."""
