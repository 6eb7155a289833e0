"""Adding a customer and editing one, as the desktop's form does it.

The form's fields are the columns of the CSV format (README, "CSV format"): each value is read
and checked exactly as the import reads a cell, so a value the import accepts is accepted here
and every refusal names the field (FieldProblems). ``customer_values`` gives a customer's fields
as texts the form shows and the reader reads back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from terminassistent.domain.model import WEEKDAYS_DE, Customer, Flag, Salutation
from terminassistent.errors import FieldProblems, StaleData
from terminassistent.services.caseload_io.csv_import import customer_from_values
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context

NEW_CONTACT_NOTE = "Bei der Aufnahme erfasster letzter Kontakt"

# The fields of an existing customer the form edits (the Kundennummer is the key and stays;
# the last contact is a contact of the history, not a field of the customer).
EDIT_FIELDS = ("Anrede", "Nachname", "Vorname", "Geburtsdatum", "Straße", "PLZ", "Ort", "Status", "Profillage",
               "Merkmale", "Vorlieben", "Notiz", "Kooperationsplan")
NEW_FIELDS = ("Kundennummer", *EDIT_FIELDS, "Letzter Kontakt", "Kanal")

_FLAG_WORDS = {Flag.SCHUELER: "Schüler", Flag.FALLMANAGEMENT: "Fallmanagement", Flag.BESCHAEFTIGT: "beschäftigt",
               Flag.GESUNDHEIT: "Gesundheit"}


@dataclass(frozen=True)
class SavedCustomer:
    customer: Customer
    changes: Changes


def customer_values(customer: Customer) -> dict[str, str]:
    """The customer's fields as the form shows them (and the CSV reader reads them back)."""
    address = customer.address
    prefs = customer.preferences
    wishes = [w for w, on in (("nur vormittags", prefs.mornings_only), ("nur nachmittags", prefs.afternoons_only)) if on]
    wishes += [f"nicht {WEEKDAYS_DE[d].lower()}s" for d in sorted(prefs.avoid_weekdays)]
    return {
        "Kundennummer": customer.customer_no,
        "Anrede": "" if customer.salutation is Salutation.DIVERS else customer.salutation.label,
        "Nachname": customer.last_name,
        "Vorname": customer.first_name,
        "Geburtsdatum": f"{customer.birth_date:%d.%m.%Y}",
        "Straße": address.street if address else "",
        "PLZ": address.postal_code if address else "",
        "Ort": address.city if address else "",
        "Status": customer.status.label,
        "Profillage": customer.profile.label if customer.profile else "",
        "Merkmale": ", ".join(_FLAG_WORDS[f] for f in Flag if f in customer.flags),
        "Vorlieben": ", ".join(wishes),
        "Notiz": customer.notes,
        "Kooperationsplan": f"{customer.cooperation_plan:%d.%m.%Y}" if customer.cooperation_plan else "",
    }


def add_customer(ctx: Context, values: dict[str, str]) -> SavedCustomer:
    """A new customer (and, if given, their last contact), as one user action."""
    customer, contact = customer_from_values({k: values.get(k, "") for k in NEW_FIELDS}, today=ctx.today(),
                                             contact_note=NEW_CONTACT_NOTE)
    caseload = ctx.caseload
    if caseload.find_customer(customer.customer_no) is not None:
        raise FieldProblems(f"Die Kundennummer »{customer.customer_no}« ist schon im Bestand.",
                            {"Kundennummer": f"»{customer.customer_no}« ist schon im Bestand."})
    with caseload.action(f"Neuer Kunde {customer.display_name}", at=ctx.now()) as action:
        caseload.add_customer(customer)
        if contact is not None:
            caseload.add_contact(contact)
        return SavedCustomer(customer, Changes.of(action.rows))


def update_customer(ctx: Context, customer_no: str, values: dict[str, str], expected: Customer) -> SavedCustomer:
    """The customer's changed fields, as one user action; refused (StaleData) when the stored
    customer is no longer ``expected`` (changed since the form was opened)."""
    fields = {k: values.get(k, "") for k in EDIT_FIELDS} | {"Kundennummer": customer_no}
    customer, _ = customer_from_values(fields, today=ctx.today())
    caseload = ctx.caseload
    with caseload.action(f"Kundendaten von {customer.display_name} ändern", at=ctx.now()) as action:
        if caseload.customer(customer_no) != expected:
            raise StaleData(f"Die Daten von »{expected.display_name}« wurden inzwischen an anderer Stelle geändert; "
                            "es wurde nichts gespeichert. Bitte öffnen Sie das Formular erneut.")
        if customer != expected:
            caseload.update_customer(customer)
        return SavedCustomer(customer, Changes.of(action.rows))
