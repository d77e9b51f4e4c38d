// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "recentworkspaces.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace Sandcastle::Ui {

namespace {

const QString kArray = QStringLiteral("recentWorkspaces");
const QString kPath = QStringLiteral("path");
const QString kManifest = QStringLiteral("manifest");

QString normalized(const QString &path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

} // namespace

bool RecentWorkspaces::Entry::exists() const
{
    const QFileInfo info(path);
    return manifest ? info.isFile() : info.isDir();
}

RecentWorkspaces::RecentWorkspaces(QObject *parent)
    : QObject(parent)
{
    QSettings settings;
    const int size = settings.beginReadArray(kArray);
    for (int i = 0; i < size && m_entries.size() < kMaxEntries; ++i) {
        settings.setArrayIndex(i);
        Entry entry{settings.value(kPath).toString(), settings.value(kManifest, false).toBool()};
        if (!entry.path.isEmpty() && !m_entries.contains(entry)) {
            m_entries.append(entry);
        }
    }
    settings.endArray();
}

void RecentWorkspaces::add(Entry entry)
{
    if (entry.path.isEmpty()) {
        return;
    }
    entry.path = normalized(entry.path);
    m_entries.removeAll(entry);
    m_entries.prepend(entry);
    while (m_entries.size() > kMaxEntries) {
        m_entries.removeLast();
    }
    save();
    Q_EMIT changed();
}

void RecentWorkspaces::clear()
{
    m_entries.clear();
    save();
    Q_EMIT changed();
}

void RecentWorkspaces::save() const
{
    QSettings settings;
    settings.remove(kArray);
    settings.beginWriteArray(kArray, int(m_entries.size()));
    for (int i = 0; i < m_entries.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(kPath, m_entries.at(i).path);
        settings.setValue(kManifest, m_entries.at(i).manifest);
    }
    settings.endArray();
}

RecentWorkspacesMenu::RecentWorkspacesMenu(RecentWorkspaces *recent, QWidget *parent)
    : QMenu(tr("Open &Recent"), parent)
    , m_recent(recent)
{
    setObjectName(QStringLiteral("recentWorkspacesMenu"));
    menuAction()->setObjectName(QStringLiteral("openRecentMenuAction"));
    menuAction()->setStatusTip(tr("Open a workspace folder or manifest used before"));
    if (m_recent) {
        // Queued: the change may come from one of this menu's actions, which rebuild() deletes.
        connect(m_recent, &RecentWorkspaces::changed, this, &RecentWorkspacesMenu::rebuild, Qt::QueuedConnection);
    }
    rebuild();
}

void RecentWorkspacesMenu::rebuild()
{
    clear();
    const QList<RecentWorkspaces::Entry> entries = m_recent ? m_recent->entries() : QList<RecentWorkspaces::Entry>();
    for (int i = 0; i < entries.size(); ++i) {
        const RecentWorkspaces::Entry &entry = entries.at(i);
        const QString number = i < 9 ? QStringLiteral("&%1").arg(i + 1) : QStringLiteral("1&0");
        const QString shown = QDir::toNativeSeparators(entry.path);
        QString text = entry.manifest ? tr("%1 %2 (manifest)").arg(number, shown) : tr("%1 %2").arg(number, shown);
        const bool exists = entry.exists();
        if (!exists) {
            text = tr("%1 (not found)").arg(text);
        }
        QAction *action = addAction(text);
        action->setObjectName(QStringLiteral("recentWorkspaceAction%1").arg(i));
        action->setData(entry.path);
        action->setEnabled(exists);
        action->setStatusTip(exists ? tr("Open %1").arg(shown) : tr("%1 no longer exists").arg(shown));
        connect(action, &QAction::triggered, this, [this, entry] { Q_EMIT openRequested(entry.path, entry.manifest); });
    }
    if (!entries.isEmpty()) {
        addSeparator();
    }
    QAction *clearList = addAction(tr("&Clear List"));
    clearList->setObjectName(QStringLiteral("clearRecentAction"));
    clearList->setStatusTip(tr("Forget the recently opened workspaces"));
    clearList->setEnabled(!entries.isEmpty());
    connect(clearList, &QAction::triggered, this, [this] {
        if (m_recent) {
            m_recent->clear();
        }
    });
}

} // namespace Sandcastle::Ui
