"""Analyses over the store: limiting facts, trends and risk (one module per job)."""
