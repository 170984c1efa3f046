"""The synthetic inventory of phone numbers that SearchAvailablePhoneNumbers offers.

Nothing here is a hand-written numbering plan: every number is generated from, and validated against, the
numbering-plan metadata of the `phonenumbers` library, so the inventory is exactly as good (and as current) as
that metadata. Determinism holds for a given phonenumbers version.

Connect type -> phonenumbers metadata:

* DID       -> the region's `fixed_line` descriptor; offered when phonenumbers calls the number FIXED_LINE or
               FIXED_LINE_OR_MOBILE (regions such as US/CA cannot tell the two apart).
* TOLL_FREE -> the region's `toll_free` descriptor, type TOLL_FREE.
* SHARED    -> the region's `shared_cost` descriptor, type SHARED_COST (real Connect offers it in ZA only; we offer
               it wherever the metadata has shared-cost numbers).
* UIFN      -> the non-geographic +800 metadata (Universal International Freephone Numbers), offered for every
               country; see "shared ranges" for which country a +800 number belongs to.
* THIRD_PARTY_TF, THIRD_PARTY_DID, SHORT_CODE -> not offered: undocumented in Connect, and no metadata type maps
               onto them in a principled way (phonenumbers' short numbers are emergency/service codes).

Countries are phonenumbers.SUPPORTED_REGIONS (this includes a few codes outside the Connect enum, e.g. XK, and
lacks AN, AQ, PN, which have no metadata; callers validate the enum). A country of a number is phonenumbers'
region_code_for_number, so where metadata hands a range to another region (VA fixed lines are IT's) the pair has
no inventory. supports() is true when the first probe of a pair's inventory finds a number.

Shared ranges: the Connect country enum has no "global" value and a claim names only the E.164 string, so every
number needs exactly one country. Where several regions have the very same range in the metadata (all NANP
toll-free numbers, GB/GG toll-free, AU/CC/CX, ... and +800 for all countries), each number is dealt to one of
them: sharers[rank mod len(sharers)], rank being the number's position among the range's numbers of its length
in lexicographic order. Every sharer gets an even share spread over the whole range, and classify() can name
the country from the number alone (it may differ from region_code_for_number, never from
is_valid_number_for_region).

Order: for a query (country, type, prefix) the candidates are the strings matching the descriptor's
national-number pattern that start with the prefix, taken one length at a time (the descriptor's
possible_length, capped so E.164 has at most 15 digits; the length of phonenumbers' example number first, then
the nearest ones, so other lengths surface once a prefix rules the typical one out). The regex is compiled to a
DFA over digits whose per-state path counts map an index to the index-th matching string (unranking) without
ever listing the range. Within one length a keyed Feistel permutation (seeded from the query via blake2b, never
from process state) spreads consecutive cursor positions over the range. A candidate is offered only if
classify() maps it back to the queried pair, which is what makes search() and classify() agree.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberDesc, PhoneNumberType

CONNECT_TYPES = ("TOLL_FREE", "DID", "UIFN", "SHARED", "THIRD_PARTY_TF", "THIRD_PARTY_DID", "SHORT_CODE")

COUNTRIES: tuple[str, ...] = tuple(sorted(phonenumbers.SUPPORTED_REGIONS))

# Work bound for one search() call: a page never examines more candidates than this.
MAX_CANDIDATES_PER_CALL = 64

_MAX_E164_DIGITS = 15
_UIFN_CALLING_CODE = 800

# Connect type -> (descriptor attribute of PhoneMetadata, phonenumbers types that count as that Connect type).
_GEOGRAPHIC_TYPES: dict[str, tuple[str, frozenset[int]]] = {
    "DID": ("fixed_line", frozenset({PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE})),
    "TOLL_FREE": ("toll_free", frozenset({PhoneNumberType.TOLL_FREE})),
    "SHARED": ("shared_cost", frozenset({PhoneNumberType.SHARED_COST})),
}


@dataclass(frozen=True)
class AvailableNumber:
    e164: str
    country: str
    number_type: str


def supports(country: str, number_type: str) -> bool:
    """Whether the inventory offers this (country, Connect type) pair."""
    return _supports(country, number_type)


def search(
    country: str,
    number_type: str,
    prefix: str | None,
    *,
    start: int,
    is_taken: Callable[[str], bool],
    limit: int,
) -> tuple[list[AvailableNumber], int | None]:
    """Up to `limit` available numbers in a stable order, beginning at cursor `start` (0 first).

    Examines at most MAX_CANDIDATES_PER_CALL candidates, so a page may come back short (even empty) with a cursor
    to continue from; the cursor is None once the inventory for the query is exhausted. `prefix` is an E.164
    prefix ("+1206"; a missing "+" is tolerated); a prefix of another country's calling code yields nothing.
    """
    if start < 0 or limit < 1:
        raise ValueError("start must be >= 0 and limit >= 1")
    if not _supports(country, number_type):
        return [], None
    plan = _plan(country, number_type, prefix or "")
    if plan is None:
        return [], None
    return _scan(plan, country, number_type, start, is_taken, limit)


def classify(e164: str) -> AvailableNumber | None:
    """The inventory entry for an E.164 string, or None when the inventory would never offer it."""
    entry = _classify_unchecked(e164)
    if entry is None or not _supports(entry.country, entry.number_type):
        return None
    return entry


# ---------------------------------------------------------------------------------------------------------------
# Inventory queries


@dataclass(frozen=True)
class _Segment:
    """The numbers of one length in a query: ranks first_rank, first_rank + stride, ... (`size` of them)."""

    automaton: _Automaton
    length: int
    first_rank: int
    stride: int
    size: int
    order: _Permutation

    def number(self, index: int) -> str:
        rank = self.first_rank + self.stride * self.order(index)
        return self.automaton.unrank(self.automaton.start, self.length, rank)


@dataclass(frozen=True)
class _Plan:
    calling_code: int
    segments: tuple[_Segment, ...]

    @property
    def total(self) -> int:
        return sum(segment.size for segment in self.segments)

    def candidate(self, position: int) -> str:
        for segment in self.segments:
            if position < segment.size:
                return f"+{self.calling_code}{segment.number(position)}"
            position -= segment.size
        raise IndexError("position beyond the inventory")


@dataclass(frozen=True)
class _Space:
    """Where a (country, type) pair draws its numbers from, and which countries share that range."""

    calling_code: int
    automaton: _Automaton
    lengths: tuple[int, ...]  # most typical first
    sharers: tuple[str, ...]

    def contains(self, national: str) -> bool:
        automaton = self.automaton
        return len(national) in self.lengths and automaton.accepts(automaton.walk(automaton.start, national))

    def owner(self, national: str) -> str:
        """The sharer a number is dealt to: by its rank among the range's numbers of its length."""
        if len(self.sharers) == 1:
            return self.sharers[0]
        rank = self.automaton.rank(self.automaton.start, national, len(national))
        return self.sharers[rank % len(self.sharers)]


