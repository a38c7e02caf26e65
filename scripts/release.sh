#!/usr/bin/env bash
# make release: the four executables built for release with the Swift runtime, libstdc++ and libgcc
# linked statically, the version (VERSION) and git commit compiled in (a header only
# Sources/CLucidBuild's C file includes, so a new commit recompiles one file), checked with ldd
# (only glibc, libsecp256k1, SQLite and zlib — Debian's, kept current by its security updates —
# may stay dynamic), then packed by scripts/package.sh into dist/lucid-VERSION-linux-ARCH.tar.gz
# with its .sha256. The same commands build on arm64 (aarch64); the tarball is named after the
# machine's architecture. Prints the tarball's path last (for check-install.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(tr -d '[:space:]' < VERSION)
commit=$(git rev-parse --short=12 HEAD)
[[ -z $(git status --porcelain --untracked-files=no) ]] || commit+="-dirty"
scratch=${RELEASE_SCRATCH:-$PWD/.build/release-static}
mkdir -p "$scratch/release-info" "$scratch/static-libs"
header=$(printf '#define LUCID_VERSION "%s"\n#define LUCID_COMMIT "%s"\n' "$version" "$commit")
[[ $(cat "$scratch/release-info/lucid_release.h" 2>/dev/null) == "$header" ]] ||
  printf '%s\n' "$header" > "$scratch/release-info/lucid_release.h"
# libstdc++ as an archive, found before the shared one: a directory holding only the .a.
ln -sf "$(clang -print-file-name=libstdc++.a)" "$scratch/static-libs/libstdc++.a"
flags=(-c release --static-swift-stdlib --scratch-path "$scratch" -Xcc -I"$scratch/release-info"
  -Xlinker -L"$scratch/static-libs" -Xswiftc -Xclang-linker -Xswiftc -static-libgcc)
products=(lucid-gateway lucid-wallet lucidctl tron-devnet)
for p in "${products[@]}"; do swift build "${flags[@]}" --product "$p"; done
bin=$(swift build "${flags[@]}" --show-bin-path)
allowed='^(linux-vdso|libsecp256k1|libsqlite3|libz|libc|libm|libpthread|libdl|librt|libutil|ld-linux[-a-z0-9_]*)\.so'
for p in "${products[@]}"; do
  extra=$(ldd "$bin/$p" | awk '{print $1}' | sed 's|.*/||' | grep -Ev "$allowed" || true)
  [[ -z $extra ]] || { echo "release: $p links dynamically to: $extra" >&2; exit 1; }
  line=$("$bin/$p" --version)
  [[ $line == "$p $version (commit $commit)" ]] || { echo "release: $p --version says: $line" >&2; exit 1; }
  echo "release: $line; dynamic: $(ldd "$bin/$p" | awk '{print $1}' | sed 's|.*/||' | tr '\n' ' ')" >&2
done
scripts/package.sh "$bin" dist "$version" "$commit"
