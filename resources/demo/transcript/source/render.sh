#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Sandcastle contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# render.sh SCRIPTED_MODEL_SERVER OUTDIR  renders script.json into one Responses SSE stream per
# turn (OUTDIR/01.sse, 02.sse, ...): the scripted model server answers one streaming
# POST /v1/responses per turn, in order, and curl saves each reply. Item ids are renamed from
# *_scriptedNNNNNN to *_demoNNNNNN. See README.md next to this file.
set -euo pipefail
server=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
turns=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["turns"]))' "$here/script.json")
mkdir -p "$out"
coproc SERVER { "$server" --script "$here/script.json" --exit-when-done; }
read -r line <&"${SERVER[0]}"
url=${line#listening }
for ((i = 1; i <= turns; i++)); do
    curl -sS -N -X POST "$url/responses" -H 'Content-Type: application/json' \
        -d '{"model":"demo-recorded","stream":true,"input":[{"role":"user","content":"render"}]}' |
        sed 's/_scripted\([0-9]\{6\}\)/_demo\1/g' >"$out/$(printf %02d "$i").sse"
done
wait "$SERVER_PID"
