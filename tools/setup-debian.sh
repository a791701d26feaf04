#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only when they are missing.
#
#   bash tools/setup-debian.sh          # install what is missing (needs root)
#   bash tools/setup-debian.sh --check  # only report; exit 1 if something is missing
#   bash tools/setup-debian.sh chromium fonts-noto-cjk   # only these (the main job's PDF needs them)
#
# Idempotent and silent when everything is present. Runs `apt-get update` at most once,
# and only when something has to be installed. Never touches Python via pip/pyenv: the
# test harnesses call /usr/bin/python3 explicitly.
set -euo pipefail

# package -> what the suite uses it for
#   gdal-bin           ogr2ogr/ogrinfo: cross-checks of GeoPackage/Shapefile/FlatGeobuf I/O
#   python3-nbclient   headless notebook execution (src/notebook/execute.ts)
#   jupyter-notebook   the notebook server `deno task notebook` starts (and tests/notebook/server_test.ts)
#   jupyter-nbconvert  jupyter CLI + nbconvert (kernelspec lookup, manual runs)
#   python3-geopandas  reference implementation for geometry cross-checks
#   python3-rtree      geopandas' spatial index (sjoin, sindex) with Debian 12's shapely 1.8;
#                      only a "recommends" of python3-geopandas, and we install without recommends
#   chromium           headless browser: report rendering in tests (tests/_harness/browser.ts)
#                      and PDF printing in the product (src/io/chromium.ts)
#   fonts-noto-cjk     Chinese glyphs in rendered reports/screenshots
#   fonts-liberation   metric-compatible Latin fonts (chromium only "recommends" them)
#   poppler-utils      pdfinfo/pdftotext/pdffonts/pdftoppm: checks of the PDFs printed by
#                      headless Chromium (tests/io/chromium_pdf_test.ts; src/io/chromium.ts)
# python3-ipykernel is NOT needed: notebooks run on Deno's own kernel, and nbclient only
# needs jupyter_client/nbformat (pulled in as dependencies of python3-nbclient).
PACKAGES=(
  jupyter-notebook
  gdal-bin
  python3-nbclient
  jupyter-nbconvert
  python3-geopandas
  python3-rtree
  chromium
  fonts-noto-cjk
  fonts-liberation
  poppler-utils
)

# Extra check per package beyond "dpkg says installed": a command that must exist, or a
# Python module importable by the system interpreter.
check_extra() {
  case "$1" in
    gdal-bin) command -v ogr2ogr >/dev/null 2>&1 ;;
    chromium) [ -x /usr/bin/chromium ] ;;
    poppler-utils) command -v pdfinfo >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 ;;
    jupyter-nbconvert) [ -x /usr/bin/jupyter-nbconvert ] ;;
    jupyter-notebook) [ -x /usr/bin/jupyter-notebook ] ;;
    python3-nbclient) /usr/bin/python3 -c 'import nbclient, nbformat, jupyter_client' >/dev/null 2>&1 ;;
    python3-geopandas) /usr/bin/python3 -c 'import geopandas' >/dev/null 2>&1 ;;
    python3-rtree) /usr/bin/python3 -c 'import rtree' >/dev/null 2>&1 ;;
    *) return 0 ;;
  esac
}

is_installed() {
  local status
  status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] && check_extra "$1"
}

check_only=0
[ "${1:-}" = "--check" ] && { check_only=1; shift; }
# Named packages narrow the list (each must be one of PACKAGES).
if [ $# -gt 0 ]; then
  for want in "$@"; do
    case " ${PACKAGES[*]} " in *" $want "*) ;; *) echo "setup-debian: unknown package $want (known: ${PACKAGES[*]})" >&2; exit 2;; esac
  done
  PACKAGES=("$@")
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup-debian: dpkg-query not found; this script needs a Debian/Ubuntu machine." >&2
  exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do
  is_installed "$p" || missing+=("$p")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$check_only" = 1 ]; then
  echo "setup-debian: missing Debian packages: ${missing[*]}" >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  {
    echo "setup-debian: missing Debian packages: ${missing[*]}"
    echo "setup-debian: not running as root, cannot install them. Run:"
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
  } >&2
  exit 1
fi

echo "setup-debian: installing missing packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -q -o Dpkg::Use-Pty=0 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
apt-get "${apt_opts[@]}" update >&2
apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}" </dev/null >&2

still=()
for p in "${missing[@]}"; do
  is_installed "$p" || still+=("$p")
done
if [ ${#still[@]} -ne 0 ]; then
  echo "setup-debian: still missing after apt-get install: ${still[*]}" >&2
  exit 1
fi
echo "setup-debian: done" >&2
