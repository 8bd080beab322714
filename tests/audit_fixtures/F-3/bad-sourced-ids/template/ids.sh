# Ownership of the shared cache.
sudo chown 1000:988 /tmp/cache 2>/dev/null || log "no cache"
