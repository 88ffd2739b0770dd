#!/usr/bin/env bash
# Submits the CBAM job jar to the running local session cluster over Flink's REST API.
#   deployment/local/submit.sh <cbam run options>      (--jdbc-url is required on a cluster)
# Prints the job id. A job submitted this way runs detached: its run stays RUNNING in cbam_runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_built
url="$(rest_url)"
echo "local-cluster: uploading $(basename "$JOB_JAR") to $url" >&2
upload="$(curl -fsS -X POST -F "jarfile=@$JOB_JAR" "$url/jars/upload")"
jar_id="$(echo "$upload" | sed -E 's/.*"filename":"[^"]*\/([^"/]+)".*/\1/')"
json_string() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
args_json="["
for arg in "$@"; do
  [ "$args_json" = "[" ] || args_json+=","
  args_json+="$(json_string "$arg")"
done
args_json+="]"
response="$(curl -fsS -X POST -H 'Content-Type: application/json' \
  -d "{\"entryClass\": \"dev.cbam.job.CbamJobMain\", \"programArgsList\": $args_json}" "$url/jars/$jar_id/run")"
echo "$response" | sed -n 's/.*"jobid":"\([0-9a-f]*\)".*/\1/p'
