#!/bin/bash -e
# The boot script of the broken workspace: errexit, systemd, numeric ids,
# a dotfile GIT_SSH_COMMAND, identity parsed from the hostname, both daemon
# start paths (systemd and an unguarded dockerd), steps out of order.
set -euo pipefail
sudo chown -R 1000:1000 /home/coder
OWNER=$(hostname | cut -d- -f2)
echo "export GIT_SSH_COMMAND='ssh -o StrictHostKeyChecking=no'" >> ~/.bashrc
sudo systemctl start docker
sudo dockerd &
git config --global user.name "$OWNER"
cp -r /home/coder-files/. /home/coder/
ddev start || exit 1
sudo chmod 666 /var/run/docker.sock
