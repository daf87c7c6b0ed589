"""The generator's random stream and ids, made cheap: the same values as `random.Random` and
`uuid.UUID(int=..., version=4)` give, with fewer Python calls per draw.

A million-children seed makes tens of millions of draws; `randint` in the standard library is three
Python calls deep (randint, randrange, _randbelow). The methods here are those calls inlined, so a
seed gives exactly the rows it gave before (`bench/demo_hash.py` checks that).
"""

from __future__ import annotations

import random
from bisect import bisect as _bisect
from uuid import UUID, SafeUUID

# uuid.UUID(int=n, version=4): the variant bits set to RFC 4122 and the version nibble to 4.
_UUID4_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_UUID4_SET = (0x8000 << 48) | (4 << 76)
_new_object = object.__new__
_set_attribute = object.__setattr__
_UNKNOWN = SafeUUID.unknown


def uuid4_from_bits(bits: int) -> UUID:
    """`uuid.UUID(int=bits, version=4)` for 0 <= bits < 2**128, without its argument checks."""
    value = _new_object(UUID)
    _set_attribute(value, "int", (bits & _UUID4_CLEAR) | _UUID4_SET)
    _set_attribute(value, "is_safe", _UNKNOWN)
    return value


class DemoRandom(random.Random):
    """`random.Random` whose `randint` and `choice` skip the standard library's intermediate calls.

    Same algorithm as CPython's (`_randbelow_with_getrandbits`: k = n.bit_length() bits, redrawn
    while the value is n or more), so the stream is the one `random.Random(seed)` gives.
    """

    def randint(self, a: int, b: int) -> int:
        n = b - a + 1
        if n <= 0:
            raise ValueError(f"empty range for randint({a}, {b})")
        getrandbits = self.getrandbits
        k = n.bit_length()
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return a + r

    def choice(self, seq):
        n = len(seq)
        if not n:
            raise IndexError("Cannot choose from an empty sequence")
        getrandbits = self.getrandbits
        k = n.bit_length()
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return seq[r]

    def uuid4(self) -> UUID:
        """`uuid.UUID(int=self.getrandbits(128), version=4)`."""
        value = _new_object(UUID)
        _set_attribute(value, "int", (self.getrandbits(128) & _UUID4_CLEAR) | _UUID4_SET)
        _set_attribute(value, "is_safe", _UNKNOWN)
        return value

    def weighted(self, population, cum_weights):
        """`choices(population, cum_weights=cum_weights)[0]` (the same draw), for precomputed weights."""
        return population[_bisect(cum_weights, self.random() * (cum_weights[-1] + 0.0), 0, len(cum_weights) - 1)]
