"""The address of the person at the other end, as sign-in lockout, throttling and logs must see it.

Behind a reverse proxy every request connects from the proxy, so the connecting address alone would let anyone
lock an official out. ``X-Forwarded-For`` is believed only as far as it was written by proxies we trust
(``SINERGI_TRUSTED_PROXIES``, a comma list of addresses or CIDR networks): it is read right to left, skipping
trusted hops, and the first untrusted address is the client. Without trusted proxies the header is ignored.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request) -> str:
    """The client's address: the connecting one, or the nearest untrusted hop named by trusted proxies."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "SINERGI_TRUSTED_PROXIES", ()) or ()))
    address = _parse(remote)
    if address is None or not networks or not _trusted(address, networks):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        hop_address = _parse(hop)
        if hop_address is None:
            # A malformed entry: nothing further left can be believed; the last trusted hop is what we know.
            return str(address)
        if not _trusted(hop_address, networks):
            return str(hop_address)
        address = hop_address
    return str(address)
