#!/usr/bin/env python3
"""Reference numbers for Tests/NeuralNetTests/WorkedExampleTests.swift.

Computed independently of the Swift library, with plain Python floats and the
math module only (no numpy), straight from the lecture's formulas:

    z^l = W^l a^(l-1) + b^l,  a^l = sigmoid(z^l)
    delta^L = (a^L - y) * sigmoid'(z^L)                      (squared error)
    delta^l = ((W^(l+1))^T delta^(l+1)) * sigmoid'(z^l)
    dC/dW^l_kj = delta^l_k a^(l-1)_j,  dC/db^l_k = delta^l_k

Two networks:

1. Matt Mazur's "A Step by Step Backpropagation Example" (2-2-2 sigmoid,
   squared error, learning rate 0.5, biases not updated).
2. The SPEC section 4 example: Network(inputs: 2, seed: 42) with Dense(3) and
   Dense(1), both sigmoid; W^1 and b^1 are set by hand, W^2 is the Xavier draw
   of seed 42, re-derived here from SplitMix64 (so the script also pins the
   initializer's bits).

Every number is printed with 17 significant digits (enough to round-trip a
double) to paste into the tests. Run: python3 bench/reference/worked_example.py
"""

import math


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def forward(weights, biases, x):
    """Returns the lists z[l] and a[l] (a[0] = x) for a sigmoid network."""
    zs, acts = [None], [list(x)]
    for w, b in zip(weights, biases):
        prev = acts[-1]
        z = [sum(w[k][j] * prev[j] for j in range(len(prev))) + b[k] for k in range(len(w))]
        zs.append(z)
        acts.append([sigmoid(v) for v in z])
    return zs, acts


def backward(weights, acts, y):
    """Squared error C = 1/2 sum (y - a)^2: returns delta[l], dW[l], db[l] for l = 1..L."""
    count = len(weights)
    deltas = [None] * (count + 1)
    out = acts[count]
    deltas[count] = [(out[k] - y[k]) * out[k] * (1.0 - out[k]) for k in range(len(out))]
    for l in range(count - 1, 0, -1):
        w_next = weights[l]  # W^(l+1) (weights[0] is W^1)
        a = acts[l]
        deltas[l] = [
            sum(w_next[k][j] * deltas[l + 1][k] for k in range(len(w_next))) * a[j] * (1.0 - a[j])
            for j in range(len(a))
        ]
    dws = [None] * (count + 1)
    for l in range(1, count + 1):
        dws[l] = [[deltas[l][k] * acts[l - 1][j] for j in range(len(acts[l - 1]))] for k in range(len(deltas[l]))]
    return deltas, dws


def squared_error(out, y):
    return 0.5 * sum((yk - ak) ** 2 for ak, yk in zip(out, y))


MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def uniform_in(self, lo, hi):
        value = lo + (hi - lo) * self.uniform()
        if lo < hi and value >= hi:
            return math.nextafter(hi, -math.inf)
        return value


def xavier(sizes, seed):
    """W^1 ... W^L drawn layer by layer, row-major, U(-r, r) with r = sqrt(6 / (n_in + n_out))."""
    generator = SplitMix64(seed)
    weights = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        r = math.sqrt(6.0 / (n_in + n_out))
        weights.append([[generator.uniform_in(-r, r) for _ in range(n_in)] for _ in range(n_out)])
    return weights


def show(name, value):
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            text = "[" + ", ".join("[" + ", ".join(f"{v:.17g}" for v in row) + "]" for row in value) + "]"
        else:
            text = "[" + ", ".join(f"{v:.17g}" for v in value) + "]"
    else:
        text = f"{value:.17g}"
    print(f"{name} = {text}")


def step(weights, biases, x, y, rate, update_biases):
    zs, acts = forward(weights, biases, x)
    deltas, dws = backward(weights, acts, y)
    new_w = [
        [[w[k][j] - rate * dws[l + 1][k][j] for j in range(len(w[k]))] for k in range(len(w))]
        for l, w in enumerate(weights)
    ]
    if update_biases:
        new_b = [[b[k] - rate * deltas[l + 1][k] for k in range(len(b))] for l, b in enumerate(biases)]
    else:
        new_b = [list(b) for b in biases]
    return zs, acts, deltas, dws, new_w, new_b


def mazur():
    print("# Mazur 2-2-2")
    x, y = [0.05, 0.10], [0.01, 0.99]
    weights = [[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]]
    biases = [[0.35, 0.35], [0.60, 0.60]]
    zs, acts, deltas, dws, new_w, _ = step(weights, biases, x, y, 0.5, update_biases=False)
    show("z1", zs[1])
    show("a1", acts[1])
    show("z2", zs[2])
    show("a2", acts[2])
    show("loss", squared_error(acts[2], y))
    show("delta2", deltas[2])
    show("delta1", deltas[1])
    show("dW2", dws[2])
    show("dW1", dws[1])
    show("W2after", new_w[1])
    show("W1after", new_w[0])


def spec_example():
    print("# SPEC 2-3-1, seed 42")
    x, y = [0.05, 0.10], [0.01]
    drawn = xavier([2, 3, 1], 42)
    show("W1drawn", drawn[0])
    show("W2drawn", drawn[1])
    weights = [[[0.15, 0.20], [0.25, 0.30], [0.1, 0.1]], drawn[1]]
    biases = [[0.35, 0.35, 0.35], [0.0]]
    zs, acts, deltas, dws, new_w, new_b = step(weights, biases, x, y, 0.5, update_biases=True)
    show("z1", zs[1])
    show("a1", acts[1])
    show("z2", zs[2])
    show("a2", acts[2])
    show("loss", squared_error(acts[2], y))
    show("delta2", deltas[2])
    show("delta1", deltas[1])
    show("dW2", dws[2])
    show("dW1", dws[1])
    show("W2after", new_w[1])
    show("W1after", new_w[0])
    show("b2after", new_b[1])
    show("b1after", new_b[0])


if __name__ == "__main__":
    mazur()
    spec_example()
