"""hadolint-class best practices (DF4xx–DF6xx), shell-aware and correct on BuildKit-era syntax."""
