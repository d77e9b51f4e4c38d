// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/filesystem/patchapplier.h"

#include "capabilities/filesystem/patchworkspace_p.h"
#include "sandcastle/core/capabilities/filesystem/v4adiff.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QStringDecoder>
#include <QTemporaryFile>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>
#include <memory>
#include <optional>

namespace Sandcastle::Core {

namespace {

using Internal::isInside;
using Internal::s_defaultPermissions;
using Internal::Workspace;

std::unexpected<Error> withPath(const QString &path, const Error &e)
{
    return std::unexpected(Error{e.code, path + QStringLiteral(": ") + e.message, e.detail});
}

} // namespace

Result<QString> PatchApplier::resolveInside(const QString &root, const QString &path, bool followFinalLink)
{
    const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
    if (canonicalRoot.isEmpty() || !QFileInfo(canonicalRoot).isDir()) {
        return fail(ErrorCode::NotFound, QStringLiteral("workspace root does not exist: %1").arg(root));
    }
    QString p = path.trimmed();
    p.replace(QLatin1Char('\\'), QLatin1Char('/'));
    if (p.isEmpty()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("apply_patch path must be non-empty"));
    }
    if (p.startsWith(QLatin1Char('/')) || QDir::isAbsolutePath(p)) {
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("path %1 is absolute; paths must be relative to the workspace root").arg(p));
    }
    const QStringList parts = p.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.contains(QLatin1String(".."))) {
        return fail(ErrorCode::PermissionDenied, QStringLiteral("path %1 must not contain '..'").arg(p));
    }
    QString current = canonicalRoot;
    QString walked;
    bool any = false;
    for (qsizetype k = 0; k < parts.size(); ++k) {
        const QString &part = parts.at(k);
        if (part == QLatin1String(".")) {
            continue;
        }
        any = true;
        walked += (walked.isEmpty() ? QString() : QStringLiteral("/")) + part;
        const QString next = current + QLatin1Char('/') + part;
        const QFileInfo info(next);
        if (info.isSymLink()) {
            const QString target = info.canonicalFilePath();
            if (target.isEmpty()) {
                return fail(ErrorCode::PermissionDenied,
                            QStringLiteral("path %1 goes through the dangling symlink %2 (-> %3)")
                                .arg(p, walked, info.symLinkTarget()));
            }
            if (!isInside(target, canonicalRoot)) {
                return fail(ErrorCode::PermissionDenied,
                            QStringLiteral("path %1 escapes the workspace root through the symlink %2 (-> %3)")
                                .arg(p, walked, info.symLinkTarget()));
            }
            current = (followFinalLink || k + 1 < parts.size()) ? target : next;
        } else {
            current = next;
        }
    }
    if (!any) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("path %1 names the workspace root, not a file").arg(p));
    }
    return current;
}

namespace {

// Validates `operations` and computes every new content into `ws`; writes nothing.
Result<PatchResult> compute(const QString &root, const QList<PatchOperation> &operations, Workspace &ws)
{
    if (operations.isEmpty()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("No files were modified."),
                    QStringLiteral("the patch contains no file operations"));
    }
    // Validate every path before reading anything, so an escaping later path fails fast.
    QList<QString> hosts;
    QList<QString> moveHosts;
    for (const PatchOperation &op : operations) {
        const auto host = PatchApplier::resolveInside(root, op.path, op.kind != PatchOperation::Kind::Delete);
        if (!host) {
            return std::unexpected(host.error());
        }
        hosts.append(*host);
        QString moveHost;
        if (!op.moveTo.isEmpty()) {
            const auto dest = PatchApplier::resolveInside(root, op.moveTo);
            if (!dest) {
                return std::unexpected(dest.error());
            }
            moveHost = *dest;
        }
        moveHosts.append(moveHost);
    }

