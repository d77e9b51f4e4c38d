# SPDX-FileCopyrightText: 2026 Sandcastle contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sandcastle_add_test(<name> SOURCES ... LIBRARIES ... LABELS ... [LAUNCHER command...])
# Builds one QtTest executable and registers it with CTest under the given labels
# (unit, integration, gui, docker, keychain, bench), started through LAUNCHER when one is given
# (the GUI tests: scripts/own-display, an X display per test). Tests find the source tree and the shared
# conformance data through SANDCASTLE_SOURCE_DIR and SANDCASTLE_CONFORMANCE_DIR.

set(SANDCASTLE_CONFORMANCE_DIR "${PROJECT_SOURCE_DIR}/../shared/conformance" CACHE PATH
    "External conformance data (tests skip with a message when it is absent)")

function(sandcastle_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBRARIES;LABELS;ENVIRONMENT;LAUNCHER" ${ARGN})
    qt_add_executable(${name} ${ARG_SOURCES})
    set_target_properties(${name} PROPERTIES AUTOMOC ON)
    target_link_libraries(${name} PRIVATE Qt6::Test Sandcastle::Options ${ARG_LIBRARIES})
    target_compile_definitions(${name} PRIVATE QT_NO_KEYWORDS)
    add_test(NAME ${name} COMMAND ${ARG_LAUNCHER} $<TARGET_FILE:${name}>)
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "SANDCASTLE_SOURCE_DIR=${PROJECT_SOURCE_DIR};SANDCASTLE_CONFORMANCE_DIR=${SANDCASTLE_CONFORMANCE_DIR};SANDCASTLE_BINARY_DIR=${CMAKE_BINARY_DIR};QT_LOGGING_RULES=qt.qpa.*=false;${ARG_ENVIRONMENT}")
endfunction()

# Registers every tst_*.cpp in `dir` as its own test with `labels`.
function(sandcastle_add_tests_in dir)
    cmake_parse_arguments(ARG "" "" "LIBRARIES;LABELS;ENVIRONMENT;LAUNCHER" ${ARGN})
    file(GLOB _tests CONFIGURE_DEPENDS ${dir}/tst_*.cpp)
    foreach(_src IN LISTS _tests)
        get_filename_component(_name ${_src} NAME_WE)
        sandcastle_add_test(${_name} SOURCES ${_src} LIBRARIES ${ARG_LIBRARIES} LABELS ${ARG_LABELS}
                            ENVIRONMENT ${ARG_ENVIRONMENT} LAUNCHER ${ARG_LAUNCHER})
    endforeach()
endfunction()
