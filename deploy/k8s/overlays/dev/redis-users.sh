#!/bin/sh
# Generated from packages/contracts/src/access by `npm run access-files`; do not edit.
# redis-server with the arguments given, and the services' ACL users; passwords from the environment
# (no spaces in them). The default user stays the administrator (--requirepass).
set -eu
exec redis-server "$@" \
  "--user" "auth" "on" ">${AUTH_REDIS_PASSWORD}" "resetkeys" "~auth:*" "resetchannels" "-@all" "+@read" "+@write" "+@connection" "+eval" "+evalsha" "-@dangerous" "-@admin" "-function" "+info" \
  "--user" "job-catalog" "on" ">${JOB_CATALOG_REDIS_PASSWORD}" "resetkeys" "~catalog:*" "~rate:writes:*" "%R~auth:revoked:*" "resetchannels" "-@all" "+@read" "+@write" "+@connection" "+eval" "+evalsha" "-@dangerous" "-@admin" "-function" "+info" \
  "--user" "scheduler" "on" ">${SCHEDULER_REDIS_PASSWORD}" "resetkeys" "~rate:writes:*" "~rate:previews:*" "%R~auth:revoked:*" "resetchannels" "-@all" "+@read" "+@write" "+@connection" "+eval" "+evalsha" "-@dangerous" "-@admin" "-function" "+info" \
  "--user" "executor" "on" ">${EXECUTOR_REDIS_PASSWORD}" "resetkeys" "%R~auth:revoked:*" "resetchannels" "-@all" "+@read" "+@write" "+@connection" "+eval" "+evalsha" "-@dangerous" "-@admin" "-function" "+info"
