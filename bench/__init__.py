"""Benchmarks (`make bench`) and the synthetic data they run on."""
