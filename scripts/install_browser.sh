#!/usr/bin/env bash
# Make sure headless Chromium for the browser tests is at /usr/bin/chromium.
# Idempotent: does nothing when it is already there. Installs Debian's package when we are root
# with apt-get; otherwise says what to do and exits 0 (the browser tests then skip themselves).
# Playwright's own browser download is not used (it cannot reach its download host here).
set -euo pipefail

chromium="${SAFEGUARD_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$chromium" ]; then
  echo "install_browser: $chromium already installed ($("$chromium" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "install_browser: $chromium missing; installing Debian package chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
  if [ -x "$chromium" ]; then
    echo "install_browser: installed $("$chromium" --version 2>/dev/null || echo "$chromium")"
    exit 0
  fi
  echo "install_browser: apt-get finished but $chromium is still missing" >&2
  exit 1
fi

echo "install_browser: $chromium missing and cannot install it here (need root and apt-get);"
echo "install_browser: browser tests will be skipped. Install Chromium, or set SAFEGUARD_CHROMIUM."
exit 0
