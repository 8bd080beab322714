#!/bin/bash
# The image ships Docker's SysV init script; use it to bring the daemon up.
sudo service docker start

mkdir -p ~/stacks
if [ -f ~/stacks/compose.yaml ]; then
  (cd ~/stacks && docker compose up -d) || echo "compose up failed"
fi
