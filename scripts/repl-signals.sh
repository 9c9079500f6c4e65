#!/bin/sh
# The REPL under real signals, through the built binary: Ctrl-C (SIGINT) during an evaluation
# stops it and the session goes on; a session killed (SIGKILL) after a change is restored by
# --resume from its journal. Usage: scripts/repl-signals.sh [path/to/rulecheck]
set -eu
cd "$(dirname "$0")/.."
binary=${1:-.build-repl/debug/rulecheck}
[ -x "$binary" ] || { echo "no binary at $binary; build it first (swift build --scratch-path .build-repl)"; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
list=$(awk 'BEGIN { printf "["; for (i = 0; i < 200; i++) printf "%s%d", (i ? ", " : ""), i; printf "]" }')
expensive="all a in $list: all b in $list: all c in $list: all d in $list: a + b + c + d >= 0"
failed=0

# 1. SIGINT during an evaluation of some minutes (the budget raised out of the way).
mkfifo "$work/in1"
timeout 120 "$binary" repl --budget 1000000000000 examples/change_requests/CR041.json <"$work/in1" >"$work/out1" 2>&1 &
repl=$!
exec 3>"$work/in1"
echo "$expensive" >&3
sleep 3
kill -INT "$repl"
echo 'count(cr in change_requests)' >&3
exec 3>&-
status=0; wait "$repl" || status=$?
if [ "$status" -eq 0 ] && grep -qx 'interrupted' "$work/out1" && grep -qx '1  : number' "$work/out1"; then
    echo "ok: Ctrl-C stops the evaluation and the session goes on"
else
    echo "FAIL: Ctrl-C during an evaluation (exit $status):"; cat "$work/out1"; failed=1
fi

# 2. SIGKILL after a change, then --resume from the journal.
mkfifo "$work/in2"
"$binary" repl --journal "$work/session.journal" examples/change_requests/CR041.json <"$work/in2" >"$work/out2" 2>&1 &
repl=$!
exec 3>"$work/in2"
echo 'rule has_target_release "A target release" { for change_request cr require (cr.target_release ?? "") != "" }' >&3
sleep 3
kill -KILL "$repl"
wait "$repl" 2>/dev/null || true
exec 3>&-
printf ':rules\n' | "$binary" repl --resume --journal "$work/session.journal" >"$work/out3" 2>&1 || true
if grep -q '^resumed the session of .* with 1 what-if:$' "$work/out3" && grep -q '^has_target_release  for change_request' "$work/out3"; then
    echo "ok: a killed session is restored by --resume"
else
    echo "FAIL: resume after SIGKILL:"; cat "$work/out2" "$work/out3"; failed=1
fi
exit "$failed"
