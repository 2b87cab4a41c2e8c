#!/usr/bin/env bash
# Builds the double-click app into dist/sessionlog/ (PyInstaller, one folder), then runs the
# smoke check on the built copy. Uses .venv (made by packaging/setup-debian.sh) when present.
#   bash packaging/build.sh            # build and smoke-check
#   bash packaging/build.sh --no-smoke # build only
set -euo pipefail
cd "$(dirname "$0")/.."
python=python3
[ -x .venv/bin/python ] && python=.venv/bin/python
"$python" -c 'import PyInstaller' 2>/dev/null || "$python" -m pip install -q 'pyinstaller>=6.10'
started=$(date +%s)
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/sessionlog.spec
echo "Built dist/sessionlog in $(( $(date +%s) - started )) s, $(du -sh dist/sessionlog | cut -f1)"
if [ "${1:-}" != "--no-smoke" ]; then
  "$python" packaging/smoke_check.py dist/sessionlog
fi
