#!/usr/bin/env bash
# Installs what SessionLog needs on a fresh Debian/Ubuntu machine:
# the system libraries Qt loads, then a virtual environment in .venv with the app.
#   bash packaging/setup-debian.sh          # the app
#   bash packaging/setup-debian.sh --test   # the app, test tools, Xvfb, poppler, faketime
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

packages=(python3 python3-venv python3-pip libgl1 libegl1 libfontconfig1 libglib2.0-0
          libxkbcommon0 libdbus-1-3 fonts-dejavu-core libxcb-cursor0 libxkbcommon-x11-0
          libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0
          libxcb-image0 libxcb-xinerama0 xdg-utils)
[ "$want_tests" = 1 ] && packages+=(xvfb xauth poppler-utils faketime)

missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  echo "Installing system packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# A Python of 3.11 or newer: the system one, or one already on PATH (pyenv).
python=python3
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "SessionLog needs Python 3.11 or newer; found $("$python" --version)" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$want_tests" = 1 ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q .
fi
