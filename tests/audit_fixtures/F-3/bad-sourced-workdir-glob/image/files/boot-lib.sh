# Helpers the boot script sources.
fix_cache() { sudo chown -R 1000 /tmp/cache; }
fix_cache
