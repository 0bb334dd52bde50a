"""Workload (a) of bench/training: the NumPy side of dense.backprop.

`steps` (argv[1]) SGD steps of a 784-128-10 sigmoid network on one batch of 64 random
samples, float64, squared error C = 1/2 sum_k (y_k - a_k)^2 averaged over the batch.
Weights are laid out as in Backprop: W^l has one row per receiving node k.
"""

import sys

import numpy as np

from two_layer import loss, train

steps = int(sys.argv[1])
batch, n_in, n_hidden, n_out = 64, 784, 128, 10
learning_rate = 0.1


def xavier(rng, rows, columns):
    limit = np.sqrt(6.0 / (columns + rows))
    return rng.uniform(-limit, limit, size=(rows, columns))


rng = np.random.default_rng(1)
W1 = xavier(rng, n_hidden, n_in)   # (128, 784)
b1 = np.zeros(n_hidden)
W2 = xavier(rng, n_out, n_hidden)  # (10, 128)
b2 = np.zeros(n_out)
x = np.random.default_rng(2).uniform(-1.0, 1.0, size=(batch, n_in))
y = np.random.default_rng(3).uniform(-1.0, 1.0, size=(batch, n_out))

train(x, y, W1, b1, W2, b2, learning_rate, steps)
print(repr(float(loss(x, y, W1, b1, W2, b2))))
