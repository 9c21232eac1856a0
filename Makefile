# Gloss — the two front-door commands are `make demo` and `make test`.
PREFIX ?= /usr/local
SWIFT ?= swift

.PHONY: demo test build release lint format bench bench-spark install uninstall deps clean model

# Throughput and the other targets of README.md (Benchmark), printed as a table (not a test).
bench: deps
	$(SWIFT) build -c release --product gloss
	$(SWIFT) build -c release --product GlossBench
	"$$($(SWIFT) build -c release --show-bin-path)/GlossBench" 50 seeds

deps:
	@scripts/ensure-deps.sh

# The Spark job (spark/README.md) against plain gloss extract: documents per second for
# local[1], local[2] and gloss extract --input jsonl, at 10k and 100k generated documents.
BENCH_SPARK_SIZES ?= 10000 100000
bench-spark: release
	@scripts/ensure-deps.sh spark
	GLOSS_BINARY="$$($(SWIFT) build -c release --show-bin-path)/gloss" python3 spark/bench_spark.py $(BENCH_SPARK_SIZES)

# The shipped tagger weights, reproduced from the shared corpora (GMB train;
# dev only fits the confidence temperature). Deterministic: the same data,
# options and gloss build give the same bytes. The build does not track the
# .bin file, so weights.c is touched to relink it.
CORPORA ?= ../shared/corpora/gmb
WEIGHTS = Sources/CTaggerWeights/include/tagger-weights.bin
model: release
	"$$($(SWIFT) build -c release --show-bin-path)/gloss" train \
	  --texts $(CORPORA)/train/texts --gold $(CORPORA)/train.jsonl \
	  --dev-texts $(CORPORA)/dev/texts --dev-gold $(CORPORA)/dev.jsonl \
	  --epochs 8 --seed 1 --bits 18 --out $(WEIGHTS)
	touch Sources/CTaggerWeights/weights.c
	$(SWIFT) build -c release --product gloss

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product gloss

# The main job on the seeds: their entities, then the scores against their gold.
demo: release
	@bin="$$($(SWIFT) build -c release --show-bin-path)/gloss"; \
	  "$$bin" extract --format table seeds && echo && "$$bin" check seeds

# Every test: formatting, unit, in-process server, end-to-end over pipes, the Spark
# job in local mode (Java 17 and PySpark installed when missing), then real editors
# (headless Neovim, installed when missing); the report page is rendered in headless
# Chromium (installed when missing, else that test is skipped).
test: deps lint
	@scripts/ensure-deps.sh report || echo "gloss: chromium could not be installed; the report's browser test will be skipped" >&2
	$(SWIFT) build --build-tests
	$(SWIFT) test
	scripts/spark-tests.sh
	scripts/editor-tests.sh

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

format:
	$(SWIFT) format -i -r Sources Tests Package.swift

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/gloss" $(DESTDIR)$(PREFIX)/bin/gloss

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/gloss

clean:
	rm -rf .build
