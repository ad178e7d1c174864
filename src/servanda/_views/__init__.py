"""Terminal views: Rich renderables and plain data, printed by the CLI."""
