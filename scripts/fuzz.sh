#!/usr/bin/env bash
# Coverage-guided fuzzing of the Charter library with libFuzzer (see Fuzz/README.md).
#
#   scripts/fuzz.sh build                 build every harness under .build-fuzz/bin
#   scripts/fuzz.sh run TARGET SECONDS    fuzz one target; fails on a crash, leak or timeout
#   scripts/fuzz.sh all SECONDS           fuzz each target in turn for SECONDS
#   scripts/fuzz.sh differential N        the differential evaluation tests with N cases
#   scripts/fuzz.sh targets               list the targets
#
# Environment: FUZZ_JOBS=1 (processes per target), FUZZ_TIMEOUT=5 (seconds per input),
# FUZZ_RSS_MB=2048, FUZZ_KEEP_GOING=1 (fork mode: record crashes and go on, for long runs),
# FUZZ_EXTRA="..." (more libFuzzer flags).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/.build-fuzz"
targets=(lint overlay fmt json_records csv_records xlsx_records repl dates)

# The seed corpus and dictionary of each target: what it reads, and where real inputs of that kind are.
dictionary_of() {
  case $1 in
    lint|overlay|fmt) echo "$root/Fuzz/dictionaries/charter.dict" ;;
    json_records) echo "$root/Fuzz/dictionaries/json.dict" ;;
    csv_records) echo "$root/Fuzz/dictionaries/csv.dict" ;;
    xlsx_records) echo "$root/Fuzz/dictionaries/xlsx.dict" ;;
    repl) echo "$root/Fuzz/dictionaries/repl.dict" ;;
    dates) echo "$root/Fuzz/dictionaries/dates.dict" ;;
  esac
}

# The longest input each target takes: dates are one line each, sessions and rule files a few
# kilobytes. A rule file that finds a bug is a declaration or two; longer inputs cost time per
# run in proportion to their length and reach nothing new. Record files keep room for many records.
max_len_of() {
  case $1 in
    dates) echo 256 ;;
    repl) echo 2048 ;;
    lint|overlay|fmt) echo 4096 ;;
    *) echo 16384 ;;
  esac
}

is_target() {
  local t
  for t in "${targets[@]}"; do [[ $t == "$1" ]] && return 0; done
  return 1
}

# --- Toolchain -------------------------------------------------------------------------------

# swiftc -sanitize=fuzzer needs the libFuzzer runtime next to the toolchain's clang. Swift's
# Linux toolchains ship it; when one does not, Debian's libclang-rt-dev provides a libFuzzer
# that is linked explicitly instead, with the coverage instrumentation asked for by hand.
fuzzer_flags=()
resolve_runtime() {
  local swiftc_dir runtime
  swiftc_dir=$(dirname "$(command -v swiftc)")
  runtime=$(ls "$swiftc_dir"/../lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null | head -n 1 || true)
  if [[ -n $runtime ]]; then
    lib_sanitize=(-sanitize=fuzzer,address)
    link_sanitize=(-sanitize=fuzzer,address)
    return
  fi
  runtime=$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z $runtime ]]; then
    echo "fuzz: the toolchain has no libFuzzer runtime; installing Debian's libclang-rt-dev" >&2
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
      echo "fuzz: run as root on Debian, or install libclang-rt-dev, to build the fuzzers" >&2
      exit 2
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q libclang-rt-dev >/dev/null
    runtime=$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n $runtime ]] || { echo "fuzz: libclang-rt-dev did not provide libclang_rt.fuzzer" >&2; exit 2; }
  fi
  lib_sanitize=(-sanitize=address -sanitize-coverage=edge,trace-cmp,indirect-calls)
  link_sanitize=(-sanitize=address -sanitize-coverage=edge,trace-cmp,indirect-calls -Xlinker "$runtime" -Xlinker -lstdc++)
}

# --- Build -----------------------------------------------------------------------------------

