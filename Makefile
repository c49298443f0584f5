# Two commands set up a fresh machine:
#   make run   – install, then load data/raw, build the graph (graph.json + LadybugDB),
#                answer the schema's questions, write the page and every agency's sheet
#   make test  – install (with test tools, Debian's chromium, LibreOffice, Tesseract, Java
#                and Maven), start a local Neo4j, run ruff and pytest with NEO4J_URI set,
#                stop the server
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= store
OUT    ?= out
NEO4J_STATE ?= .neo4j

.PHONY: install install-test browser office java neo4j neo4j-stop run test lint bench bench-readers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'

# The page test drives a real browser: Debian's chromium and chromedriver.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  echo "installing Debian's chromium and chromium-driver"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

# The office readers' tests render DOCX to PDF and read .doc with LibreOffice, and read
# scans with Tesseract's Vietnamese model: Debian's libreoffice-writer-nogui,
# tesseract-ocr and tesseract-ocr-vie (tests skip with the reason where they are absent).
office:
	@if ! command -v soffice >/dev/null || ! command -v tesseract >/dev/null || \
	    ! tesseract --list-langs 2>/dev/null | grep -qx vie; then \
	  echo "installing Debian's libreoffice-writer-nogui, tesseract-ocr, tesseract-ocr-vie"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer-nogui tesseract-ocr tesseract-ocr-vie >/dev/null; \
	fi

# The local Neo4j (tools/neo4j) needs a JDK (the launcher is compiled) and Maven: Debian's.
java:
	@if ! command -v javac >/dev/null || ! command -v mvn >/dev/null; then \
	  echo "installing Debian's openjdk-17-jdk-headless and maven"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null; \
	fi

# A local Neo4j Community 5.26 (jars from Maven Central) on a free 127.0.0.1 port: prints
# the NEO4J_* lines to export (also written to $(NEO4J_STATE)/env). See docs/neo4j.md.
neo4j: java
	@tools/neo4j/server.sh start $(NEO4J_STATE)

neo4j-stop:
	@tools/neo4j/server.sh stop $(NEO4J_STATE)

run: install
	$(BIN)/obligraph load data/raw
	$(BIN)/obligraph build data/raw --store $(STORE)
	$(BIN)/obligraph schema-questions --store $(STORE)
	$(BIN)/obligraph viz --store $(STORE) --out $(OUT)/graph.html
	$(BIN)/obligraph sheet --all --store $(STORE) --format xlsx --out $(OUT)/sheets

# The Neo4j tests run against the local server (started unless running, stopped after,
# even on failure); OBLIGRAPH_REQUIRE_NEO4J=1 makes them fail rather than skip.
test: install-test browser office java
	$(BIN)/ruff check .
	tools/neo4j/server.sh run $(NEO4J_STATE) $(BIN)/pytest -q

lint: install-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	$(BIN)/python bench/run.py --sizes 100,1000

# Pages per second of each reader on the real office files (bench/readers.json).
bench-readers: install
	$(BIN)/python bench/readers.py

clean:
	rm -rf $(STORE) $(OUT) .pytest_cache tools/neo4j/target
