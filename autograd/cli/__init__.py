"""``backprop``, the command line, and the safe expression parser it reads typed
expressions with; on top of every other layer (it runs the documents' examples of ``nn``).
"""
