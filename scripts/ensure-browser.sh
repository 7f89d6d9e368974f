#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium (apt-get, when missing) and axe-core from npm
# (pinned in package-lock.json, when missing or not the pinned version). Used by test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "Installation de chromium (apt-get) pour les tests dans le navigateur…" >&2
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

locked=$(node -p "require('./package-lock.json').packages['node_modules/axe-core'].version")
installed=$(node -p "try { require('./node_modules/axe-core/package.json').version } catch { '' }")
if [ "$locked" != "$installed" ]; then
  if [ -L node_modules ]; then
    npm install --no-save --no-audit --no-fund --loglevel=error "axe-core@$locked"
  else
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
