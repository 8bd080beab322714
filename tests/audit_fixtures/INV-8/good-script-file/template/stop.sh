#!/bin/sh
# Stop DDEV while the workspace's Docker daemon still answers.
if [ -S /var/run/docker.sock ]; then
  ddev poweroff || true
fi
