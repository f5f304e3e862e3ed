#!/usr/bin/env bash
# Debian packages the test suite drives as real peers: Chromium (portal tests, PDF statements),
# CJK/Arabic fonts (TrueType CJK fonts for statements: Chromium prints Noto CJK's CFF outlines as Type 3),
# poppler (pdftotext, pdffonts), Kannel (SMS gateway), an SMPP library for a simulator and nats-server
# (the scale-out test runs its own 3-node JetStream cluster).
# Idempotent: installs only what is missing. Needs root (as on the CI machine) or sudo.
set -euo pipefail
PACKAGES=(chromium fonts-noto-cjk fonts-noto-core fonts-ipafont-gothic fonts-nanum fonts-wqy-zenhei poppler-utils kannel kannel-extras libnet-smpp-perl openssl nats-server)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Kannel's package starts its own bearerbox service; the tests run their own on other ports.
$SUDO service kannel stop >/dev/null 2>&1 || true
