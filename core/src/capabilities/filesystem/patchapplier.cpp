// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/filesystem/patchapplier.h"

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

bool isInside(const QString &path, const QString &root)
{
    return path == root || path.startsWith(root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/'));
}

constexpr QFile::Permissions s_defaultPermissions =
    QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser | QFile::ReadGroup | QFile::ReadOther;

// What a path holds while the patch is being computed: the disk state, overridden by earlier
// operations of the same patch.
struct PathState
{
    bool exists = false;
    bool isDir = false;
    QByteArray bytes;
    QFile::Permissions permissions = s_defaultPermissions;
};

class Workspace
{
public:
    explicit Workspace(QString root)
        : m_root(std::move(root))
    {}

    Result<PathState> state(const QString &host, const QString &display)
    {
        if (const auto it = m_overlay.constFind(host); it != m_overlay.cend()) {
            PathState s;
            s.exists = it->has_value();
            s.bytes = it->value_or(QByteArray());
            s.permissions = m_permissions.value(host, s_defaultPermissions);
            return s;
        }
        PathState s;
        const QFileInfo info(host);
        s.exists = info.exists();
        s.isDir = info.isDir();
        if (s.exists && !s.isDir) {
            QFile file(host);
            if (!file.open(QIODevice::ReadOnly)) {
                return fail(ErrorCode::Io,
                            QStringLiteral("Failed to read file %1: %2").arg(display, file.errorString()));
            }
            s.bytes = file.readAll();
            s.permissions = file.permissions();
            m_original.insert(host, s.bytes);
        }
        return s;
    }

    // Refuses a write whose parent chain holds a file (on disk or created earlier in this patch).
    Result<void> checkParents(const QString &host, const QString &display) const
    {
        QString dir = QFileInfo(host).path();
        while (isInside(dir, m_root) && dir != m_root) {
            const auto it = m_overlay.constFind(dir);
            const bool fileInPatch = it != m_overlay.cend() && it->has_value();
            const QFileInfo info(dir);
            if (fileInPatch || (info.exists() && !info.isDir())) {
                return fail(ErrorCode::InvalidInput,
                            QStringLiteral("Failed to write file %1: %2 is a file, not a directory")
                                .arg(display, QDir(m_root).relativeFilePath(dir)));
            }
            dir = QFileInfo(dir).path();
        }
        return {};
    }

    void set(const QString &host, std::optional<QByteArray> content, QFile::Permissions permissions)
    {
        if (!m_overlay.contains(host)) {
            m_order.append(host);
        }
        m_overlay.insert(host, std::move(content));
        m_permissions.insert(host, permissions);
    }

    Result<void> commit() const;

private:
    QString m_root;
    QHash<QString, std::optional<QByteArray>> m_overlay;
    QHash<QString, QFile::Permissions> m_permissions;
    QHash<QString, QByteArray> m_original; // disk content of every file read
    QStringList m_order;
};

Result<void> Workspace::commit() const
{
    struct Pending
    {
        QString host;
        std::unique_ptr<QTemporaryFile> temp;
    };
    std::vector<Pending> writes;
    QStringList deletes;
    QStringList createdDirs;
    auto rollback = [&] {
        writes.clear(); // QTemporaryFile removes its file
        for (auto it = createdDirs.crbegin(); it != createdDirs.crend(); ++it) {
            QDir().rmdir(*it);
        }
    };
    auto rel = [this](const QString &host) { return QDir(m_root).relativeFilePath(host); };

    for (const QString &host : m_order) {
        const std::optional<QByteArray> &content = m_overlay.value(host);
        if (!content) {
            if (QFileInfo::exists(host)) {
                deletes.append(host);
            }
            continue;
        }
        const QString dir = QFileInfo(host).path();
        if (!QFileInfo::exists(dir)) {
            QString missing = dir;
            QStringList chain;
            while (!QFileInfo::exists(missing) && isInside(missing, m_root)) {
                chain.prepend(missing);
                missing = QFileInfo(missing).path();
            }
            if (!QDir().mkpath(dir)) {
                rollback();
                return fail(ErrorCode::Io, QStringLiteral("Failed to create directory %1").arg(rel(dir)));
            }
            createdDirs.append(chain);
        }
        auto temp = std::make_unique<QTemporaryFile>(dir + QStringLiteral("/.sandcastle-patch-XXXXXX"));
        if (!temp->open() || temp->write(*content) != content->size() || !temp->flush()) {
            const QString why = temp->errorString();
            rollback();
            return fail(ErrorCode::Io, QStringLiteral("Failed to write file %1: %2").arg(rel(host), why));
        }
        temp->setPermissions(m_permissions.value(host, s_defaultPermissions));
        temp->close();
        writes.push_back(Pending{host, std::move(temp)});
    }

    QStringList done;
    for (Pending &w : writes) {
        if (std::rename(QFile::encodeName(w.temp->fileName()).constData(), QFile::encodeName(w.host).constData()) !=
            0) {
            const QString what = rel(w.host);
            rollback();
            return fail(ErrorCode::Io, QStringLiteral("Failed to replace file %1").arg(what),
                        done.isEmpty() ? QString()
                                       : QStringLiteral("already written: ") + done.join(QStringLiteral(", ")));
        }
        w.temp->setAutoRemove(false);
        done.append(rel(w.host));
    }
    for (const QString &host : std::as_const(deletes)) {
        if (!QFile::remove(host)) {
            return fail(ErrorCode::Io, QStringLiteral("Failed to delete file %1").arg(rel(host)),
                        QStringLiteral("already written: ") + done.join(QStringLiteral(", ")));
        }
        done.append(rel(host));
    }
    return {};
}

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

Result<PatchResult> PatchApplier::apply(const QString &root, const QList<PatchOperation> &operations)
{
    if (operations.isEmpty()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("No files were modified."),
                    QStringLiteral("the patch contains no file operations"));
    }
    // Validate every path before reading anything, so an escaping later path fails fast.
    QList<QString> hosts;
    QList<QString> moveHosts;
    for (const PatchOperation &op : operations) {
        const auto host = resolveInside(root, op.path, op.kind != PatchOperation::Kind::Delete);
        if (!host) {
            return std::unexpected(host.error());
        }
        hosts.append(*host);
        QString moveHost;
        if (!op.moveTo.isEmpty()) {
            const auto dest = resolveInside(root, op.moveTo);
            if (!dest) {
                return std::unexpected(dest.error());
            }
            moveHost = *dest;
        }
        moveHosts.append(moveHost);
    }

    Workspace ws(QFileInfo(root).canonicalFilePath());
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
            break;
        }
        }
    }

    if (auto ok = ws.commit(); !ok) {
        return std::unexpected(ok.error());
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
