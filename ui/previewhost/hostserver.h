// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/ui/previewbackend.h"
#include "sandcastle/ui/previewwire.h"

#include <QCborMap>
#include <QObject>
#include <QSet>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

class QKeyEvent;
class QLocalSocket;
class QWidget;
class QWindow;

namespace Sandcastle::PreviewHost {

class HostClient;

/// The child's end of the preview host protocol (docs/FORMATS.md): makes the backend the parent
/// asks for, serves its pages (each view a top-level window the parent embeds by its id) and
/// forwards the pages' reports. The synchronous questions of a page (may it navigate, where does
/// a popup go) wait for the parent's answer, bounded; no answer is a refusal.
class HostServer : public QObject
{
    Q_OBJECT
public:
    static constexpr int kAnswerTimeoutMs = 10000;
    static constexpr int kEmbedWaitMs = 2000;

    HostServer(QLocalSocket *socket, Ui::PreviewBackendFactory *factory);
    ~HostServer() override;

    void send(const QCborMap &message);
    /// Sends `message` with a new "req" and waits for the parent's "reply" to it.
    [[nodiscard]] std::optional<QCborMap> ask(QCborMap message);
    [[nodiscard]] Ui::PreviewPage *pageById(qint64 id) const;
    qint64 addDownloadAnswer(std::function<void(const QString &)> answer);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Surface
    {
        std::unique_ptr<HostClient> client; ///< pages only; outlives the widget
        Ui::PreviewPage *page = nullptr;    ///< nullptr for developer tools
        QWidget *widget = nullptr;
        std::unique_ptr<QWindow> embedder;    ///< the parent's window it is embedded in; outlives the widget
        QSet<int> shortcuts;                  ///< the parent's shortcuts (QKeyCombination ints): forwarded, not typed
        std::optional<QCborMap> pendingEmbed; ///< waiting for WebEngine's view (embedLater())
    };

    void onReadyRead();
    void readInbox();
    void drain();
    void handle(const QCborMap &message);
    void createSurface(const QCborMap &message);
    void embedSurface(Surface &surface, const QCborMap &message);
    /// The surface whose top-level widget `widget` is, or end().
    std::map<qint64, Surface>::iterator surfaceOf(const QWidget *widget);
    /// Whether a page's "embed" waits: until WebEngine has put its view (a QQuickWidget) into the
    /// page's widget, the native window would be made for raster drawing and replaced by an
    /// OpenGL one at the first frame, and input in between is lost. At most kEmbedWaitMs.
    bool embedLater(qint64 id, Surface &surface, const QCborMap &message);
    void embedPending(qint64 id);
    /// A key press in one of the surfaces that is one of the parent's shortcuts goes to the
    /// parent ("shortcut") instead of the page; true when it did.
    bool forwardShortcut(QObject *receiver, const QKeyEvent &event);
    void closeSurface(qint64 id);
    void reportWarm();
    /// Closes every page and the profile ("release", and before a new "init").
    void releaseBackend();
    void shutDown();

    QLocalSocket *m_socket;
    Ui::PreviewBackendFactory *m_factory;
    std::unique_ptr<Ui::PreviewBackend> m_backend;
    Ui::PreviewWire::Decoder m_decoder;
    std::deque<QCborMap> m_inbox;
    std::map<qint64, Surface> m_surfaces;
    std::map<qint64, std::function<void(const QString &)>> m_downloadAnswers;
    qint64 m_nextRequest = 1;
    int m_waiting = 0;
    bool m_draining = false;
};

} // namespace Sandcastle::PreviewHost
