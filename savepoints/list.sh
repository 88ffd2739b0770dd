#!/usr/bin/env bash
# Lists the savepoints and retained checkpoints under a folder, newest first, with their size.
#   savepoints/list.sh [DIR]        (default: output/savepoints and output/checkpoints)
set -euo pipefail
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(output/savepoints output/checkpoints)
for dir in "${dirs[@]}"; do
  [ -d "$dir" ] || continue
  echo "== $dir"
  # A savepoint or checkpoint is a folder holding a _metadata file.
  find "$dir" -name _metadata -printf '%T@ %h\n' | sort -rn | while read -r _ path; do
    printf '%s  %6s  %s\n' "$(date -r "$path/_metadata" '+%Y-%m-%d %H:%M:%S')" "$(du -sh "$path" | cut -f1)" "file:$path"
  done
done
