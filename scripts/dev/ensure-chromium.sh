#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the browser tests (playwright-core
# drives it; no browser is downloaded from elsewhere). Installs the `chromium` package with
# apt-get when it is missing (with fonts-nanum, so Korean text renders in screenshots)
set -euo pipefail

# poppler-utils too: the saju PDF tests read their documents back with pdftotext/pdffonts/pdftoppm.
if [ -x /usr/bin/chromium ] && command -v pdftotext >/dev/null; then
  exit 0
fi
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else echo "ensure-chromium: run as root to install chromium" >&2; exit 1; fi; }
echo "ensure-chromium: installing Debian's chromium package" >&2
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq >/dev/null
as_root apt-get install -y -qq --no-install-recommends chromium fonts-nanum poppler-utils >/dev/null
/usr/bin/chromium --version >&2
