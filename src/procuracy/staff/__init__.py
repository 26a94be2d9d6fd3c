"""Staff, departments and roles."""
