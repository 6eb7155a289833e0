"""The invitation letter (PDF, DIN 5008) and the calendar file (iCalendar) of booked appointments.

Modules: ``letter`` composes the content (pure Python), ``layout``/``pdf``/``qtapp`` lay it out with
Qt, ``ics`` writes RFC 5545, ``legal`` and ``template`` read the versioned texts from resources/,
``purposes`` holds the closed list of § 309 Abs. 2 SGB III; the letter settings are declared, with
all others, in terminassistent.settings.
Callers use ``terminassistent.services.invitations.letters``; only ``pdf`` and its helpers import PySide6.
"""

from terminassistent.documents.purposes import Purpose

__all__ = ["Purpose"]
