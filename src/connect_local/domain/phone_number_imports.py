"""The emulated AWS End User Messaging registry that ImportPhoneNumber draws from.

There is no End User Messaging here, so the registry is a rule: every ARN of the form
`arn:aws:sms-voice:<region>:<account>:phone-number/phone-<32 hex digits>` names a US number held by that account
in that Region. The 128-bit value picks the number: its lowest bit the type (0 = DID, 1 = TOLL_FREE), the rest a
position in that type's US inventory (numbering.search order), so an ARN always imports the same, valid number.
Only the caller's own numbers in the called Region exist; anything else is not found.
"""

from __future__ import annotations

import re

from connect_local.domain import numbering
from connect_local.domain.records import Call

_SOURCE_ARN = re.compile(r"arn:aws:sms-voice:([a-z0-9-]+):([0-9]{12}):phone-number/phone-([0-9a-f]{32})")
_COUNTRY = "US"
_TYPES = ("DID", "TOLL_FREE")
_POSITIONS = 1 << 21  # fewer than either US inventory holds (2.5 million toll-free numbers)


def number_for(call: Call, source_arn: str) -> numbering.AvailableNumber | None:
    """The number an End User Messaging ARN names, when the calling account holds it in the called Region."""
    match = _SOURCE_ARN.fullmatch(source_arn)
    if match is None:
        return None
    region, account, digits = match.groups()
    if region != call.region or account != call.account:
        return None
    value = int(digits, 16)
    number_type = _TYPES[value & 1]
    found, _ = numbering.search(_COUNTRY, number_type, None, start=(value >> 1) % _POSITIONS,
                                is_taken=lambda _: False, limit=1)
    return found[0] if found else None
