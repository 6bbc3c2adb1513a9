"""Training the attribution models and reading the corpora they learn from."""
