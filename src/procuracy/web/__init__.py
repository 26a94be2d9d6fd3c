"""The staff web application (server-rendered; template partials and htmx)."""
