# Two commands for a fresh Debian/Ubuntu machine (see README "Quick start"):
#   make report   set everything up, then build the example report into out/
#   make test     set everything up, then run the whole test suite
VENV    ?= .venv
PYTHON  ?= python3
# Exactly the font packages the example's PDF is set in (Noto Serif/Sans CJK SC; the build
# checks them and records their files in the manifest, docs/DATA.md "Fonts").
FONT_PACKAGES   = fonts-noto-cjk
# What WeasyPrint needs; libharfbuzz-subset0 makes CJK PDF writing ~40x faster.
# libgs-common: Ghostscript's free CMYK profile, the print edition's default printing
# condition (docs/PDF.md "Print colour").
SYSTEM_PACKAGES = libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libgs-common $(FONT_PACKAGES)
# What the tests also read PDFs and DOCX with (poppler, qpdf, LibreOffice as the Word stand-in),
# and the browser the live-preview test drives through Playwright (Debian's, not a download).
TEST_PACKAGES   = poppler-utils qpdf libreoffice-writer-nogui chromium

.PHONY: report test setup setup-test system system-test constraints clean

report: setup
	$(VENV)/bin/authoring build

test: setup-test
	$(VENV)/bin/python -m pytest

setup: system $(VENV)/.installed
setup-test: system system-test $(VENV)/.installed

# Install only what is missing; apt-get runs (via sudo when not root) only if needed.
system:
	@$(MAKE) --no-print-directory _apt PKGS="$(SYSTEM_PACKAGES)"
system-test:
	@$(MAKE) --no-print-directory _apt PKGS="$(TEST_PACKAGES)"

_apt:
	@missing=""; for p in $(PKGS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Exactly the versions the tests passed with (constraints.txt), so a new WeasyPrint or
# matplotlib release cannot change the bytes of a report or break an adapter unnoticed.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q -c constraints.txt --upgrade pip
	$(VENV)/bin/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

# After changing a dependency in pyproject.toml: install without the pins, then write the
# versions now installed to constraints.txt; run `make test` before committing it.
constraints:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q -e '.[test]'
	{ echo "# The exact versions the tests pass with; make installs with pip -c constraints.txt."; \
	  echo "# Regenerate with 'make constraints' (see Makefile), never by hand."; \
	  $(VENV)/bin/python -m pip freeze --all --exclude-editable | grep -viE '^(setuptools|wheel|distribute)=='; \
	} > constraints.txt
	touch $(VENV)/.installed

clean:
	rm -rf out/*.docx out/*.pdf out/*.html out/*-audit.csv out/*-audit.xlsx out/*-manifest.json out/figures
