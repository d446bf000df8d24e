"""Rapport's benchmarks, run by `make bench` (small) and `make bench-full`."""
