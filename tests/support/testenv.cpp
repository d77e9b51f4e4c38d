// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "testenv.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace Sandcastle::Test {

QString sourceDir()
{
    return qEnvironmentVariable("SANDCASTLE_SOURCE_DIR", QStringLiteral(SANDCASTLE_TEST_SOURCE_DIR));
}

QString conformanceDir()
{
    const QString dir =
        qEnvironmentVariable("SANDCASTLE_CONFORMANCE_DIR", sourceDir() + QStringLiteral("/../shared/conformance"));
    return QFileInfo(dir).isDir() ? QDir(dir).canonicalPath() : QString();
}

QString conformancePath(const QString &sub, QString *why)
{
    const QString base = conformanceDir();
    const QString path = base + QLatin1Char('/') + sub;
    if (base.isEmpty() || !QFileInfo::exists(path)) {
        if (why) {
            *why = QStringLiteral("conformance data not found at %1 (set SANDCASTLE_CONFORMANCE_DIR)").arg(path);
        }
        return {};
    }
    return path;
}

bool writeTestFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QByteArray readTestFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

} // namespace Sandcastle::Test
