# SPDX-License-Identifier: MIT
# The README's two commands: `make demo` and `make test`. CMake does the building; this only wraps it.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

PREFIX ?= /usr/local

.PHONY: all deps build test test-asan test-clang demo docs fuzz fuzz-long bench install clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)
	cmake --build build -j $(JOBS)

# The whole suite with gcc: unit tests, vectors, simulation, interop against OpenSSL and GnuTLS, fuzz corpus
# replays; then a short bounded libFuzzer run of every fuzz target (clang).
test: build
	cd build && ctest --output-on-failure -j $(JOBS)
	bash scripts/fuzz-short.sh

# The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DNXDTLS_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)

# Builds everything with clang under the same warnings-as-errors flags, with clang's ASan and UBSan (which
# check some things gcc's do not, such as arithmetic on a null pointer), and runs the suite again.
test-clang: deps
	cmake -S . -B build-clang -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DNXDTLS_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build build-clang -j $(JOBS)
	cd build-clang && ctest --output-on-failure -j $(JOBS)

# libFuzzer targets (clang); run them by hand as fuzz/README.md says.
fuzz: deps
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DNXDTLS_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build build-fuzz -j $(JOBS)

# The opt-in long run (hours; not in `make test` or CI): every fuzz target to FUZZ_RUNS executions (default
# 10 million) over FUZZ_JOBS processes, then the grown corpora minimized (fuzz/README.md, scripts/fuzz-long.sh).
fuzz-long: deps
	bash scripts/fuzz-long.sh

# The demo needs only cmake, a C compiler and OpenSSL 3's development files (scripts/demo-deps.sh installs
# them with apt-get when one is missing) and builds only the tool it runs.
demo:
	@bash scripts/demo-deps.sh
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)
	cmake --build build -j $(JOBS) --target nxdtls
	./build/nxdtls demo

# The API reference from the public headers, in build/docs/html (Doxygen).
docs:
	@command -v doxygen >/dev/null 2>&1 || bash scripts/install-deps.sh
	mkdir -p build/docs
	NXDTLS_DOCS_DIR=build/docs doxygen docs/Doxyfile
	@echo "API reference: build/docs/html/index.html"

# nxdtls against OpenSSL's DTLS (and Mbed TLS when libmbedtls-dev is installed), pinned to one core: rates
# (median of several runs), then the instruction table under valgrind's callgrind, heap calls and session bytes
# (docs/performance.md).
bench: build
	./build/bench/nxdtls_bench

# Installs the library, headers, tool, man page, pkg-config file and CMake package under PREFIX
# (`make install PREFIX=$$HOME/.local`); DESTDIR works as usual for staging. Like the demo it needs only
# cmake, a C compiler and OpenSSL 3's development files (not the test suite's peers), on any system.
install:
	@bash scripts/demo-deps.sh
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)
	cmake --build build -j $(JOBS)
	cmake --install build --prefix "$(PREFIX)"

clean:
	rm -rf build build-asan build-clang build-fuzz build-fuzz-long
