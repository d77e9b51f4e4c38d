// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ReviewView's actions (with their keys) and when they are enabled.
#include "review/diffdocument.h"
#include "review/diffview.h"
#include "review/reviewview.h"

#include <QAction>
#include <QPushButton>
#include <QToolButton>

namespace Sandcastle::Ui {

using Decision = ReviewState::Decision;

namespace {

QAction *makeAction(QObject *parent, const QString &text, const char *objectName, const QString &tip,
                    const QList<QKeySequence> &keys = {})
{
    auto *action = new QAction(text, parent);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    action->setToolTip(tip);
    return action;
}

} // namespace

void ReviewView::createActions()
{
    m_nextAction = makeAction(this, tr("Next"), "reviewNextAction", tr("Next hunk (J or Alt+Down)"),
                              {QKeySequence(Qt::Key_J), QKeySequence(Qt::ALT | Qt::Key_Down)});
    m_previousAction = makeAction(this, tr("Previous"), "reviewPreviousAction", tr("Previous hunk (K or Alt+Up)"),
                                  {QKeySequence(Qt::Key_K), QKeySequence(Qt::ALT | Qt::Key_Up)});
    m_acceptAction =
        makeAction(this, tr("Accept"), "reviewAcceptAction", tr("Accept this hunk (A)"), {QKeySequence(Qt::Key_A)});
    m_rejectAction =
        makeAction(this, tr("Reject"), "reviewRejectAction", tr("Reject this hunk (R)"), {QKeySequence(Qt::Key_R)});
    m_editAction =
        makeAction(this, tr("Edit\u2026"), "reviewEditAction",
                   tr("Edit the new text of this hunk; your text is written instead (E)"), {QKeySequence(Qt::Key_E)});
    m_openAction = makeAction(this, tr("Open"), "reviewOpenAction", tr("Open the file in the system editor (O)"),
                              {QKeySequence(Qt::Key_O)});
    m_layoutAction = makeAction(this, tr("Side by side"), "reviewLayoutAction",
                                tr("Switch between unified and side-by-side diff (S)"), {QKeySequence(Qt::Key_S)});
    m_layoutAction->setCheckable(true);
    m_decisionsAction = makeAction(this, tr("Decisions"), "reviewDecisionsAction",
                                   tr("Show the proposed hunks with the decisions recorded for them (D); off: what "
                                      "was written, which reverts act on"),
                                   {QKeySequence(Qt::Key_D)});
    m_decisionsAction->setCheckable(true);
    m_decisionsAction->setChecked(true);
    m_applyAction = makeAction(this, tr("Apply decision"), "reviewApplyAction",
                               tr("Write the accepted hunks and tell the agent which were rejected (Alt+Return); "
                                  "undecided hunks are rejected"),
                               {QKeySequence(Qt::ALT | Qt::Key_Return), QKeySequence(Qt::ALT | Qt::Key_Enter)});
    m_acceptAllAction = makeAction(this, tr("Accept all"), "reviewAcceptAllAction", tr("Accept every hunk (Shift+A)"),
                                   {QKeySequence(Qt::SHIFT | Qt::Key_A)});
    m_rejectAllAction = makeAction(this, tr("Reject all"), "reviewRejectAllAction", tr("Reject every hunk (Shift+X)"),
                                   {QKeySequence(Qt::SHIFT | Qt::Key_X)});
    m_revertHunkAction = makeAction(this, tr("Revert hunk"), "reviewRevertHunkAction",
                                    tr("Undo this hunk on disk if the file still holds it (Shift+R)"),
                                    {QKeySequence(Qt::SHIFT | Qt::Key_R)});
    m_revertFileAction = makeAction(this, tr("Revert file"), "reviewRevertFileAction",
                                    tr("Undo this file's change (Shift+F)"), {QKeySequence(Qt::SHIFT | Qt::Key_F)});
    m_revertSetAction =
        makeAction(this, tr("Revert change set"), "reviewRevertSetAction",
                   tr("Undo every file of this change set (Shift+C)"), {QKeySequence(Qt::SHIFT | Qt::Key_C)});
    m_revertTurnAction =
        makeAction(this, tr("Revert turn"), "reviewRevertTurnAction",
                   tr("Undo every change of this change set's turn (Shift+T)"), {QKeySequence(Qt::SHIFT | Qt::Key_T)});
    m_exportAction = makeAction(this, tr("Export as patch\u2026"), "reviewExportAction",
                                tr("Save the change set as a git patch (Ctrl+Alt+E)"),
                                {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E)});
    m_commitAction = makeAction(this, tr("Commit accepted changes\u2026"), "reviewCommitAction",
                                tr("Commit the files this change set wrote (Ctrl+Shift+G)"),
                                {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G)});
    addActions({m_nextAction, m_previousAction, m_acceptAction, m_rejectAction, m_editAction, m_openAction,
                m_layoutAction, m_decisionsAction, m_applyAction, m_revertHunkAction, m_acceptAllAction,
                m_rejectAllAction, m_revertFileAction, m_revertSetAction, m_revertTurnAction, m_exportAction,
                m_commitAction});

    connect(m_nextAction, &QAction::triggered, this, &ReviewView::nextHunk);
    connect(m_previousAction, &QAction::triggered, this, &ReviewView::previousHunk);
    connect(m_acceptAction, &QAction::triggered, this, [this] { decideCurrent(Decision::Accepted); });
    connect(m_rejectAction, &QAction::triggered, this, [this] { decideCurrent(Decision::Rejected); });
    connect(m_acceptAllAction, &QAction::triggered, this, [this] { decideAll(Decision::Accepted); });
    connect(m_rejectAllAction, &QAction::triggered, this, [this] { decideAll(Decision::Rejected); });
    connect(m_editAction, &QAction::triggered, this, &ReviewView::editCurrentHunk);
    connect(m_openAction, &QAction::triggered, this, &ReviewView::openCurrentFile);
    connect(m_layoutAction, &QAction::toggled, this, &ReviewView::setSideBySide);
    connect(m_decisionsAction, &QAction::toggled, this, [this] {
        if (m_document && !m_recorded.isEmpty()) {
            showChangeSetById(m_document->changeSet().id); // reverts and decisions read again
        }
    });
    connect(m_applyAction, &QAction::triggered, this, &ReviewView::applyDecision);
    connect(m_revertHunkAction, &QAction::triggered, this, [this] { revert(RevertScope::Hunk); });
    connect(m_revertFileAction, &QAction::triggered, this, [this] { revert(RevertScope::File); });
    connect(m_revertSetAction, &QAction::triggered, this, [this] { revert(RevertScope::ChangeSet); });
    connect(m_revertTurnAction, &QAction::triggered, this, [this] { revert(RevertScope::Turn); });
    connect(m_exportAction, &QAction::triggered, this, &ReviewView::exportPatch);
    connect(m_commitAction, &QAction::triggered, this, &ReviewView::commitChanges);
}