def _scan(
    plan: _Plan,
    country: str,
    number_type: str,
    start: int,
    is_taken: Callable[[str], bool],
    limit: int,
) -> tuple[list[AvailableNumber], int | None]:
    total = plan.total
    position, stop = start, min(total, start + MAX_CANDIDATES_PER_CALL)
    found: list[AvailableNumber] = []
    while position < stop and len(found) < limit:
        e164 = plan.candidate(position)
        position += 1
        entry = AvailableNumber(e164, country, number_type)
        # Validity first: is_taken may be a store lookup, validity is pure.
        if _classify_unchecked(e164) == entry and not is_taken(e164):
            found.append(entry)
    return found, position if position < total else None


@cache
def _supports(country: str, number_type: str) -> bool:
    if number_type == "UIFN":
        return country in _COUNTRY_INDEX
    plan = _plan(country, number_type, "")
    if plan is None:
        return False
    numbers, _ = _scan(plan, country, number_type, 0, lambda _: False, 1)
    return bool(numbers)


@cache
def _space(country: str, number_type: str) -> _Space | None:
    found = _descriptor(country, number_type)
    if found is None:
        return None
    calling_code, descriptor, lengths = found
    pattern = descriptor.national_number_pattern
    assert pattern is not None
    if number_type == "UIFN":
        sharers = COUNTRIES
    else:  # regions of one calling code whose metadata gives them the very same range share it
        sharers = tuple(
            sorted(
                region
                for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(calling_code, ())
                if (other := _descriptor(region, number_type)) is not None
                and (other[1].national_number_pattern, other[2]) == (pattern, lengths)
            )
        )
    # Offer the length of phonenumbers' example number first: every length is valid, but a page of DE numbers
    # mixing 5- and 13-digit ones, or JP 0037... freephone before 0120..., would not look like the real thing.
    example = descriptor.example_number or ""
    typical = len(example) if len(example) in lengths else lengths[len(lengths) // 2]
    by_typicality = tuple(sorted(lengths, key=lambda length: (abs(length - typical), length)))
    return _Space(calling_code, _automaton(pattern), by_typicality, sharers)


@cache
def _descriptor(country: str, number_type: str) -> tuple[int, PhoneNumberDesc, tuple[int, ...]] | None:
    """(calling code, number-type descriptor, offered national lengths) for a pair, if the metadata has one."""
    if country not in _COUNTRY_INDEX:
        return None
    if number_type == "UIFN":
        metadata = PhoneMetadata.metadata_for_nongeo_region(_UIFN_CALLING_CODE)
        descriptor = metadata.toll_free if metadata is not None else None
    elif number_type in _GEOGRAPHIC_TYPES:
        metadata = PhoneMetadata.metadata_for_region(country)
        descriptor = getattr(metadata, _GEOGRAPHIC_TYPES[number_type][0]) if metadata is not None else None
    else:
        return None
    if metadata is None or metadata.country_code is None or descriptor is None:
        return None
    if not descriptor.national_number_pattern:
        return None
    lengths = _lengths(descriptor, metadata.general_desc, metadata.country_code)
    return (metadata.country_code, descriptor, lengths) if lengths else None


def _lengths(
    descriptor: PhoneNumberDesc, general: PhoneNumberDesc | None, calling_code: int
) -> tuple[int, ...]:
    declared = tuple(descriptor.possible_length or ())
    if not declared and general is not None:  # an empty list means "same as the general descriptor"
        declared = tuple(general.possible_length or ())
    longest = _MAX_E164_DIGITS - len(str(calling_code))  # E.164 allows 15 digits; some metadata allows more
    return tuple(sorted(length for length in declared if 0 < length <= longest))


@lru_cache(maxsize=1024)
def _plan(country: str, number_type: str, prefix: str) -> _Plan | None:
    space = _space(country, number_type)
    if space is None:
        return None
    national = _national_prefix(space.calling_code, prefix)
    if national is None:
        return None
    automaton = space.automaton
    # A shared range is dealt round-robin to its sharers by rank (see the module docstring).
    stride, residue = len(space.sharers), space.sharers.index(country)
    segments = []
    for length in space.lengths:
        if len(national) > length:
            continue
        low = automaton.rank(automaton.start, national, length)
        high = low + automaton.count(automaton.walk(automaton.start, national), length - len(national))
        first = low + (residue - low) % stride
        size = 0 if first >= high else (high - 1 - first) // stride + 1
        if size:
            seed = f"{country}|{number_type}|{national}|{length}".encode()
            segments.append(_Segment(automaton, length, first, stride, size, _Permutation(size, seed)))
    return _Plan(space.calling_code, tuple(segments)) if segments else None


def _national_prefix(calling_code: int, prefix: str) -> str | None:
    """The part of an E.164 prefix after the calling code, or None when it cannot match that calling code."""
    digits = prefix.removeprefix("+")
    if digits and not _is_ascii_digits(digits):
        return None
    code = str(calling_code)
    if code.startswith(digits):
        return ""
    if digits.startswith(code):
        return digits[len(code) :]
    return None


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _classify_unchecked(e164: str) -> AvailableNumber | None:
    """classify() without the supports() check, which itself probes the inventory through this function."""
    digits = e164[1:]
    if not e164.startswith("+") or not 0 < len(digits) <= _MAX_E164_DIGITS or not _is_ascii_digits(digits):
        return None
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) != e164:
        return None  # e.g. a redundant national prefix: not the canonical spelling of any inventory number
    national = phonenumbers.national_significant_number(number)
    kind = phonenumbers.number_type(number)
    region: str | None
    if number.country_code == _UIFN_CALLING_CODE:
        region, candidates = COUNTRIES[0], {"UIFN": frozenset({PhoneNumberType.TOLL_FREE})}
    else:
        region = phonenumbers.region_code_for_number(number)
        candidates = {connect_type: kinds for connect_type, (_, kinds) in _GEOGRAPHIC_TYPES.items()}
    if region is None:
        return None
    for connect_type, kinds in candidates.items():
        space = _space(region, connect_type)
        if kind in kinds and space is not None and space.contains(national):
            return AvailableNumber(e164, space.owner(national), connect_type)
    return None


