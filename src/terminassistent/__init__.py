"""Terminassistent: appointment and contact-density planning for Jobcenter caseworkers."""

__version__ = "0.1.0"
