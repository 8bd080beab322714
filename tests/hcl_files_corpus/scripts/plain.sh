#!/bin/bash
# A script read with file(): nothing in it is interpolated.
set +e
echo "${HOME} and $${HOME} and %{ not a directive }"
printf 'a\tb\n'
exit 0
