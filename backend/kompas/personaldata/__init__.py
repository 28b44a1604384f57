"""The person's own data (AVG/GDPR): art. 15 access and art. 17 erasure (docs/personal-data.md)."""
