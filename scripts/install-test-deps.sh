#!/usr/bin/env bash
# System packages the test suite uses for real: nsd (authoritative DNS for the email end-to-end test).
# Installed only when missing; needs root (CI and dev machines here run as root).
set -euo pipefail
need=()
command -v nsd >/dev/null 2>&1 || need+=(nsd)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  echo "test deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # nsd's package starts nothing here (no systemd); tests start their own instance on loopback.
fi
