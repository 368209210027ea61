# Sourced by scripts/run and scripts/test: make .venv hold exactly the pinned requirements.
# Reinstalls only when a requirements file changed since the last install.
set -euo pipefail
ensure_venv() {
  local requirements="$1"
  local python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Drumbeat needs Python 3.11 or newer; set PYTHON=/path/to/python3.11 and try again." >&2
    exit 2
  fi
  if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv (first run) ..." >&2
    "$python" -m venv .venv
  fi
  local stamp=".venv/.installed-$(basename "$requirements")"
  local want
  want=$(cat requirements.txt "$requirements" | sha256sum | cut -c1-16)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installing pinned dependencies from $requirements ..." >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$want" > "$stamp"
  fi
}