void ReviewView::updateActions()
{
    const bool pending = isPending();
    const auto [file, hunk] = m_diff->currentHunk();
    const bool has = m_document && file >= 0;
    // Something was written (what a commit takes); reverts act on the written hunks only.
    const bool written = m_document && !pending && m_document->changeSet().status != Core::ChangeSetStatus::Rejected &&
                         m_document->changeSet().status != Core::ChangeSetStatus::Conflict &&
                         m_document->changeSet().status != Core::ChangeSetStatus::Superseded;
    const bool revertible = written && !m_showsDecisions;
    m_nextAction->setEnabled(has);
    m_previousAction->setEnabled(has);
    m_acceptAction->setEnabled(pending && has);
    m_rejectAction->setEnabled(pending && has);
    m_editAction->setEnabled(pending && has && hunk >= 0);
    m_acceptAllAction->setEnabled(pending);
    m_rejectAllAction->setEnabled(pending);
    m_applyAction->setEnabled(pending);
    m_applyButton->setEnabled(pending);
    m_openAction->setEnabled(has && !m_workspace.isEmpty());
    m_decisionsAction->setEnabled(m_document && !pending && !m_recorded.isEmpty());
    m_revertHunkAction->setEnabled(revertible && has && hunk >= 0);
    m_revertFileAction->setEnabled(revertible && has);
    m_revertSetAction->setEnabled(revertible);
    m_revertTurnAction->setEnabled(revertible);
    m_revertButton->setEnabled(revertible);
    m_exportAction->setEnabled(m_document != nullptr);
    m_commitAction->setEnabled(written && (m_gitRepository || m_gitEntries));
    m_gitButton->setEnabled(m_document != nullptr);
    m_gitButton->setToolTip(m_gitRepository || m_gitEntries
                                ? tr("Export or commit this change set")
                                : tr("Export this change set as a patch (the workspace is not a git "
                                     "repository, so it cannot be committed)"));
}

} // namespace Sandcastle::Ui
