#!/usr/bin/env bash
# Dated changes in the order a registrar makes them, tried from outside against a running system
# (./build.sh run, then from the repository root: bash tools/scenarios/dated-changes.sh). Needs curl and jq.
# Prints one line per check and "N ok, N failed"; exits non-zero when a check fails.
set -uo pipefail
G=${G:-http://localhost:5080}
REG=$(./build.sh token registrar "Rita Registrator" | tail -1)
KS=$(./build.sh token ks-secretariat "Kalle KS" | tail -1)
TAG=$RANDOM
ok=0; bad=0
check() { # name expected actual
  if [ "$2" == "$3" ]; then ok=$((ok+1)); echo "ok   $1"; else bad=$((bad+1)); echo "FAIL $1: expected [$2] got [$3]"; fi
}
post() { curl -s -X "$1" "$G$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' -d "$4"; }
code() { curl -s -o /tmp/body.json -w '%{http_code}' -X "$1" "$G$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' "${@:5}" -d "$4"; }
get() { curl -s "$G$1"; }
wait_for() { for i in $(seq 1 50); do [ "$(eval "$2")" == "$3" ] && return 0; sleep 0.2; done; echo "(timed out waiting for $1)"; }

DIR=$(post POST /api/directors "$REG" "{\"title\":\"Skoldirektör $TAG\",\"createdOn\":\"2020-01-01\"}" | jq -r .id)
post POST /api/directors/$DIR/appointments "$REG" '{"name":"Anna Ek","validFrom":"2020-01-01","reason":"Anställd"}' > /dev/null
U=$(post POST /api/units "$REG" "{\"name\":\"Ängsskolan $TAG\",\"kind\":\"grundskola\",\"managerTitle\":\"Rektor\",\"directorPostId\":\"$DIR\",\"establishedOn\":\"2020-01-01\",\"reason\":\"Ny\"}" | jq -r .id)
echo "unit $U"
# November: KS decides a rename for January.
check "rename for 2027-01-01" 200 "$(code POST /api/units/$U/rename "$REG" "{\"name\":\"Ängsskolan F-9 $TAG\",\"validFrom\":\"2027-01-01\",\"reason\":\"KS beslut\"}")"
# Today: a correction of the short name (no date = today).
check "short name corrected today" 200 "$(code PUT /api/units/$U/details "$REG" '{"shortName":"ÄS","kind":"grundskola","managerTitle":"Rektor","identifiers":[]}')"
check "today: old name" "Ängsskolan $TAG" "$(get /api/units/$U | jq -r .name)"
check "today: short name" "ÄS" "$(get /api/units/$U | jq -r .shortName)"
check "2027-02-01: new name" "Ängsskolan F-9 $TAG" "$(get "/api/units/$U?asOf=2027-02-01" | jq -r .name)"
check "2027-02-01: short name carried" "ÄS" "$(get "/api/units/$U?asOf=2027-02-01" | jq -r .shortName)"
# A second unit may not take the name from January, but may today... no: the first holds it from January.
U2=$(post POST /api/units "$REG" "{\"name\":\"Björkskolan $TAG\",\"kind\":\"grundskola\",\"managerTitle\":\"Rektor\",\"directorPostId\":\"$DIR\",\"establishedOn\":\"2020-01-01\",\"reason\":\"Ny\"}" | jq -r .id)
check "another unit renamed to the January name (NFD, other case)" 409 "$(code POST /api/units/$U2/rename "$REG" "{\"name\":\"a$(printf '\xcc\x88')ngsskolan f-9 $TAG\",\"validFrom\":\"2028-01-01\",\"reason\":\"KS\"}")"
check "  …with the rule" "duplicate-name" "$(jq -r .code /tmp/body.json)"
check "another unit takes the old name from January" 200 "$(code POST /api/units/$U2/rename "$REG" "{\"name\":\"Ängsskolan $TAG\",\"validFrom\":\"2027-01-01\",\"reason\":\"KS\"}")"
check "  …but not today" 409 "$(code POST /api/units/$U2/rename "$REG" "{\"name\":\"Ängsskolan $TAG\",\"reason\":\"KS\"}")"
# Mandate from today; the unit is dissolved from June 2027 (decided later).
KSID=$(get "/api/committees?pageSize=200" | jq -r '[.items[] | select(.kind=="ExecutiveBoard")][0].id')
sleep 1; BEFORE=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ); sleep 1
M=$(post POST /api/mandates "$KS" "{\"unitId\":\"$U\",\"holder\":{\"name\":\"Rut Rektor\"},\"title\":\"Rektor\",\"validFrom\":\"$(date -I)\",\"decision\":{\"committeeId\":\"$KSID\",\"date\":\"$(date -I)\",\"paragraph\":\"§ 12\",\"caseNumber\":\"KFKS 2026/12\"}}" | jq -r .id)
echo "mandate $M"
# What the register said before the grant and before an appointment decided now: knownAt holds for the unit's manager and director too.
wait_for "units hears the grant" "get /api/units/$U | jq -r .manager.name" "Rut Rektor"
check "unit today: its manager" "Rut Rektor" "$(get /api/units/$U | jq -r .manager.name)"
check "unit as recorded before the grant: no manager" "null" "$(get "/api/units/$U?knownAt=$BEFORE" | jq -r .manager)"
check "a new director from 2027-03-01" 200 "$(code POST /api/directors/$DIR/appointments "$REG" '{"name":"Bo Berg","validFrom":"2027-03-01","reason":"Ny"}')"
check "unit in April 2027: Bo Berg" "Bo Berg" "$(get "/api/units/$U?asOf=2027-04-01" | jq -r .reportsTo.holderName)"
check "  …as recorded before the appointment: Anna Ek" "Anna Ek" "$(get "/api/units/$U?asOf=2027-04-01&knownAt=$BEFORE" | jq -r .reportsTo.holderName)"
wait_for "mandates hears the rename" "get '/api/mandates/$M?asOf=2027-02-01' | jq -r .unitName" "Ängsskolan F-9 $TAG"
check "mandate today names the unit as today" "Ängsskolan $TAG" "$(get /api/mandates/$M | jq -r .unitName)"
check "mandate in Feb 2027 names the January name" "Ängsskolan F-9 $TAG" "$(get "/api/mandates/$M?asOf=2027-02-01" | jq -r .unitName)"
NAMND=$(post POST /api/committees "$REG" "{\"name\":\"Testnämnden $TAG\",\"kind\":\"Committee\",\"area\":\"Test\",\"linkDirectorPostIds\":[\"$DIR\"],\"establishedOn\":\"2021-01-01\",\"reason\":\"Ny\"}" | jq -r .id)
A=$(post POST /api/assignments "$REG" "{\"committeeId\":\"$NAMND\",\"unitId\":\"$U\",\"title\":\"Uppdrag $TAG\",\"from\":\"$(date -I)\",\"decision\":{\"body\":\"Testnämnden\",\"date\":\"$(date -I)\",\"paragraph\":\"§ 3\"}}" | jq -r .id)
echo "assignment $A"
check "composed view today: the assignment under its committee" "1 Uppdrag $TAG" "$(get "/api/org/units/$U" | jq -r '"\(.assignments.total) \(.assignments.byCommittee[0].assignments[0].title)"')"
check "dissolve the unit from 2027-06-01" 200 "$(code POST /api/units/$U/dissolve "$REG" '{"dissolvedOn":"2027-06-01","reason":"Läggs ned"}')"
wait_for "mandate ends with the unit" "get '/api/mandates/$M?asOf=2027-07-01' | jq -r .status" "ended"
check "mandate after the dissolution" "ended" "$(get "/api/mandates/$M?asOf=2027-07-01" | jq -r .status)"
check "mandate before it still active" "active" "$(get "/api/mandates/$M?asOf=2027-05-01" | jq -r .status)"
wait_for "assignment withdrawn" "get '/api/assignments/$A?asOf=2027-07-01' | jq -r .status" "withdrawn"
check "assignment after the dissolution" "withdrawn" "$(get "/api/assignments/$A?asOf=2027-07-01" | jq -r .status)"
check "assignment before it" "issued" "$(get "/api/assignments/$A?asOf=2027-05-01" | jq -r .status)"
# A grant after the dissolution was recorded, for a period crossing it: ends with the unit.
check "a change dated after the dissolution is refused" 409 "$(code POST /api/units/$U/rename "$REG" "{\"name\":\"Sent $TAG\",\"validFrom\":\"2027-07-01\",\"reason\":\"KS\"}")"
check "  …as unit-dissolved" "unit-dissolved" "$(jq -r .code /tmp/body.json)"
check "a correction dated today after all that" 200 "$(code POST /api/units/$U/rename "$REG" "{\"name\":\"Ängsskolan Ny $TAG\",\"reason\":\"Rättelse\"}")"
check "  …holds today" "Ängsskolan Ny $TAG" "$(get /api/units/$U | jq -r .name)"
check "  …and the January rename still takes effect" "Ängsskolan F-9 $TAG" "$(get "/api/units/$U?asOf=2027-02-01" | jq -r .name)"
# The other unit joins a process today; its dissolution from March is decided afterwards.
P=$(get "/api/processes?pageSize=5" | jq -r '.items[0].id')
check "join a process from today" 200 "$(code POST /api/processes/$P/units "$REG" "{\"unitId\":\"$U2\",\"role\":\"deltar\",\"from\":\"$(date -I)\"}")"
check "dissolve it from 2027-03-01" 200 "$(code POST /api/units/$U2/dissolve "$REG" '{"dissolvedOn":"2027-03-01","reason":"Läggs ned"}')"
inprocess() { get "/api/processes/$P?asOf=$1" | jq --arg u "$U2" '[.units[] | select(.unitId==$u)] | length'; }
wait_for "processes hears the dissolution" "inprocess 2027-04-01" 0
check "in the process in February, named as then" "Ängsskolan $TAG" "$(get "/api/processes/$P?asOf=2027-02-01" | jq -r --arg u "$U2" '.units[] | select(.unitId==$u) | .unitName')"
check "not in the process from March" 0 "$(inprocess 2027-04-01)"
check "composed view from March: dissolved, no process" "dissolved 0" "$(get "/api/org/units/$U2?asOf=2027-04-01" | jq -r '"\(.unit.status) \(.processes | length)"')"
# Junk.
check "junk date" 400 "$(code POST /api/units/$U/rename "$REG" '{"name":"X","validFrom":"2027-13-45","reason":"x"}')"
check "weak If-Match" 412 "$(code POST /api/units/$U2/rename "$REG" '{"name":"Y '$TAG'","reason":"x"}' -H 'If-Match: W/"1"')"
check "unknown unit" 404 "$(code POST /api/units/00000000-0000-0000-0000-000000000001/rename "$REG" '{"name":"Y","reason":"x"}')"
check "no token" 401 "$(curl -s -o /dev/null -w '%{http_code}' -X POST $G/api/units/$U/rename -H 'Content-Type: application/json' -d '{"name":"Y","reason":"x"}')"
check "not json" 400 "$(code POST /api/units/$U/rename "$REG" 'name=Y')"
echo "$ok ok, $bad failed"
exit $(( bad > 0 ))
