#!/usr/bin/env bash
# Set up Terminassistent from a checkout on Debian (12 or later, Python 3.11) and run it.
#
#   bash packaging/setup.sh demo           install, then open the program on a fresh demo caseload
#   bash packaging/setup.sh demo --xvfb    install, then show the window on a virtual screen (a
#                                          screenshot, for a look on a server without a display)
#   bash packaging/setup.sh test           install, then run the whole test suite (offscreen; CI)
#   bash packaging/setup.sh bundle         install, then build the one-folder program and its archive
#   bash packaging/setup.sh install        install only
#
# Installs the Debian packages Qt needs (as root, or through sudo; waits for another apt or dpkg to
# finish instead of failing), creates .venv in the checkout and installs the program into it, with
# the tools for tests and the bundle, and the bash completion. Safe to run again. It says in
# German what it installs and why.
set -euo pipefail

cd "$(dirname "$0")/.."
mode=${1:-install}
shift || true
APT_WAIT=600  # seconds to wait for another apt or dpkg (unattended-upgrades on a fresh machine)

say() { printf '%s\n' "$*"; }

# Each package with the reason it is needed (shown for the ones that are missing).
DEBIAN_PACKAGES=(
  "python3:Python, in dem das Programm läuft"
  "python3-venv:eine eigene Python-Umgebung (.venv) nur für das Programm"
  "python3-pip:das Installationswerkzeug für die Python-Bibliotheken des Programms"
  "libgl1:Grafik für Qt, die Bibliothek des Programmfensters"
  "libegl1:Grafik für Qt"
  "libx11-6:Verbindung des Fensters zum Bildschirm (X11)"
  "libdbus-1-3:Nachrichten an die Arbeitsoberfläche"
  "libfontconfig1:Schriften finden"
  "libfreetype6:Schriften zeichnen"
  "libglib2.0-0:Grundbibliothek, die Qt braucht"
  "libxkbcommon0:Tastaturbelegung"
  "fonts-dejavu-core:eine Schrift für das Fenster"
  "libxcb-cursor0:Mauszeiger im Fenster (X11)"
  "libxcb-icccm4:Fensterverwaltung (X11)"
  "libxcb-image0:Bilder im Fenster (X11)"
  "libxcb-keysyms1:Tasten (X11)"
  "libxcb-render-util0:Zeichnen (X11)"
  "libxcb-shape0:Fensterformen (X11)"
  "libxcb-xkb1:Tastatur (X11)"
  "libxkbcommon-x11-0:Tastatur (X11)"
  "xvfb:ein unsichtbarer Bildschirm für Tests und »demo --xvfb«"
  "xauth:Zugang zu diesem unsichtbaren Bildschirm"
  "poppler-utils:PDF-Seiten als Bilder (Bildschirmfotos der Einladung)"
)
# Only for the tests: a real calendar client that imports the program's calendar files.
TEST_PACKAGES=(
  "khal:ein Kalenderprogramm, mit dem die Tests das Einlesen der Kalenderdateien prüfen"
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "Bitte führen Sie das als root aus (oder installieren Sie sudo): $*" >&2; exit 1; fi
}

apt_get() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o "DPkg::Lock::Timeout=$APT_WAIT" "$@"
}

update_package_lists() {
  # apt-get waits for dpkg's lock by itself (DPkg::Lock::Timeout); the lock of the package lists
  # it does not wait for, so that one is waited for here.
  local waited=0 output
  until output=$(apt_get update -q 2>&1); do
    if [ "$waited" -lt "$APT_WAIT" ] && grep -qi "lock" <<<"$output"; then
      [ "$waited" -eq 0 ] && say "Ein anderes Programm installiert gerade Pakete; ich warte bis zu $((APT_WAIT / 60)) Minuten darauf."
      sleep 5
      waited=$((waited + 5))
    else
      printf '%s\n' "$output" >&2
      return 1
    fi
  done
}

