"""fmscompare: how governments support defence exports, scored and compared with SIPRI figures."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fmscompare")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
