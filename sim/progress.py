"""The progress bar of a long run, without tqdm's warnings in a notebook.

``tqdm.auto`` warns in every notebook: ``TqdmExperimentalWarning`` with ipywidgets,
``TqdmWarning: IProgress not found`` without. The notebook bar is taken directly when
ipywidgets is there, the terminal bar otherwise (shown only on a terminal: ``disable=None``).
"""

from __future__ import annotations

import sys
from typing import Any


def progress_bar(**kwargs: Any) -> Any:
    """A tqdm bar (a context manager with ``update``) for a notebook or a terminal."""
    if "ipykernel" in sys.modules:
        from tqdm.notebook import IProgress
        from tqdm.notebook import tqdm as notebook_bar

        if IProgress is not None:  # ipywidgets is there
            return notebook_bar(**kwargs)
    from tqdm.std import tqdm

    return tqdm(**kwargs)
