# Shared by the bench scripts (sourced): the binaries to measure and a tron-devnet to run them on.

# Sets $bin: $BENCH_BIN when given (e.g. .build/debug, to check a script itself), else a release
# build of the products named.
bench_bin() {
  if [ -n "${BENCH_BIN:-}" ]; then
    bin=$BENCH_BIN
  else
    for p in "$@"; do swift build -c release --product "$p"; done
    bin=$(swift build -c release --show-bin-path)
  fi
}

# Starts tron-devnet with the given options on free ports (its output in $work/devnet.out, its pid
# added to $pids), waits for it, and sets $api and $admin.
bench_devnet() {
  ${DEVNET_PREFIX:-} "$bin/tron-devnet" --port 0 --admin-port 0 "$@" >"$work/devnet.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 200); do grep -q '"event":"ready"' "$work/devnet.out" && break; sleep 0.05; done
  api=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["api"])' "$work/devnet.out")
  admin=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["admin"])' "$work/devnet.out")
}
