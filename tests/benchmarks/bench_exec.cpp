// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Round trip of a one-shot `true` through the Unix-local sandbox session, unconfined and under
// bubblewrap, against a plain QProcess baseline. Prints median / p90 / min in milliseconds.
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/core/sandbox/unixlocalsandboxsession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace Sandcastle::Core;

namespace {

constexpr int kRuns = 200;

template<class T>
T waitFor(QFuture<T> future)
{
    while (!future.isFinished()) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return future.result();
}

void report(const char *label, QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    std::printf("%-28s runs=%lld median=%.3f ms  p90=%.3f ms  min=%.3f ms\n", label, static_cast<long long>(ms.size()),
                ms.at(ms.size() / 2), ms.at(ms.size() * 9 / 10), ms.first());
    std::fflush(stdout);
}

bool benchSession(Confinement confinement, const char *label)
{
    QTemporaryDir dir;
    UnixLocalSandboxClient client(confinement);
    SandboxOptions options;
    options.workspaceDir = dir.path();
    const Result<SandboxSession *> created = waitFor(client.create(options));
    if (!created) {
        std::printf("%-28s skipped: %s\n", label, qPrintable(created.error().toString()));
        return false;
    }
    SandboxSession *session = *created;
    if (!waitFor(session->start())) {
        return false;
    }
    ExecRequest request;
    request.argv = {QStringLiteral("true")};
    QList<double> ms;
    for (int i = 0; i < kRuns + 5; ++i) {
        QElapsedTimer clock;
        clock.start();
        const Result<ExecResult> r = waitFor(session->exec(request).future);
        const double elapsed = double(clock.nsecsElapsed()) / 1e6;
        if (!r || r->exitCode != 0) {
            std::printf("%-28s failed: %s\n", label, r ? "non-zero exit" : qPrintable(r.error().toString()));
            return false;
        }
        if (i >= 5) { // warm-up
            ms.append(elapsed);
        }
    }
    report(label, ms);
    return true;
}

void benchQProcess()
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("true"));
    QList<double> ms;
    for (int i = 0; i < kRuns + 5; ++i) {
        QElapsedTimer clock;
        clock.start();
        QProcess process;
        bool done = false;
        QObject::connect(&process, &QProcess::finished, &process, [&done] { done = true; });
        process.start(program, {});
        while (!done) {
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        }
        if (i >= 5) {
            ms.append(double(clock.nsecsElapsed()) / 1e6);
        }
    }
    report("QProcess baseline", ms);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchQProcess();
    const bool unconfined = benchSession(Confinement::None, "exec true, unconfined");
    const bool confined = benchSession(Confinement::Bubblewrap, "exec true, bubblewrap");
    std::printf("targets: unconfined < 2 ms, bubblewrap < 9 ms (TypeScript SDK: 3.9 ms)\n");
    return unconfined && confined ? 0 : 1;
}