_COUNTRY_INDEX = {country: index for index, country in enumerate(COUNTRIES)}


# ---------------------------------------------------------------------------------------------------------------
# A keyed permutation of range(size): a balanced Feistel network on the next even bit width, cycle-walked back
# into range. Seeded from the query text through blake2b, so it is identical on every machine and run.

_MASK64 = (1 << 64) - 1


class _Permutation:
    _ROUNDS = 4

    def __init__(self, size: int, seed: bytes) -> None:
        width = max(2, (size - 1).bit_length())
        self._half = (width + 1) // 2
        self._half_mask = (1 << self._half) - 1
        self._size = size
        digest = hashlib.blake2b(seed, digest_size=8 * self._ROUNDS).digest()
        self._keys = [int.from_bytes(digest[8 * i : 8 * i + 8], "big") for i in range(self._ROUNDS)]

    def __call__(self, index: int) -> int:
        if not 0 <= index < self._size:
            raise IndexError("index outside the permuted range")
        value = self._encrypt(index)
        while value >= self._size:  # cycle-walking: terminates because index itself is in range
            value = self._encrypt(value)
        return value

    def _encrypt(self, value: int) -> int:
        left, right = value >> self._half, value & self._half_mask
        for key in self._keys:
            left, right = right, left ^ (_mix64(right ^ key) & self._half_mask)
        return (left << self._half) | right