    PatchResult result;
    for (qsizetype n = 0; n < operations.size(); ++n) {
        const PatchOperation &op = operations.at(n);
        const QString &host = hosts.at(n);
        auto st = ws.state(host, op.path);
        if (!st) {
            return std::unexpected(st.error());
        }
        switch (op.kind) {
        case PatchOperation::Kind::Create: {
            if (st->isDir) {
                return fail(ErrorCode::InvalidInput,
                            QStringLiteral("Failed to write file %1: it is a directory").arg(op.path));
            }
            if (auto ok = ws.checkParents(host, op.path); !ok) {
                return std::unexpected(ok.error());
            }
            auto text = applyDiff(QString(), op.diff, DiffMode::Create, op.diffLine);
            if (!text) {
                return withPath(op.path, text.error());
            }
            // Sandcastle difference (DECISIONS.md): an added file ends with a newline.
            if (!text->isEmpty() && !text->endsWith(QLatin1Char('\n'))) {
                text->append(op.diff.contains(QLatin1String("\r\n")) ? QStringLiteral("\r\n") : QStringLiteral("\n"));
            }
            const QByteArray after = text->toUtf8();
            ws.set(host, after, st->exists ? st->permissions : s_defaultPermissions);
            result.changes.append(
                FileChange{FileChange::Kind::Add, op.path, {}, st->exists ? st->bytes : QByteArray(), after});
            result.origins.append(FileOrigin{st->exists, st->permissions});
            break;
        }
        case PatchOperation::Kind::Delete:
            if (st->isDir) {
                return fail(ErrorCode::InvalidInput,
                            QStringLiteral("Failed to delete file %1: it is a directory").arg(op.path));
            }
            if (!st->exists) {
                return fail(ErrorCode::NotFound,
                            QStringLiteral("Failed to delete file %1: No such file or directory").arg(op.path));
            }
            ws.set(host, std::nullopt, st->permissions);
            result.changes.append(FileChange{FileChange::Kind::Delete, op.path, {}, st->bytes, {}});
            result.origins.append(FileOrigin{true, st->permissions});
            break;
        case PatchOperation::Kind::Update: {
            if (st->isDir) {
                return fail(ErrorCode::InvalidInput,
                            QStringLiteral("Failed to read file to update %1: it is a directory").arg(op.path));
            }
            if (!st->exists) {
                return fail(ErrorCode::NotFound,
                            QStringLiteral("Failed to read file to update %1: No such file or directory").arg(op.path));
            }
            QByteArray after = st->bytes;
            if (!op.diff.isEmpty()) {
                QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
                const QString original = decoder(st->bytes);
                if (decoder.hasError()) {
                    return fail(
                        ErrorCode::InvalidInput,
                        QStringLiteral("Failed to read file to update %1: it is not valid UTF-8 text").arg(op.path));
                }
                const auto text = applyDiff(original, op.diff, DiffMode::Update, op.diffLine);
                if (!text) {
                    return withPath(op.path, text.error());
                }
                after = text->toUtf8();
            }
            if (op.moveTo.isEmpty()) {
                ws.set(host, after, st->permissions);
                result.changes.append(FileChange{FileChange::Kind::Update, op.path, {}, st->bytes, after});
                result.origins.append(FileOrigin{true, st->permissions});
                break;
            }
            const QString &dest = moveHosts.at(n);
            auto destState = ws.state(dest, op.moveTo);
            if (!destState) {
                return std::unexpected(destState.error());
            }
            if (destState->isDir) {
                return fail(
                    ErrorCode::InvalidInput,
                    QStringLiteral("Failed to move %1 to %2: the destination is a directory").arg(op.path, op.moveTo));
            }
            if (auto ok = ws.checkParents(dest, op.moveTo); !ok) {
                return std::unexpected(ok.error());
            }
            if (dest != host) {
                ws.set(host, std::nullopt, st->permissions);
            }
            ws.set(dest, after, st->permissions);
            result.changes.append(FileChange{FileChange::Kind::Move, op.moveTo, op.path, st->bytes, after});
            result.origins.append(FileOrigin{true, st->permissions});
            break;
        }
        }
    }

