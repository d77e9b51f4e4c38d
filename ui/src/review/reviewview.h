// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/reviewstate.h"
#include "sandcastle/core/review/changereverter.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace Sandcastle::Core {
struct RunEvent;
}

namespace Sandcastle::Ui {

class DiffDocument;
class DiffView;
class GitStatusModel;
class ReviewFileModel;
class RunController;

/// The Review dock (issue 8): one change set at a time as a diff (DiffView) with its file list.
/// A pending change set (review before write) is decided hunk by hunk (accept, reject, edit) and
/// "Apply decision" hands the decision to AgentRun::decidePatchReview; an applied one can be
/// reverted by hunk, file, change set or turn (AgentRun::revertChanges/revertTurn, or the journal
/// directly when no run is loaded), conflicts shown with the lines found. Git workspaces can export
/// the change set as a patch and commit what it wrote, and show the working tree against HEAD. Keyboard: J/K or
/// Alt+Down/Up next/previous hunk, A accept, R reject, E edit, O open the file, S side by side, D decisions of a
/// decided set, Alt+Return apply, Shift+R revert hunk. GUI thread; journal reads, reverts and git work run in the
/// background.
class ReviewView : public QWidget
{
    Q_OBJECT
public:
    enum class RevertScope { Hunk, File, ChangeSet, Turn };

    explicit ReviewView(RunController *controller, QWidget *parent = nullptr);
    ~ReviewView() override;

    /// The workspace the change sets belong to (open file, git, the default journal).
    void setWorkspace(const QString &directory);
    /// Shows `set` (pending: with decisions; otherwise applied, revertible). A decided set with
    /// its recorded `decisions` (from the journal) shows the proposed hunks with those decisions
    /// and the reviewer's comment while "Decisions" is on; off, what was written (revertible).
    void showChangeSet(const Core::ChangeSet &set, const QList<Core::HunkDecision> &decisions = {});
    /// Reads change set `id` from the journal (in the background) and shows it, scrolled to `path`.
    void showChangeSetById(const QString &id, const QString &path = {});
    /// The change set that tool call `callId` recorded (or, for an empty id, the newest one that
    /// touched `path`), read from the journal, scrolled to `path`.
    void showChangeFor(const QString &callId, const QString &path);

    [[nodiscard]] const DiffDocument *document() const { return m_document.get(); }
    [[nodiscard]] const ReviewState &state() const { return m_state; }
    [[nodiscard]] DiffView *diffView() const { return m_diff; }
    [[nodiscard]] const GitStatusModel *gitStatus() const { return m_gitStatus; }
    [[nodiscard]] bool isPending() const;
    /// A decided change set shown as proposed, with its recorded decisions (not revertible).
    [[nodiscard]] bool showsDecisions() const { return m_showsDecisions; }

    void nextHunk();
    void previousHunk();
    void decideCurrent(ReviewState::Decision decision);
    void decideAll(ReviewState::Decision decision);
    void editCurrentHunk();
    void openCurrentFile();
    void setSideBySide(bool on);
    /// Sends the decisions to the run; false (and a message) when the run no longer waits for it.
    bool applyDecision();
    void revert(RevertScope scope);
    void exportPatch();
    void commitChanges();

Q_SIGNALS:
    /// A run asks for a review (the dock should come to the front).
    void reviewRequested();
    /// Something worth a status line: a revert's outcome, a commit, an error.
    void messageChanged(const QString &message);

private:
    void createActions();
    void onEvent(const Core::RunEvent &event);
    void onCurrentHunkChanged(int file, int hunk);
    void refresh();
    void updateActions();
    void showMessage(const QString &message, bool error = false);
    void showConflicts(const Core::RevertOutcome &outcome);
    void scrollToPath(const QString &path);
    void showFile(int file);
    QWidget *createGitPane();
    void refreshGitStatus();
    [[nodiscard]] QString journalPath() const;
    [[nodiscard]] QString workspaceDir() const;
    [[nodiscard]] QString runIdOfRun() const;

    QPointer<RunController> m_controller;
    QString m_workspace;
    bool m_gitRepository = false;
    bool m_gitEntries = false; ///< git_repo entries with kept clones (GitFetcher::keptRepositoriesDir())
    std::unique_ptr<DiffDocument> m_document;
    ReviewState m_state;
    ReviewFileModel *m_files;
    GitStatusModel *m_gitStatus;
    QListView *m_gitStatusList = nullptr;
    DiffView *m_diff;
    QListView *m_fileList;
    QLabel *m_title;
    QLabel *m_message;
    QComboBox *m_recent;
    QCheckBox *m_beforeWrite;
    QPlainTextEdit *m_conflicts;
    QWidget *m_pendingBar;
    QLineEdit *m_comment;
    QLabel *m_summary;
    QPushButton *m_applyButton;
    QToolButton *m_revertButton;
    QToolButton *m_gitButton;
    QAction *m_nextAction;
    QAction *m_previousAction;
    QAction *m_acceptAction;
    QAction *m_rejectAction;
    QAction *m_editAction;
    QAction *m_openAction;
    QAction *m_layoutAction;
    QAction *m_decisionsAction;
    QAction *m_applyAction;
    QAction *m_acceptAllAction;
    QAction *m_rejectAllAction;
    QAction *m_revertHunkAction;
    QAction *m_revertFileAction;
    QAction *m_revertSetAction;
    QAction *m_revertTurnAction;
    QAction *m_exportAction;
    QAction *m_commitAction;
    QString m_pendingPath;                ///< scroll to this file once the change set being read arrives
    QList<Core::HunkDecision> m_recorded; ///< the shown set's decisions from the journal
    bool m_showsDecisions = false;
};

} // namespace Sandcastle::Ui
