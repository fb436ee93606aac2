"""Reads of the exchange app, scoped: a package is seen by those who see its government (the government-wide
roles of that government, observers whose region covers it, administrators)."""

from sinergi.core.scope import scope_for
from sinergi.exchange.models import ExchangePackage, ExportedPackage, PackageDocument, TrustedSender


def package_list(*, user):
    return scope_for(user).restrict(ExchangePackage.objects.select_related("government", "imported_by"))


def package_get(*, user, pk):
    return scope_for(user).get(ExchangePackage.objects.select_related("government", "imported_by", "sender"), pk=pk)


def document_get(*, user, package, pk):
    return scope_for(user).get(PackageDocument.objects.filter(package=package), pk=pk)


def export_list(*, user, government=None):
    exports = scope_for(user).restrict(ExportedPackage.objects.select_related("government", "exported_by"))
    return exports if government is None else exports.filter(government=government)


def sender_list():
    return TrustedSender.objects.select_related("region", "added_by")
