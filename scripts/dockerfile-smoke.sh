#!/usr/bin/env bash
# The Dockerfile's own install and start commands, run where no container runtime is
# (CI): the repository's committed files (less .dockerignore) are copied to a temporary
# directory, its `npm ci` line runs there, and its CMD starts the service as ROLE=web
# with the Dockerfile's ENV. /health must answer, and SIGTERM must end it with exit 0.
# The commands are read from the Dockerfile, so the image and this check cannot drift.
# Database: a fresh one on the PostgreSQL server at 127.0.0.1:5432 when one answers
# (the production path), else the embedded server (then NODE_ENV=development, since
# production requires DATABASE_URL).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
echo "--- Dockerfile smoke: its npm ci and CMD in a temporary directory"

# Node 22, as in the image: npm scripts get it from node_modules/.bin (the `node` devDependency).
NODE22="$(npm exec --offline -- node -e 'process.stdout.write(process.execPath)')"
export PATH="$(dirname "$NODE22"):$PATH"

# What the Dockerfile says. The install is the `npm ci` part of its RUN line (not the
# cache clean beside it, which would empty this machine's npm cache).
INSTALL="$(grep -E '^RUN npm ci' Dockerfile | head -1 | sed -E 's/^RUN //' | awk -F'&&' '{print $1}' | sed -E 's/[[:space:]]+$//')"
CMD_JSON="$(grep -E '^CMD \[' Dockerfile | tail -1 | sed -E 's/^CMD //')"
mapfile -t CMD < <(node -e 'for (const a of JSON.parse(process.argv[1])) console.log(a)' "$CMD_JSON")
mapfile -t IMAGE_ENV < <(grep -E '^ENV ' Dockerfile | sed -E 's/^ENV //' | tr ' ' '\n' | grep '=')
[ -n "$INSTALL" ] && [ "${#CMD[@]}" -gt 0 ] || { echo "could not read the npm ci line or CMD from the Dockerfile" >&2; exit 1; }
echo "install: $INSTALL"
echo "start:   ${CMD[*]}   (image env: ${IMAGE_ENV[*]})"

# World-readable: the embedded PostgreSQL runs as OS user postgres when we are root.
DIR="/tmp/bookchat-dockerfile-smoke-$$"
DB="bookchat_smoke_$$"
PGURL=""
SERVICE_PID=""
cleanup() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then kill -KILL "$SERVICE_PID" 2>/dev/null || true; fi
  if [ -n "$PGURL" ]; then node -e "$PG_DROP" "$PGURL" "$DB" 2>/dev/null || true; fi
  rm -rf "$DIR"
}
trap cleanup EXIT
mkdir -m 0755 "$DIR"

# The committed tree (a clean clone in CI), not files being edited here.
git archive --format=tar HEAD | tar -x -C "$DIR"
# What .dockerignore keeps out of the image stays out here too.
while IFS= read -r pattern; do
  case "$pattern" in ''|'#'*) continue ;; esac
  (cd "$DIR" && rm -rf -- $pattern)
done < .dockerignore

(cd "$DIR" && eval "$INSTALL")

# pg is a dependency: the image's own node_modules can create and drop the database.
PG_CREATE='const pg=require(process.argv[1]+"/node_modules/pg");const c=new pg.Client({connectionString:process.argv[2]});c.connect().then(()=>c.query(`create database ${process.argv[3]}`)).then(()=>c.end()).catch(e=>{console.error(e.message);process.exit(1)})'
PG_DROP='const pg=require("'"$DIR"'/node_modules/pg");const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.query(`drop database if exists ${process.argv[2]} with (force)`)).then(()=>c.end())'
RUN_ENV=("${IMAGE_ENV[@]}")
if node -e "require('net').connect(5432, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))"; then
  PGURL="postgres://postgres@127.0.0.1:5432/postgres"
  node -e "$PG_CREATE" "$DIR" "$PGURL" "$DB"
  RUN_ENV+=("DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB")
  echo "database: a fresh database $DB on 127.0.0.1:5432 (NODE_ENV from the Dockerfile)"
else
  RUN_ENV+=("NODE_ENV=development" "EMBEDDED_PG_PORT=$((20000 + RANDOM % 10000))")
  echo "database: no server on 127.0.0.1:5432, the embedded one (NODE_ENV=development)"
fi
PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})")"
RUN_ENV+=("ROLE=web" "PORT=$PORT" "HOST=127.0.0.1" "DATA_DIR=$DIR/data" "APP_SECRET=$(node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))")" "PUBLIC_URL=http://127.0.0.1:$PORT" "TRUST_PROXY=false" "LOG_LEVEL=warn")

(cd "$DIR" && exec env -i PATH="$PATH" HOME="$DIR" "${RUN_ENV[@]}" "${CMD[@]}") > "$DIR/service.log" 2>&1 &
SERVICE_PID=$!
healthy=""
for _ in $(seq 1 240); do
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then break; fi
  if node -e "fetch('http://127.0.0.1:$PORT/health').then(r => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"; then healthy=yes; break; fi
  sleep 0.5
done
if [ -z "$healthy" ]; then
  echo "the service did not answer /health:" >&2
  cat "$DIR/service.log" >&2
  exit 1
fi
echo "/health answered 200; sending SIGTERM"
kill -TERM "$SERVICE_PID"
set +e
wait "$SERVICE_PID"
code=$?
set -e
SERVICE_PID=""
if [ "$code" -ne 0 ]; then
  echo "the service exited with $code after SIGTERM:" >&2
  cat "$DIR/service.log" >&2
  exit 1
fi
echo "--- Dockerfile smoke passed: installed without devDependencies, served /health, stopped cleanly on SIGTERM"
