// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A CRLF file and a two-hunk V4A patch for it, shared by the review tests (core and ui).
#pragma once

#include <QByteArray>
#include <QString>

namespace Sandcastle::Test {

/// "line 1\r\n" ... "line <count>\r\n".
inline QByteArray numberedCrlfLines(int count)
{
    QByteArray out;
    for (int k = 1; k <= count; ++k) {
        out += "line " + QByteArray::number(k) + "\r\n";
    }
    return out;
}

/// Changes lines 5 and 25 of numberedCrlfLines(30) in notes.txt: two hunks.
inline QString twoHunkNotesPatch()
{
    return QStringLiteral("*** Begin Patch\n"
                          "*** Update File: notes.txt\n"
                          "@@\n"
                          " line 4\n"
                          "-line 5\n"
                          "+FIVE\n"
                          " line 6\n"
                          "@@\n"
                          " line 24\n"
                          "-line 25\n"
                          "+TWENTY-FIVE\n"
                          " line 26\n"
                          "*** End Patch\n");
}

} // namespace Sandcastle::Test
