#!/usr/bin/env bash
# Installs this Lucid release (run from the unpacked tarball). Idempotent: run it again, or for an
# upgrade, and it changes only what differs; it never overwrites settings, secrets or state.
#
#   ./install.sh [--prefix DIR] [--dry-run]
#
# Into PREFIX (default /):
#   opt/lucid/VERSION/{bin,share}   this release; opt/lucid/current points at it (rollback: point it back)
#   etc/systemd/system/             lucid-wallet.service, lucid-gateway.service, tor@default.service.d/lucid.conf
#   etc/lucid/{wallet,gateway}.env  settings from the templates, only when missing (0644)
#   etc/lucid/torrc                 the Tor configuration, only when missing
#   etc/lucid/credentials/          0700, for the secrets the units load (never written here)
#   var/lib/lucid-{wallet,gateway}  0700 state directories
# With PREFIX / and as root it also creates the system users lucid-wallet and lucid-gateway (tor
# runs as Debian's debian-tor) and gives each its state directory. With another PREFIX the units'
# paths point into PREFIX, no user is created and nothing is chowned (a tree for tests or review).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=/
dry=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --dry-run) dry=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (--prefix DIR, --dry-run)" >&2; exit 2 ;;
  esac
done
[[ -f $here/BUILD ]] || { echo "install.sh: run it from an unpacked release (no BUILD file next to it)" >&2; exit 2; }
read -r version commit < "$here/BUILD"
prefix=${prefix%/}
system=0
[[ -z $prefix && $(id -u) == 0 ]] && system=1
changes=0

# Each change is printed; with --dry-run only printed.
act() {
  changes=$((changes + 1))
  echo "install: $*"
  [[ $dry == 1 ]] || "$@"
}

dir() {  # dir PATH MODE [OWNER]
  if [[ ! -d $1 ]]; then act install -d -m "$2" "$1"; fi
  if [[ -d $1 && $(stat -c %a "$1") != "${2#0}" ]]; then act chmod "$2" "$1"; fi
  if [[ $system == 1 && -n ${3:-} && -d $1 && $(stat -c %U "$1") != "$3" ]]; then act chown "$3:$3" "$1"; fi
}

file() {  # file SOURCE DEST MODE: installed when missing or different
  if [[ ! -f $2 ]] || ! cmp -s "$1" "$2"; then act install -m "$3" "$1" "$2"; fi
}

keep() {  # keep SOURCE DEST MODE: installed only when missing (settings the operator edits)
  if [[ ! -e $2 ]]; then act install -m "$3" "$1" "$2"; fi
}

unit() {  # unit SOURCE DEST: the unit with its paths moved into PREFIX
  local tmp
  tmp=$(mktemp)
  sed -e "s|/opt/lucid/|$prefix/opt/lucid/|g" -e "s|/etc/lucid/|$prefix/etc/lucid/|g" \
    -e "s|/var/lib/|$prefix/var/lib/|g" "$1" > "$tmp"
  file "$tmp" "$2" 0644
  rm -f "$tmp"
}

if [[ $system == 1 ]]; then
  for u in lucid-wallet lucid-gateway; do
    if ! id -u "$u" >/dev/null 2>&1; then
      act useradd --system --no-create-home --home-dir "/var/lib/$u" --shell /usr/sbin/nologin "$u"
    fi
  done
fi

release="$prefix/opt/lucid/$version"
dir "$prefix/opt/lucid" 0755
dir "$release" 0755
dir "$release/bin" 0755
for b in "$here"/bin/*; do file "$b" "$release/bin/$(basename "$b")" 0755; done
while IFS= read -r -d '' f; do
  rel=${f#"$here/"}
  dir "$release/$(dirname "$rel")" 0755
  file "$f" "$release/$rel" 0644
done < <(find "$here/share" -type f -print0 | sort -z)
file "$here/BUILD" "$release/BUILD" 0644
if [[ $(readlink "$prefix/opt/lucid/current" 2>/dev/null) != "$version" ]]; then
  act ln -sfn "$version" "$prefix/opt/lucid/current"
fi

dir "$prefix/etc" 0755
dir "$prefix/etc/systemd" 0755
dir "$prefix/etc/systemd/system" 0755
dir "$prefix/etc/systemd/system/tor@default.service.d" 0755
for u in lucid-wallet.service lucid-gateway.service; do
  unit "$here/share/lucid/systemd/$u" "$prefix/etc/systemd/system/$u"
done
unit "$here/share/lucid/systemd/tor@default.service.d/lucid.conf" \
  "$prefix/etc/systemd/system/tor@default.service.d/lucid.conf"

dir "$prefix/etc/lucid" 0755
keep "$here/share/lucid/env/wallet.env" "$prefix/etc/lucid/wallet.env" 0644
keep "$here/share/lucid/env/gateway.env" "$prefix/etc/lucid/gateway.env" 0644
keep "$here/share/lucid/torrc" "$prefix/etc/lucid/torrc" 0644
dir "$prefix/etc/lucid/credentials" 0700
dir "$prefix/etc/lucid/credentials/wallet" 0700
dir "$prefix/etc/lucid/credentials/gateway" 0700
dir "$prefix/var" 0755
dir "$prefix/var/lib" 0755
dir "$prefix/var/lib/lucid-wallet" 0700 lucid-wallet
dir "$prefix/var/lib/lucid-gateway" 0700 lucid-gateway

if [[ $system == 1 && $dry == 0 && -d /run/systemd/system ]]; then act systemctl daemon-reload; fi
echo "install: lucid $version (commit $commit) in ${prefix:-/}: $changes change(s)$([[ $dry == 1 ]] && echo ' (dry run: none made)')"
