# SPDX-FileCopyrightText: 2026 Sandcastle contributors
# SPDX-License-Identifier: GPL-3.0-or-later
# app -> ui -> core, never backwards: core includes no Gui/Widgets and nothing of ui or app;
# ui includes nothing of app.
function(check dir pattern what)
    file(GLOB_RECURSE files ${SOURCE_DIR}/${dir}/*.cpp ${SOURCE_DIR}/${dir}/*.h)
    foreach(f IN LISTS files)
        file(STRINGS ${f} hits REGEX "${pattern}")
        if(hits)
            message(SEND_ERROR "${f}: ${what}: ${hits}")
        endif()
    endforeach()
endfunction()
check(core "#include <(QtGui|QtWidgets|QtWebEngine[A-Za-z]*|KSyntaxHighlighting)/|#include <Q(Widget|Application|Pixmap|Image|Painter|Color)>|sandcastle/ui/"
      "core must not use Qt Gui, Widgets, WebEngine or ui")
check(ui "#include \"(application|cli/)" "ui must not include app headers")
