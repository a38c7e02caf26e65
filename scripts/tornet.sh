#!/usr/bin/env bash
# A private Tor network on loopback (TestingTorNetwork), with Debian's tor:
#   3 directory authorities, 3 relays (the last an exit allowed to reach 127.0.0.1, resolving names
#   only through a DNS stub that knows the names it is given), a user client (SocksPort for test
#   clients), an admin client (holding the admin onion's client key), and the "service" tor, made from the shipped torrc with only paths, ports and the
#   private-network lines changed: the onion service in front of the gateway's PROXY listener, the
#   admin onion (client authorization) in front of its admin door, and the wallet's SocksPort.
#
#   scripts/tornet.sh start DIR     starts it in DIR (its own directory; free ports below 32768),
#                                   waits until it is usable, writes DIR/env (KEY=VALUE lines)
#   scripts/tornet.sh stop DIR      stops every process it started (SIGINT: tor with Sandbox 1 may
#                                   ignore SIGTERM), then SIGKILL what is left after 10 s
#   scripts/tornet.sh torrc SHIPPED DIR   prints the service torrc derived from SHIPPED
#
# Settings (environment): TORNET_HS_TARGET_PORT and TORNET_ADMIN_TARGET_PORT (the ports the public
# and admin onions' port 80 go to, default free ones), BIN_DIR (where lucidctl is), TORNET_NAMES ("name=127.0.0.1 …", names the exit can resolve; probe.tornet.test is
# always there), TORNET_TIMEOUT (seconds to wait for readiness, default 150).
# DIR/env holds: TORNET_ONION, TORNET_USER_SOCKS (test clients), TORNET_WALLET_SOCKS (the service
# tor's SocksPort, for the wallet), TORNET_HS_TARGET_PORT, TORNET_ADMIN_ONION (client
# authorization: only the admin client holds its key), TORNET_ADMIN_SOCKS (that client's SocksPort),
# TORNET_ADMIN_TARGET_PORT, TORNET_READY_SECONDS.
# Ready-waits poll with deadlines; nothing sleeps for a fixed time to synchronise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

die() { echo "tornet: $*" >&2; exit 1; }

# The shipped torrc with its paths and ports replaced; the private-network lines are appended by
# the caller. Every other line stays as shipped (a test compares them).
derive_torrc() {
  local shipped=$1 dir=$2 hs_port=$3 socks_port=$4 admin_port=$5
  # The admin onion is shipped commented out (`#HiddenService…`): the test network turns it on.
  sed -e "s|^#\(HiddenService\)|\1|" \
      -e "s|^DataDirectory /var/lib/tor\$|DataDirectory $dir/service|" \
      -e "s|^HiddenServiceDir /var/lib/tor/lucid-gateway/\$|HiddenServiceDir $dir/service/lucid-gateway/|" \
      -e "s|^HiddenServicePort 80 127.0.0.1:8443\$|HiddenServicePort 80 127.0.0.1:$hs_port|" \
      -e "s|^HiddenServiceDir /var/lib/tor/lucid-admin/\$|HiddenServiceDir $dir/service/lucid-admin/|" \
      -e "s|^HiddenServicePort 80 127.0.0.1:8444\$|HiddenServicePort 80 127.0.0.1:$admin_port|" \
      -e "s|^SocksPort 127.0.0.1:9050 |SocksPort 127.0.0.1:$socks_port |" \
      "$shipped"
}

free_ports() {  # N ports below 32768, each free for TCP (and UDP for the DNS stub), distinct
  python3 - "$1" <<'EOF'
import random, socket, sys
n = int(sys.argv[1]); chosen = []
while len(chosen) < n:
    p = random.randint(20000, 32000)
    if p in chosen: continue
    ok = True
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        s = socket.socket(socket.AF_INET, kind)
        try: s.bind(("127.0.0.1", p))
        except OSError: ok = False
        finally: s.close()
    if ok: chosen.append(p)
print(" ".join(map(str, chosen)))
EOF
}

wait_for() {  # DESCRIPTION DEADLINE(epoch s) COMMAND…
  local what=$1 deadline=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [[ $(date +%s) -lt $deadline ]] || die "timed out waiting for $what (logs in $dir)"
    sleep 0.2  # poll interval, bounded by the deadline
  done
}

