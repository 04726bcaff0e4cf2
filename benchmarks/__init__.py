"""Benchmarks for sovietmap (run with `python3 benchmarks/run.py`)."""
