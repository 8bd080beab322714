#!/usr/bin/env bash
# Usage: run.sh VARS_FILE...
#
# Plans the provider-free module in this directory once per tfvars file and
# prints "OK FILE" (plan succeeded) or "FAIL FILE" (plan failed) for each.
# Terraform's own output goes to $TF_NATIVE_LOG (default /dev/null).
# Exit status is 0 whatever the verdicts; 2 only for a missing argument.
set -u

if ! command -v terraform >/dev/null 2>&1; then
  echo "SKIP: terraform not found"
  exit 0
fi
if [ "$#" -eq 0 ]; then
  echo "usage: run.sh VARS_FILE..." >&2
  exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log=${TF_NATIVE_LOG:-/dev/null}

# Keep the caller's Terraform environment (TF_VAR_*, TF_CLI_ARGS*, TF_DATA_DIR,
# TF_WORKSPACE, TF_LOG, ...) from changing the verdicts.
while IFS= read -r name; do
  unset "$name"
done < <(compgen -e | grep '^TF_')

work=$(mktemp -d "${TMPDIR:-/tmp}/wsc-tf-native.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$here"/*.tf "$work"/
: >"$work/terraformrc"

export CHECKPOINT_DISABLE=1
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1

if ! terraform -chdir="$work" init -input=false -no-color >>"$log" 2>&1; then
  echo "SKIP: terraform init failed"
  exit 0
fi

for file in "$@"; do
  case $file in
    /*) path=$file ;;
    *) path=$PWD/$file ;;
  esac
  echo "== $file" >>"$log"
  if terraform -chdir="$work" plan -input=false -lock=false -refresh=false \
    -no-color -var-file="$path" >>"$log" 2>&1; then
    echo "OK $file"
  else
    echo "FAIL $file"
  fi
done
exit 0
