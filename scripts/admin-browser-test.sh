#!/usr/bin/env bash
# The organizer page's browser tests alone: scripts/browser-test.sh admin.
#   bash scripts/admin-browser-test.sh [extra node --test arguments]
exec "$(dirname "$0")/browser-test.sh" admin "$@"
