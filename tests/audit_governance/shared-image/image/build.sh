#!/bin/sh
set -eu
docker build -t docker.corp.example/devenv/workspace:"${1:?tag}" "$(dirname "$0")"
