# SPDX-FileCopyrightText: 2026 Sandcastle contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One INTERFACE target carries the warnings, definitions and sanitizer flags for all our targets.

add_library(sandcastle_options INTERFACE)
add_library(Sandcastle::Options ALIAS sandcastle_options)
target_compile_definitions(sandcastle_options INTERFACE
    QT_NO_CONTEXTLESS_CONNECT QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_UP_TO=0x060800 QT_NO_KEYWORDS
    SANDCASTLE_VERSION="${PROJECT_VERSION}")
target_compile_options(sandcastle_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
if(SANDCASTLE_WERROR)
    target_compile_options(sandcastle_options INTERFACE -Werror)
endif()
if(SANDCASTLE_SANITIZE)
    target_compile_options(sandcastle_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined)
    target_link_options(sandcastle_options INTERFACE -fsanitize=address,undefined)
endif()
if(SANDCASTLE_TSAN)
    # The tsan preset; scripts/tsan runs the runner and sandbox tests with it.
    target_compile_options(sandcastle_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
    target_link_options(sandcastle_options INTERFACE -fsanitize=thread)
endif()
if(SANDCASTLE_FUZZ)
    # libFuzzer coverage for everything we compile; the fuzz targets link -fsanitize=fuzzer (tests/fuzz).
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "SANDCASTLE_FUZZ needs clang (use the fuzz preset)")
    endif()
    target_compile_options(sandcastle_options INTERFACE -fsanitize=fuzzer-no-link)
    target_link_options(sandcastle_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
