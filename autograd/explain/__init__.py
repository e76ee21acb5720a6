"""The explain layer: what the engine's graph means, as data (frozen dataclasses).

Folding unnamed nodes (``fold``), the chain-rule trace (``trace``), the ledger of
a backward pass (``ledger``) and its frames (``frames``). No text, no rendering:
``autograd.show`` writes and draws these.
"""
