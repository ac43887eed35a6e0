"""Benchmarks of the surge detector (NAB tweet volumes, injected storms, per-post cost)."""
