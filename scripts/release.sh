#!/usr/bin/env bash
# make release: the four executables built for release with the Swift runtime linked statically
# (--static-swift-stdlib), the version (VERSION) and git commit compiled in, checked with ldd
# (only libsecp256k1 and glibc's libraries may stay dynamic), then packed by scripts/package.sh
# into dist/lucid-VERSION-linux-ARCH.tar.gz with its .sha256. The same commands build on arm64
# (aarch64); the tarball is named after the machine's architecture.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(tr -d '[:space:]' < VERSION)
commit=$(git rev-parse --short=12 HEAD)
[[ -z $(git status --porcelain --untracked-files=no) ]] || commit+="-dirty"
flags=(-c release --static-swift-stdlib --scratch-path "${RELEASE_SCRATCH:-.build/release-static}"
  -Xcc "-DLUCID_VERSION=\"$version\"" -Xcc "-DLUCID_COMMIT=\"$commit\"")
products=(lucid-gateway lucid-wallet lucidctl tron-devnet)
for p in "${products[@]}"; do swift build "${flags[@]}" --product "$p"; done
bin=$(swift build "${flags[@]}" --show-bin-path)
allowed='^(linux-vdso|libsecp256k1|libc|libm|libpthread|libdl|librt|libutil|ld-linux[-a-z0-9_]*)\.so'
for p in "${products[@]}"; do
  extra=$(ldd "$bin/$p" | awk '{print $1}' | sed 's|.*/||' | grep -Ev "$allowed" || true)
  [[ -z $extra ]] || { echo "release: $p links dynamically to: $extra" >&2; exit 1; }
  line=$("$bin/$p" --version)
  [[ $line == "$p $version (commit $commit)" ]] || { echo "release: $p --version says: $line" >&2; exit 1; }
  echo "release: $line; dynamic: $(ldd "$bin/$p" | awk '{print $1}' | sed 's|.*/||' | tr '\n' ' ')"
done
scripts/package.sh "$bin" dist "$version" "$commit"