start() {
  dir=$1
  [[ -n $dir ]] || die "usage: tornet.sh start DIR"
  mkdir -p "$dir" && chmod 700 "$dir"
  dir=$(cd "$dir" && pwd)
  [[ ! -e $dir/pids ]] || die "$dir/pids exists: a network may still run there"
  command -v tor >/dev/null && command -v tor-gencert >/dev/null || die "tor is not installed (scripts/setup.sh)"
  local started=$(date +%s.%N) timeout=${TORNET_TIMEOUT:-150}
  local deadline=$(( $(date +%s) + timeout ))
  # Ports: authorities' OR 0-2 and Dir 3-5, relays' OR 6-8 and Dir 9-11, then the user client's
  # and the wallet's SocksPorts, the onion's target, the DNS stub, the probe web server, the admin
  # onion's target and the admin client's SocksPort.
  read -r -a p <<<"$(free_ports 19)"
  local hs_port=${TORNET_HS_TARGET_PORT:-${p[14]}} admin_port=${TORNET_ADMIN_TARGET_PORT:-${p[17]}}
  local user_socks=${p[12]} wallet_socks=${p[13]} dns_port=${p[15]} web_port=${p[16]} admin_socks=${p[18]}
  local lucidctl=${BIN_DIR:-$root/.build/debug}/lucidctl
  [[ -x $lucidctl ]] || die "$lucidctl is not built (it makes the admin onion's client key)"
  : >"$dir/pids"

  # Keys: the authorities' v3 identities (in parallel: RSA generation is the slow step).
  for i in 0 1 2; do
    mkdir -p "$dir/auth$i/keys" && chmod 700 "$dir/auth$i"
    (cd "$dir/auth$i/keys" && echo "" | tor-gencert --create-identity-key --passphrase-fd 0 -m 12 \
      -a "127.0.0.1:${p[$((3 + i))]}" >/dev/null 2>&1) &
  done
  wait

  common() {  # NAME
    cat <<EOF
TestingTorNetwork 1
Nickname $1
DataDirectory $dir/$1
RunAsDaemon 0
PidFile $dir/$1/pid
Log notice file $dir/$1/notice.log
SafeLogging 0
ShutdownWaitLength 0
PathsNeededToBuildCircuits 0.67
TestingDirAuthVoteExit *
TestingDirAuthVoteHSDir *
TestingDirAuthVoteGuard *
TestingMinExitFlagThreshold 0
V3AuthNIntervalsValid 2
GeoIPFile ""
GeoIPv6File ""
EOF
  }
  relay() {  # NAME ORPORT DIRPORT
    cat <<EOF
Address 127.0.0.1
ORPort 127.0.0.1:$2
DirPort 127.0.0.1:$3
AssumeReachable 1
ContactInfo tornet@lucid.test
ServerDNSDetectHijacking 0
ServerDNSResolvConfFile $dir/resolv.conf
SocksPort 0
EOF
  }
  echo "nameserver 127.0.0.1:$dns_port" >"$dir/resolv.conf"

  for i in 0 1 2; do
    { common "auth$i"; relay "auth$i" "${p[$i]}" "${p[$((3 + i))]}"
      cat <<EOF
AuthoritativeDirectory 1
V3AuthoritativeDirectory 1
ExitRelay 0
TestingV3AuthInitialVotingInterval 5
TestingV3AuthInitialVoteDelay 2
TestingV3AuthInitialDistDelay 2
V3AuthVotingInterval 10
V3AuthVoteDelay 2
V3AuthDistDelay 2
EOF
    } >"$dir/auth$i.torrc"
  done
  for i in 0 1 2; do
    { common "relay$i"; relay "relay$i" "${p[$((6 + i))]}" "${p[$((9 + i))]}"
      if [[ $i == 2 ]]; then
        printf '%s\n' "ExitRelay 1" "ExitPolicyRejectPrivate 0" "ExitPolicy accept 127.0.0.0/8:*" \
          "ExitPolicy accept private:*" "ExitPolicy accept *:*"
      else
        echo "ExitRelay 0"
      fi
    } >"$dir/relay$i.torrc"
  done

  # The authority lines every node needs.
  local authorities=""
  for i in 0 1 2; do
    tor --ignore-missing-torrc -f /dev/null --orport 1 --datadirectory "$dir/auth$i" --list-fingerprint \
      >"$dir/auth$i.fingerprint.out" 2>&1 || die "tor --list-fingerprint failed for auth$i"
    local fpr v3
    fpr=$(awk '{print $2}' "$dir/auth$i/fingerprint")
    v3=$(awk '/^fingerprint /{print $2}' "$dir/auth$i/keys/authority_certificate")
    authorities+="DirAuthority auth$i orport=${p[$i]} no-v2 v3ident=$v3 127.0.0.1:${p[$((3 + i))]} $fpr"$'\n'
  done
  for f in "$dir"/auth?.torrc "$dir"/relay?.torrc; do printf '%s' "$authorities" >>"$f"; done

  { common user
    printf '%s' "$authorities"
    printf '%s\n' "SocksPort 127.0.0.1:$user_socks IsolateSOCKSAuth ExtendedErrors" "ClientOnly 1" \
      "UseEntryGuards 0" "VanguardsLiteEnabled 0"
  } >"$dir/user.torrc"
  # The admin's client: like the user's, plus the admin onion's client key.
  { common admin
    printf '%s' "$authorities"
    printf '%s\n' "SocksPort 127.0.0.1:$admin_socks IsolateSOCKSAuth ExtendedErrors" "ClientOnly 1" \
      "UseEntryGuards 0" "VanguardsLiteEnabled 0" "ClientOnionAuthDir $dir/admin-auth"
  } >"$dir/admin.torrc"
  mkdir -p "$dir/admin-auth" && chmod 700 "$dir/admin-auth"

  # The service tor: the shipped torrc, its paths and ports replaced, plus the private network.
  mkdir -p "$dir/service" && chmod 700 "$dir/service"
  { derive_torrc "$root/torrc" "$dir" "$hs_port" "$wallet_socks" "$admin_port"
    echo "## --- Private test network (scripts/tornet.sh) ---"
    printf '%s\n' "TestingTorNetwork 1" "Nickname service" "PidFile $dir/service/pid" \
      "Log notice file $dir/service/notice.log" "Log [rend]info file $dir/service/rend.log" \
      "SafeLogging 0" "ShutdownWaitLength 0" "PathsNeededToBuildCircuits 0.67" 'GeoIPFile ""' \
      'GeoIPv6File ""' "VanguardsLiteEnabled 0" "RunAsDaemon 0"
    printf '%s' "$authorities"
  } >"$dir/service.torrc"

  for f in "$dir"/*.torrc; do
    local out
    out=$(tor --verify-config -f "$f" 2>&1) || die "$f does not verify: $out"
  done

  launch() {  # NAME SIGNAL COMMAND… (SIGNAL: how stop ends it)
    local name=$1 signal=$2; shift 2
    "$@" >"$dir/$name.out" 2>&1 &
    echo "$! $name $signal" >>"$dir/pids"
  }
  # Phase 0, as an operator does it: the service tor started once, off the network, writes both
  # onions' keys and hostname files; then an admin key pair from `lucidctl tor admin-key`, its public
  # half into the admin service's authorized_clients/, its private half for the admin's client.
  tor -f "$dir/service.torrc" DisableNetwork 1 >"$dir/service-keys.out" 2>&1 &
  local keys_pid=$!
  echo "$keys_pid service-keys INT" >>"$dir/pids"
  hostnames() { [[ -s $dir/service/lucid-gateway/hostname && -s $dir/service/lucid-admin/hostname ]]; }
  wait_for "the onion services' keys" "$deadline" hostnames
  kill -INT "$keys_pid" 2>/dev/null || true
  wait "$keys_pid" 2>/dev/null || true
  "$lucidctl" tor admin-key --name tornet-admin --hostname-file "$dir/service/lucid-admin/hostname" \
    --out-dir "$dir/admin-auth" >"$dir/admin-key.json" || die "lucidctl tor admin-key failed"
  mv "$dir/admin-auth/tornet-admin.auth" "$dir/service/lucid-admin/authorized_clients/"
  # Phase 1: authorities, relays, the user client, the DNS stub and a probe web server.
  mkdir -p "$dir/web" && echo "tornet probe" >"$dir/web/index.html"
  launch dns TERM python3 "$root/scripts/tornet-dns.py" "$dir/dns.log" "$dns_port" probe.tornet.test=127.0.0.1 ${TORNET_NAMES:-}
  launch web TERM python3 -m http.server --bind 127.0.0.1 --directory "$dir/web" "$web_port"
  for n in auth0 auth1 auth2 relay0 relay1 relay2 user admin; do
    mkdir -p "$dir/$n" && chmod 700 "$dir/$n"
    launch "$n" INT tor -f "$dir/$n.torrc"
  done

  # Phase 2, once the consensus lists all six relays as HSDirs: the onion service.
  consensus_complete() {
    local c=$dir/auth0/cached-microdesc-consensus
    [[ -f $c ]] && [[ $(grep -c '^s .*HSDir' "$c") -ge 6 ]]
  }
  wait_for "a consensus with every relay" "$deadline" consensus_complete
  launch service INT tor -f "$dir/service.torrc"

  bootstrapped() { grep -q "Bootstrapped 100%" "$dir/user/notice.log" && grep -q "Bootstrapped 100%" "$dir/admin/notice.log"; }
  wait_for "the user and admin clients to bootstrap" "$deadline" bootstrapped
  exit_works() {
    curl -sf --max-time 10 --socks5-hostname "127.0.0.1:$user_socks" "http://probe.tornet.test:$web_port/" \
      | grep -q "tornet probe"
  }
  wait_for "the exit to reach probe.tornet.test" "$deadline" exit_works
  published() { grep -q "finished with status 200" "$dir/service/rend.log"; }
  wait_for "the onion descriptor upload" "$deadline" published
  service_bootstrapped() { grep -q "Bootstrapped 100%" "$dir/service/notice.log"; }
  wait_for "the service tor to bootstrap" "$deadline" service_bootstrapped

  local onion admin_onion ready
  onion=$(cat "$dir/service/lucid-gateway/hostname")
  admin_onion=$(cat "$dir/service/lucid-admin/hostname")
  ready=$(python3 -c "import time; print(round(time.time() - $started, 1))")
  cat >"$dir/env" <<EOF
TORNET_ONION=$onion
TORNET_USER_SOCKS=$user_socks
TORNET_WALLET_SOCKS=$wallet_socks
TORNET_HS_TARGET_PORT=$hs_port
TORNET_ADMIN_ONION=$admin_onion
TORNET_ADMIN_SOCKS=$admin_socks
TORNET_ADMIN_TARGET_PORT=$admin_port
TORNET_READY_SECONDS=$ready
EOF
  cat "$dir/env"
}

ours() {  # PID: still running, and its command line names this network's directory
  { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null | grep -q -- "$dir"
}

stop() {
  dir=$1
  [[ -f $dir/pids ]] || return 0
  dir=$(cd "$dir" && pwd)
  local pid name signal
  while read -r pid name signal; do
    # Only a process that is still ours (PIDs are reused): its command line names this directory.
    # tor gets SIGINT: with Sandbox 1 it was seen to ignore SIGTERM in about half of its starts
    # (tor 0.4.9.11, glibc 2.36), and Debian's tor unit stops it with SIGINT too.
    if ours "$pid"; then kill "-$signal" "$pid" 2>/dev/null || true; fi
  done <"$dir/pids"
  local deadline=$(( $(date +%s) + 10 ))
  while read -r pid name signal; do
    while ours "$pid"; do
      if [[ $(date +%s) -ge $deadline ]]; then kill -KILL "$pid" 2>/dev/null || true; break; fi
      sleep 0.1  # poll interval, bounded by the deadline
    done
  done <"$dir/pids"
  rm -f "$dir/pids"
}

case ${1:-} in
  start) shift; start "${1:-}" ;;
  stop) shift; stop "${1:-}" ;;
  torrc) shift; derive_torrc "$1" "$2" 8443 9050 8444 ;;
  *) die "usage: tornet.sh start|stop DIR, or tornet.sh torrc SHIPPED DIR" ;;
esac
