#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Homeward needs, or says exactly what to run.
#   WeasyPrint (letters as PDFs): Pango, HarfBuzz subsetting, a metric-compatible Arial.
#   pdfinfo/pdftoppm (tests read PDFs back), Node.js + npm (GOV.UK Frontend build).
#   Chromium (the browser tests drive Debian's Chromium through Playwright; never a download).
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 poppler-utils
          nodejs npm chromium)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    # npm and node may come from outside Debian (nvm, NodeSource): accept a working command.
    case "$pkg" in
      nodejs) command -v node >/dev/null 2>&1 && continue ;;
      npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    missing+=("$pkg")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  exit 0
fi

echo "Homeward needs these system packages. Run:" >&2
echo "  sudo apt-get install -y ${missing[*]}" >&2
exit 1
