#!/usr/bin/env bash
# The whole journey of one dossier against a running local host (./run.sh), from the filing to `closed` with
# both instalments, through the HTTP API and the links of the captured mails; prints each step.
#
# Usage: scripts/walkthrough.sh [URL] [STAFF_KEY]
#   URL        default $AMI_URL, else http://127.0.0.1:7071
#   STAFF_KEY  default $AMI_STAFF_KEY: the staff key ./run.sh prints (or Ami__StaffKey)
# Needs bash, curl and node. Run from anywhere; it reads the files of samples/.
#
# It copies the demo campaign `ami-demo` (journey durations in minutes) into a campaign of its own, open now,
# files samples/dossier.json, has staff declare it eligible, closes the call by moving the campaign's deadline
# to the past (as staff would post it again), then the two jurors, the jury's president, the CP, the holder's
# start (70 %), the bilan, staff's acceptance (30 %): closed. No step waits for a clock, only for the mails.
# It follows the per-dossier links journey 1.2 mails to the jurors, the president and the CP: run the local host
# with Ami__Journey__StartVersion=1.2 ./run.sh (with the default 1.3 they work from their campaign-wide pages).
set -euo pipefail

B="${1:-${AMI_URL:-http://127.0.0.1:7071}}"
B="${B%/}"
KEY="${2:-${AMI_STAFF_KEY:-}}"
if [[ -z "$KEY" ]]; then
  echo "Staff key missing: scripts/walkthrough.sh URL STAFF_KEY (or AMI_STAFF_KEY=...); ./run.sh prints it." >&2
  exit 2
fi
SAMPLES="$(cd "$(dirname "$0")/../samples" && pwd)"
TIMEOUT="${AMI_WALKTHROUGH_TIMEOUT:-120}" # seconds to wait for each mail or status

STAFF=instruction@region.example
JUROR1=jure1@partner.example
JUROR2=jure2@region.example
PRESIDENT=president@region.example
CP=cp@region.example
FINANCE=finance@region.example

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

# node -e with the JSON on stdin as `o`: `js 'o.dossierId'`
js() { node -e "const o = JSON.parse(require('fs').readFileSync(0, 'utf8')); const v = ($1); process.stdout.write(typeof v === 'string' ? v : JSON.stringify(v));"; }

