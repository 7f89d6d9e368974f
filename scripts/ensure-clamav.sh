#!/usr/bin/env bash
# Installs ClamAV's daemon (Debian's clamav-daemon) when clamd is missing. Used by run.sh and test.sh.
# Only the binary is needed: the project starts clamd itself with its own configuration and its own
# signature database (scanning/ami-test.ndb), never freshclam (signatures cannot be downloaded here).
# A failed install is not fatal: the local host then says at start that files stay "pending".
set -euo pipefail

if command -v clamd >/dev/null || [ -x /usr/sbin/clamd ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "clamd est introuvable (paquet clamav-daemon) : les pièces jointes resteront « en attente d'analyse »." >&2
  exit 0
fi
echo "Installing clamav-daemon with apt-get (once)..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends clamav-daemon >/dev/null; }; then
  echo "clamav-daemon n'a pas pu être installé : les pièces jointes resteront « en attente d'analyse »." >&2
fi
# Debian's package enables its own clamd and freshclam services; the project does not use them.
exit 0
