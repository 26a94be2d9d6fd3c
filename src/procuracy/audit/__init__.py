"""The audit trail: logins, failed logins, denied accesses, writes and sensitive reads."""
