#!/usr/bin/env bash
# The project's commands. On a fresh Debian machine, each one installs what it needs first.
#   ./build.sh run     start the whole system (AppHost, dashboard, services, gateway)
#   ./build.sh test    run every test project against real PostgreSQL and RabbitMQ
#   ./build.sh token <role> [name]  print a bearer token (registrar | ks-secretariat | admin) from the running system's identity provider
#   ./build.sh user add <name> <role> [display name]  add a person who may sign in (password printed once)
#   ./build.sh subscriber <system>  create a RabbitMQ account for a subscribing system on the running broker
#   ./build.sh asyncapi  regenerate docs/asyncapi.yaml from the contract types
#   ./build.sh bench [units]  the system in Release with a seeded volume: figures in bench/results/<date>.json
set -euo pipefail
cd "$(dirname "$0")"

DASHBOARD_URL="http://localhost:18888"
GATEWAY_URL="http://localhost:5080"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root (or sudo) to run: $*"; fi
}

container_runtime_answers() {
  for rt in docker podman; do
    if command -v "$rt" >/dev/null 2>&1 && timeout 10 "$rt" info >/dev/null 2>&1; then return 0; fi
  done
  return 1
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  log "installing $*"
  # policy-rc.d may refuse to start the system services; we never use them, we start our own servers.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Installs the server packages only where they are missing. Tests always need them (they start
# their own throwaway servers); `run` needs them only when no container runtime answers.
ensure_servers() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

# The browser tests drive Debian's Chromium (Playwright's own download needs a network we lack);
# the OpenAPI linter is Spectral from npm, pinned by tools/openapi-lint/package-lock.json.
ensure_test_tools() {
  [ -x /usr/bin/chromium ] || apt_install chromium
  command -v npm >/dev/null || apt_install nodejs npm
  if [ ! -x tools/openapi-lint/node_modules/.bin/spectral ]; then
    log "installing the OpenAPI linter (npm ci in tools/openapi-lint)"
    (cd tools/openapi-lint && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  ensure_deploy_tools
}

ensure_deploy_tools() {
  command -v kubectl >/dev/null || die "kubectl (the client alone) is needed to render deploy/ with kubectl kustomize"
  command -v npm >/dev/null || apt_install nodejs npm
  if [ ! -d tools/deploy-check/node_modules/kubernetes-models ]; then
    log "installing the manifest validator (npm ci in tools/deploy-check)"
    (cd tools/deploy-check && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

ensure_dotnet() {
  command -v dotnet >/dev/null || die "the .NET SDK is not installed (see global.json for the version)"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

cmd_run() {
  ensure_dotnet
  if container_runtime_answers; then log "container runtime answers: PostgreSQL and RabbitMQ run as containers"
  else ensure_servers; log "no container runtime: PostgreSQL and RabbitMQ run as local processes (data in .local/)"; fi
  log "restoring and building"
  dotnet tool restore >/dev/null
  dotnet build AppHost/Nacka.AppHost.csproj -c Debug -v quiet -nologo
  log "starting: dashboard $DASHBOARD_URL  gateway $GATEWAY_URL  workspace http://localhost:5070  (Ctrl+C stops everything)"
  log "sign in to the workspace as a demo user: passwords in ${NACKA_DATA_DIR:-.local}/identity/demo-users.txt (written on the first start)"
  export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true
  exec dotnet run --project AppHost/Nacka.AppHost.csproj --no-build --launch-profile http
}

cmd_test() {
  ensure_dotnet
  ensure_servers
  ensure_test_tools
  log "restoring and building"
  dotnet tool restore >/dev/null
  if ! dotnet build Nacka.Aspire.sln -c Debug -v quiet -nologo; then
    # CI reads the last line: a broken build counts as one failure, not as "nothing ran".
    echo "build failed" >&2
    echo "0 passed, 1 failed"
    return 1
  fi
  local results; results="$(mktemp -d)"
  log "testing (results in $results)"
  set +e
  # The end-to-end tests boot the whole AppHost (DCP, every service, its own servers): they run
  # after the others rather than beside them on a 2-core machine.
  dotnet test Nacka.Aspire.sln --no-build -c Debug --logger "trx" --results-directory "$results" \
    --filter "FullyQualifiedName!~Nacka.EndToEnd" "$@" 2>&1 | tee "$results/console.log"
  local status=${PIPESTATUS[0]}
  dotnet test tests/EndToEnd.Tests --no-build -c Debug --logger "trx" --results-directory "$results" "$@" 2>&1 | tee -a "$results/console.log"
  local e2e=${PIPESTATUS[0]}
  [ "$status" -ne 0 ] || status=$e2e
  set -e
  log "screenshots of the portal and the linted OpenAPI documents: artifacts/"
  summarise "$results"
  return "$status"
}

# Sums the TRX files of every test project into one line: "N passed, N failed".
summarise() {
  local passed=0 failed=0 p f
  for trx in "$1"/*.trx; do
    [ -e "$trx" ] || continue
    p=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    f=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  done
  echo "$passed passed, $failed failed"
}

# A token from the running system's identity provider for the local nacka-cli client (secret in .local/identity/clients/).
cmd_token() {
  ensure_dotnet
  [ $# -ge 1 ] || die "usage: $0 token registrar|ks-secretariat|admin [name]"
  dotnet run --project tools/DevTokens -v quiet -- "${NACKA_DATA_DIR:-.local}" "$@"
}

# Adds a person who may sign in to the local system (./build.sh run must have run once; the database must be up).
cmd_user() {
  ensure_dotnet
  [ "${1:-}" = "add" ] && [ $# -ge 3 ] || die "usage: $0 user add <user-name> <registrar|ks-secretariat|admin> [display name]"
  dotnet run --project tools/Users -v quiet -- "${NACKA_DATA_DIR:-.local}" user "$@"
}

cmd_subscriber() {
  ensure_dotnet
  [ $# -ge 1 ] || die "usage: $0 subscriber <system-name>"
  dotnet run --project tools/Subscribers -v quiet -- "${NACKA_DATA_DIR:-.local}" "$@"
}

cmd_bench() {
  ensure_dotnet
  ensure_servers
  command -v wrk >/dev/null || apt_install wrk
  log "building in Release"
  dotnet build bench/Nacka.Bench/Nacka.Bench.csproj -c Release -v quiet -nologo
  log "benchmarking (see docs/benchmarks.md for what each figure means)"
  dotnet bench/Nacka.Bench/bin/Release/net10.0/Nacka.Bench.dll "$@"
}

# Renders every overlay of deploy/ (kubectl kustomize, offline) into artifacts/deploy/ and validates
# the objects against the Kubernetes and operator schemas and the deployment policy. Given files,
# validates those instead (the tests hand it a manifest that breaks every rule).
cmd_deploy_check() {
  ensure_deploy_tools
  local files=("$@")
  if [ ${#files[@]} -eq 0 ]; then
    mkdir -p artifacts/deploy
    for overlay in deploy/overlays/*/; do
      local name; name="$(basename "$overlay")"
      kubectl kustomize "$overlay" > "artifacts/deploy/$name.yaml"
      files+=("artifacts/deploy/$name.yaml")
    done
  fi
  node tools/deploy-check/validate.mjs "${files[@]}"
}

# Publishes the five container images with the .NET SDK (no Dockerfile): base image
# mcr.microsoft.com/dotnet/aspnet, non-root, port 8080, compiled ahead for linux-x64 (ReadyToRun, Directory.Build.props:
# a third less CPU to start). Needs a registry and the base image's
# registry within reach (not this machine's network); deploy/ overlays name the same tag.
cmd_images() {
  ensure_dotnet
  [ $# -eq 2 ] || die "usage: $0 images <registry, e.g. registry.nacka.se> <tag, e.g. 1.0.0>"
  for project in services/Units services/Processes services/Committees services/Mandates gateway portal; do
    dotnet publish "$project" -c Release -r linux-x64 -t:PublishContainer -p:ContainerRegistry="$1" -p:ContainerImageTag="$2"
  done
}

cmd_asyncapi() {
  ensure_dotnet
  NACKA_UPDATE_ASYNCAPI=1 dotnet test tests/Contracts.Tests -v quiet --nologo
  log "docs/asyncapi.yaml regenerated; review and commit it"
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  token) shift; cmd_token "$@" ;;
  user) shift; cmd_user "$@" ;;
  asyncapi) shift; cmd_asyncapi "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  deploy-check) shift; cmd_deploy_check "$@" ;;
  images) shift; cmd_images "$@" ;;
  subscriber) shift; cmd_subscriber "$@" ;;
  *) echo "usage: $0 run|test|token|user|subscriber|asyncapi|bench|deploy-check|images" >&2; exit 2 ;;
esac
