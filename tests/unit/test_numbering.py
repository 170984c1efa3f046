"""The synthetic number inventory: every offered number is real per phonenumbers, and paging is stable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberType

from connect_local.domain.numbering import (
    CONNECT_TYPES,
    COUNTRIES,
    MAX_CANDIDATES_PER_CALL,
    AvailableNumber,
    classify,
    search,
    supports,
)

SUPPORTED_PAIRS = [
    (country, kind) for country in COUNTRIES for kind in CONNECT_TYPES if supports(country, kind)
]
EXPECTED_KINDS = {
    "DID": {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE},
    "TOLL_FREE": {PhoneNumberType.TOLL_FREE},
    "SHARED": {PhoneNumberType.SHARED_COST},
    "UIFN": {PhoneNumberType.TOLL_FREE},
}

pairs = st.sampled_from(SUPPORTED_PAIRS)
cursors = st.integers(min_value=0, max_value=100_000)
examples = settings(max_examples=60, deadline=None)


def nothing_taken(_: str) -> bool:
    return False


def first_page(country: str, kind: str, prefix: str | None = None, start: int = 0) -> list[AvailableNumber]:
    return search(country, kind, prefix, start=start, is_taken=nothing_taken, limit=10)[0]


def walk(country: str, kind: str, prefix: str | None, limit: int, calls: int) -> list[str]:
    """Numbers from following the cursor for a number of calls."""
    found: list[str] = []
    cursor: int | None = 0
    for _ in range(calls):
        if cursor is None:
            break
        page, cursor = search(country, kind, prefix, start=cursor, is_taken=nothing_taken, limit=limit)
        found.extend(entry.e164 for entry in page)
    return found


def test_the_connect_types_with_metadata_are_offered_widely() -> None:
    kinds = {kind for _, kind in SUPPORTED_PAIRS}
    assert kinds == {"DID", "TOLL_FREE", "SHARED", "UIFN"}
    for must in [("US", "DID"), ("US", "TOLL_FREE"), ("CA", "TOLL_FREE"), ("GB", "DID"), ("DE", "DID"),
                 ("ZA", "SHARED"), ("JP", "TOLL_FREE"), ("AU", "TOLL_FREE"), ("US", "UIFN")]:  # fmt: skip
        assert must in SUPPORTED_PAIRS
    assert len({country for country, _ in SUPPORTED_PAIRS}) > 230


@examples
@given(pairs, cursors)
def test_every_offered_number_is_valid_for_its_country_and_type(pair: tuple[str, str], start: int) -> None:
    country, kind = pair
    for entry in first_page(country, kind, start=start):
        assert (entry.country, entry.number_type) == pair
        number = phonenumbers.parse(entry.e164)
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == entry.e164
        assert len(entry.e164) <= 16  # E.164: at most 15 digits
        assert phonenumbers.is_valid_number(number)
        assert phonenumbers.number_type(number) in EXPECTED_KINDS[kind]
        if kind == "UIFN":
            assert number.country_code == 800
        else:
            assert phonenumbers.is_valid_number_for_region(number, country)


@examples
@given(pairs, cursors)
def test_offered_numbers_classify_to_themselves(pair: tuple[str, str], start: int) -> None:
    for entry in first_page(*pair, start=start):
        assert classify(entry.e164) == entry


@examples
@given(pairs, cursors)
def test_a_full_number_as_prefix_finds_that_number(pair: tuple[str, str], start: int) -> None:
    for entry in first_page(*pair, start=start)[:2]:
        found = walk(*pair, entry.e164, limit=10, calls=50)
        assert entry.e164 in found  # longer numbers may share it as a prefix where lengths vary
        assert all(e164.startswith(entry.e164) for e164 in found)


@examples
@given(pairs, cursors, st.integers(min_value=0, max_value=15))
def test_prefix_filter_is_honoured(pair: tuple[str, str], start: int, cut: int) -> None:
    for entry in first_page(*pair, start=start)[:1]:
        prefix = entry.e164[: max(2, len(entry.e164) - cut)]
        for e164 in walk(*pair, prefix, limit=10, calls=3):
            assert e164.startswith(prefix)


@examples
@given(pairs, st.sampled_from(SUPPORTED_PAIRS))
def test_a_prefix_of_another_calling_code_gives_nothing(
    pair: tuple[str, str], other: tuple[str, str]
) -> None:
    own = first_page(*pair)
    foreign = first_page(*other)
    if not own or not foreign:
        return
    own_code = phonenumbers.parse(own[0].e164).country_code
    foreign_code = phonenumbers.parse(foreign[0].e164).country_code
    if str(own_code).startswith(str(foreign_code)) or str(foreign_code).startswith(str(own_code)):
        return
    assert search(*pair, f"+{foreign_code}", start=0, is_taken=nothing_taken, limit=10) == ([], None)


@examples
@given(pairs, cursors, st.sampled_from([1, 3, 7]))
def test_pages_follow_on_without_overlap_whatever_their_size(
    pair: tuple[str, str], start: int, size: int
) -> None:
    def numbers(limit: int, calls: int) -> list[str]:
        found: list[str] = []
        cursor: int | None = start
        while cursor is not None and calls:
            page, cursor = search(*pair, None, start=cursor, is_taken=nothing_taken, limit=limit)
            found.extend(entry.e164 for entry in page)
            calls -= 1
        return found

    small = numbers(size, 6)
    large = numbers(10, 6)
    assert len(set(large)) == len(large)
    assert large[: len(small)] == small  # page size does not change the sequence


@settings(max_examples=30, deadline=None)
@given(pairs, cursors)
def test_search_is_deterministic(pair: tuple[str, str], start: int) -> None:
    assert first_page(*pair, start=start) == first_page(*pair, start=start)


def test_search_gives_the_same_numbers_in_another_process_with_another_hash_seed() -> None:
    script = (
        "from connect_local.domain.numbering import search\n"
        "for query in [('US', 'DID', '+1206'), ('GB', 'DID', None), ('CA', 'TOLL_FREE', None), ('FR', 'UIFN', None)]:\n"
        "    print(search(*query, start=5, is_taken=lambda _: False, limit=10))\n"
    )
    source = str(Path(__file__).resolve().parents[2] / "src")
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": source},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1]
    assert "+1206" in runs[0]


@examples
@given(pairs, cursors)
def test_taken_numbers_are_skipped(pair: tuple[str, str], start: int) -> None:
    page = first_page(*pair, start=start)
    taken = {entry.e164 for entry in page[::2]}
    again, _ = search(*pair, None, start=start, is_taken=taken.__contains__, limit=10)
    assert not taken & {entry.e164 for entry in again}
    assert [entry for entry in page if entry.e164 not in taken] == again[: len(page) - len(taken)]


@examples
@given(pairs, cursors)
def test_one_call_examines_a_bounded_number_of_candidates(pair: tuple[str, str], start: int) -> None:
    asked: list[str] = []

    def everything_taken(e164: str) -> bool:
        asked.append(e164)
        return True

    page, cursor = search(*pair, None, start=start, is_taken=everything_taken, limit=10)
    assert page == []
    assert len(asked) <= MAX_CANDIDATES_PER_CALL
    assert cursor is None or start < cursor <= start + MAX_CANDIDATES_PER_CALL


def test_a_prefix_with_no_valid_numbers_ends_at_once() -> None:
    assert search("US", "DID", "+1911", start=0, is_taken=nothing_taken, limit=10) == ([], None)
    assert search("US", "DID", "+1206555012345", start=0, is_taken=nothing_taken, limit=10) == ([], None)


def test_a_small_inventory_is_exhausted_with_every_number_once() -> None:
    number = first_page("US", "DID", "+1206")[0].e164
    prefix = number[:-2]
    found = walk("US", "DID", prefix, limit=7, calls=100)
    assert 0 < len(found) <= 100
    assert len(set(found)) == len(found)
    assert number in found
    page, cursor = search("US", "DID", prefix, start=200, is_taken=nothing_taken, limit=10)
    assert (page, cursor) == ([], None)


def test_seattle_prefix_fills_a_page_in_one_call() -> None:
    page, cursor = search("US", "DID", "+1206", start=0, is_taken=nothing_taken, limit=10)
    assert len(page) == 10 and cursor is not None
    assert all(entry.e164.startswith("+1206") and len(entry.e164) == 12 for entry in page)


def test_a_prefix_without_plus_is_read_as_e164() -> None:
    assert first_page("US", "DID", "1206") == first_page("US", "DID", "+1206")


def test_numbers_are_spread_over_the_range() -> None:
    numbers = walk("US", "DID", None, limit=10, calls=5)
    area_codes = {e164[2:5] for e164 in numbers}
    assert len(area_codes) > 20
    assert numbers != sorted(numbers)


def test_types_without_metadata_and_unknown_countries_give_nothing() -> None:
    for kind in ("THIRD_PARTY_TF", "THIRD_PARTY_DID", "SHORT_CODE", "MOBILE"):
        assert not supports("US", kind)
        assert search("US", kind, None, start=0, is_taken=nothing_taken, limit=10) == ([], None)
    for country in ("AQ", "ZZ", "us"):
        assert not supports(country, "DID")
        assert search(country, "DID", None, start=0, is_taken=nothing_taken, limit=10) == ([], None)


def test_classify_refuses_what_the_inventory_would_never_offer() -> None:
    mobile = phonenumbers.example_number_for_type("GB", PhoneNumberType.MOBILE)
    premium = phonenumbers.example_number_for_type("US", PhoneNumberType.PREMIUM_RATE)
    assert mobile is not None and premium is not None
    e164 = phonenumbers.PhoneNumberFormat.E164
    for text in [
        phonenumbers.format_number(mobile, e164),
        phonenumbers.format_number(premium, e164),
        "12065550123",  # no plus
        "+1 206 555 0123",
        "+1206",
        "+9991234567",  # unassigned calling code
        "+1206555012345678",  # too long for E.164
        "+",
        "",
        "+１２０６５５５０１２３",  # full-width digits
    ]:
        assert classify(text) is None, text


def test_uifn_numbers_belong_to_exactly_one_country() -> None:
    entry = first_page("FR", "UIFN")[0]
    assert entry.e164.startswith("+800")
    assert classify(entry.e164) == entry
    assert first_page("DE", "UIFN", entry.e164) == []
    assert not set(walk("FR", "UIFN", None, 10, 3)) & set(walk("DE", "UIFN", None, 10, 3))


def test_a_toll_free_range_shared_by_nanp_countries_is_dealt_between_them() -> None:
    canada = walk("CA", "TOLL_FREE", None, 10, 3)
    united_states = walk("US", "TOLL_FREE", None, 10, 3)
    assert canada and united_states
    assert not set(canada) & set(united_states)
    for e164 in canada:
        assert phonenumbers.is_valid_number_for_region(phonenumbers.parse(e164), "CA")
        assert classify(e164) == AvailableNumber(e164, "CA", "TOLL_FREE")


def test_unprefixed_pages_use_the_length_of_the_metadata_example() -> None:
    for country, kind, descriptor in [("JP", "TOLL_FREE", "toll_free"), ("DE", "DID", "fixed_line")]:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(country)
        assert metadata is not None
        example = getattr(metadata, descriptor).example_number
        for entry in first_page(country, kind):
            national = phonenumbers.national_significant_number(phonenumbers.parse(entry.e164))
            assert len(national) == len(example)


def test_a_prefix_outside_the_typical_length_still_finds_other_lengths() -> None:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("JP")
    assert metadata is not None and metadata.toll_free is not None
    example_length = len(metadata.toll_free.example_number or "")
    page = first_page("JP", "TOLL_FREE", "+81800")
    assert page
    for entry in page:
        national = phonenumbers.national_significant_number(phonenumbers.parse(entry.e164))
        assert national.startswith("800") and len(national) != example_length
