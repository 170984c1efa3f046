"""connect-local: a self-hosted, wire-compatible Amazon Connect telephony control plane."""

__version__ = "0.1.0"
