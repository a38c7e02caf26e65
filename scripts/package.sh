#!/usr/bin/env bash
# Packs built binaries (debug information stripped) with what an installed tree needs into dist/lucid-VERSION-linux-ARCH.tar.gz
# and its .sha256: bin/ (the four executables), share/lucid/ (openapi/, acl/, torrc, the systemd
# units, env templates, Prometheus and Grafana files), share/doc/lucid/ (README and docs/), BUILD
# and install.sh. Reproducible: sorted entries, root owner, the commit's time as every mtime.
# Usage: scripts/package.sh BIN_DIR OUT_DIR VERSION COMMIT
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1 out=$2 version=$3 commit=$4
arch=$(uname -m)
name="lucid-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/bin" "$root/share/lucid" "$root/share/doc/lucid"
# Debug information stripped (a quarter of each binary's size); the symbol table stays, so crash
# backtraces still name functions.
for p in lucid-gateway lucid-wallet lucidctl tron-devnet; do
  install -m 0755 "$bin/$p" "$root/bin/$p"
  strip --strip-debug "$root/bin/$p"
done
cp -r openapi acl torrc "$root/share/lucid/"
cp -r deploy/systemd deploy/env deploy/prometheus deploy/grafana "$root/share/lucid/"
cp -r README.md docs "$root/share/doc/lucid/"
install -m 0755 deploy/install.sh "$root/install.sh"
printf '%s %s\n' "$version" "$commit" > "$root/BUILD"
mkdir -p "$out"
mtime=$(git log -1 --format=%ct 2>/dev/null || date +%s)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -C "$stage" -czf "$out/$name.tar.gz" "$name"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "$out/$name.tar.gz"
