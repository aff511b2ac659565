"""The version, in a module of its own so that any module can read it without importing the package's front door
(which offers the Python API)."""

# The one place the version is written: the build reads it from here (pyproject.toml, [tool.hatch.version]).
# Reading it back from package metadata instead would import importlib.metadata, about 30 ms, on every start.
__version__ = "0.1.0"
