#!/usr/bin/env bash
# usage: scratch/evalall.sh  (DD=data dir with knowledge+law ingested)
cd /work/main
DD=${DD:-/tmp/zd-new}
if [ ! -f $DD/.ingested ]; then
  npm run -s zhice -- ingest knowledge --data-dir $DD >/dev/null && npm run -s zhice -- ingest ../shared/corpus-law --data-dir $DD >/dev/null && touch $DD/.ingested
fi
for f in bench/sets/paraphrase-notices.jsonl bench/sets/paraphrase-law.jsonl bench/sets/exam-law.jsonl ../shared/eval/exam-dev.jsonl bench/sets/oos.jsonl ../shared/eval/qa-dev.jsonl; do
  echo "== $f"; npm run -s zhice -- eval $f --data-dir $DD 2>&1 | grep -E "verdict|dangerous|recall|abstention|answered|consistent|twins" | head -12
done
