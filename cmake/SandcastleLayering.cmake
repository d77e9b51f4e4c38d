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
    _sandcastle_check_links(sandcastle_ui "^sandcastle$")
endif()
