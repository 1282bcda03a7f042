# The commands a contributor needs; each is a thin wrapper over scripts/.
.PHONY: dev site test load bench check fmt clean organizer organizer-disable audit fuzz soak infra-check deploy deploy-delete

## Run everything locally: moto, the demo contest, the API and the site on http://127.0.0.1:8080
dev:
	@scripts/dev.sh

## Build the site as it ships into .local/site (or OUT=dir): bundled ES2017, hashed assets, link-preview tags and image
site:
	@scripts/build-site.sh $(OUT)

## Run every test (unit, and integration against moto)
test:
	@scripts/test.sh

## Load another contest file into the running local stack: make load FILE=path.json
load:
	@scripts/load.sh "$(FILE)"

## Benchmarks: DynamoDB requests per operation and latency against the storage floor, load, cold starts, the site (Lighthouse, bytes per attempt)
bench:
	@scripts/bench.sh

## Validate a contest file without writing anything: make check FILE=path.json
check:
	@cargo run --quiet --bin contest -- check "$(FILE)"

fmt:
	cargo fmt --all

clean:
	cargo clean
	rm -rf .local

## Create an organizer account in the running local stack (password on stdin), or change its password
## (revoking its tokens): make organizer USERNAME=btc [ROLE=viewer] [CONTEST=cid]
organizer:
	@scripts/organizer.sh "$(USERNAME)" "$(or $(ROLE),admin)" "$(CONTEST)"

## Disable an organizer account in the running local stack (revokes its tokens): make organizer-disable USERNAME=btc
organizer-disable:
	@scripts/organizer-disable.sh "$(USERNAME)"

## Dependency audit: RustSec advisories (../shared/advisory-db, offline) and the JavaScript shipped; accepted ones in audit.toml
audit:
	@scripts/audit.sh

## Longer property-based fuzzing of the parsers, importers and request bodies (FUZZ_CASES, default 20000)
fuzz:
	PROPTEST_CASES=$${FUZZ_CASES:-20000} cargo test --release -p contest-domain -p spreadsheets -p http-common --test fuzz_parsers --test fuzz_imports --test fuzz_bodies

## Steady mixed load for SOAK_SECONDS (default 600): errors, memory growth, nothing lost
soak:
	@scripts/soak.sh

## Check infra/template.yaml against the code, offline (cfn-lint, SAM translation, routes, IAM, table; on moto)
infra-check:
	@scripts/infra-check.sh

## Deploy to AWS with SAM (guided the first time), upload the site, print its URL
deploy:
	@scripts/deploy.sh

## Delete the stack (keeps the table and exports bucket unless ARGS=--all)
deploy-delete:
	@scripts/deploy-delete.sh $(ARGS)
