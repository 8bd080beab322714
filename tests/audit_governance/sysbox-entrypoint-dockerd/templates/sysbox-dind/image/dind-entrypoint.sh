#!/bin/sh
# Start the inner Docker daemon, then hand over to the container's command.
if ! pgrep -x dockerd >/dev/null; then
  sudo sh -c 'dockerd >/tmp/dockerd.log 2>&1 &'
fi
exec "$@"
