"""obligraph: a graph of cross-document obligations in Vietnamese public administration."""

__version__ = "0.1.0"
