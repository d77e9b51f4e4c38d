// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/sandbox/sandboxclient.h"

#include <optional>

namespace Sandcastle::Core {

/// How Unix-local commands are confined (DECISIONS "Unix-local confinement").
enum class Confinement {
    Auto,       ///< bubblewrap when its probe succeeds, otherwise create() refuses
    Bubblewrap, ///< bubblewrap or fail
    None,       ///< the user chose to run commands unconfined on the host
};

/// What create() decided and why, for the run's events and the ui.
/// "auto", "bwrap", "none": the names the command line, events and the journal use.
[[nodiscard]] QString confinementName(Confinement confinement);
/// The inverse of confinementName(); std::nullopt for any other text.
[[nodiscard]] std::optional<Confinement> confinementFromName(const QString &name);

struct ConfinementReport
{
    Confinement mode = Confinement::None; ///< Bubblewrap or None: what commands actually use
    QString bwrapPath;
    QString reason; ///< one sentence, e.g. "bubblewrap 0.12.0 probe succeeded"
};

/// Runs commands directly in a host workspace directory (sandboxRoot() == workspaceRoot()), with
/// a clean environment (fixed PATH, HOME=<workspace>, USER=LOGNAME=sandbox, TMPDIR=/tmp,
/// LANG=C.UTF-8, SHELL=/bin/sh, plus the manifest environment) and, with bubblewrap, a read-only
/// root, writable workspace and grants, private /tmp and /run, fresh /dev and /proc, a new PID
/// namespace, no network unless allowed, and --die-with-parent.
///
/// The bubblewrap probe result is cached per client. A probe that fails because "/" is not a
/// mount point (chroots, some containers: "Failed to make / slave") is named in the error.
class UnixLocalSandboxClient : public SandboxClient
{
    Q_OBJECT
public:
    explicit UnixLocalSandboxClient(Confinement confinement = Confinement::Auto, QObject *parent = nullptr);

    [[nodiscard]] QString backendId() const override { return QStringLiteral("unix_local"); }
    [[nodiscard]] Confinement confinement() const { return m_confinement; }
    void setConfinement(Confinement confinement) { m_confinement = confinement; }
    /// Overrides the bubblewrap binary (default: `bwrap` on the fixed PATH).
    void setBwrapPath(const QString &path);
    /// Ports the sessions expose (spec `UnixLocalSandboxClientOptions.exposed_ports`): they resolve
    /// to 127.0.0.1:<port>, and a bubblewrap session then shares the host's network (no
    /// --unshare-net) so that the host can reach them. create() refuses port 0.
    void setExposedPorts(const QList<quint16> &ports) { m_exposedPorts = ports; }
    [[nodiscard]] QList<quint16> exposedPorts() const { return m_exposedPorts; }

    /// Fails with ErrorCode::InvalidInput (no/relative workspace, missing grant, port 0), ErrorCode::Sandbox
    /// (bubblewrap unusable, with the reason; for Auto the message says to choose "none"
    /// explicitly to run unconfined).
    [[nodiscard]] QFuture<Result<SandboxSession *>> create(const SandboxOptions &options) override;

    /// Turns a failed bubblewrap run (exit code, stderr) into one actionable sentence.
    [[nodiscard]] static QString explainBwrapFailure(int exitCode, const QByteArray &stderrData);
    /// The fixed PATH commands get.
    [[nodiscard]] static QString fixedPath();

private:
    Result<SandboxSession *> makeSession(const SandboxOptions &options, const ConfinementReport &report);

    Confinement m_confinement;
    QString m_bwrapPath;
    QList<quint16> m_exposedPorts;
    std::optional<Result<ConfinementReport>> m_probeResult;
};

} // namespace Sandcastle::Core
