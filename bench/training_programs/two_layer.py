"""The NumPy side shared by dense.py and xor.py: a two-layer sigmoid network, plain SGD.

W^l has rows k (receiving node) and columns j (emitting node), as in the Backprop programs;
squared error C = 1/2 sum_k (y_k - a_k)^2, averaged over the batch. Arrays are updated in place.
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def train(x, y, W1, b1, W2, b2, learning_rate, steps):
    """`steps` full-batch SGD steps: forward, backward, in-place update."""
    batch = x.shape[0]
    for _ in range(steps):
        a1 = sigmoid(x @ W1.T + b1)
        a2 = sigmoid(a1 @ W2.T + b2)
        delta2 = (a2 - y) * a2 * (1.0 - a2)
        delta1 = (delta2 @ W2) * a1 * (1.0 - a1)
        W2 -= learning_rate * (delta2.T @ a1 / batch)
        b2 -= learning_rate * delta2.mean(axis=0)
        W1 -= learning_rate * (delta1.T @ x / batch)
        b1 -= learning_rate * delta1.mean(axis=0)


def loss(x, y, W1, b1, W2, b2):
    """The squared error of the whole batch, averaged over its samples."""
    a2 = sigmoid(sigmoid(x @ W1.T + b1) @ W2.T + b2)
    return 0.5 * np.sum((y - a2) ** 2) / x.shape[0]
