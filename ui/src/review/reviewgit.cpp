// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ReviewView's git side: the working tree status against HEAD, and of git_repo entries against their
// cloned commit (refreshed after every change set, decision, revert and commit), export as patch,
// commit accepted changes.
#include "backgroundtask.h"
#include "namedwidget.h"
#include "review/diffdocument.h"
#include "review/gitstatusmodel.h"
#include "review/hunkeditdialog.h"
#include "review/reviewview.h"
#include "sandcastle/core/review/gitchanges.h"
#include "sandcastle/core/vcs/gitfetcher.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListView>
#include <QSaveFile>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

using Core::ChangeSet;
using Core::Result;
using Internal::runInBackground;

QWidget *ReviewView::createGitPane()
{
    auto *pane = new QWidget(this);
    pane->setObjectName(QStringLiteral("reviewGitPane"));
    auto *label = new QLabel(tr("Working tree against HEAD"), pane);
    m_gitStatusList = Internal::named(new QListView(pane), "reviewGitStatusList", tr("Working tree against HEAD"));
    m_gitStatusList->setModel(m_gitStatus);
    m_gitStatusList->setUniformItemSizes(true);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    layout->addWidget(label);
    layout->addWidget(m_gitStatusList, 1);
    connect(m_gitStatus, &GitStatusModel::refreshed, this, [this, label] {
        label->setText(!m_gitStatus->error().isEmpty() ? tr("Working tree against HEAD: %1").arg(m_gitStatus->error())
                       : m_gitStatus->rowCount() == 0
                           ? tr("Working tree against HEAD: clean")
                           : tr("Working tree against HEAD: %n path(s)", nullptr, m_gitStatus->rowCount()));
    });
    pane->hide();
    return pane;
}

void ReviewView::refreshGitStatus()
{
    // git_repo entries keep their clone outside the workspace; materialized after setWorkspace().
    const bool entries =
        !m_workspace.isEmpty() && QFileInfo(Core::GitFetcher::keptRepositoriesDir(m_workspace)).isDir();
    const bool shown = m_gitRepository || entries;
    m_gitStatusList->parentWidget()->setVisible(shown);
    if (entries != m_gitEntries) {
        m_gitEntries = entries;
        updateActions(); // commit needs a repository: the workspace's or an entry's
    }
    m_gitStatus->refresh(shown ? workspaceDir() : QString());
}

void ReviewView::exportPatch()
{
    if (!m_document) {
        return;
    }
    auto *dialog = new QFileDialog(this, tr("Export as Patch"), workspaceDir(), tr("Patches (*.patch *.diff)"));
    dialog->setObjectName(QStringLiteral("reviewExportDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("patch"));
    dialog->selectFile(QStringLiteral("turn-%1.patch").arg(m_document->changeSet().turn));
    const QByteArray patch = Core::GitChanges::patchText(m_document->changeSet());
    connect(dialog, &QFileDialog::fileSelected, this, [this, patch](const QString &target) {
        runInBackground([target, patch] {
            QSaveFile out(target);
            if (!out.open(QIODevice::WriteOnly) || out.write(patch) != patch.size() || !out.commit()) {
                return out.errorString();
            }
            return QString();
        }).then(this, [this, target](const QString &error) {
            showMessage(error.isEmpty() ? tr("Patch saved to %1").arg(QDir::toNativeSeparators(target))
                                        : tr("Cannot save %1: %2").arg(QDir::toNativeSeparators(target), error),
                        !error.isEmpty());
        });
    });
    dialog->open();
}

void ReviewView::commitChanges()
{
    if (!m_document || isPending() || !(m_gitRepository || m_gitEntries)) {
        return;
    }
    const ChangeSet set = m_document->changeSet();
    QStringList paths;
    for (const Core::ChangeSetFile &f : set.files) {
        paths.append(f.change.path);
    }
    auto *dialog =
        new CommitDialog(workspaceDir(), set,
                         tr("Agent changes of turn %1\n\n%2").arg(set.turn).arg(paths.join(QLatin1Char('\n'))), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CommitDialog::commitRequested, this, [this, set](const QString &message) {
        const QString root = workspaceDir();
        runInBackground([root, set, message] {
            return Core::GitChanges::commit(root, set, message);
        }).then(this, [this](const Result<QList<Core::GitCommit>> &commits) {
            // One commit per repository: the workspace's own, and each git_repo entry's kept clone.
            QStringList made;
            for (const Core::GitCommit &commit : commits.value_or(QList<Core::GitCommit>())) {
                made << (commit.repository.isEmpty() ? commit.id.left(10)
                                                     : tr("%1 in %2").arg(commit.id.left(10), commit.repository));
            }
            showMessage(commits ? tr("Committed %1").arg(made.join(QStringLiteral(", ")))
                                : tr("Commit failed: %1").arg(commits.error().toString()),
                        !commits);
            refreshGitStatus();
        });
    });
    dialog->open();
}

} // namespace Sandcastle::Ui
