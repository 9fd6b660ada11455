"""Shared numerical engines (kernels, data, solvers); paper-agnostic."""
