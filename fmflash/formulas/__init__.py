"""The sizing formulas: quantities with units, the registry, model size, training, the catalog."""
