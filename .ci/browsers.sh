#!/usr/bin/env bash
# Installs what `corsim browser` (package conformance) needs, from Debian's
# packages: the three engines, Xvfb for WebKitGTK, libfaketime for the fake
# clock, certutil for the NSS trust stores, and util-linux's unshare/mount
# for the per-engine namespaces. Idempotent: apt-get runs only when
# something is missing. Needs root.
set -euo pipefail

packages=(
  chromium             # /usr/lib/chromium/chromium
  firefox-esr          # /usr/lib/firefox-esr/firefox-esr
  libwebkit2gtk-4.1-0  # /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
  webkit2gtk-driver    # WebKitWebDriver (not used by the runner; kept for manual checks)
  xvfb                 # WebKitGTK has no headless mode
  faketime             # libfaketime: moves Chromium's and WebKitGTK's clocks for `advance`
  libnss3-tools        # certutil: Chromium's and Firefox's trust in the run's CA
  ca-certificates      # the system bundle WebKitGTK's trust store extends
  util-linux           # unshare, mount
  fonts-dejavu-core    # a font, so pages lay out without fontconfig warnings
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "browsers.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Report what is installed, as the conformance report will name it.
/usr/lib/chromium/chromium --version
/usr/lib/firefox-esr/firefox-esr --version
echo "WebKitGTK $(dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0)"
