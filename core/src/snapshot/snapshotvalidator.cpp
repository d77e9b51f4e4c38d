// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The extraction rules of spec 4.4, shared by importArchive() (tar members) and restore() (entries
// of a stored snapshot, which may have been tampered with): names are relative without "..",
// only files, directories and symlinks, no symlink resolving outside the root (symlinks among the
// members are followed), nothing below a symlink or a file, no duplicates except directories, and
// the member-count and size limits. All checks run before anything is written.
#include "snapshot_p.h"

#include <QRegularExpression>

namespace Sandcastle::Core::Internal::Snapshots {

namespace {

constexpr int kMaxSymlinkHops = 40;

QString parentOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : path.left(slash);
}

} // namespace

Result<QString> normalizeMemberName(const QString &name, const QString &member)
{
    const auto reject = [&member](const QString &why) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("member '%1': %2").arg(member, why), member);
    };
    if (name.contains(QLatin1Char('\\'))) {
        return reject(QStringLiteral("backslashes are not allowed in names"));
    }
    if (name.startsWith(QLatin1Char('/'))) {
        return reject(QStringLiteral("absolute paths are not allowed"));
    }
    static const QRegularExpression drive(QStringLiteral("^[A-Za-z]:"));
    if (drive.match(name).hasMatch()) {
        return reject(QStringLiteral("Windows drive paths are not allowed"));
    }
    if (name.contains(QChar(0))) {
        return reject(QStringLiteral("NUL characters are not allowed in names"));
    }
    QStringList parts;
    for (const QString &part : name.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (part == QLatin1String("..")) {
            return reject(QStringLiteral("'..' components are not allowed"));
        }
        if (part != QLatin1String(".")) {
            parts.append(part);
        }
    }
    return parts.join(QLatin1Char('/'));
}

SnapshotEntryValidator::SnapshotEntryValidator(SnapshotLimits limits, QString context)
    : m_limits(limits)
    , m_context(std::move(context))
{}

std::unexpected<Error> SnapshotEntryValidator::reject(const QString &member, const QString &why) const
{
    return fail(ErrorCode::InvalidInput, QStringLiteral("%1member '%2': %3").arg(m_context, member, why), member);
}

QString SnapshotEntryValidator::escapeReason(const QString &link, const QString &target) const
{
    if (target.isEmpty()) {
        return QStringLiteral("symlink with an empty target");
    }
    if (target.startsWith(QLatin1Char('/')) || target.contains(QLatin1Char('\\'))) {
        return QStringLiteral("symlink target '%1' is absolute").arg(target);
    }
    // Resolve like the kernel would, inside the set of members: the target is relative to the
    // link's directory, and a component that is itself a member symlink is replaced by its target.
    QStringList stack = parentOf(link).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QStringList pending = target.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    int hops = 0;
    while (!pending.isEmpty()) {
        const QString part = pending.takeFirst();
        if (part == QLatin1String(".")) {
            continue;
        }
        if (part == QLatin1String("..")) {
            if (stack.isEmpty()) {
                return QStringLiteral("symlink target '%1' resolves outside the root").arg(target);
            }
            stack.removeLast();
            continue;
        }
        stack.append(part);
        const auto it = m_linkTargets.constFind(stack.join(QLatin1Char('/')));
        if (it == m_linkTargets.cend()) {
            continue;
        }
        if (++hops > kMaxSymlinkHops) {
            return QStringLiteral("symlink target '%1' needs more than %2 symlink hops")
                .arg(target)
                .arg(kMaxSymlinkHops);
        }
        if (it->startsWith(QLatin1Char('/'))) {
            return QStringLiteral("symlink target '%1' leads to an absolute symlink").arg(target);
        }
        stack.removeLast();
        pending = it->split(QLatin1Char('/'), Qt::SkipEmptyParts) + pending;
    }
    return {};
}

Result<void> SnapshotEntryValidator::add(SnapshotEntry &entry, const QString &memberName, bool *skip)
{
    *skip = false;
    if (++m_members > m_limits.maxMembers) {
        return reject(memberName, QStringLiteral("more than %1 members").arg(m_limits.maxMembers));
    }
    auto normalized = normalizeMemberName(entry.path, memberName);
    if (!normalized) {
        return std::unexpected(Error{normalized.error().code, m_context + normalized.error().message, memberName});
    }
    entry.path = *normalized;
    if (entry.path.isEmpty()) {
        if (entry.type != SnapshotEntryType::Dir) {
            return reject(memberName, QStringLiteral("the root member must be a directory"));
        }
        *skip = true;
        return {};
    }
    if (entry.type == SnapshotEntryType::File) {
        if (entry.size < 0) {
            return reject(memberName, QStringLiteral("negative size"));
        }
        m_bytes += entry.size;
        if (m_bytes > m_limits.maxTotalBytes) {
            return reject(memberName, QStringLiteral("the total size exceeds %1 bytes").arg(m_limits.maxTotalBytes));
        }
    }
    // Nothing may live below a file or a symlink, whichever of the two comes first.
    QStringList ancestors;
    for (QString p = parentOf(entry.path); !p.isEmpty(); p = parentOf(p)) {
        const auto it = m_types.constFind(p);
        if (it != m_types.cend() && *it != SnapshotEntryType::Dir) {
            return reject(
                memberName,
                QStringLiteral("lies below the %1 '%2'")
                    .arg(*it == SnapshotEntryType::Symlink ? QStringLiteral("symlink") : QStringLiteral("file"), p));
        }
        ancestors.append(p);
    }
    if (entry.type != SnapshotEntryType::Dir && m_ancestors.contains(entry.path)) {
        return reject(memberName, QStringLiteral("is not a directory but earlier members lie below it"));
    }
    const auto existing = m_types.constFind(entry.path);
    if (existing != m_types.cend()) {
        if (*existing == SnapshotEntryType::Dir && entry.type == SnapshotEntryType::Dir) {
            *skip = true;
            return {};
        }
        return reject(memberName, QStringLiteral("duplicate member"));
    }
    if (entry.type == SnapshotEntryType::Symlink) {
        if (const QString why = escapeReason(entry.path, entry.target); !why.isEmpty()) {
            return reject(memberName, why);
        }
        m_linkTargets.insert(entry.path, entry.target);
        m_links.append({entry.path, memberName});
    }
    m_types.insert(entry.path, entry.type);
    for (const QString &a : std::as_const(ancestors)) {
        m_ancestors.insert(a);
    }
    return {};
}

Result<void> SnapshotEntryValidator::finish() const
{
    // Links are checked once more with every member known: a later symlink can redirect an
    // earlier target through itself.
    for (const auto &[path, member] : m_links) {
        if (const QString why = escapeReason(path, m_linkTargets.value(path)); !why.isEmpty()) {
            return reject(member, why);
        }
    }
    return {};
}

} // namespace Sandcastle::Core::Internal::Snapshots
