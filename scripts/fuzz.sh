#!/usr/bin/env bash
# Fuzzes the mock with libFuzzer: the query-string parser, the filter parser,
# the GraphQL entry and the payload validator (fuzz/fuzz_targets/), each
# through the router as a client would reach it.
#
#   SECONDS_PER_TARGET=15 scripts/fuzz.sh            # CI: a minute in all
#   SECONDS_PER_TARGET=0 RUNS=2500000 scripts/fuzz.sh  # the long run: 10 million
#
# Built with plain cargo (stable, no cargo-fuzz needed): coverage
# instrumentation through rustc's sancov pass, the same flags cargo-fuzz
# passes, for the target triple only so build scripts stay uninstrumented.
# Seeds and past findings are in fuzz/regressions/<target>/ (replayed by
# mock-server/tests/fuzz_regressions.rs); new findings land in
# fuzz/artifacts/<target>/ and the run fails.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-15}
RUNS=${RUNS:--1}
TARGETS=${TARGETS:-"query_params filter graphql payload"}
triple=$(rustc -vV | sed -n 's/^host: //p')

export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
cargo build --release --manifest-path fuzz/Cargo.toml --target "$triple" --bins

status=0
for target in $TARGETS; do
  corpus=fuzz/corpus/$target
  artifacts=fuzz/artifacts/$target/
  mkdir -p "$corpus" "$artifacts"
  args=(-artifact_prefix="$artifacts" -max_len=4096 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1)
  [ "$SECONDS_PER_TARGET" != 0 ] && args+=(-max_total_time="$SECONDS_PER_TARGET")
  [ "$RUNS" != -1 ] && args+=(-runs="$RUNS")
  echo "== $target"
  "fuzz/target/$triple/release/$target" "${args[@]}" "$corpus" "fuzz/regressions/$target" \
    2>&1 | grep -E '^(stat::|#[0-9]+ +DONE|==|SUMMARY|Done)|panicked|ERROR' || status=1
  if [ -n "$(ls -A "$artifacts")" ]; then
    echo "findings in $artifacts: copy each into fuzz/regressions/$target/ with a test"; status=1
  fi
done
exit $status