install_debian_packages() {
  command -v dpkg-query >/dev/null || return 0  # not Debian (e.g. Windows): the libraries come with Qt
  local missing=() entry name
  for entry in "$@"; do
    name=${entry%%:*}
    if ! dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed"; then
      [ ${#missing[@]} -eq 0 ] && say "Ich installiere diese Debian-Pakete (apt-get):"
      say "  $name – ${entry#*:}"
      missing+=("$name")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    update_package_lists
    apt_get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

venv_python() {
  if [ -x .venv/Scripts/python.exe ]; then echo .venv/Scripts/python.exe; else echo .venv/bin/python; fi
}

install_python_packages() {
  local python=${PYTHON:-python3}
  command -v "$python" >/dev/null || python=python
  if [ ! -x "$(venv_python)" ]; then
    say "Ich lege die Python-Umgebung .venv in $(pwd) an."
    "$python" -m venv .venv
  fi
  say "Ich installiere das Programm mit seinen Bibliotheken (Qt, SQLite, Kalender, Feiertage) und den"
  say "Werkzeugen für Tests und Installationspaket (pytest, PyInstaller) in .venv (pip)."
  "$(venv_python)" -m pip install -q --upgrade pip
  "$(venv_python)" -m pip install -q -e ".[test,bundle]"
}

install_completion() {
  # Tab completion for bash, generated from the program's own options; active after
  # `source .venv/bin/activate`.
  [ -f .venv/bin/activate ] || return 0
  local folder=.venv/share/bash-completion/completions marker="# terminassistent: bash completion"
  mkdir -p "$folder"
  "$(venv_python)" packaging/completion.py > "$folder/terminassistent"
  if ! grep -qF "$marker" .venv/bin/activate; then
    printf '\n%s (packaging/setup.sh)\n%s\n' "$marker" \
      'if [ -n "${BASH_VERSION:-}" ] && [ -f "$VIRTUAL_ENV/share/bash-completion/completions/terminassistent" ]; then . "$VIRTUAL_ENV/share/bash-completion/completions/terminassistent"; fi' \
      >> .venv/bin/activate
  fi
}

where_it_is() {
  say "Das Programm ist jetzt $(pwd)/.venv/bin/terminassistent."
  say "Mit »source .venv/bin/activate« heißt es in diesem Terminal einfach »terminassistent« (mit Tab-Ergänzung);"
  say "»terminassistent --help« nennt alle Befehle."
}

no_display() {
  ! "$(venv_python)" -c 'import sys; from terminassistent.cli._display import display_problem; sys.exit(display_problem() is not None)'
}

demo_on_virtual_screen() {
  local shot="$(pwd)/demo-fenster.png" scratch
  scratch=$(mktemp -d)
  say "Ich starte das Programmfenster mit einem Demo-Bestand auf einem unsichtbaren Bildschirm (Xvfb)"
  say "und fotografiere es nach 10 Sekunden."
  TMPDIR="$scratch" xvfb-run -a -s "-screen 0 1600x900x24" bash -c '
    "$1" --demo & window=$!
    sleep 10
    "$2" -c "import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication([]); sys.exit(not QGuiApplication.primaryScreen().grabWindow(0).save(sys.argv[1]))" "$3"
    kill "$window"; wait "$window" 2>/dev/null || true' _ .venv/bin/terminassistent "$(venv_python)" "$shot"
  rm -rf "$scratch"
  say "Bildschirmfoto des Fensters: $shot"
}

if [ "$mode" = test ]; then
  install_debian_packages "${DEBIAN_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
else
  install_debian_packages "${DEBIAN_PACKAGES[@]}"
fi
install_python_packages
install_completion

case "$mode" in
  install) where_it_is ;;
  demo)
    where_it_is
    if [ "${1:-}" = "--xvfb" ]; then
      demo_on_virtual_screen
    elif no_display; then
      say "Das Programmfenster braucht eine grafische Sitzung (einen Bildschirm mit X11 oder Wayland); hier gibt es keine."
      say "  - In einer grafischen Sitzung starten Sie den Demo-Bestand mit: .venv/bin/terminassistent --demo"
      say "  - Ein Blick auf das Fenster hier auf dem Server (Bildschirmfoto): bash packaging/setup.sh demo --xvfb"
      say "  - Die Befehle arbeiten ohne Fenster: .venv/bin/terminassistent --help"
      exit 1
    else
      exec .venv/bin/terminassistent --demo "$@"
    fi
    ;;
  test) QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} exec "$(venv_python)" -m pytest "$@" ;;
  bundle)
    "$(venv_python)" packaging/build_bundle.py "$@"
    say "Installation durch die IT: das Archiv auf den Rechner kopieren, entpacken und install.sh ausführen:"
    say "  tar -xzf terminassistent-*.tar.gz && sudo ./terminassistent/install.sh"
    ;;
  *) say "Aufruf: bash packaging/setup.sh [install|demo [--xvfb]|test|bundle]" >&2; exit 2 ;;
esac
