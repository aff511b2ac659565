"""Analyses over the scored dataset: rank robustness (`sensitivity`) and rank correlation (`correlate`)."""
