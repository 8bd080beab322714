#!/bin/bash
# Boot script of the DDEV workspace (runtime contract INV-10): every step is
# idempotent, logs its failure and goes on; the script always exits 0.
set +e
log() { echo "[boot] $*" >&2; }
source ids.sh

# 1. Repair home ownership (the bind may have been created by root).
sudo chown coder:coder /home/coder || log "chown of /home/coder failed"

# 2. Seed the skeleton on first boot only.
if [ ! -f /home/coder/.bashrc ]; then
  cp -rn /etc/skel/. /home/coder/ || log "skeleton copy failed"
fi

# 3. GitSSH for this session only (never written to a dotfile).
export GIT_SSH_COMMAND="${GIT_SSH_COMMAND:-ssh}"
sed -i '/GIT_SSH_COMMAND/d' /home/coder/.bashrc 2>/dev/null

# 4. Hydrate from the staged files without overwriting user state.
if [ -d /home/coder-files ]; then
  cp -rn /home/coder-files/. /home/coder/ || log "hydration failed"
else
  log "no /home/coder-files; skipping hydration"
fi

# 5. Git identity from the agent's environment.
git config --global user.name "$CODER_WORKSPACE_OWNER_NAME"
git config --global user.email "$CODER_WORKSPACE_OWNER_EMAIL"

# 6. Registry mirror, written before dockerd starts.
if [ -n "$DOCKER_REGISTRY_MIRROR" ]; then
  echo "{\"registry-mirrors\": [\"$DOCKER_REGISTRY_MIRROR\"]}" | sudo tee /etc/docker/daemon.json >/dev/null
fi

# 7. Start dockerd when none runs, and wait for its socket (bounded).
if ! pgrep -x dockerd >/dev/null; then
  sudo dockerd >/tmp/dockerd.log 2>&1 &
fi
for _ in $(seq 1 30); do
  [ -S /var/run/docker.sock ] && break
  sleep 1
done
sudo chgrp docker /var/run/docker.sock && sudo chmod 660 /var/run/docker.sock

# 8. Pre-pull the DDEV images.
ddev debug download-images >/dev/null 2>&1 || log "image pre-pull failed"

# 9. Standard directories.
mkdir -p /home/coder/projects /home/coder/.ddev

# 10. Shell profile for login shells.
if ! grep -q 'WELCOME.txt' /home/coder/.bash_profile 2>/dev/null; then
  cat >> /home/coder/.bash_profile <<'PROFILE'
[ -f /etc/bash.bashrc ] && . /etc/bash.bashrc
[ -f ~/.bashrc ] && . ~/.bashrc
[ -f ~/WELCOME.txt ] && cat ~/WELCOME.txt
exit 0
PROFILE
fi

exit 0