# call METHOD PATH [curl args...]: fails unless the status is 2xx; the answer goes to $STATUS and $BODY (so call it
# directly, not in $(...)).
call() {
  local method=$1 path=$2 out
  shift 2
  out=$(curl -sS -X "$method" "$B$path" -w '\n%{http_code}' "$@")
  STATUS=${out##*$'\n'}
  BODY=${out%$'\n'*}
  if [[ $STATUS != 2* ]]; then
    fail "$method $path → $STATUS $BODY"
  fi
}

staff() { local method=$1 path=$2; shift 2; call "$method" "$path" -H "x-functions-key: $KEY" "$@"; }
holder() { local method=$1 path=$2; shift 2; call "$method" "$path" -H "Authorization: Bearer $TOKEN" "$@"; }

# The path of the action link of the newest mail of kind $2 to $1 about the dossier, or nothing yet.
find_link() {
  curl -sS "$B/dev/mails?to=$1" | ID="$ID" KIND="$2" node -e '
    const mails = JSON.parse(require("fs").readFileSync(0, "utf8"))
      .filter(m => m.categories.includes(process.env.KIND) && m.customArgs.dossier_id === process.env.ID);
    const m = mails.length ? (mails[mails.length - 1].text || "").match(/\/api\/actions\/[A-Za-z0-9_~.%-]+/) : null;
    process.stdout.write(m ? m[0] : "");'
}

# The same, waiting for the mail (at most $3 seconds, default TIMEOUT).
link_for() {
  local to=$1 kind=$2 limit=${3:-$TIMEOUT} path="" waited=0
  while [[ -z "$path" ]]; do
    path=$(find_link "$to" "$kind")
    if [[ -z "$path" ]]; then
      (( waited++ < limit )) || fail "no « $kind » mail to $to after $limit s"
      sleep 1
    fi
  done
  printf '%s' "$path"
}

# Opens the link (the French page), then posts the form fields given: prints the decision recorded.
decide() {
  local to=$1 kind=$2 path title
  shift 2
  path=$(link_for "$to" "$kind")
  title=$(curl -sS "$B$path" | node -e 'const h = require("fs").readFileSync(0, "utf8"); const m = h.match(/<h1[^>]*>([\s\S]*?)<\/h1>/); process.stdout.write(m ? m[1].replace(/<[^>]+>/g, "").trim() : "");')
  echo "   $to opens the link of the « $kind » mail: « $title »"
  echo "   POST $path  $*"
  local args=()
  for field in "$@"; do args+=(--data-urlencode "$field"); done
  call POST "$path" "${args[@]}"
  echo "   → $STATUS $BODY"
}

# Waits until the dossier's status is $1; prints it.
wait_status() {
  local want=$1 status="" waited=0
  while [[ "$status" != "$want" ]]; do
    holder GET "/api/dossiers/$ID"
    status=$(printf '%s' "$BODY" | js 'o.status')
    if [[ "$status" != "$want" ]]; then
      (( waited++ < TIMEOUT )) || fail "status $status, still not $want after ${TIMEOUT} s"
      sleep 1
    fi
  done
  echo "   status: $status"
}

# POST as the holder, again while the journey is still finishing the step before (409 not-waiting).
holder_move() {
  local path=$1 waited=0 out status
  shift
  while true; do
    out=$(curl -sS -X POST "$B$path" -H "Authorization: Bearer $TOKEN" -w '\n%{http_code}' "$@")
    status=${out##*$'\n'}
    [[ $status == 202 ]] && { echo "   → 202 ${out%$'\n'*}"; return; }
    [[ $status == 409 && $out == *not-waiting* ]] || fail "POST $path → $status ${out%$'\n'*}"
    (( waited++ < TIMEOUT )) || fail "POST $path still not-waiting after ${TIMEOUT} s"
    sleep 1
  done
}

instant() { SECONDS_FROM_NOW="$1" node -e 'const d = new Date(Date.now() + Number(process.env.SECONDS_FROM_NOW) * 1000); process.stdout.write(d.toISOString().slice(0, 19) + "+00:00");'; }
TODAY=$(node -e 'process.stdout.write(new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date()))')

step "0. The host answers"
call GET /api/health
echo "   GET $B/api/health → $STATUS $BODY"

step "1. Staff open a call of their own: a copy of ami-demo, open now"
CAMPAIGN="walkthrough-$(date +%s)"
staff GET /api/campaigns/ami-demo
CAMPAIGN_JSON=$(printf '%s' "$BODY" | CAMPAIGN="$CAMPAIGN" OPENS="$(instant -86400)" DEADLINE="$(instant 3600)" node -e '
  const c = JSON.parse(require("fs").readFileSync(0, "utf8"));
  c.id = process.env.CAMPAIGN; c.referencePrefix = process.env.CAMPAIGN.toUpperCase();
  c.title = "AMI Innovation sociale – parcours complet"; c.opensAt = process.env.OPENS; c.deadline = process.env.DEADLINE;
  process.stdout.write(JSON.stringify(c));')
staff POST /api/campaigns -H "Content-Type: application/json" -d "$CAMPAIGN_JSON"
echo "   POST /api/campaigns → $STATUS $CAMPAIGN (closes $(printf '%s' "$BODY" | js 'o.deadline'))"

step "2. A holder files samples/dossier.json with its two files"
call POST "/api/campaigns/$CAMPAIGN/dossiers" -H "Idempotency-Key: $CAMPAIGN-1" \
  -F "dossier=@$SAMPLES/dossier.json;type=application/json" \
  -F "statutes=@$SAMPLES/statuts.pdf;type=application/pdf" -F "annual-accounts=@$SAMPLES/comptes.pdf;type=application/pdf"
FILED=$BODY
ID=$(printf '%s' "$FILED" | js 'o.dossierId')
TOKEN=$(printf '%s' "$FILED" | js 'o.accessToken')
echo "   → $STATUS dossier $ID, reference $(printf '%s' "$FILED" | js 'o.reference')"

step "3. Staff decide from the link of their mail: eligible, no audition"
decide "$STAFF" validation-request decision=eligible audition=false
wait_status eligible
HOLDER=$(node -pe 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).contact.email' "$SAMPLES/dossier.json")
wait_mail() { local waited=0; until curl -sS "$B/dev/mails?to=$1" | ID="$ID" KIND="$2" node -e '
    const ok = JSON.parse(require("fs").readFileSync(0, "utf8")).some(m => m.categories.includes(process.env.KIND) && m.customArgs.dossier_id === process.env.ID);
    process.exit(ok ? 0 : 1);'; do (( waited++ < TIMEOUT )) || fail "no « $2 » mail to $1"; sleep 1; done; }
wait_mail "$HOLDER" eligible
echo "   the holder is told: « eligible » mail to $HOLDER"

step "4. Staff close the call now: the campaign posted again with a deadline in the past"
# A journey is told of a campaign change while it waits for the close. The holder's « eligible » mail comes just
# before that wait; should the change still come a moment too early for it, the jurors get no invitation and
# staff post the campaign again (with a new deadline, so that it is a change).
for attempt in 1 2 3 4 5 6; do
  staff GET "/api/campaigns/$CAMPAIGN"
  CLOSED_JSON=$(printf '%s' "$BODY" | DEADLINE="$(instant -"$attempt")" node -e '
    const c = JSON.parse(require("fs").readFileSync(0, "utf8")); c.deadline = process.env.DEADLINE; process.stdout.write(JSON.stringify(c));')
  staff POST /api/campaigns -H "Content-Type: application/json" -d "$CLOSED_JSON"
  echo "   POST /api/campaigns → $STATUS (deadline $(printf '%s' "$BODY" | js 'o.deadline'))"
  for _ in $(seq 10); do
    [[ -n "$(find_link "$JUROR1" jury-invitation)" ]] && break 2
    sleep 1
  done
  echo "   no jury invitation yet: the journey was not yet waiting for the close; the campaign is posted again"
done

step "5. Each juror scores Annex 1's 12 criteria (0 to 3)"
KEYS=(beneficiaries collective-diversity collective-involvement research territorial-roots governance resources accessibility services disruption social-change environment)
for juror in "$JUROR1:3" "$JUROR2:2"; do
  scores=()
  for k in "${KEYS[@]}"; do scores+=("scores.$k=${juror#*:}"); done
  decide "${juror%%:*}" jury-invitation decision=scored "${scores[@]}" "comment=Grille notée ${juror#*:} partout."
done

step "6. The jury's president gives the jury's opinion (the comment is required: it goes to the holder)"
decide "$PRESIDENT" jury-opinion-request decision=favourable proposedAmount=28333.33 "comment=Le jury salue l'implication des habitants et l'appui de l'université."

step "7. The CP secretariat records the Commission permanente's decision"
decide "$CP" cp-decision-request decision=granted amount=28333.33 "cpDate=$TODAY" "comment=Aide attribuée par la Commission permanente."
wait_status granted

step "8. The holder declares the start: the first instalment (70 %) is released"
echo "   POST /api/dossiers/$ID/start  {\"startDate\":\"$TODAY\"}"
holder_move "/api/dossiers/$ID/start" -H "Content-Type: application/json" -d "{\"startDate\":\"$TODAY\"}"
wait_status started

step "9. The holder hands in the bilan: the report and the bilan (JSON)"
echo "   POST /api/dossiers/$ID/bilan  report=@samples/rapport-bilan.pdf bilan=@samples/bilan.json"
holder_move "/api/dossiers/$ID/bilan" -F "report=@$SAMPLES/rapport-bilan.pdf;type=application/pdf" -F "bilan=@$SAMPLES/bilan.json;type=application/json"

step "10. Staff accept the bilan: the last instalment (30 %) is released"
decide "$STAFF" bilan-validation-request decision=accepted
wait_status closed

step "11. The dossier is closed"
holder GET "/api/dossiers/$ID"
printf '%s' "$BODY" | node -e '
  const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log("   timeline: " + d.timeline.map(t => t.event).join(", "));
  for (const i of d.instalments) console.log(`   instalment ${i.number}: ${i.percent} % = ${i.amount.toFixed(2)} €, ${i.status}`);
  const paid = d.instalments.filter(i => i.status === "released");
  if (d.status !== "closed" || d.instalments.length !== 2 || paid.length !== 2) { console.error("FAILED: both instalments should be released"); process.exit(1); }
  console.log(`   ${d.reference}: closed, ${paid.reduce((s, i) => s + Math.round(i.amount * 100), 0) / 100} € paid in two instalments`);'
orders=$(curl -sS "$B/dev/mails?to=$FINANCE" | ID="$ID" node -e '
  const m = JSON.parse(require("fs").readFileSync(0, "utf8")).filter(m => m.categories.includes("payment-order") && m.customArgs.dossier_id === process.env.ID);
  process.stdout.write(String(m.length));')
echo "   payment orders mailed to $FINANCE: $orders"
[[ $orders == 2 ]] || fail "2 payment orders expected, $orders found"
echo
echo "Walk-through complete: $ID is closed."
