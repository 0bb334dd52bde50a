"""Workloads (b) and (c) of bench/training: the NumPy side of xor_train.backprop and
xor_step.backprop.

A 2-3-1 sigmoid network trained on the 4 XOR samples, full batch, `steps` (argv[1]) plain
SGD steps at learning rate 2.0 with squared error C = 1/2 sum_k (y_k - a_k)^2 averaged over
the batch, from the same initial weights as the Backprop programs (W^l rows k = receiving
node, columns j = emitting node). Prints the full-batch loss after training.
"""

import sys

import numpy as np

from two_layer import loss, train

steps = int(sys.argv[1])
learning_rate = 2.0

W1 = np.array([[0.5, -0.4], [-0.3, 0.6], [0.8, 0.7]])
b1 = np.array([0.1, -0.2, 0.0])
W2 = np.array([[0.4, -0.5, 0.3]])
b2 = np.array([0.0])
x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y = np.array([[0.0], [1.0], [1.0], [0.0]])

train(x, y, W1, b1, W2, b2, learning_rate, steps)
print(repr(float(loss(x, y, W1, b1, W2, b2))))
