#!/usr/bin/env bash
# Everything CI checks: lint, types, dependency audit, then the whole test suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/_venv.sh" dev
cd "$root"
bin="$root/.venv/bin"
echo "== ruff"; "$bin/ruff" check bot tests scripts
echo "== mypy"; "$bin/mypy" bot
echo "== pip-audit"; bash "$root/scripts/audit.sh"
echo "== pytest"; "$bin/python" -m pytest "$@"
