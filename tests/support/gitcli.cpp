// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gitcli.h"
#include "testenv.h"

#include "sandcastle/core/review/gitchanges.h"

#include <QProcess>
#include <QProcessEnvironment>

namespace Sandcastle::Test {

namespace {

bool run(QProcess &p, const QString &dir, const QStringList &args)
{
    p.setWorkingDirectory(dir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_AUTHOR_NAME"), QStringLiteral("t"));
    env.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("t@example.org"));
    env.insert(QStringLiteral("GIT_COMMITTER_NAME"), QStringLiteral("t"));
    env.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("t@example.org"));
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("HOME"), dir);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("git"), args);
    return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

QString runGit(const QString &dir, const QStringList &args)
{
    QProcess p;
    if (!run(p, dir, args)) {
        return QStringLiteral("ERROR ") + QString::fromLocal8Bit(p.readAllStandardError()) + p.errorString();
    }
    return QString::fromLocal8Bit(p.readAllStandardOutput()).trimmed();
}

QByteArray runGitBytes(const QString &dir, const QStringList &args)
{
    QProcess p;
    if (!run(p, dir, args)) {
        return "ERROR " + p.readAllStandardError() + p.errorString().toUtf8();
    }
    return p.readAllStandardOutput();
}

bool makeGitRepository(const QString &dir, const QMap<QString, QByteArray> &files)
{
    if (!gitOk(dir, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main")})) {
        return false;
    }
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        if (!writeTestFile(dir + QLatin1Char('/') + it.key(), it.value())) {
            return false;
        }
    }
    return gitOk(dir, {QStringLiteral("add"), QStringLiteral(".")}) &&
           gitOk(dir, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("one")});
}

QStringList gitStatusLines(const QString &workspace)
{
    const auto status = Core::GitChanges::status(workspace);
    if (!status) {
        return {QStringLiteral("ERROR ") + status.error().toString()};
    }
    QStringList out;
    for (const Core::GitFileStatus &s : *status) {
        out << Core::gitFileStateName(s.state) + QLatin1Char(' ') + s.path;
    }
    return out;
}

} // namespace Sandcastle::Test
