"""FitSpace: the backend of a fitness app."""

__version__ = "0.1.0"
