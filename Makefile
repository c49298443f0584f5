# Two commands set up a fresh machine:
#   make run   – install, then load data/raw, build the graph (graph.json + LadybugDB),
#                answer the schema's questions, write the page and every agency's sheet
#   make test  – install (with test tools, Debian's chromium, LibreOffice and Tesseract),
#                then ruff and pytest
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= store
OUT    ?= out

.PHONY: install install-test browser office run test lint bench bench-readers clean

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

run: install
	$(BIN)/obligraph load data/raw
	$(BIN)/obligraph build data/raw --store $(STORE)
	$(BIN)/obligraph schema-questions --store $(STORE)
	$(BIN)/obligraph viz --store $(STORE) --out $(OUT)/graph.html
	$(BIN)/obligraph sheet --all --store $(STORE) --format xlsx --out $(OUT)/sheets

test: install-test browser office
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: install-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	$(BIN)/python bench/run.py --sizes 100,1000

# Pages per second of each reader on the real office files (bench/readers.json).
bench-readers: install
	$(BIN)/python bench/readers.py

clean:
	rm -rf $(STORE) $(OUT) .pytest_cache
