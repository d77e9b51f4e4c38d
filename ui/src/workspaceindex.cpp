// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspaceindex.h"

#include <QFile>
#include <QTimeZone>

#include <algorithm>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Sandcastle::Ui {

namespace {

struct Named
{
    QString name;
    qint64 size = 0;
    qint64 mtimeMs = 0;
    bool isDir = false;
};

bool statEntry(int dirFd, const QByteArray &name, qint64 *size, qint64 *mtimeMs, bool *isDir)
{
    struct stat st{};
    if (fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        return false;
    }
    *isDir = S_ISDIR(st.st_mode);
    *size = *isDir ? 0 : qint64(st.st_size);
    *mtimeMs = qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
    return true;
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::UTC);
}

} // namespace

void WorkspaceIndex::reset(const QString &root)
{
    m_root = root;
    m_listings.clear();
}

QString WorkspaceIndex::relative(const QString &dir, const QString &name) const
{
    if (dir.size() <= m_root.size()) {
        return name;
    }
    return QStringView(dir).mid(m_root.size() + 1) + QLatin1Char('/') + name;
}

void WorkspaceIndex::report(FileChange::Kind kind, const QString &dir, const QString &name, const Entry &now,
                            const Entry &before, Delta *delta) const
{
    FileChange change;
    change.kind = kind;
    change.path = relative(dir, name);
    change.isDir = kind == FileChange::Kind::Deleted ? before.isDir : now.isDir;
    change.time = m_noticed;
    if (kind != FileChange::Kind::Deleted) {
        change.size = now.size;
        change.modified = fromMs(now.mtimeMs);
    }
    change.sizeDelta = change.size - (kind == FileChange::Kind::Created ? 0 : before.size);
    delta->changes.append(std::move(change));
}

void WorkspaceIndex::scanDirectory(const QString &dir, Delta *delta)
{
    const int fd = open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *handle = fd >= 0 ? fdopendir(fd) : nullptr;
    if (!handle) {
        if (fd >= 0) {
            close(fd);
        }
        if (m_listings.contains(dir)) {
            forgetDirectory(dir, delta);
        }
        return;
    }
    m_noticed = QDateTime::currentDateTimeUtc();
    std::vector<Named> found;
    while (const dirent *e = readdir(handle)) {
        const QByteArray raw(e->d_name);
        if (raw == "." || raw == "..") {
            continue;
        }
        Named n;
        if (!statEntry(fd, raw, &n.size, &n.mtimeMs, &n.isDir)) {
            continue; // gone between readdir() and stat(): its own event follows
        }
        n.name = QFile::decodeName(raw);
        found.push_back(std::move(n));
    }
    closedir(handle);
    std::sort(found.begin(), found.end(), [](const Named &a, const Named &b) {
        if (a.isDir != b.isDir) {
            return a.isDir;
        }
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });

    const Listing before = m_listings.value(dir);
    Listing now;
    now.reserve(qsizetype(found.size()));
    for (const Named &n : found) {
        const Entry entry{n.size, n.mtimeMs, n.isDir};
        now.insert(n.name, entry);
        const auto old = before.constFind(n.name);
        if (old == before.cend() || old->isDir != entry.isDir) {
            if (old != before.cend() && old->isDir) {
                forgetDirectory(dir + QLatin1Char('/') + n.name, delta);
            } else if (old != before.cend()) {
                report(FileChange::Kind::Deleted, dir, n.name, entry, *old, delta);
            }
            report(FileChange::Kind::Created, dir, n.name, entry, {}, delta);
            if (entry.isDir) {
                delta->newDirectories.append(dir + QLatin1Char('/') + n.name);
            }
        } else if (!entry.isDir && !(*old == entry)) {
            report(FileChange::Kind::Modified, dir, n.name, entry, *old, delta);
        }
    }
    m_listings.insert(dir, now);
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (now.contains(it.key())) {
            continue;
        }
        if (it->isDir) {
            forgetDirectory(dir + QLatin1Char('/') + it.key(), delta);
        } else {
            report(FileChange::Kind::Deleted, dir, it.key(), {}, *it, delta);
        }
    }
}

void WorkspaceIndex::updateEntry(const QString &dir, const QString &name, Delta *delta)
{
    const auto listing = m_listings.find(dir);
    if (listing == m_listings.end()) {
        return;
    }
    m_noticed = QDateTime::currentDateTimeUtc();
    const QString path = dir + QLatin1Char('/') + name;
    Entry now;
    struct stat st{};
    const bool exists = lstat(QFile::encodeName(path).constData(), &st) == 0;
    if (exists) {
        now.isDir = S_ISDIR(st.st_mode);
        now.size = now.isDir ? 0 : qint64(st.st_size);
        now.mtimeMs = qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
    }
    const auto old = listing->constFind(name);
    const bool had = old != listing->cend();
    const Entry before = had ? *old : Entry{};
    if (had && exists && before.isDir == now.isDir) {
        if (!now.isDir && !(before == now)) {
            (*listing)[name] = now;
            report(FileChange::Kind::Modified, dir, name, now, before, delta);
        }
        return;
    }
    if (had) {
        listing->remove(name);
        if (before.isDir) {
            forgetDirectory(path, delta);
        } else {
            report(FileChange::Kind::Deleted, dir, name, now, before, delta);
        }
    }
    if (exists) {
        m_listings[dir].insert(name, now);
        report(FileChange::Kind::Created, dir, name, now, {}, delta);
        if (now.isDir) {
            delta->newDirectories.append(path);
        }
    }
}

void WorkspaceIndex::forgetDirectory(const QString &dir, Delta *delta)
{
    const Listing listing = m_listings.take(dir);
    delta->goneDirectories.append(dir);
    for (auto it = listing.cbegin(); it != listing.cend(); ++it) {
        if (it->isDir) {
            forgetDirectory(dir + QLatin1Char('/') + it.key(), delta);
        } else {
            report(FileChange::Kind::Deleted, dir, it.key(), {}, *it, delta);
        }
    }
    if (dir != m_root) {
        const qsizetype slash = dir.lastIndexOf(QLatin1Char('/'));
        report(FileChange::Kind::Deleted, dir.left(slash), dir.mid(slash + 1), {}, Entry{0, 0, true}, delta);
    }
}

} // namespace Sandcastle::Ui
