#!/usr/bin/env bash
# Deletes all but the newest N savepoints in a folder (default N=3). Prints what it deletes; --dry-run only prints.
#   savepoints/prune.sh [--keep N] [--dry-run] DIR
set -euo pipefail
keep=3 dry=false
while [ $# -gt 1 ]; do
  case "$1" in
    --keep) keep=$2; shift 2 ;;
    --dry-run) dry=true; shift ;;
    *) break ;;
  esac
done
dir="${1:?usage: prune.sh [--keep N] [--dry-run] DIR}"
find "$dir" -maxdepth 2 -name _metadata -printf '%T@ %h\n' | sort -rn | tail -n +$((keep + 1)) | while read -r _ path; do
  echo "prune: deleting $path"
  [ "$dry" = true ] || rm -rf -- "$path"
done