def _mix64(value: int) -> int:
    """The splitmix64 finaliser: a cheap, well-spread integer hash."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK64
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK64
    return value ^ (value >> 31)


# ---------------------------------------------------------------------------------------------------------------
# Pattern -> automaton. Metadata patterns use only: digits, \d, [..] with ranges, (?:..), |, ?, {n}, {n,m}.
# A lazily built DFA over the digits, with memoised path counts, lets us count, rank and unrank matching strings
# of a given length without listing them.


@dataclass(frozen=True)
class _Repeat:
    atom: frozenset[str] | _Alternation
    low: int
    high: int


@dataclass(frozen=True)
class _Alternation:
    branches: tuple[tuple[_Repeat, ...], ...]


class _PatternParser:
    def __init__(self, pattern: str) -> None:
        self._text = pattern
        self._pos = 0

    def parse(self) -> _Alternation:
        tree = self._alternation()
        if self._pos != len(self._text):
            self._fail()
        return tree

    def _fail(self) -> None:
        raise ValueError(f"unsupported pattern syntax at {self._pos}: {self._text!r}")

    def _peek(self) -> str:
        return self._text[self._pos : self._pos + 1]

    def _alternation(self) -> _Alternation:
        branches = [self._sequence()]
        while self._peek() == "|":
            self._pos += 1
            branches.append(self._sequence())
        return _Alternation(tuple(branches))

    def _sequence(self) -> tuple[_Repeat, ...]:
        items = []
        while self._peek() not in ("", "|", ")"):
            atom = self._atom()
            items.append(_Repeat(atom, *self._quantifier()))
        return tuple(items)

    def _atom(self) -> frozenset[str] | _Alternation:
        if self._text.startswith("(?:", self._pos):
            self._pos += 3
            group = self._alternation()
            if self._peek() != ")":
                self._fail()
            self._pos += 1
            return group
        if self._text.startswith("\\d", self._pos):
            self._pos += 2
            return frozenset("0123456789")
        if self._peek() == "[":
            close = self._text.find("]", self._pos)
            if close < 0:
                self._fail()
            body, self._pos = self._text[self._pos + 1 : close], close + 1
            return _class_digits(body.replace("\\d", "0-9"))
        char = self._peek()
        if not char or char not in "0123456789":
            self._fail()
        self._pos += 1
        return frozenset(char)

    def _quantifier(self) -> tuple[int, int]:
        if self._peek() == "?":
            self._pos += 1
            return 0, 1
        if self._peek() == "{":
            close = self._text.find("}", self._pos)
            if close < 0:
                self._fail()
            body, self._pos = self._text[self._pos + 1 : close], close + 1
            low, comma, high = body.partition(",")
            if not comma:
                return int(low), int(low)
            if not high:
                self._fail()  # unbounded repetition never occurs in the metadata
            return int(low), int(high)
        return 1, 1


def _class_digits(body: str) -> frozenset[str]:
    digits: set[str] = set()
    index = 0
    while index < len(body):
        if body[index + 1 : index + 2] == "-" and index + 2 < len(body):
            digits.update(chr(code) for code in range(ord(body[index]), ord(body[index + 2]) + 1))
            index += 3
        else:
            digits.add(body[index])
            index += 1
    if not digits <= set("0123456789"):
        raise ValueError(f"non-digit character class [{body}]")
    return frozenset(digits)


class _Automaton:
    """A DFA over digits whose states are epsilon-closed sets of Thompson-NFA states, built on demand."""

    def __init__(self, pattern: str) -> None:
        self._epsilon: list[list[int]] = []
        self._moves: list[list[tuple[frozenset[str], int]]] = []
        nfa_start, self._nfa_accept = self._compile(_PatternParser(pattern).parse())
        self._sets: list[frozenset[int]] = []
        self._ids: dict[frozenset[int], int] = {}
        self._steps: dict[tuple[int, str], int] = {}
        self._counts: dict[tuple[int, int], int] = {}
        self._branch_lists: dict[tuple[int, int], list[tuple[str, int, int]]] = {}
        self._lock = threading.Lock()
        self.start = self._intern(self._closure({nfa_start}))

    # -- queries -------------------------------------------------------------------------------------------------

    def step(self, state: int, digit: str) -> int:
        key = (state, digit)
        target = self._steps.get(key)
        if target is None:
            with self._lock:  # interning assigns ids; server threads may share this automaton
                moved = {to for nfa in self._sets[state] for chars, to in self._moves[nfa] if digit in chars}
                target = self._steps[key] = self._intern(self._closure(moved))
        return target

    def walk(self, state: int, digits: str) -> int:
        for digit in digits:
            state = self.step(state, digit)
        return state

    def accepts(self, state: int) -> bool:
        return self._nfa_accept in self._sets[state]

    def count(self, state: int, length: int) -> int:
        """How many digit strings of exactly `length` lead from `state` to acceptance."""
        key = (state, length)
        cached = self._counts.get(key)
        if cached is not None:
            return cached
        if not self._sets[state]:
            total = 0
        elif length == 0:
            total = int(self.accepts(state))
        else:
            total = sum(self.count(self.step(state, digit), length - 1) for digit in "0123456789")
        self._counts[key] = total
        return total

    def rank(self, state: int, prefix: str, length: int) -> int:
        """How many accepted strings of `length` sort before every string that starts with `prefix`."""
        before = 0
        for position, digit in enumerate(prefix):
            before += sum(
                paths for smaller, _, paths in self._branches(state, length - position - 1) if smaller < digit
            )
            state = self.step(state, digit)
        return before

    def unrank(self, state: int, length: int, rank: int) -> str:
        """The accepted string of `length` with `rank` strings before it."""
        digits = []
        for remaining in range(length - 1, -1, -1):
            for digit, following, paths in self._branches(state, remaining):
                if rank < paths:
                    digits.append(digit)
                    state = following
                    break
                rank -= paths
            else:
                raise IndexError("rank beyond the accepted strings")
        return "".join(digits)

    def _branches(self, state: int, remaining: int) -> list[tuple[str, int, int]]:
        """(digit, next state, completions of `remaining` more digits) for each digit that can still match."""
        key = (state, remaining)
        cached = self._branch_lists.get(key)
        if cached is None:
            cached = self._branch_lists[key] = [
                (digit, following, paths)
                for digit in "0123456789"
                if (paths := self.count(following := self.step(state, digit), remaining))
            ]
        return cached

    # -- construction --------------------------------------------------------------------------------------------

    def _intern(self, states: frozenset[int]) -> int:
        known = self._ids.get(states)
        if known is None:
            known = self._ids[states] = len(self._sets)
            self._sets.append(states)
        return known

    def _closure(self, states: set[int]) -> frozenset[int]:
        seen, pending = set(states), list(states)
        while pending:
            for target in self._epsilon[pending.pop()]:
                if target not in seen:
                    seen.add(target)
                    pending.append(target)
        return frozenset(seen)

    def _new_state(self) -> int:
        self._epsilon.append([])
        self._moves.append([])
        return len(self._epsilon) - 1

    def _compile(self, tree: frozenset[str] | _Alternation) -> tuple[int, int]:
        start, end = self._new_state(), self._new_state()
        if isinstance(tree, frozenset):
            self._moves[start].append((tree, end))
            return start, end
        for branch in tree.branches:
            cursor = start
            for repeat in branch:
                cursor = self._compile_repeat(cursor, repeat)
            self._epsilon[cursor].append(end)
        return start, end

    def _compile_repeat(self, cursor: int, repeat: _Repeat) -> int:
        skips = []  # points before an optional copy, which may jump straight past the last copy
        for copy in range(repeat.high):
            if copy >= repeat.low:
                skips.append(cursor)
            copy_start, copy_end = self._compile(repeat.atom)
            self._epsilon[cursor].append(copy_start)
            cursor = copy_end
        for skip in skips:
            self._epsilon[skip].append(cursor)
        return cursor


@cache
def _automaton(pattern: str) -> _Automaton:
    return _Automaton(pattern)
