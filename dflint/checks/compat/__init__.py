"""Compatibility rules (DF2xx): what a target builder will do with BuildKit-era syntax."""
