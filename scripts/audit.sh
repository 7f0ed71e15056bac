#!/usr/bin/env bash
# Dependency audit of the installed environment against the PyPI advisory data.
# A known vulnerability fails the run; an advisory service that cannot be reached is reported
# loudly but does not fail it (CI here reaches only the package registries).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mktemp)"
"$root/.venv/bin/pip-audit" --progress-spinner off --skip-editable --vulnerability-service pypi >"$out" 2>&1
status=$?
cat "$out"
if [ $status -ne 0 ] && grep -qiE "found [0-9]+ known vulnerabilit" "$out"; then
  exit 1
fi
if [ $status -ne 0 ]; then
  echo "WARNING: pip-audit could not complete (advisory service unreachable?); not failing on that." >&2
fi
skipped=$(grep -c "could not be audited" "$out" || true)
if [ "$skipped" -gt 0 ]; then
  echo "WARNING: $skipped package(s) could not be audited: the registry reachable here serves no advisory data for them." >&2
fi
rm -f "$out"
exit 0
