"""nn: neurons, layers, MLPs, losses and SGD built on autograd."""
