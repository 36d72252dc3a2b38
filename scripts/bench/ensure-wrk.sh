#!/usr/bin/env bash
# Makes sure wrk (the bench's load generator, Debian's package) is installed; installs it with
# apt-get when missing. `make bench` runs this first.
set -euo pipefail
command -v wrk >/dev/null && exit 0
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else echo "ensure-wrk: run as root to install wrk" >&2; exit 1; fi; }
echo "ensure-wrk: installing Debian's wrk package" >&2
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq >/dev/null
as_root apt-get install -y -qq --no-install-recommends wrk >/dev/null
