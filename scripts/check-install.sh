#!/usr/bin/env bash
# The release as an operator gets it, checked in `make test`: the tarball `make release` wrote
# (TARBALL; without it, the debug binaries packed by scripts/package.sh), its SHA-256 checked,
# installed by its install.sh into a temporary prefix
# (a dry run first, which must change nothing; a second run, which must change nothing either),
# the installed units verified by systemd-analyze (verify, and security --offline with an exposure
# of at most 2.0 for both services, scores printed), the units' address lines equal to what
# `lucidctl policy ipallow` derives from acl/planes.acl, and a payout end to end from the installed
# tree, each process started as its unit says (scripts/installed_run.py).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=${TARBALL:-$(scripts/package.sh "$(swift build --show-bin-path)" "$work/dist" \
  "$(tr -d '[:space:]' < VERSION)" "$(git rev-parse --short=12 HEAD)")}
(cd "$(dirname "$tarball")" && sha256sum --quiet -c "$(basename "$tarball").sha256")
tar -xzf "$tarball" -C "$work"
release=$(basename "$tarball" .tar.gz)
root="$work/root"

"$work/$release/install.sh" --prefix "$root" --dry-run > "$work/dry.out"
[[ ! -e $root ]] || { echo "check-install: the dry run created $root" >&2; exit 1; }
grep -q "install: " "$work/dry.out"
"$work/$release/install.sh" --prefix "$root"
for d in etc/lucid/credentials etc/lucid/credentials/wallet var/lib/lucid-wallet var/lib/lucid-gateway; do
  [[ $(stat -c %a "$root/$d") == 700 ]] || { echo "check-install: $d is $(stat -c %a "$root/$d"), not 700" >&2; exit 1; }
done
echo "# operator's setting" >> "$root/etc/lucid/wallet.env"
again=$("$work/$release/install.sh" --prefix "$root")
[[ $again == *": 0 change(s)" ]] || { echo "check-install: a second install changed things: $again" >&2; exit 1; }
grep -q "operator's setting" "$root/etc/lucid/wallet.env" || { echo "check-install: wallet.env overwritten" >&2; exit 1; }

units=("$root/etc/systemd/system/lucid-wallet.service" "$root/etc/systemd/system/lucid-gateway.service")
systemd-analyze verify "${units[@]}"
for u in "${units[@]}"; do
  score=$(systemd-analyze security --offline=yes "$u" 2>&1 | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
  echo "check-install: $(basename "$u") exposure $score"
  awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.0) }' || { echo "check-install: exposure above 2.0" >&2; exit 1; }
  service=$(basename "$u" .service)
  want=$("$root/opt/lucid/current/bin/lucidctl" policy ipallow --service "$service" \
    "$root/opt/lucid/current/share/lucid/acl/planes.acl" | grep '^IPAddress')
  have=$(grep '^IPAddress' "$u")
  [[ $want == "$have" ]] || { echo "check-install: $service's address lines differ from acl/planes.acl: $have / $want" >&2; exit 1; }
done
for b in lucid-gateway lucid-wallet lucidctl tron-devnet; do "$root/opt/lucid/current/bin/$b" --version; done
python3 scripts/installed_run.py "$root" "$work"
echo "check-install: OK"
