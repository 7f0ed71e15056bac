#!/usr/bin/env bash
# The main job: the bot on Discord when DISCORD_TOKEN is set (in the environment or .env),
# otherwise the local console on the shipped knowledge base. Extra arguments go to
# `python -m bot`, e.g. `bash scripts/run.sh ask "how long is MCMI?"`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/_venv.sh" >&2
cd "$root"
exec "$root/.venv/bin/python" -m bot "$@"
