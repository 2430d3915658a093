#!/usr/bin/env bash
# Debian packages the real-VS-Code tests need, installed only when missing (apt-get as root, or sudo):
# chromium (the browser playwright-core drives), libkrb5-dev (code-server's kerberos module),
# ripgrep (packed for @vscode/ripgrep instead of a GitHub download), openssl (certificate fixtures).
set -euo pipefail
missing=()
for pkg in chromium libkrb5-dev ripgrep openssl; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "Debian packages present: chromium libkrb5-dev ripgrep openssl"
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Run as root: apt-get install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
