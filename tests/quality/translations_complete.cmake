# SPDX-FileCopyrightText: 2026 Sandcastle contributors
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs lupdate over the sources into a scratch copy of every catalogue and fails when a
# user-visible string has no finished translation.
file(GLOB catalogues ${SOURCE_DIR}/translations/sandcastle_*.ts)
list(FILTER catalogues EXCLUDE REGEX "_en\\.ts$")  # the source language holds plural forms only
if(NOT catalogues)
    message(FATAL_ERROR "no translations/sandcastle_*.ts")
endif()
foreach(ts IN LISTS catalogues)
    get_filename_component(name ${ts} NAME)
    set(scratch ${WORK_DIR}/${name})
    file(COPY_FILE ${ts} ${scratch})
    execute_process(COMMAND ${LUPDATE} -no-obsolete -locations none -extensions cpp,h
                            ${SOURCE_DIR}/app ${SOURCE_DIR}/ui ${SOURCE_DIR}/core -ts ${scratch}
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "lupdate failed: ${err}")
    endif()
    file(STRINGS ${scratch} unfinished REGEX "type=\"unfinished\"")
    list(LENGTH unfinished n)
    if(n GREATER 0)
        file(READ ${scratch} content)
        string(REGEX MATCHALL "<source>[^<]*</source>\n *<translation type=\"unfinished\"" missing "${content}")
        message(FATAL_ERROR "${name}: ${n} strings lack a translation (run: scripts/devenv scripts/update-translations):\n${missing}")
    endif()
endforeach()
