#!/usr/bin/env bash
# The main job: build the demo store and run the workbench on it. Grows as features land.
set -euo pipefail
out="${1:-build/demo}"; homes="${2:-60}"
mkdir -p "$out"
db="$out/workbench.sqlite"
# the demo is one workbench folder: its store, and the reports and visit plans the dashboards serve (as <URN>/<file>)
home="$(cd "$out" && pwd)"
unset WORKBENCH_DB WORKBENCH_REPORTS WORKBENCH_PLANS
export WORKBENCH_HOME="$home"
wb=.venv/bin/workbench
$wb db upgrade
$wb demo-data --homes "$homes" --seed 7 --replace  # --replace: a second `make demo` regenerates the demo homes
$wb homes > "$out/homes.txt"; head -20 "$out/homes.txt"  # no pipe: `head` would end `homes` with SIGPIPE (pipefail)
echo "demo store: $db"
# Reports (issue 6): a full and an interim report of demo homes with a current inspection.
echo "reports (workbench report URN; stock tools: see README 'Reports'):"
.venv/bin/python -m workbench.report.demo --out "$out/reports"
# Visit plan (issue 4): the evidence picture, lines of enquiry and children to track of the demo home
# with the most notifications in the last six months.
urn=$(.venv/bin/python -m workbench.demo.showcase)
$wb prepare "$urn" --out "$out/visit-plans/$urn" --user inspector1
# The sector picture (issue 15): consistency, durability and transitions of overall judgements.
$wb sector --out "$out/sector"
# Batch (issue 7): the interim report of every demo home due for inspection in the next three months
# (paras 7-8), with an index page; prints the path of index.html. Re-running skips unchanged homes.
$wb batch interim --due-before "$(date -d '+3 months' +%F)" --out "$out/batch-interim" \
  || echo "some homes failed: see the index above" >&2
# Dashboards (issue 8): how to serve them on this store (Voila on 127.0.0.1 with a token; Ctrl-C stops).
echo "dashboards (the address with its token is printed when the server starts; reports and plans are in $home):"
echo "  inspector: .venv/bin/workbench --home $home serve --user inspector1 --port 8866"
echo "             -> http://127.0.0.1:8866/voila/render/inspector.ipynb?token=...  (one home: &urn=URN)"
echo "  manager:   .venv/bin/workbench --home $home serve --user manager --port 8867"
echo "             -> http://127.0.0.1:8867/voila/render/manager.ipynb?token=..."
