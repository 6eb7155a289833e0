"""The purposes an invitation may name: the closed list of § 309 Abs. 2 SGB III.

§ 59 SGB II applies § 309 SGB III to recipients of basic income support; an invitation must state
its purpose, and only these purposes carry the duty to appear. Several may apply to one meeting.
The values are the command line's vocabulary, the labels the statute's wording.
"""

from __future__ import annotations

from enum import StrEnum


class Purpose(StrEnum):
    BERUFSBERATUNG = "berufsberatung"  # § 309 Abs. 2 Nr. 1
    VERMITTLUNG = "vermittlung"  # Nr. 2
    ARBEITSFOERDERUNG = "arbeitsfoerderung"  # Nr. 3
    LEISTUNGSVERFAHREN = "leistungsverfahren"  # Nr. 4
    ANSPRUCHSPRUEFUNG = "anspruchspruefung"  # Nr. 5

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def number(self) -> int:
        return list(Purpose).index(self) + 1

    @classmethod
    def parse(cls, text: str) -> "Purpose":
        """The purpose named by its value, its number (1–5) or its label, ignoring case."""
        wanted = str(text).strip().lower()
        for member in cls:
            if wanted in (member.value, str(member.number), member.label.lower()):
                return member
        allowed = ", ".join(m.value for m in cls)
        raise ValueError(f"»{text}« ist kein Meldezweck nach § 309 Abs. 2 SGB III (erlaubt: {allowed})")


_LABELS = {
    Purpose.BERUFSBERATUNG: "Berufsberatung",
    Purpose.VERMITTLUNG: "Vermittlung in Ausbildung oder Arbeit",
    Purpose.ARBEITSFOERDERUNG: "Vorbereitung aktiver Arbeitsförderungsleistungen",
    Purpose.LEISTUNGSVERFAHREN: "Vorbereitung von Entscheidungen im Leistungsverfahren",
    Purpose.ANSPRUCHSPRUEFUNG: "Prüfung des Vorliegens der Voraussetzungen für den Leistungsanspruch",
}


def normalise(purposes) -> tuple[Purpose, ...]:
    """Purposes in the statute's order, each once; an empty input stays empty."""
    chosen = {p if isinstance(p, Purpose) else Purpose.parse(p) for p in purposes}
    return tuple(p for p in Purpose if p in chosen)
