"""The calendar feed (iCalendar, RFC 5545): meetings and agenda target dates."""
