"""The Teaching Circle answer bot: a FAQ engine with a thin Discord adapter."""

__version__ = "0.1.0"
