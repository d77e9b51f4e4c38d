// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/ui/previewbackend.h"
#include "sandcastle/ui/previewwire.h"

#include <QCborMap>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <map>
#include <memory>

class QLocalSocket;
class QProcess;

namespace Sandcastle::Ui {

class PreviewPluginLoader;
class RemoteSurface;

/// Where the preview's WebEngine runs: in this process (the plugin, loaded once and never
/// unloaded) or in sandcastle-preview-host, a child that exits when the last preview goes.
enum class PreviewProcessMode { InProcess, Separate };

/// Separate when $SANDCASTLE_PREVIEW_PROCESS is `separate`, on X11 (the host's windows are
/// embedded by id) and sandcastle-preview-host is there; else in-process (the default: a host
/// started per preview session makes "listening -> painted" seconds slower, bench_preview).
[[nodiscard]] PreviewProcessMode previewProcessMode();

/// A backend whose pages live in a new sandcastle-preview-host process (found next to the
/// executable, or $SANDCASTLE_PREVIEW_HOST) that loads the plugin at `pluginPath`.
[[nodiscard]] Core::Result<std::unique_ptr<PreviewBackend>>
createRemotePreviewBackend(const QString &pluginPath, const PreviewProfileSettings &settings);

/// A backend where previewProcessMode() says: the plugin's (loaded by `loader`) or a remote one.
[[nodiscard]] Core::Result<std::unique_ptr<PreviewBackend>> makePreviewBackend(PreviewPluginLoader &loader,
                                                                               const PreviewProfileSettings &settings);

/// The parent's end of one sandcastle-preview-host (docs/FORMATS.md "Preview host protocol"):
/// the process, the socket pair, the windows it shows and the requests waiting for results.
class PreviewHostConnection : public QObject
{
    Q_OBJECT
public:
    static constexpr int kQuitGraceMs = 3000;

    ~PreviewHostConnection() override;
    static Core::Result<std::shared_ptr<PreviewHostConnection>>
    start(const QString &hostPath, const QString &pluginPath, const PreviewProfileSettings &settings);

    [[nodiscard]] bool isAlive() const { return m_alive; }
    [[nodiscard]] bool isWarm() const { return m_warm; }
    void setWarm(bool warm) { m_warm = warm; }
    [[nodiscard]] qint64 processId() const;
    [[nodiscard]] QString deathReason() const { return m_deathReason; }
    qint64 newId() { return m_nextId++; }

    void send(const QCborMap &message);
    /// Sends `message` with a new "req"; `done` gets the result, or an empty map when the host
    /// went away first.
    void request(QCborMap message, std::function<void(const QCborMap &)> done);
    void addSurface(qint64 id, RemoteSurface *surface);
    void removeSurface(qint64 id);

private:
    PreviewHostConnection();
    void onReadyRead();
    void handle(const QCborMap &message);
    void answer(const QCborMap &question);
    void die(const QString &reason);

    QProcess *m_process = nullptr;
    QLocalSocket *m_socket = nullptr;
    PreviewWire::Decoder m_decoder;
    std::map<qint64, QPointer<RemoteSurface>> m_surfaces;
    std::map<qint64, std::function<void(const QCborMap &)>> m_pending;
    qint64 m_nextId = 1;
    bool m_alive = true;
    bool m_warm = false;
    QString m_deathReason;
};

/// A window of the host (a page's view, developer tools): the host reparents its native window
/// into this widget's (sent on show, again when Qt makes a new one) and follows its size.
/// Deleting it closes the window in the host.
class RemoteSurface : public QWidget
{
    Q_OBJECT
public:
    RemoteSurface(std::shared_ptr<PreviewHostConnection> connection, QWidget *parent);
    ~RemoteSurface() override;
    [[nodiscard]] qint64 id() const { return m_id; }
    /// A synchronous question of the host about this surface (navigate, popup): the answer's
    /// fields.
    [[nodiscard]] virtual QCborMap hostQuestion(const QCborMap &question);
    virtual void hostEvent(const QCborMap &message);
    virtual void hostDied(const QString &reason);

protected:
    bool event(QEvent *event) override;
    void create(const QString &op, QCborMap fields = {});
    std::shared_ptr<PreviewHostConnection> m_connection;

private:
    void embed();

    qint64 m_id;
    WId m_embeddedIn = 0; ///< the native window the host was told to embed into
};

} // namespace Sandcastle::Ui
