"""A small fully connected network for points in the plane: the book's `MultiLayerNet`, with tanh as a
third activation beside sigmoid and ReLU, for the playground (chapter 2's XOR learned, chapter 4's
training loop on points).

    net = PlaneNet([4, 4], activation="tanh", rng=0)     # 2 → 4 → 4 → 2, softmax over two classes
    net.hidden_activations(x)                            # each hidden layer's output, for drawing units

The layers keep MultiLayerNet's names (`Affine1`, `Activation_function1`, …, `Affine{n+1}`) and its
parameters `W1`, `b1`, …; with no hidden layer it is a linear classifier (one Affine and softmax),
the perceptron's straight line learned. Weights start at Xavier's scale for sigmoid and tanh and
He's for ReLU (chapter 6), so any depth from 0 to 4 trains from the start.
"""
import numpy as np

from .networks import MultiLayerNet


class Tanh:
    """y = tanh(x); backward multiplies by 1 − y², from the output kept by forward."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        if self.out is None:
            raise ValueError("Tanh.backward was called before forward; run forward first (backward uses what "
                             "forward keeps)")
        return dout * (1.0 - self.out * self.out)


ACTIVATIONS = ("sigmoid", "tanh", "relu")
INIT = {"sigmoid": "xavier", "tanh": "xavier", "relu": "he"}


class PlaneNet(MultiLayerNet):
    """Affine → activation, once per hidden layer, then Affine and softmax with loss (two classes)."""

    def __init__(self, hidden_size_list, activation="tanh", *, input_size=2, output_size=2, dtype=np.float32,
                 rng=None):
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {activation!r}")
        super().__init__(input_size, list(hidden_size_list), output_size,
                         activation="sigmoid" if activation == "tanh" else activation,
                         weight_init_std=INIT[activation], dtype=dtype, rng=rng)
        self.activation = activation
        if activation == "tanh":
            for name in self.layers:
                if name.startswith("Activation_function"):
                    self.layers[name] = Tanh()

    def hidden_activations(self, x):
        """The output of each hidden layer's activation for a batch `x`: a list of (N, units) arrays."""
        x = self._check_input(x)
        found = []
        for name, layer in self.layers.items():
            x = layer.forward(x)
            if name.startswith("Activation_function"):
                found.append(x)
        return found
