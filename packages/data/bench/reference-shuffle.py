#!/usr/bin/env python3
"""Independent reference of @negmnist/data's shuffle, written from its documentation (not its code).

Seeding (createRng): splitmix32 absorbs the key words [seed lo, seed hi] (sm = next() ^ word), then
emits the four xoshiro128** state words. Each epoch is a Fisher-Yates shuffle from the end with uniform
j in [0, i] by rejection of the top remainder, drawn from the same generator, epoch after epoch.
Usage: reference-shuffle.py COUNT SEED EPOCHS (prints one order per epoch)
"""
import sys

M = 0xFFFFFFFF


def orders(count, seed, epochs):
    sm = 0

    def splitmix():
        nonlocal sm
        sm = (sm + 0x9E3779B9) & M
        z = sm
        z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M
        z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M
        return z ^ (z >> 16)

    for word in [seed & M, (seed >> 32) & M]:
        sm = splitmix() ^ word
    s = [splitmix() for _ in range(4)]

    def rotl(x, k):
        return ((x << k) | (x >> (32 - k))) & M

    def next_u32():
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 9) & M
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]
        s[2] ^= t; s[3] = rotl(s[3], 11)
        return result

    result = []
    for _ in range(epochs):
        order = list(range(count))
        for i in range(count - 1, 0, -1):
            bound = i + 1
            limit = 2**32 - (2**32 % bound)
            while True:
                r = next_u32()
                if r < limit:
                    break
            j = r % bound
            order[i], order[j] = order[j], order[i]
        result.append(order)
    return result


if __name__ == "__main__":
    count, seed, epochs = (int(a) for a in sys.argv[1:4])
    for order in orders(count, seed, epochs):
        print(order)
