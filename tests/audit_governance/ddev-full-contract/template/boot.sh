#!/bin/bash
# Boot script: each step logs its failure and goes on.
set +e
warn() { echo "boot: $*" >&2; }

sudo chown coder:coder /home/coder || warn "cannot chown home"
[ -f /home/coder/.bashrc ] || cp -rn /etc/skel/. /home/coder/
if [ -d /home/coder-files ]; then
  cp -rn /home/coder-files/. /home/coder/ || warn "hydration failed"
else
  warn "/home/coder-files is missing"
fi
git config --global user.name "$CODER_WORKSPACE_OWNER_NAME"
git config --global user.email "$CODER_WORKSPACE_OWNER_EMAIL"

if ! pgrep -x dockerd >/dev/null; then
  sudo dockerd >/tmp/dockerd.log 2>&1 &
fi
for _ in $(seq 1 60); do [ -S /var/run/docker.sock ] && break; sleep 1; done

ddev debug download-images >/dev/null 2>&1 || warn "pre-pull failed"
mkdir -p /home/coder/projects
exit 0
