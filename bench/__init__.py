"""Benchmark tooling: a realistic Dockerfile corpus generator and the speed comparison."""
