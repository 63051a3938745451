"""Experiment design around the model: ensembles (uncertain inputs sampled as draws),
global sensitivity (Sobol indices), sweeps (Hydra multiruns and their collection) and
synthetic populations for scale runs."""
