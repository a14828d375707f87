"""argmap: argument maps of policy papers, from the command line."""

__version__ = "0.1.0"
