"""Who beyond the author may see a content record."""

from __future__ import annotations

from enum import StrEnum


class Visibility(StrEnum):
    private = "private"  # the author only (where a domain allows it)
    organisation = "organisation"  # everyone of the organisation; partners only when involved
    partners = "partners"  # also every partner of the organisation
    published = "published"  # also the public feeds and the intranet


SHARED_WITH_PARTNERS = (Visibility.partners, Visibility.published)
