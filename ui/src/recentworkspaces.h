// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMenu>
#include <QObject>
#include <QPointer>
#include <QString>

namespace Sandcastle::Ui {

/// The workspaces opened recently (folders and manifest files), most recent first, at most
/// kMaxEntries, persisted with QSettings (array "recentWorkspaces" of the application's settings)
/// on every change and read back on construction. Adding a path that is already listed moves it
/// to the front. Paths are stored absolute and cleaned. GUI thread only.
class RecentWorkspaces : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxEntries = 10;

    struct Entry
    {
        QString path;
        bool manifest = false; ///< a manifest file, else a folder
        [[nodiscard]] bool exists() const;
        friend bool operator==(const Entry &, const Entry &) = default;
    };

    explicit RecentWorkspaces(QObject *parent = nullptr);

    [[nodiscard]] QList<Entry> entries() const { return m_entries; }
    void addFolder(const QString &directory) { add({directory, false}); }
    void addManifest(const QString &manifestPath) { add({manifestPath, true}); }
    void clear();

Q_SIGNALS:
    void changed();

private:
    void add(Entry entry);
    void save() const;

    QList<Entry> m_entries;
};

/// File > Open Recent: one action per RecentWorkspaces entry (numbered, most recent first; an
/// entry whose folder or file is gone is shown disabled), then "Clear list". Rebuilt whenever
/// the list changes (queued, from the event loop). Emits openRequested() for the chosen entry; opening is the window's
/// job.
class RecentWorkspacesMenu : public QMenu
{
    Q_OBJECT
public:
    RecentWorkspacesMenu(RecentWorkspaces *recent, QWidget *parent = nullptr);

Q_SIGNALS:
    void openRequested(const QString &path, bool manifest);

private:
    void rebuild();

    QPointer<RecentWorkspaces> m_recent;
};

} // namespace Sandcastle::Ui
