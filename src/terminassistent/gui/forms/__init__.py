"""Qt Designer forms compiled from ui/*.ui by packaging/build_forms.py (generated; do not edit)."""