build() {
  command -v swiftc >/dev/null || { echo "fuzz: swiftc is not on PATH" >&2; exit 2; }
  resolve_runtime
  local started=$SECONDS
  mkdir -p "$out/lib" "$out/bin" "$out/artifacts"
  # Build from a copy of the sources, so that an edit made meanwhile cannot break the build.
  rm -rf "$out/src"
  mkdir -p "$out/src"
  cp -R Sources/Charter "$out/src/Charter"
  # The commands join the library's module here (their `import Charter` dropped): the dates
  # harness runs `rulecheck workdays` in-process, and harnesses import one module.
  cp -R Sources/RulecheckCommands "$out/src/RulecheckCommands"
  find "$out/src/RulecheckCommands" -name '*.swift' -exec sed -i '/^import Charter$/d' {} +
  local sources=()
  while IFS= read -r file; do sources+=("$file"); done < <(find "$out/src" -name '*.swift' | sort)
  echo "fuzz: building the Charter library with ASan and coverage (${#sources[@]} files)"
  # -enable-testing: the harnesses `@testable import Charter` to reach its internal entry points.
  swiftc -module-name Charter -swift-version 6 -parse-as-library -O -wmo -num-threads 2 -enable-testing -g \
    "${lib_sanitize[@]}" -static -emit-library -emit-module -emit-module-path "$out/lib/Charter.swiftmodule" \
    "${sources[@]}" -o "$out/lib/libCharter.a"
  local target
  for target in "${targets[@]}"; do
    echo "fuzz: linking fuzz-$target"
    swiftc -module-name "Fuzz_$target" -swift-version 6 -parse-as-library -O -g "${link_sanitize[@]}" -use-ld=lld \
      -I "$out/lib" -L "$out/lib" -lCharter \
      Fuzz/Support/FuzzSupport.swift "Fuzz/Targets/$target.swift" -o "$out/bin/fuzz-$target"
  done
  echo "fuzz: built ${#targets[@]} targets in $((SECONDS - started))s"
}

# --- Seeds -----------------------------------------------------------------------------------

# The ```charter blocks of Grammar.md, one file each.
grammar_examples() {
  awk -v dir="$1" '
    /^```charter[[:space:]]*$/ { inside = 1; n += 1; file = sprintf("%s/grammar_%02d.charter", dir, n); next }
    /^```/ { inside = 0; next }
    inside { print > file }
  ' Grammar.md
}

