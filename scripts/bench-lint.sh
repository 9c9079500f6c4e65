#!/usr/bin/env bash
# Generates a rulebook of about 10,000 lines (groups with seats and cadences, records, rules with
# quantifiers and interpolation, processes) and times `rulecheck lint` on it in a release build.
# Usage: scripts/bench-lint.sh [BLOCKS]   (each block is 43 lines; default 233)
set -euo pipefail
cd "$(dirname "$0")/.."
blocks=${1:-233}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
file="$dir/generated.charter"
{
  echo 'charter "Generated" { sponsor Sponsor  calendar england_and_wales }'
  echo 'level 2 "Steering"  level 3 "Advisory"'
  echo 'group PSG "Steering Group" { level 2 }'
  echo 'constituency consumer "Consumer"'
  echo 'role Board "Board"  role PMO "PMO"  role participants "Participants"  role SRO "SRO"  role IPA "IPA"'
  for ((i = 0; i < blocks; i++)); do
    cat <<BLOCK
constituency c$i "Constituency $i"
group G$i "Group number $i" {
  level 3
  reports_to PSG
  attendance nominated
  status mobilised
  meets monthly on third wednesday at 10:00 for 2h30m from 2024-02-21 {
    except 2024-12-18 cancelled "Christmas"
  }
  seat c$i nominated
  seat consumer by_exception "technical nature of the meetings"
  quorum 50% of filled_seats
}
record r$i {
  id: text
  raised: date
  fixes_defect: bool
  critical_to: list of text
  items: list of { number: number, starts: time, ends: time, duration: duration }
}
rule freeze_$i "Change Freeze $i" {
  for r$i cr
  when cr.raised >= 2023-11-01
  let critical = "M10" in cr.critical_to
  require cr.fixes_defect or critical
  else "CR {cr.id} must fix a defect or be critical to M10"
}
rule timing_$i "Agenda timing $i" {
  for r$i m
  require all item in m.items: item.ends - item.starts == item.duration
  else "item {item.number} runs {item.ends - item.starts} but states {item.duration}"
  require count(i in m.items where i.duration > 30m) <= 3 and sum(i in m.items: i.duration) < 3h
}
process p$i "Process $i" {
  for r$i cr
  step assess by Board decides check freeze_$i -> engage | rejected
  step engage by PMO -> ia
  step ia by participants lasts 10 working days -> report
  step report by PMO -> ratify
  step ratify by SRO decides -> approved | rejected
  end approved, rejected
  appeal Board to IPA within 10 working days
}
BLOCK
  done
} > "$file"
swift build -c release --product rulecheck >/dev/null 2>&1
binary=$(swift build -c release --show-bin-path)/rulecheck
lines=$(wc -l < "$file")
bytes=$(wc -c < "$file")
runs=5
best=""
for ((r = 0; r < runs; r++)); do
  start=$(date +%s%N)
  "$binary" lint "$file" >"$dir/out" 2>&1 || { cat "$dir/out" | tail -5; echo "the generated rulebook does not lint cleanly" >&2; exit 1; }
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  if [[ -z "$best" || $ms -lt $best ]]; then best=$ms; fi
done
echo "lint: $lines lines, $bytes bytes, best of $runs runs: ${best} ms"
