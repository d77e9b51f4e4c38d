# SPDX-FileCopyrightText: 2026 Sandcastle contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Enforces the one dependency rule app -> ui -> core at configure time: core may link no Qt Gui
# module and nothing of ours; ui may link core but not the app.

function(_sandcastle_check_links target)
    get_target_property(_libs ${target} LINK_LIBRARIES)
    foreach(_lib IN LISTS _libs)
        foreach(_forbidden IN LISTS ARGN)
            if(_lib MATCHES "${_forbidden}")
                message(FATAL_ERROR "Sandcastle layering: ${target} must not link ${_lib} (app -> ui -> core, never backwards)")
            endif()
        endforeach()
    endforeach()
endfunction()

_sandcastle_check_links(sandcastle_core "Qt6?::(Gui|Widgets|WebEngine.*|Quick.*)$" "^sandcastle_ui$" "^Sandcastle::Ui$"
                        "KF6::")
if(TARGET sandcastle_ui)
    # WebEngine only in the preview plugin, loaded on demand (the app maps none of it at start).
    _sandcastle_check_links(sandcastle_ui "^sandcastle$" "Qt6?::WebEngine.*$")
    # The plugin builds against the header-only interface; a copy of ui or core inside it would
    # duplicate their statics.
    _sandcastle_check_links(sandcastle_preview "^sandcastle$" "^sandcastle_ui$" "^Sandcastle::Ui$"
                            "^sandcastle_core$" "^Sandcastle::Core$")
    # The preview host (separate preview process) loads the plugin as the dock does: it links
    # neither WebEngine nor our libraries.
    _sandcastle_check_links(sandcastle-preview-host "^sandcastle$" "^sandcastle_ui$" "^Sandcastle::Ui$"
                            "^sandcastle_core$" "^Sandcastle::Core$" "Qt6?::WebEngine.*$")
    # Nor may ui sources outside the plugin include WebEngine headers (they would not link).
    file(GLOB_RECURSE _sc_ui_sources ${PROJECT_SOURCE_DIR}/ui/src/* ${PROJECT_SOURCE_DIR}/ui/include/*
         ${PROJECT_SOURCE_DIR}/ui/previewhost/*)
    foreach(_f IN LISTS _sc_ui_sources)
        file(STRINGS ${_f} _sc_hits REGEX "#include <(QtWebEngine[A-Za-z]*/|QWebEngine)")
        if(_sc_hits)
            message(FATAL_ERROR "Sandcastle layering: ${_f} includes WebEngine; only ui/preview/ may")
        endif()
    endforeach()
endif()
