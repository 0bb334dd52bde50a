"""Workloads (b) and (c) of bench/training: the NumPy side of xor_train.backprop and
xor_step.backprop.

A 2-3-1 sigmoid network trained on the 4 XOR samples, full batch, `steps` (argv[1]) plain
SGD steps at learning rate 2.0 with squared error C = 1/2 sum_k (y_k - a_k)^2 averaged over
the batch, from the same initial weights as the Backprop programs (W^l rows k = receiving
node, columns j = emitting node). Prints the full-batch loss after training.
"""

import sys

import numpy as np

steps = int(sys.argv[1])
learning_rate = 2.0


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


W1 = np.array([[0.5, -0.4], [-0.3, 0.6], [0.8, 0.7]])
b1 = np.array([0.1, -0.2, 0.0])
W2 = np.array([[0.4, -0.5, 0.3]])
b2 = np.array([0.0])
x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y = np.array([[0.0], [1.0], [1.0], [0.0]])
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

a2 = sigmoid(sigmoid(x @ W1.T + b1) @ W2.T + b2)
loss = 0.5 * np.sum((y - a2) ** 2) / batch
print(repr(float(loss)))
