#!/usr/bin/env bash
# The README walkthrough (seed 003's workflow) against a running server:
#   register two users, open their direct conversation, A blocks B, both sends are refused with their two messages,
#   A unblocks, both sends succeed.
# Usage: examples/walkthrough.sh [BASE_URL]   (default http://127.0.0.1:5080)
# Exits non-zero on the first answer that differs from the README.
set -euo pipefail

base="${1:-http://127.0.0.1:5080}"
api="$base/api/v1"
suffix="$(date +%s)$RANDOM"
body="$(mktemp)"
trap 'rm -f "$body"' EXIT

fail() { echo "FAIL: $*" >&2; echo "--- last body:" >&2; cat "$body" >&2; echo >&2; exit 1; }

# call METHOD PATH EXPECTED_STATUS [TOKEN] [JSON]
call() {
  local method="$1" path="$2" expected="$3" token="${4:-}" data="${5:-}"
  local args=(-s -o "$body" -w '%{http_code}' -X "$method" "$api$path")
  [[ -n "$token" ]] && args+=(-H "Authorization: Bearer $token")
  [[ -n "$data" ]] && args+=(-H 'Content-Type: application/json' -d "$data")
  local status
  status="$(curl "${args[@]}")" || fail "$method $path: curl failed (is the server running at $base?)"
  [[ "$status" == "$expected" ]] || fail "$method $path: expected $expected, got $status"
  echo "ok  $method $path -> $status"
}

# field JQ_PATH: prints a member of the last body; fails if it is absent or null.
field() {
  local value
  value="$(jq -r "$1" "$body" 2>/dev/null)" || fail "body is not JSON"
  [[ "$value" != "null" ]] || fail "missing $1"
  printf '%s' "$value"
}

call POST /auth/register 201 "" "{\"username\":\"alice_$suffix\",\"password\":\"alice-password\",\"displayName\":\"Alice\"}"
alice_token="$(field .accessToken)"; alice_id="$(field .user.id)"
call POST /auth/register 201 "" "{\"username\":\"bob_$suffix\",\"password\":\"bob-password\",\"displayName\":\"Bob\"}"
bob_token="$(field .accessToken)"; bob_id="$(field .user.id)"

call POST /conversations/direct 201 "$alice_token" "{\"userId\":\"$bob_id\"}"
conversation="$(field .id)"
call POST "/conversations/$conversation/messages" 201 "$alice_token" '{"content":"Hi Bob!"}'
call POST "/conversations/$conversation/messages" 201 "$bob_token" '{"content":"Hi Alice!"}'

# Alice blocks Bob (from inside the chat, as in seed 003).
call POST "/conversations/$conversation/block" 201 "$alice_token"
[[ "$(field .blockee.id)" == "$bob_id" ]] || fail "blockee is not Bob"

call POST "/conversations/$conversation/messages" 403 "$bob_token" '{"content":"Are you there?"}'
[[ "$(field .code)" == "message.blocked_by_recipient" ]] || fail "wrong code for Bob"
[[ "$(field .title)" == "You cannot send messages to this user as they have blocked you." ]] || fail "wrong message for Bob"

call POST "/conversations/$conversation/messages" 403 "$alice_token" '{"content":"One more thing"}'
[[ "$(field .code)" == "message.recipient_blocked" ]] || fail "wrong code for Alice"
[[ "$(field .title)" == "You cannot send messages to a user you have blocked. Unblock them first." ]] || fail "wrong message for Alice"

call GET "/users/me/blocks" 200 "$alice_token"
[[ "$(field '.items[0].user.id')" == "$bob_id" ]] || fail "Bob is not in Alice's block list"
call GET "/users/$alice_id/relationship" 200 "$bob_token"
[[ "$(field .canMessage)" == "false" ]] || fail "Bob should not be able to message Alice"

# Alice unblocks Bob: both can send again at once.
call POST "/conversations/$conversation/unblock" 200 "$alice_token"
call POST "/conversations/$conversation/messages" 201 "$bob_token" '{"content":"Back again"}'
call POST "/conversations/$conversation/messages" 201 "$alice_token" '{"content":"Welcome back"}'

call GET "/conversations/$conversation/messages" 200 "$bob_token"
[[ "$(jq -r '[.items[].content] | join("|")' "$body")" == "Welcome back|Back again|Hi Alice!|Hi Bob!" ]] || fail "history differs"

echo "walkthrough passed against $base"