# Copies the files under Tests/GoldenTests/Cases with extension $2 into $1, named after their path.
golden_cases() {
  local dir=$1 extension=$2 file
  while IFS= read -r file; do
    cp "$file" "$dir/$(echo "${file#Tests/GoldenTests/Cases/}" | tr '/' '_')"
  done < <(find Tests/GoldenTests/Cases -name "*.$extension" -type f | sort)
}

# Writes the seed corpus of $1 under .build-fuzz/seeds/$1 (regenerated each run, never committed).
seeds() {
  local target=$1 dir="$out/seeds/$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  case $target in
    lint|overlay|fmt)
      cp rules/*.charter "$dir/"
      find examples -name '*.charter' -type f -exec cp {} "$dir/" \;
      grammar_examples "$dir"
      golden_cases "$dir" charter
      cp Fuzz/seeds/charter/* "$dir/"
      # The formatter's golden inputs, which are laid out every wrong way.
      if [[ $target == fmt ]]; then golden_cases "$dir" stdin; fi
      ;;
    json_records)
      local file
      for file in examples/*.json examples/change_requests/*.json; do cp "$file" "$dir/$(echo "$file" | tr '/' '_')"; done
      golden_cases "$dir" json
      cp Fuzz/seeds/json/* "$dir/"
      ;;
    csv_records)
      cp examples/*.csv "$dir/"
      golden_cases "$dir" csv
      cp Fuzz/seeds/csv/* "$dir/"
      ;;
    xlsx_records)
      cp examples/*.xlsx "$dir/"
      golden_cases "$dir" xlsx
      ;;
    repl)
      golden_cases "$dir" stdin
      cp Fuzz/seeds/repl/* "$dir/"
      ;;
    dates)
      cp Fuzz/seeds/dates/* "$dir/"
      ;;
  esac
  # Earlier reproducers are seeds too: the fixed traps stay covered.
  if [[ -d Fuzz/regressions/$target ]]; then
    find "Fuzz/regressions/$target" -type f ! -name '*.md' -exec cp {} "$dir/" \;
  fi
}

# --- Run -------------------------------------------------------------------------------------

run() {
  local target=$1 seconds=$2
  is_target "$target" || { echo "fuzz: no target \`$target\`; the targets are ${targets[*]}" >&2; exit 2; }
  local binary="$out/bin/fuzz-$target"
  [[ -x $binary ]] || { echo "fuzz: $binary is not built; run scripts/fuzz.sh build" >&2; exit 2; }
  seeds "$target"
  local corpus="$out/corpus/$target" artifacts="$out/artifacts/$target" log="$out/logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$out/logs"
  local flags=(
    -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-5}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}"
    -max_len="$(max_len_of "$target")" -dict="$(dictionary_of "$target")"
    -artifact_prefix="$artifacts/" -print_final_stats=1 -detect_leaks=1
  )
  if [[ ${FUZZ_KEEP_GOING:-0} == 1 ]]; then
    flags+=(-fork="${FUZZ_JOBS:-1}" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  elif [[ ${FUZZ_JOBS:-1} != 1 ]]; then
    flags+=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS")
  fi
  # shellcheck disable=SC2206
  [[ -n ${FUZZ_EXTRA:-} ]] && flags+=(${FUZZ_EXTRA})
  echo "fuzz: $target for ${seconds}s (log: ${log#"$root"/})"
  local status=0
  CHARTER_ROOT="$root" ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:symbolize=1}" \
    LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp:print_suppressions=0" \
    ASAN_SYMBOLIZER_PATH="$(dirname "$(command -v swiftc)")/llvm-symbolizer" \
    "$binary" "${flags[@]}" "$corpus" "$out/seeds/$target" >"$log" 2>&1 || status=$?
  summarise "$target" "$log"
  local found
  found=$(find "$artifacts" -type f -newer "$out/seeds/$target" | head -n 20)
  if [[ $status -ne 0 ]] || grep -qE "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|SUMMARY: .*Sanitizer|ALARM: working on the last Unit" "$log"; then
    echo "fuzz: $target FAILED (exit $status); the report:" >&2
    grep -E "ERROR:|SUMMARY:|Fatal error|ALARM|#[0-9]+ 0x[0-9a-f]+ in " "$log" | head -n 40 >&2 || true
    [[ -n $found ]] && echo "fuzz: reproducers:" >&2 && echo "$found" >&2
    return 1
  fi
  if [[ -n $found ]]; then
    echo "fuzz: $target left reproducers:" >&2
    echo "$found" >&2
    return 1
  fi
}

# Executions, speed and coverage: the final stats, else the last status line (fork mode).
summarise() {
  local target=$1 log=$2 executed speed last
  executed=$(grep -E '^stat::number_of_executed_units' "$log" | tail -n 1 | awk '{print $2}' || true)
  speed=$(grep -E '^stat::average_exec_per_sec' "$log" | tail -n 1 | awk '{print $2}' || true)
  last=$(grep -E '^#[0-9]+' "$log" | grep -E 'cov: ' | tail -n 1 || true)
  local cov ft
  cov=$(echo "$last" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
  ft=$(echo "$last" | sed -nE 's/.*ft: ([0-9]+).*/\1/p')
  if [[ -z $executed ]]; then
    # Fork mode prints no final stats: the last status line has the count; the speed is the average.
    executed=$(echo "$last" | sed -nE 's/^#([0-9]+).*/\1/p')
    local seconds
    seconds=$(echo "$last" | sed -nE 's/.* time: ([0-9]+)s.*/\1/p')
    if [[ -n $executed && -n $seconds && $seconds -gt 0 ]]; then speed=$((executed / seconds)); fi
  fi
  echo "fuzz: $target: executions ${executed:-?}, exec/s ${speed:-?}, cov ${cov:-?}, ft ${ft:-?}"
}

all() {
  local seconds=$1 target failed=()
  for target in "${targets[@]}"; do
    run "$target" "$seconds" || failed+=("$target")
  done
  if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz: failed: ${failed[*]} (reproducers under .build-fuzz/artifacts/)" >&2
    return 1
  fi
  echo "fuzz: every target ran ${seconds}s without a crash, leak or timeout"
}

differential() {
  CHARTER_DIFFERENTIAL_CASES=$1 swift test --scratch-path "$out/spm" --filter DifferentialEvaluation
}

case ${1:-} in
  build) build ;;
  run)
    [[ $# -eq 3 ]] || { echo "usage: scripts/fuzz.sh run TARGET SECONDS" >&2; exit 2; }
    run "$2" "$3" ;;
  all)
    [[ $# -eq 2 ]] || { echo "usage: scripts/fuzz.sh all SECONDS" >&2; exit 2; }
    all "$2" ;;
  differential)
    [[ $# -eq 2 ]] || { echo "usage: scripts/fuzz.sh differential N" >&2; exit 2; }
    differential "$2" ;;
  targets) printf '%s\n' "${targets[@]}" ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2 ;;
esac
