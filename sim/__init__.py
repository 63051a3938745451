"""cbam-sim: EU CBAM cost pathways for exporting firms and industrial parks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cbam-sim")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
