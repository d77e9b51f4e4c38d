// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/manifest/materializer.h"

#include "materializejob_p.h"

#include <QFuture>
#include <QMetaObject>
#include <QtConcurrent>

namespace Sandcastle::Core {

Materializer::Materializer(QObject *parent)
    : QObject(parent)
{
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, &Materializer::emitProgress);
}

Materializer::~Materializer()
{
    if (m_state) {
        m_state->cancel = true;
    }
}

void Materializer::setFileConcurrency(int count)
{
    m_fileConcurrency = std::max(1, count);
}

void Materializer::start(const Manifest &manifest, const QString &targetDir)
{
    if (m_state) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                Q_EMIT finished(fail(ErrorCode::InvalidInput, QStringLiteral("a materialization is already running")));
            },
            Qt::QueuedConnection);
        return;
    }
    auto state = std::make_shared<Internal::MaterializeState>();
    state->workerHook = m_workerHook;
    m_state = state;
    m_lastDone = m_lastTotal = m_lastBytes = -1;
    m_progressTimer.start();
    const int concurrency = m_fileConcurrency;
    QtConcurrent::run([manifest, targetDir, concurrency, state] {
        return Internal::runMaterialize(manifest, targetDir, concurrency, *state);
    }).then(this, [this, state](const Result<MaterializeReport> &result) {
        // Queued: when the work finished before then() was attached, the continuation runs inside
        // start(), and finished() must never be emitted from within start().
        QMetaObject::invokeMethod(
            this,
            [this, state, result] {
                if (m_state != state) {
                    return;
                }
                m_progressTimer.stop();
                emitProgress();
                m_state.reset();
                Q_EMIT finished(result);
            },
            Qt::QueuedConnection);
    });
}

void Materializer::cancel()
{
    if (m_state) {
        m_state->cancel = true;
    }
}

void Materializer::emitProgress()
{
    if (!m_state) {
        return;
    }
    const qint64 done = m_state->done.load();
    const qint64 total = m_state->total.load();
    const qint64 bytes = m_state->bytes.load();
    if (done == m_lastDone && total == m_lastTotal && bytes == m_lastBytes) {
        return;
    }
    m_lastDone = done;
    m_lastTotal = total;
    m_lastBytes = bytes;
    Q_EMIT progress(done, std::max(done, total), bytes);
}

} // namespace Sandcastle::Core
