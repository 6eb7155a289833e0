#!/bin/sh
# Installs Terminassistent from this folder for every user of the machine (as root):
#
#   sudo ./install.sh             /opt/terminassistent, the command /usr/local/bin/terminassistent,
#                                 the menu entry, its icon and the bash completion
#   sudo ./install.sh --remove    takes all of that away again (the users' caseloads stay)
#   PREFIX=/tmp/probe ./install.sh    the same below another folder, to look at it first
#
# Shipped in the bundle as install.sh (packaging/build_bundle.py); the caseloads live in each
# user's own data folder (~/.local/share/terminassistent), never in /opt.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=${PREFIX:-}
opt="$root/opt/terminassistent"
bin="$root/usr/local/bin"
apps="$root/usr/share/applications"
icons="$root/usr/share/icons/hicolor/scalable/apps"
completions="$root/usr/share/bash-completion/completions"

if [ "${1:-}" = "--remove" ]; then
  rm -rf "$opt"
  rm -f "$bin/terminassistent" "$apps/terminassistent.desktop" "$icons/terminassistent.svg" \
    "$completions/terminassistent"
  echo "Terminassistent ist entfernt; die Bestände der Benutzer (~/.local/share/terminassistent) bleiben."
  exit 0
fi

echo "Installiere Terminassistent nach $opt (Programm), $bin/terminassistent (Befehl),"
echo "$apps (Menüeintrag), $icons (Symbol) und $completions (Tab-Ergänzung in der Shell)."
mkdir -p "$opt" "$bin" "$apps" "$icons" "$completions"
if [ "$here" != "$opt" ]; then
  rm -rf "$opt"
  cp -R "$here" "$opt"
fi
ln -sf "$opt/terminassistent" "$bin/terminassistent"
sed "s|^Exec=terminassistent|Exec=$opt/terminassistent|" "$here/terminassistent.desktop" > "$apps/terminassistent.desktop"
chmod 644 "$apps/terminassistent.desktop"
cp "$here/terminassistent.svg" "$icons/terminassistent.svg"
cp "$here/terminassistent.bash" "$completions/terminassistent"
if [ -z "$root" ]; then  # refresh the menus' caches where the desktop has them
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q "$root/usr/share/icons/hicolor" || true
fi
echo "Fertig. Terminassistent steht im Menü unter »Büro«; im Terminal: terminassistent --help"
