#!/usr/bin/env bash
# Sourced by scripts/start.sh and scripts/test.sh.

# node modules from the lockfile. `npm ci` refuses a lockfile that lacks the other platforms'
# optional native packages (npm/cli#4828); a registry that does not serve them can't fill
# them in. Then install the same locked versions with `npm install --no-save` (which
# leaves package-lock.json untouched) and say so.
install_node_modules() {
  local out
  if out="$(npm ci --no-audit --no-fund 2>&1)"; then
    printf '%s\n' "$out" | tail -n 3
    return 0
  fi
  printf '%s\n' "$out" | grep -v '^npm error Missing: ' | tail -n 20
  if grep -q 'package.json and package-lock.json or npm-shrinkwrap.json are in sync' <<<"$out"; then
    echo "warning: npm ci refused package-lock.json ($(grep -c '^npm error Missing: ' <<<"$out") optional packages missing from it, e.g. $(grep -m1 -o 'Missing: [^ ]*' <<<"$out" | cut -d' ' -f2)); using npm install --no-save with the locked versions" >&2
    npm install --no-save --no-audit --no-fund
  else
    return 1
  fi
}

# Installs node modules when a fresh clone has none.
ensure_node_modules() {
  if [[ ! -d node_modules ]]; then
    echo "[setup] node_modules missing: installing"
    install_node_modules
  fi
}
