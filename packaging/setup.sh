#!/usr/bin/env bash
# Set up Terminassistent from a checkout on Debian (12 or later, Python 3.11) and run it.
#
#   bash packaging/setup.sh demo   install, then open the program on a fresh demo caseload
#   bash packaging/setup.sh test   install, then run the whole test suite (offscreen)
#   bash packaging/setup.sh install   install only
#
# Installs the Debian packages Qt needs (as root, or through sudo), creates .venv in the
# checkout and installs the program with its test extras into it. Safe to run again.
set -euo pipefail

cd "$(dirname "$0")/.."
mode=${1:-install}
shift || true

DEBIAN_PACKAGES=(
  python3 python3-venv python3-pip
  # Qt's platform plugins (offscreen and xcb) and fonts
  libgl1 libegl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
  fonts-dejavu-core
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
  libxcb-xkb1 libxkbcommon-x11-0
  # a virtual screen for screenshots, and PDF pages as images
  xvfb xauth poppler-utils
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Bitte als root ausführen (oder sudo installieren): $*" >&2; exit 1; fi
}

install_debian_packages() {
  command -v dpkg-query >/dev/null || return 0  # not Debian: assume the libraries are there
  local missing=()
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installiere Debian-Pakete: ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

install_python_packages() {
  local python=${PYTHON:-python3}
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
}

install_debian_packages
install_python_packages

case "$mode" in
  install) echo "Installiert. Start: .venv/bin/terminassistent --demo" ;;
  demo) exec .venv/bin/terminassistent --demo "$@" ;;
  test) QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} exec .venv/bin/python -m pytest "$@" ;;
  *) echo "Aufruf: bash packaging/setup.sh [install|demo|test]" >&2; exit 2 ;;
esac
