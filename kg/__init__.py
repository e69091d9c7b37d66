"""cell-trials-kg: a knowledge graph of cell-therapy clinical trials."""

__version__ = "0.1.0"
