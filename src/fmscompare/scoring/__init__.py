"""Scoring: support scores, contracting models and levels (score), weights and presets (weights), the one
tie-ranking rule (ranks) and rescoring a country as if it had adopted mechanisms (whatif)."""
