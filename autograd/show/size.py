"""How big a drawing may be, decided before Graphviz starts.

Graphviz's ``dot`` layout time grows about with the square of the number of
nodes it places (measured on a 2-core machine: an op view of 535 Values, 930
DOT nodes, took 2.7 s; 787 Values 6.7 s; 1,239 Values 15.7 s): about
``4e-6 * nodes**2`` seconds. A drawing is refused at once when it has more
Values than ``max_nodes`` or, with the default limit, when its estimated
layout would take over ``MAX_SECONDS``; the message names the estimate and the
views that would be smaller. A layout expected to take over ``PROGRESS_AFTER``
seconds reports progress on stderr (see ``autograd.show.render``).
"""

from __future__ import annotations

DEFAULT_MAX_NODES = 1000  # the one default of Python and the CLI; every example fits
MAX_SECONDS = 5.0
PROGRESS_AFTER = 2.0
SECONDS_PER_NODE_SQUARED = 4e-6

SMALLER_VIEWS = (
    "Draw fewer: view='named' keeps only labelled Values, nn.draw_network(model) shows a "
    "network as neurons and weights (compact when large); or raise max_nodes."
)


class GraphTooLargeError(ValueError):
    """The graph is too large to lay out quickly; the message suggests smaller views."""


def layout_seconds(dot_nodes: int) -> float:
    """The estimated seconds ``dot`` takes to lay out ``dot_nodes`` nodes."""
    return SECONDS_PER_NODE_SQUARED * dot_nodes * dot_nodes


def check_size(
    count: int,
    max_nodes: int,
    what: str,
    advice: str = SMALLER_VIEWS,
    dot_nodes: int | None = None,
) -> None:
    """Refuse ``count`` nodes over ``max_nodes``, or (with the default limit) a
    layout of ``dot_nodes`` Graphviz nodes estimated to take over ``MAX_SECONDS``."""
    seconds = layout_seconds(count if dot_nodes is None else dot_nodes)
    estimate = f"(its layout would take about {seconds:.0f} s)" if seconds >= 1 else ""
    if count > max_nodes:
        raise GraphTooLargeError(
            f"{what} has {count} nodes, more than max_nodes={max_nodes} {estimate}. {advice}"
        )
    if max_nodes == DEFAULT_MAX_NODES and seconds > MAX_SECONDS:
        raise GraphTooLargeError(
            f"{what} has {count} nodes {estimate}, over {MAX_SECONDS:.0f} s. {advice} "
            f"With max_nodes given, it is drawn, reporting progress."
        )
