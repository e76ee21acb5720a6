"""The show layer: names and numbers, written forms of traces and ledgers, DOT,
rendering, drawings and the player page. The only layer that knows Graphviz and HTML.
"""
