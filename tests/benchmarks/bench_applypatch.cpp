// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Applies a 20-hunk patch to a 50 000-line file (parse, match, write through temp file + rename),
// 20 runs; prints median and minimum wall time in ms. Target: under 50 ms.
#include "sandcastle/core/capabilities/filesystem/patchapplier.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace Sandcastle::Core;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    constexpr int lines = 50000;
    constexpr int hunks = 20;
    constexpr int runs = 20;

    QByteArray original;
    for (int i = 0; i < lines; ++i) {
        original += "    value_" + QByteArray::number(i) + " = compute(" + QByteArray::number(i % 97) + ");\n";
    }
    QString patch = QStringLiteral("*** Begin Patch\n*** Update File: big.cpp\n");
    for (int h = 0; h < hunks; ++h) {
        const int at = (h + 1) * (lines / (hunks + 1));
        patch += QStringLiteral("@@\n");
        for (int c = at - 3; c < at; ++c) {
            patch += QStringLiteral("     value_%1 = compute(%2);\n").arg(c).arg(c % 97);
        }
        patch += QStringLiteral("-    value_%1 = compute(%2);\n").arg(at).arg(at % 97);
        patch += QStringLiteral("+    value_%1 = compute_fast(%2);\n").arg(at).arg(at % 97);
        for (int c = at + 1; c <= at + 3; ++c) {
            patch += QStringLiteral("     value_%1 = compute(%2);\n").arg(c).arg(c % 97);
        }
    }
    patch += QStringLiteral("*** End Patch\n");

    QTemporaryDir tmp;
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r) {
        QFile f(tmp.filePath(QStringLiteral("big.cpp")));
        if (!f.open(QIODevice::WriteOnly) || f.write(original) != original.size()) {
            out << "cannot write the input file\n";
            return 1;
        }
        f.close();
        QElapsedTimer timer;
        timer.start();
        const auto result = PatchApplier::applyText(tmp.path(), patch);
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (!result) {
            out << "patch failed: " << result.error().toString() << '\n';
            return 1;
        }
    }
    std::ranges::sort(ms);
    out << "bench_applypatch: " << hunks << " hunks on " << lines << " lines, " << runs << " runs: median "
        << QString::number(ms[ms.size() / 2], 'f', 2) << " ms, min " << QString::number(ms.front(), 'f', 2) << " ms\n";
    return 0;
}
