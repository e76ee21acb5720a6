"""Regenerate the drawings of the README and the gallery (``make gallery``).

docs/mazur-{op,named,network}-view.svg: the three views of Mazur's example
(the README shows them); docs/gallery/NAME-network-view.svg: the network view
of each of the five documents, indexed by docs/gallery/README.md.
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
        "pass on the document's data. Regenerate with `make gallery`.",
        "",
    ]
    for name in EXAMPLES:
        ex = example(name)
        loss = ex.loss()
        loss.backward()
        path = DOCS / "gallery" / f"{name}-network-view.svg"
        draw_network(ex.model, loss=loss).save(path)
        index += [f"## {name}: {ex.title}", "", f"{ex.source}. {ex.notes}".strip(), ""]
        index += [f"![{name}'s network view]({path.name})", ""]
        print(f"wrote {path.relative_to(DOCS.parent)}")
    (DOCS / "gallery" / "README.md").write_text("\n".join(index))
    print("wrote docs/mazur-{op,named,network}-view.svg and docs/gallery/README.md")


if __name__ == "__main__":
    main()
