#!/usr/bin/env bash
# Sensor throughput against tshark on the same capture, in the same run, so the ratio is fair.
# Usage: bench/sensor-bench.sh [capture]   (default: mixed10.pcap from ../shared/tools/make-bench-pcap.sh)
# Prints a table and writes bench/results/sensor-<date>.json (results are meant to be committed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Tools: editcap/mergecap/capinfos (wireshark-common) build the capture; tshark is the baseline;
# GNU time gives wall time and peak RSS. Install only what is missing.
need=()
for t in editcap mergecap capinfos; do command -v "$t" >/dev/null || need+=(wireshark-common); done
command -v tshark >/dev/null || need+=(tshark)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  sudo_=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo_ apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -q $(printf '%s\n' "${need[@]}" | sort -u)
fi

if [ $# -ge 1 ]; then
  file=$1
else
  read -r _ file < <(bash "$root/../shared/tools/make-bench-pcap.sh" | tail -1)
fi
[ -s "$file" ] || { echo "sensor-bench: no capture at $file" >&2; exit 1; }

npx tsc -p tsconfig.build.json

# Packet count and captured bytes (sum of caplen) from capinfos; -M gives exact numbers, not "490 M".
info=$(capinfos -c -d -M -T -r "$file" | tail -1)
packets=$(echo "$info" | cut -f2)
bytes=$(echo "$info" | cut -f3)
filesize=$(stat -c %s "$file")
work=$(mktemp -d /tmp/mamori-bench-run.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Warm the page cache so neither tool pays for the first read from disk.
cat "$file" >/dev/null

# Runs a command under GNU time and leaves "seconds peak_rss_kb" in $work/res.<name>. Not run in a
# subshell, so a failing tool stops the benchmark (set -e) instead of producing a bogus number.
timed() {
  local name=$1; shift
  if ! /usr/bin/time -v -o "$work/time.$name" "$@"; then
    echo "sensor-bench: $name failed" >&2; tail -30 "$work/time.$name" "$work/stderr.$name" >&2 2>/dev/null; exit 1
  fi
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.$name")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.$name")
  echo "$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }') $rss" > "$work/res.$name"
}

echo "capture: $file ($packets packets, $bytes captured bytes, $filesize bytes on disk)" >&2
echo "running mamori sensor (all protocol analyzers)…" >&2
timed mamori node bin/mamori.js sensor "$file" --out "$work/logs" --quiet
read -r m_sec m_rss < "$work/res.mamori"
conns=$(wc -l < "$work/logs/conn.log")
echo "running mamori sensor --no-analyzers (connection tracking alone)…" >&2
timed tracking node bin/mamori.js sensor "$file" --out "$work/logs-tracking" --quiet --no-analyzers
read -r c_sec c_rss < "$work/res.tracking"
echo "running tshark…" >&2
# exec: GNU time then measures tshark itself, not a shell around it. tshark's dissector warnings
# (it warns about malformed SMB2 and the like) go to a file, shown only if it fails.
timed tshark sh -c 'exec tshark -r "$1" -T fields -e ip.src -e ip.dst -e tcp.srcport -e tcp.dstport \
  -e udp.srcport -e udp.dstport -e dns.qry.name -e tls.handshake.extensions_server_name -e http.host > /dev/null 2> "$2"' sh "$file" "$work/stderr.tshark"
read -r t_sec t_rss < "$work/res.tshark"

tshark_v=$(tshark --version 2>/dev/null | head -1)
node_v=$(node --version)
date_=$(date -u +%Y-%m-%d)
mkdir -p bench/results
out=bench/results/sensor-$date_.json
node --input-type=commonjs - "$out" <<EOF
const [out] = process.argv.slice(2);
const packets = $packets, bytes = $bytes;
const row = (tool, sec, rssKb) => ({ tool, seconds: sec, packets_per_s: Math.round(packets / sec), gbps: +((bytes * 8) / sec / 1e9).toFixed(3), peak_rss_mb: Math.round(rssKb / 1024) });
const rows = [row('mamori sensor', $m_sec, $m_rss), row('mamori tracking', $c_sec, $c_rss), row('tshark fields', $t_sec, $t_rss)];
const result = {
  date: new Date().toISOString(),
  capture: { path: '$file', packets, captured_bytes: bytes, file_bytes: $filesize },
  host: { cpus: require('os').cpus().length, cpu: require('os').cpus()[0]?.model, node: '$node_v', tshark: '$tshark_v' },
  mamori_conn_records: $conns,
  results: rows,
  tshark_over_mamori: +($t_sec / $m_sec).toFixed(2),
  tshark_over_tracking: +($t_sec / $c_sec).toFixed(2),
  load_average_at_start: require('os').loadavg()[0],
};
require('fs').writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
const pad = (s, n) => String(s).padEnd(n);
console.log(pad('tool', 16) + pad('seconds', 10) + pad('packets/s', 12) + pad('Gbps', 8) + 'peak RSS MB');
for (const r of rows) console.log(pad(r.tool, 16) + pad(r.seconds.toFixed(2), 10) + pad(r.packets_per_s, 12) + pad(r.gbps.toFixed(3), 8) + r.peak_rss_mb);
console.log('tshark_time / mamori_time = ' + result.tshark_over_mamori + ' (all analyzers), ' + result.tshark_over_tracking + ' (tracking alone)');
console.log('written ' + out);
EOF
