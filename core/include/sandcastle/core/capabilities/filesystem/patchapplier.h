// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/filesystem/patchparser.h"
#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QFile>
#include <QFuture>
#include <QList>
#include <QString>

#include <optional>

namespace Sandcastle::Core {

/// One file changed by an applied patch (for the summary and for the review feature).
struct FileChange
{
    enum class Kind { Add, Update, Delete, Move };
    Kind kind = Kind::Update;
    QString path;       ///< workspace-relative, as spelled in the patch (the destination for Move)
    QString sourcePath; ///< Move only: the path the file had before
    QByteArray before;  ///< empty for Add of a new file
    QByteArray after;   ///< empty for Delete
    friend bool operator==(const FileChange &, const FileChange &) = default;
};

/// The state a changed file had before the patch (for review and revert).
struct FileOrigin
{
    bool existed = false; ///< false: Add of a new file
    QFile::Permissions permissions;
    friend bool operator==(const FileOrigin &, const FileOrigin &) = default;
};

/// What a successful patch did (apply()) or would do (plan()).
struct PatchResult
{
    QList<FileChange> changes;
    QList<FileOrigin> origins; ///< parallel to `changes` (Move: the source file)
    /// `Success. Updated the following files:\nA x\nM y\nD z\n` (all A, then M, then D; moves are
    /// `M <destination>`), as codex's apply_patch prints it.
    QString summary;
};

/// Applies parsed patch operations to a workspace directory on the host, all or nothing.
///
/// Everything is validated and every new content computed in memory first: paths must be relative,
/// without `..`, and must not leave the root through a symlink (each existing component of the
/// path is resolved); Update/Delete targets must be existing regular files, Update targets valid
/// UTF-8; Add and Move destinations must not be directories. Operations see the effect of earlier
/// operations of the same patch. Only then are files written: each new content goes to a temporary
/// file beside its target, then all are renamed over their targets, then deletions happen. On any
/// validation error nothing on disk changes. A failure while writing (disk full, permission
/// revoked between validation and write) removes the temporary files; renames already done by then
/// are reported in the error detail.
///
/// Stateless and thread-safe: apply() blocks on file I/O, so GUI code uses applyAsync(), which runs
/// on the Qt global thread pool on copied input.
///
/// Errors (ErrorCode::InvalidInput for bad patches, NotFound for missing targets,
/// PermissionDenied for paths that escape the root, Io for write failures) carry a message that
/// names the file and, for diff errors, the hunk and the patch line.
class PatchApplier
{
public:
    [[nodiscard]] static Result<PatchResult> apply(const QString &root, const QList<PatchOperation> &operations);
    /// Parses `patchText` (PatchParser) and applies it.
    [[nodiscard]] static Result<PatchResult> applyText(const QString &root, const QString &patchText);
    [[nodiscard]] static QFuture<Result<PatchResult>> applyAsync(const QString &root, const QString &patchText);

    /// Validates and computes like apply() but writes nothing (review before write).
    [[nodiscard]] static Result<PatchResult> plan(const QString &root, const QList<PatchOperation> &operations);
    [[nodiscard]] static Result<PatchResult> planText(const QString &root, const QString &patchText);

    /// One file to write with writeFiles().
    struct FileWrite
    {
        QString path;                      ///< workspace-relative
        std::optional<QByteArray> content; ///< std::nullopt deletes the file
        /// For `content`: the file's mode; empty keeps the existing file's (or 0644 for a new file).
        QFile::Permissions permissions;
        /// The file must still hold exactly these bytes (std::nullopt: not checked) ...
        std::optional<QByteArray> expected;
        /// ... or must not exist.
        bool expectAbsent = false;
    };
    /// Writes `writes` atomically, all or nothing, like apply() (paths checked with
    /// resolveInside(), temp files, renames, then deletions). Before anything is written every
    /// expectation is checked: a file whose bytes differ, or that exists when it must not, fails
    /// with InvalidInput, message `conflict: PATH changed since ...`, detail `conflict`, and nothing is
    /// written.
    [[nodiscard]] static Result<void> writeFiles(const QString &root, const QList<FileWrite> &writes);

    /// Maps `path` (relative to `root`, `\` accepted as `/`) to an absolute host path inside the
    /// canonical root, or fails with PermissionDenied (absolute, `..`, symlink escape) /
    /// InvalidInput (empty). Existing components are resolved through symlinks; components that do
    /// not exist yet are appended as given. With `followFinalLink` false a last component that is a
    /// symlink (pointing inside the root) is returned as the link itself (for deleting the link).
    [[nodiscard]] static Result<QString> resolveInside(const QString &root, const QString &path,
                                                       bool followFinalLink = true);
};

} // namespace Sandcastle::Core
