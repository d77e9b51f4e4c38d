// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/ui/previewbackend.h"
#include "sandcastle/ui/previewwire.h"

#include <QCborArray>
#include <QCborMap>
#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <map>
#include <memory>

class QLocalSocket;
class QProcess;

namespace Sandcastle::Ui {

class PreviewHostConnection;
class PreviewPluginLoader;
class RemoteSurface;

/// Where the preview's WebEngine runs: in this process (the plugin, loaded once and never
/// unloaded) or in sandcastle-preview-host, a child that exits a while after the last preview
/// goes (PreviewHostReserve).
enum class PreviewProcessMode { InProcess, Separate };

/// Separate on X11 (the host's windows are embedded by id) when sandcastle-preview-host is there,
/// unless $SANDCASTLE_PREVIEW_PROCESS is `inprocess`; else in-process (other platforms). Separate
/// gives all of WebEngine's memory back after the last preview and keeps Chromium's start-up off
/// our GUI thread (bench_preview).
[[nodiscard]] PreviewProcessMode previewProcessMode();

/// Keeps the host of a released remote backend (its pages and profile closed, Chromium still
/// running) for lingerMs(), so that the next preview session starts from a running engine rather
/// than from a new process (bench_preview: "listening -> painted"); then lets it quit, and all of
/// its memory comes back. Holds at most one host. GUI thread only.
class PreviewHostReserve : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultLingerMs = 60000;

    explicit PreviewHostReserve(QObject *parent = nullptr);
    ~PreviewHostReserve() override;

    /// $SANDCASTLE_PREVIEW_HOST_LINGER_MS when set (0: keep none), else kDefaultLingerMs.
    [[nodiscard]] static int lingerMs();
    /// Tells `host` to close its profile and keeps it for lingerMs() (replacing any kept one).
    void keep(std::shared_ptr<PreviewHostConnection> host);
    /// The kept host when it is alive and runs `hostPath` with `pluginPath`; nullptr otherwise.
    [[nodiscard]] std::shared_ptr<PreviewHostConnection> take(const QString &hostPath, const QString &pluginPath);

private:
    std::shared_ptr<PreviewHostConnection> m_host;
    QTimer m_linger;
};

/// A backend whose pages live in sandcastle-preview-host (found next to the executable, or
/// $SANDCASTLE_PREVIEW_HOST) that loads the plugin at `pluginPath`: the one `reserve` keeps, else a
/// new process. When the backend goes, its host goes to `reserve` (none: it quits).
[[nodiscard]] Core::Result<std::unique_ptr<PreviewBackend>>
createRemotePreviewBackend(const QString &pluginPath, const PreviewProfileSettings &settings,
                           PreviewHostReserve *reserve = nullptr);

/// A backend where previewProcessMode() says: the plugin's (loaded by `loader`) or a remote one
/// (with `reserve`).
[[nodiscard]] Core::Result<std::unique_ptr<PreviewBackend>> makePreviewBackend(PreviewPluginLoader &loader,
                                                                               const PreviewProfileSettings &settings,
                                                                               PreviewHostReserve *reserve = nullptr);

/// The parent's end of one sandcastle-preview-host (docs/FORMATS.md "Preview host protocol"):
/// the process, the socket pair, the windows it shows and the requests waiting for results.
class PreviewHostConnection : public QObject
{
    Q_OBJECT
public:
    static constexpr int kQuitGraceMs = 3000;

    ~PreviewHostConnection() override;
    /// A new host process, told to make the profile `settings` describe.
    static Core::Result<std::shared_ptr<PreviewHostConnection>>
    start(const QString &hostPath, const QString &pluginPath, const PreviewProfileSettings &settings);

    /// Makes the host's profile anew (closing its pages and any profile it has).
    void init(const PreviewProfileSettings &settings);
    /// Closes the host's pages and profile; the process and Chromium's browser side stay.
    void release();
    [[nodiscard]] QString hostPath() const { return m_hostPath; }
    [[nodiscard]] QString pluginPath() const { return m_pluginPath; }

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
    QString m_hostPath;
    QString m_pluginPath;
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
    /// A key the host's window had, which is the shortcut of one of our window's actions (the
    /// host was told them with "embed"): triggers the action whose context includes this widget.
    /// Returns whether one was triggered.
    bool triggerShortcut(const QKeySequence &keys);

protected:
    bool event(QEvent *event) override;
    void create(const QString &op, QCborMap fields = {});
    std::shared_ptr<PreviewHostConnection> m_connection;

private:
    void embed();
    /// The single-chord shortcuts of our window's actions whose context includes this widget, as
    /// QKeyCombination ints.
    [[nodiscard]] QCborArray shortcutKeys() const;

    qint64 m_id;
    WId m_embeddedIn = 0; ///< the native window the host was told to embed into
};

} // namespace Sandcastle::Ui
