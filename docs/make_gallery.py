"""Regenerate the drawings of the README and the gallery (``make gallery``).

docs/mazur-{op,named,network}-view.svg: the three views of Mazur's example
(the README shows them); docs/gallery/NAME-{network,named}-view.svg: the
network and named views of each of the five documents, and
docs/gallery/geoscience-op-view.svg, an op view stacked by sample, all
indexed by docs/gallery/README.md.
"""

from __future__ import annotations

from pathlib import Path

from autograd import draw
from nn import draw_network
from nn.documents.examples import EXAMPLES, example

DOCS = Path(__file__).resolve().parent


def main() -> None:
    ex = example("mazur")
    loss = ex.loss()
    loss.backward()
    draw(loss, view="op").save(DOCS / "mazur-op-view.svg")
    draw(loss, view="named").save(DOCS / "mazur-named-view.svg")
    draw_network(ex.model, loss=loss).save(DOCS / "mazur-network-view.svg")
    index = [
        "# Gallery: the five documents' networks",
        "",
        "Each network as `nn.draw_network(ex.model, loss=loss)` draws it after one backward",
        'pass on the document\'s data, then its named view, `draw(loss, view="named")`;',
        "the samples of wang and geoscience are stacked one under the other.",
        "Regenerate with `make gallery`.",
        "",
    ]
    for name in EXAMPLES:
        ex = example(name)
        loss = ex.loss()
        loss.backward()
        network = DOCS / "gallery" / f"{name}-network-view.svg"
        draw_network(ex.model, loss=loss).save(network)
        named = DOCS / "gallery" / f"{name}-named-view.svg"
        draw(loss, view="named").save(named)
        index += [f"## {name}: {ex.title}", "", f"{ex.source}. {ex.notes}".strip(), ""]
        index += [f"![{name}'s network view]({network.name})", ""]
        index += [f"![{name}'s named view]({named.name})", ""]
        if name == "geoscience":
            op = DOCS / "gallery" / "geoscience-op-view.svg"
            draw(loss).save(op)
            index += ["Its op view, every primitive, one sample's band under the other:", ""]
            index += [f"![{name}'s op view, stacked by sample]({op.name})", ""]
        print(f"wrote docs/gallery/{name}-*.svg")
    (DOCS / "gallery" / "README.md").write_text("\n".join(index))
    print("wrote docs/mazur-{op,named,network}-view.svg and docs/gallery/README.md")


if __name__ == "__main__":
    main()
