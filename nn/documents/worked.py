"""Each document's worked example, step by step in its own order, from the engine.

``worked(name)`` returns the ``Worked`` (see ``nn.documents.equations``) of one
of the five examples of ``nn.documents.examples``: what ``backprop example NAME``
prints and the notebooks hold next to the document.
"""

from __future__ import annotations

from collections.abc import Callable

from nn.documents import worked_chains, worked_mazur, worked_samples
from nn.documents.equations import Worked

BUILDERS: dict[str, Callable[[], Worked]] = {
    "mazur": worked_mazur.mazur,
    "punnen": worked_chains.punnen,
    "slides": worked_chains.slides,
    "geoscience": worked_samples.geoscience,
    "wang": worked_samples.wang,
}


def worked(name: str) -> Worked:
    """The worked example of ``nn.documents.examples.example(name)``, built afresh."""
    try:
        build = BUILDERS[name]
    except KeyError:
        raise KeyError(f"no worked example {name!r}; choose one of {', '.join(BUILDERS)}") from None
    return build()
