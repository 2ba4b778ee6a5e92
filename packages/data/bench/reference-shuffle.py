#!/usr/bin/env python3
"""Independent reference of @negmnist/data's shuffle, written from its documentation (not its code).

Seeding: splitmix32 absorbs the key words [seed lo, seed hi, 0x45504f43 ("EPOC"), epoch lo, epoch hi]
(sm = next() ^ word), then emits the four xoshiro128** state words. Fisher-Yates from the end with
uniform j in [0, i] by rejection of the top remainder. Usage: reference-shuffle.py COUNT SEED EPOCH
"""
import sys

M = 0xFFFFFFFF


def shuffled(count, seed, epoch):
    sm = 0

    def splitmix():
        nonlocal sm
        sm = (sm + 0x9E3779B9) & M
        z = sm
        z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M
        z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M
        return z ^ (z >> 16)

    key = [seed & M, (seed >> 32) & M, 0x45504F43, epoch & M, (epoch >> 32) & M]
    for word in key:
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
    return order


if __name__ == "__main__":
    count, seed, epoch = (int(a) for a in sys.argv[1:4])
    print(shuffled(count, seed, epoch))