    QString summary = QStringLiteral("Success. Updated the following files:\n");
    for (const auto kind : {FileChange::Kind::Add, FileChange::Kind::Update, FileChange::Kind::Delete}) {
        for (const FileChange &c : std::as_const(result.changes)) {
            const FileChange::Kind k = c.kind == FileChange::Kind::Move ? FileChange::Kind::Update : c.kind;
            if (k == kind) {
                summary += QLatin1String(kind == FileChange::Kind::Add      ? "A "
                                         : kind == FileChange::Kind::Update ? "M "
                                                                            : "D ") +
                           c.path + QLatin1Char('\n');
            }
        }
    }
    result.summary = summary;
    return result;
}

} // namespace

Result<PatchResult> PatchApplier::apply(const QString &root, const QList<PatchOperation> &operations)
{
    Workspace ws(QFileInfo(root).canonicalFilePath());
    auto result = compute(root, operations, ws);
    if (!result) {
        return result;
    }
    if (auto ok = ws.commit(); !ok) {
        return std::unexpected(ok.error());
    }
    return result;
}

Result<PatchResult> PatchApplier::plan(const QString &root, const QList<PatchOperation> &operations)
{
    Workspace ws(QFileInfo(root).canonicalFilePath());
    return compute(root, operations, ws);
}

Result<PatchResult> PatchApplier::planText(const QString &root, const QString &patchText)
{
    const auto ops = PatchParser::parse(patchText);
    if (!ops) {
        return std::unexpected(ops.error());
    }
    return plan(root, *ops);
}

Result<void> PatchApplier::writeFiles(const QString &root, const QList<FileWrite> &writes)
{
    Workspace ws(QFileInfo(root).canonicalFilePath());
    QList<QString> hosts;
    for (const FileWrite &w : writes) {
        const auto host = resolveInside(root, w.path, w.content.has_value());
        if (!host) {
            return std::unexpected(host.error());
        }
        auto st = ws.state(*host, w.path);
        if (!st) {
            return std::unexpected(st.error());
        }
        const bool changed =
            st->isDir || (w.expectAbsent && st->exists) || (w.expected && (!st->exists || st->bytes != *w.expected));
        if (changed) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("conflict: %1 changed since the change was computed (%2)")
                            .arg(w.path, st->isDir        ? QStringLiteral("it is a directory now")
                                         : !st->exists    ? QStringLiteral("it no longer exists")
                                         : w.expectAbsent ? QStringLiteral("it exists now")
                                                          : QStringLiteral("its content differs")),
                        QStringLiteral("conflict"));
        }
        if (w.content) {
            if (auto ok = ws.checkParents(*host, w.path); !ok) {
                return std::unexpected(ok.error());
            }
        }
        hosts.append(*host);
    }
    for (qsizetype k = 0; k < writes.size(); ++k) {
        const FileWrite &w = writes.at(k);
        auto st = ws.state(hosts.at(k), w.path);
        const QFile::Permissions permissions = w.permissions != QFile::Permissions() ? w.permissions
                                               : st && st->exists && !st->isDir      ? st->permissions
                                                                                     : s_defaultPermissions;
        ws.set(hosts.at(k), w.content, permissions);
    }
    return ws.commit();
}

Result<PatchResult> PatchApplier::applyText(const QString &root, const QString &patchText)
{
    const auto ops = PatchParser::parse(patchText);
    if (!ops) {
        return std::unexpected(ops.error());
    }
    return apply(root, *ops);
}

QFuture<Result<PatchResult>> PatchApplier::applyAsync(const QString &root, const QString &patchText)
{
    return QtConcurrent::run([root, patchText] { return applyText(root, patchText); });
}

} // namespace Sandcastle::Core
