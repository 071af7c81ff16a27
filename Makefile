# confab: GNU make + pkg-config, no configure step.
#   make run     install missing Debian packages, build, serve on 127.0.0.1:8080
#   make demo    load the sample conference program into ./confab.db
#   make check   build under ASan+UBSan and run every test; last line "N passed, N failed"
#   make bench   load benchmarks (see docs/testing.md)

# Build directory: B=/tmp/somewhere keeps parallel work trees apart.
B        ?= build
PKGS     := libmicrohttpd sqlite3 jansson libsodium libcmark-gfm libical icu-uc icu-i18n
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror
# One-way layers (docs/hacking.md): each folder is compiled with the include
# paths of its own layer and those below it only, so an upward include does
# not build.  Tests see every layer.
LAYERS   := lib db core server cmd
INC_lib    := -Ilib
INC_db     := $(INC_lib) -Idb -I$(B)/gen
INC_core   := $(INC_db) -Icore
INC_server := $(INC_core) -Iserver
INC_cmd    := $(INC_server) -Icmd
CPPFLAGS := $(INC_cmd)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lcsv -lpthread
SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Everything but cmd/ is a library the tests link; cmd/ makes the binary.
LIB_SRC  := $(foreach l,$(filter-out cmd,$(LAYERS)),$(wildcard $(l)/*.c))
CMD_SRC  := $(wildcard cmd/*.c)
HDRS     := $(foreach l,$(LAYERS),$(wildcard $(l)/*.h $(l)/*.def))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
HTTP_SRC := $(wildcard tests/http/test_*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
MIGRATIONS := $(sort $(wildcard db/migrations/*.sql))
GEN      := $(B)/gen/migrations.h

.PHONY: all run check asan unit http fuzz-replay fuzz bench valgrind clean deps deps-test e2e stress demo

all: deps confab

deps:
	@./scripts/deps.sh

deps-test:
	@./scripts/deps.sh test

$(GEN): $(MIGRATIONS) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	./scripts/embed-sql.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

# Release objects in $(B)/rel, sanitizer objects in $(B)/asan.
# The layer of a source file is its first path component.
layer_inc = $(or $(INC_$(firstword $(subst /, ,$(1)))),$(CPPFLAGS))

$(B)/rel/%.o: %.c $(GEN) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(call layer_inc,$<) $(PKG_CFLAGS) -c $< -o $@

$(B)/asan/%.o: %.c $(GEN) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(call layer_inc,$<) $(PKG_CFLAGS) -c $< -o $@

REL_LIB  := $(LIB_SRC:%.c=$(B)/rel/%.o)
ASAN_LIB := $(LIB_SRC:%.c=$(B)/asan/%.o)

confab: $(REL_LIB) $(CMD_SRC:%.c=$(B)/rel/%.o)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/asan/confab: $(ASAN_LIB) $(CMD_SRC:%.c=$(B)/asan/%.o)
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)

$(B)/asan/tests/unit/%: $(B)/asan/tests/unit/%.o $(ASAN_LIB)
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS) -lcmocka

$(B)/asan/tests/http/%: $(B)/asan/tests/http/%.o $(B)/asan/tests/http/harness.o $(B)/asan/lib/util.o $(B)/asan/tests/common/allowlist.o
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS) -lcmocka -lcurl

# The hostile-input helpers (hostile.c), linked into the tests that use them.
HOSTILE_BIN := $(patsubst %.c,$(B)/asan/%,$(shell grep -l '"hostile.h"' $(HTTP_SRC)))
$(HOSTILE_BIN): $(B)/asan/tests/http/hostile.o

# The HTML allowlist checker shared by HTTP tests and fuzz targets.
$(B)/asan/tests/common/allowlist.o: tests/common/allowlist.c tests/common/allowlist.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) -Itests/common -c $< -o $@

$(B)/asan/tests/http/harness.o: tests/http/harness.c tests/http/harness.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) -Itests/http $(PKG_CFLAGS) -c $< -o $@

$(B)/asan/tests/http/%.o: tests/http/%.c tests/http/harness.h tests/http/hostile.h tests/common/allowlist.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) -Itests/http -Itests/common $(PKG_CFLAGS) -c $< -o $@

$(B)/asan/tests/fuzz/%: tests/fuzz/%.c $(B)/asan/tests/common/allowlist.o $(ASAN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) -DFUZZ_REPLAY $(CPPFLAGS) -Itests/common $(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/rel/tests/unit/%: $(B)/rel/tests/unit/%.o $(REL_LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka

UNIT_BIN := $(UNIT_SRC:%.c=$(B)/asan/%)
HTTP_BIN := $(HTTP_SRC:%.c=$(B)/asan/%)
FUZZ_BIN := $(FUZZ_SRC:%.c=$(B)/asan/%)

asan: $(B)/asan/confab $(UNIT_BIN) $(HTTP_BIN) $(FUZZ_BIN)

check: deps-test
	@$(MAKE) --no-print-directory asan
	@CONFAB_BIN=$(B)/asan/confab ./scripts/run-tests.sh scripts/check-layers.sh scripts/check-static.sh $(UNIT_BIN) $(HTTP_BIN) $(FUZZ_BIN) e2e

run: all
	./confab serve --listen 127.0.0.1:8080 --db ./confab.db --static ./static

# Loads the sample conference (23 sessions, 6 webinars) into ./confab.db,
# while `make run` serves it or before; again changes nothing.
demo: all
	./confab import-program data/program-sample.json --db ./confab.db

# The unit tests of a plain build under valgrind (no sanitizers).
valgrind: deps-test
	@command -v valgrind >/dev/null || ./scripts/deps.sh valgrind
	@$(MAKE) --no-print-directory confab $(UNIT_SRC:%.c=$(B)/rel/%)
	@for t in $(UNIT_SRC:%.c=$(B)/rel/%); do \
		valgrind -q --error-exitcode=1 --leak-check=full \
		    --errors-for-leak-kinds=definite $$t || exit 1; done

# libFuzzer builds need clang; see docs/testing.md.
fuzz:
	B=$(B) ./scripts/fuzz.sh

# make bench's in-process measurements (tests/bench/), release build.
$(B)/rel/tests/bench/%: $(B)/rel/tests/bench/%.o $(REL_LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

bench: all $(B)/rel/tests/bench/bench_fanout
	BENCH_FANOUT=$(B)/rel/tests/bench/bench_fanout ./scripts/bench.sh

# The long reliability runs (kill loop, overload, backup under load, sweep);
# make check runs short versions of the same tests.  See docs/reliability.md.
stress: deps-test
	@$(MAKE) --no-print-directory asan
	@B=$(B) ./scripts/stress.sh

clean:
	rm -rf $(B) confab
