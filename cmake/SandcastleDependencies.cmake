# SPDX-FileCopyrightText: 2026 Sandcastle contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Finds every external dependency. A missing one stops configuration with one line that names
# the Debian package to install (scripts/build installs all of them).

function(sandcastle_missing what package)
    message(FATAL_ERROR "Sandcastle: ${what} not found - install the Debian package '${package}' "
                        "(or run scripts/build, which installs everything)")
endfunction()

set(_sc_qt_core Core Network Sql Concurrent)
set(_sc_qt_gui Widgets WebEngineWidgets QuickWidgets)
set(_sc_qt_components ${_sc_qt_core} Test LinguistTools)
if(NOT SANDCASTLE_CORE_ONLY)
    list(APPEND _sc_qt_components ${_sc_qt_gui})
endif()
set(_sc_qt_pkg_Core qt6-base-dev)
set(_sc_qt_pkg_Network qt6-base-dev)
set(_sc_qt_pkg_Sql qt6-base-dev)
set(_sc_qt_pkg_Concurrent qt6-base-dev)
set(_sc_qt_pkg_Test qt6-base-dev)
set(_sc_qt_pkg_Widgets qt6-base-dev)
set(_sc_qt_pkg_LinguistTools qt6-tools-dev)
set(_sc_qt_pkg_WebEngineWidgets qt6-webengine-dev)
set(_sc_qt_pkg_QuickWidgets qt6-declarative-dev)
find_package(Qt6 6.8 QUIET COMPONENTS Core)
if(NOT Qt6_FOUND)
    sandcastle_missing("Qt >= 6.8" qt6-base-dev)
endif()
foreach(_c IN LISTS _sc_qt_components)
    find_package(Qt6${_c} 6.8 QUIET)
    if(NOT Qt6${_c}_FOUND)
        sandcastle_missing("Qt6 ${_c} (>= 6.8)" ${_sc_qt_pkg_${_c}})
    endif()
endforeach()
find_package(Qt6 6.8 REQUIRED COMPONENTS ${_sc_qt_components})

find_package(PkgConfig QUIET)
if(NOT PkgConfig_FOUND)
    sandcastle_missing("pkg-config" pkgconf)
endif()
pkg_check_modules(LIBGIT2 QUIET IMPORTED_TARGET libgit2>=1.5)
if(NOT LIBGIT2_FOUND)
    sandcastle_missing("libgit2 (>= 1.5)" libgit2-dev)
endif()

find_package(LibArchive 3.6 QUIET)
if(NOT LibArchive_FOUND)
    sandcastle_missing("libarchive (>= 3.6)" libarchive-dev)
endif()

# SHA-256 of snapshot blobs (libcrypto uses SHA-NI / AVX2 where the CPU has them).
find_package(OpenSSL QUIET COMPONENTS Crypto)
if(NOT OpenSSL_FOUND OR NOT TARGET OpenSSL::Crypto)
    sandcastle_missing("OpenSSL libcrypto" libssl-dev)
endif()
find_package(OpenSSL REQUIRED COMPONENTS Crypto)

find_package(Qt6Keychain QUIET)
if(NOT Qt6Keychain_FOUND)
    sandcastle_missing("QtKeychain for Qt 6" qtkeychain-qt6-dev)
endif()

find_path(LLHTTP_INCLUDE_DIR llhttp.h)
find_library(LLHTTP_LIBRARY llhttp)
if(NOT LLHTTP_INCLUDE_DIR OR NOT LLHTTP_LIBRARY)
    sandcastle_missing("llhttp (HTTP parser)" libllhttp-dev)
endif()
add_library(Sandcastle::llhttp UNKNOWN IMPORTED)
set_target_properties(Sandcastle::llhttp PROPERTIES IMPORTED_LOCATION ${LLHTTP_LIBRARY}
                                                    INTERFACE_INCLUDE_DIRECTORIES ${LLHTTP_INCLUDE_DIR})

if(NOT SANDCASTLE_CORE_ONLY)
    find_package(KF6SyntaxHighlighting 6.0 QUIET)
    if(NOT KF6SyntaxHighlighting_FOUND)
        sandcastle_missing("KF6 SyntaxHighlighting" libkf6syntaxhighlighting-dev)
    endif()
endif()
