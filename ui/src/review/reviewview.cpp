// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/reviewview.h"

#include "namedwidget.h"
#include "review/diffdocument.h"
#include "review/diffview.h"
#include "review/reviewfilemodel.h"
#include "runcontroller.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

using Internal::named;
using Decision = ReviewState::Decision;

namespace {

constexpr auto kBeforeWriteKey = "review/beforeWrite";

QToolButton *toolButton(QAction *action, const char *objectName, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(QLatin1String(objectName));
    button->setDefaultAction(action);
    button->setAccessibleName(action->text().remove(QLatin1Char('&')).remove(QStringLiteral("\u2026")));
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

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

ReviewView::ReviewView(RunController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_files(new ReviewFileModel(this))
    , m_diff(new DiffView(this))
    , m_fileList(named(new QListView(this), "reviewFileList", tr("Changed files")))
    , m_title(named(new QLabel(this), "reviewTitle", tr("Change set")))
    , m_message(named(new QLabel(this), "reviewMessage", tr("Review message")))
    , m_recent(named(new QComboBox(this), "reviewChangeSetCombo", tr("Recorded change sets")))
    , m_beforeWrite(named(new QCheckBox(tr("Review edits before writing"), this), "reviewBeforeWriteCheck",
                          tr("Review edits before writing")))
    , m_conflicts(named(new QPlainTextEdit(this), "reviewConflicts", tr("Revert conflicts")))
    , m_pendingBar(new QWidget(this))
    , m_comment(named(new QLineEdit(this), "reviewComment", tr("Comment for the agent")))
    , m_summary(named(new QLabel(this), "reviewSummary", tr("Decision summary")))
    , m_applyButton(named(new QPushButton(tr("Apply decision"), this), "reviewApplyButton", tr("Apply decision")))
    , m_revertButton(new QToolButton(this))
    , m_gitButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("reviewView"));
    m_files->setObjectName(QStringLiteral("reviewFileModel"));
    m_fileList->setModel(m_files);
    m_fileList->setUniformItemSizes(true);
    m_title->setTextFormat(Qt::PlainText);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->hide();
    m_conflicts->setReadOnly(true);
    m_conflicts->hide();
    m_comment->setPlaceholderText(tr("Comment for the agent (optional)"));
    m_beforeWrite->setToolTip(tr("Runs started from now on hold every apply_patch edit here until you decide; "
                                 "otherwise edits are written at once and can be reverted"));
    m_beforeWrite->setChecked(QSettings().value(QLatin1String(kBeforeWriteKey), false).toBool());
    m_recent->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_recent->setMinimumContentsLength(24);
    m_recent->setPlaceholderText(tr("No change sets yet"));

    createActions();

    auto *toolbar = new QWidget(this);
    auto *tools = new QHBoxLayout(toolbar);
    tools->setContentsMargins(2, 2, 2, 0);
    tools->addWidget(m_recent, 1);
    tools->addWidget(toolButton(m_previousAction, "reviewPreviousButton", toolbar));
    tools->addWidget(toolButton(m_nextAction, "reviewNextButton", toolbar));
    tools->addWidget(toolButton(m_acceptAction, "reviewAcceptButton", toolbar));
    tools->addWidget(toolButton(m_rejectAction, "reviewRejectButton", toolbar));
    tools->addWidget(toolButton(m_editAction, "reviewEditButton", toolbar));
    tools->addWidget(toolButton(m_openAction, "reviewOpenButton", toolbar));
    tools->addWidget(toolButton(m_layoutAction, "reviewLayoutButton", toolbar));
    auto *revertMenu = new QMenu(m_revertButton);
    revertMenu->addActions({m_revertHunkAction, m_revertFileAction, m_revertSetAction, m_revertTurnAction});
    m_revertButton->setObjectName(QStringLiteral("reviewRevertButton"));
    m_revertButton->setText(tr("Revert"));
    m_revertButton->setAccessibleName(tr("Revert"));
    m_revertButton->setMenu(revertMenu);
    m_revertButton->setPopupMode(QToolButton::InstantPopup);
    tools->addWidget(m_revertButton);
    auto *gitMenu = new QMenu(m_gitButton);
    gitMenu->addActions({m_exportAction, m_commitAction});
    m_gitButton->setObjectName(QStringLiteral("reviewGitButton"));
    m_gitButton->setText(tr("Git"));
    m_gitButton->setAccessibleName(tr("Git"));
    m_gitButton->setMenu(gitMenu);
    m_gitButton->setPopupMode(QToolButton::InstantPopup);
    tools->addWidget(m_gitButton);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_fileList);
    splitter->addWidget(m_diff);
    splitter->setStretchFactor(1, 4);
    splitter->setSizes({180, 720});

    auto *bar = new QHBoxLayout(m_pendingBar);
    bar->setContentsMargins(2, 0, 2, 2);
    bar->addWidget(m_comment, 1);
    bar->addWidget(m_summary);
    bar->addWidget(toolButton(m_acceptAllAction, "reviewAcceptAllButton", m_pendingBar));
    bar->addWidget(toolButton(m_rejectAllAction, "reviewRejectAllButton", m_pendingBar));
    bar->addWidget(m_applyButton);
    m_applyButton->setToolTip(m_applyAction->toolTip());
    connect(m_applyButton, &QPushButton::clicked, m_applyAction, &QAction::trigger);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(toolbar);
    auto *titleRow = new QHBoxLayout;
    titleRow->setContentsMargins(4, 0, 4, 0);
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_beforeWrite);
    layout->addLayout(titleRow);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_conflicts);
    layout->addWidget(m_pendingBar);

    connect(m_beforeWrite, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(QLatin1String(kBeforeWriteKey), on);
        if (m_controller) {
            m_controller->setPatchReviewMode(on ? Core::PatchReviewMode::ReviewBeforeWrite
                                                : Core::PatchReviewMode::WriteThenReview);
        }
    });
    connect(m_diff, &DiffView::currentHunkChanged, this, &ReviewView::onCurrentHunkChanged);
    connect(m_fileList, &QListView::clicked, this, [this](const QModelIndex &index) {
        if (index.isValid()) {
            showFile(index.row());
        }
    });
    connect(m_recent, &QComboBox::activated, this, [this](int index) {
        if (const QString id = m_recent->itemData(index).toString(); !id.isEmpty()) {
            showChangeSetById(id);
        }
    });
    if (controller) {
        if (m_beforeWrite->isChecked()) {
            controller->setPatchReviewMode(Core::PatchReviewMode::ReviewBeforeWrite);
        }
        connect(controller, &RunController::eventEmitted, this, &ReviewView::onEvent);
        connect(controller, &RunController::conversationStarted, this, [this] { m_recent->clear(); });
    }
    refresh();
}

ReviewView::~ReviewView()
{
    // The view and the model point into the document: detach them before it goes.
    m_diff->setDocument(nullptr, nullptr, false);
    m_files->setDocument(nullptr, nullptr);
}

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
                                tr("Save the change set as a git patch (Ctrl+Shift+E)"),
                                {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)});
    m_commitAction = makeAction(this, tr("Commit accepted changes\u2026"), "reviewCommitAction",
                                tr("Commit the files this change set wrote (Ctrl+Shift+G)"),
                                {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G)});
    addActions({m_nextAction, m_previousAction, m_acceptAction, m_rejectAction, m_editAction, m_openAction,
                m_layoutAction, m_applyAction, m_revertHunkAction, m_acceptAllAction, m_rejectAllAction,
                m_revertFileAction, m_revertSetAction, m_revertTurnAction, m_exportAction, m_commitAction});

    connect(m_nextAction, &QAction::triggered, this, &ReviewView::nextHunk);
    connect(m_previousAction, &QAction::triggered, this, &ReviewView::previousHunk);
    connect(m_acceptAction, &QAction::triggered, this, [this] { decideCurrent(Decision::Accepted); });
    connect(m_rejectAction, &QAction::triggered, this, [this] { decideCurrent(Decision::Rejected); });
    connect(m_acceptAllAction, &QAction::triggered, this, [this] { decideAll(Decision::Accepted); });
    connect(m_rejectAllAction, &QAction::triggered, this, [this] { decideAll(Decision::Rejected); });
    connect(m_editAction, &QAction::triggered, this, &ReviewView::editCurrentHunk);
    connect(m_openAction, &QAction::triggered, this, &ReviewView::openCurrentFile);
    connect(m_layoutAction, &QAction::toggled, this, &ReviewView::setSideBySide);
    connect(m_applyAction, &QAction::triggered, this, &ReviewView::applyDecision);
    connect(m_revertHunkAction, &QAction::triggered, this, [this] { revert(RevertScope::Hunk); });
    connect(m_revertFileAction, &QAction::triggered, this, [this] { revert(RevertScope::File); });
    connect(m_revertSetAction, &QAction::triggered, this, [this] { revert(RevertScope::ChangeSet); });
    connect(m_revertTurnAction, &QAction::triggered, this, [this] { revert(RevertScope::Turn); });
    connect(m_exportAction, &QAction::triggered, this, &ReviewView::exportPatch);
    connect(m_commitAction, &QAction::triggered, this, &ReviewView::commitChanges);
}

void ReviewView::setWorkspace(const QString &directory)
{
    m_workspace = directory.isEmpty() ? QString() : QDir(directory).absolutePath();
    m_gitRepository = false;
    for (QDir dir(m_workspace); !m_workspace.isEmpty();) {
        if (QFileInfo::exists(dir.filePath(QStringLiteral(".git")))) {
            m_gitRepository = true;
            break;
        }
        if (!dir.cdUp()) {
            break;
        }
    }
    updateActions();
}

bool ReviewView::isPending() const
{
    return m_document && m_document->changeSet().status == Core::ChangeSetStatus::Pending;
}

void ReviewView::showChangeSet(const Core::ChangeSet &set)
{
    auto document = std::make_unique<DiffDocument>(set);
    document->setLayout(m_layoutAction->isChecked() ? DiffDocument::Layout::SideBySide : DiffDocument::Layout::Unified);
    m_state.clear();
    const bool pending = set.status == Core::ChangeSetStatus::Pending;
    m_diff->setDocument(document.get(), &m_state, pending);
    m_files->setDocument(document.get(), &m_state);
    m_document = std::move(document);
    m_conflicts->clear();
    m_conflicts->hide();
    m_message->hide();
    m_comment->clear();
    if (m_recent->findData(set.id) < 0) {
        m_recent->addItem(tr("Turn %1 \u00b7 %2 \u00b7 %3")
                              .arg(set.turn)
                              .arg(set.source, set.files.isEmpty() ? QString() : set.files.first().change.path),
                          set.id);
    }
    m_recent->setCurrentIndex(m_recent->findData(set.id));
    if (!m_pendingPath.isEmpty()) {
        scrollToPath(m_pendingPath);
        m_pendingPath.clear();
    }
    refresh();
}

void ReviewView::scrollToPath(const QString &path)
{
    if (!m_document) {
        return;
    }
    for (const Core::ChangeSetFile &file : m_document->changeSet().files) {
        if (file.change.path == path || file.change.sourcePath == path) {
            m_fileList->setCurrentIndex(m_files->index(file.index));
            showFile(file.index);
            return;
        }
    }
}

void ReviewView::showFile(int file)
{
    if (!m_document) {
        return;
    }
    for (const ReviewState::Unit &unit : m_document->reviewUnits()) {
        if (unit.first == file) {
            m_diff->setCurrentHunk(unit.first, unit.second);
            break;
        }
    }
    m_diff->scrollToRow(m_document->fileRow(file));
}

void ReviewView::onCurrentHunkChanged(int file, int)
{
    if (file >= 0 && m_fileList->currentIndex().row() != file) {
        m_fileList->setCurrentIndex(m_files->index(file));
    }
    updateActions();
}

void ReviewView::nextHunk()
{
    if (!m_document || m_document->reviewUnits().isEmpty()) {
        return;
    }
    const QList<ReviewState::Unit> &units = m_document->reviewUnits();
    const qsizetype at = units.indexOf(m_diff->currentHunk());
    const ReviewState::Unit next = units.at(std::min(at + 1, units.size() - 1));
    m_diff->setCurrentHunk(next.first, next.second);
}

void ReviewView::previousHunk()
{
    if (!m_document || m_document->reviewUnits().isEmpty()) {
        return;
    }
    const QList<ReviewState::Unit> &units = m_document->reviewUnits();
    const qsizetype at = units.indexOf(m_diff->currentHunk());
    const ReviewState::Unit previous = units.at(std::max<qsizetype>(at - 1, 0));
    m_diff->setCurrentHunk(previous.first, previous.second);
}

void ReviewView::decideCurrent(Decision decision)
{
    const auto [file, hunk] = m_diff->currentHunk();
    if (!isPending() || file < 0) {
        return;
    }
    m_state.setDecision(file, hunk, decision);
    refresh();
    nextHunk();
}

void ReviewView::decideAll(Decision decision)
{
    if (isPending()) {
        m_state.setAll(m_document->reviewUnits(), decision);
        refresh();
    }
}

void ReviewView::setSideBySide(bool on)
{
    if (m_layoutAction->isChecked() != on) {
        m_layoutAction->setChecked(on);
        return;
    }
    if (m_document) {
        const auto current = m_diff->currentHunk();
        m_document->setLayout(on ? DiffDocument::Layout::SideBySide : DiffDocument::Layout::Unified);
        m_diff->documentChanged();
        if (current.first >= 0) {
            m_diff->setCurrentHunk(current.first, current.second);
        }
    }
}

void ReviewView::refresh()
{
    m_diff->viewport()->update();
    m_files->decisionsChanged();
    const bool pending = isPending();
    m_pendingBar->setVisible(pending);
    if (!m_document) {
        m_title->setText(tr("No change set. Edits of the agent appear here; activate a change in the Changes "
                            "dock to review it."));
        updateActions();
        return;
    }
    const Core::ChangeSet &set = m_document->changeSet();
    const int files = int(set.files.size());
    if (pending) {
        m_title->setText(tr("Review before writing: turn %1, %n file(s), +%2 \u2212%3", nullptr, files)
                             .arg(set.turn)
                             .arg(set.added())
                             .arg(set.removed()));
        const QList<ReviewState::Unit> &units = m_document->reviewUnits();
        m_summary->setText(tr("%1 accepted, %2 rejected, %3 undecided")
                               .arg(m_state.count(units, Decision::Accepted))
                               .arg(m_state.count(units, Decision::Rejected))
                               .arg(m_state.count(units, Decision::Undecided)));
    } else {
        m_title->setText(tr("%1 (%2) in turn %3: %n file(s), +%4 \u2212%5", nullptr, files)
                             .arg(set.source, Core::changeSetStatusName(set.status))
                             .arg(set.turn)
                             .arg(set.added())
                             .arg(set.removed()));
    }
    updateActions();
}

void ReviewView::updateActions()
{
    const bool pending = isPending();
    const auto [file, hunk] = m_diff->currentHunk();
    const bool has = m_document && file >= 0;
    const bool revertible = m_document && !pending &&
                            m_document->changeSet().status != Core::ChangeSetStatus::Rejected &&
                            m_document->changeSet().status != Core::ChangeSetStatus::Conflict &&
                            m_document->changeSet().status != Core::ChangeSetStatus::Superseded;
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
    m_revertHunkAction->setEnabled(revertible && has && hunk >= 0);
    m_revertFileAction->setEnabled(revertible && has);
    m_revertSetAction->setEnabled(revertible);
    m_revertTurnAction->setEnabled(revertible);
    m_revertButton->setEnabled(revertible);
    m_exportAction->setEnabled(m_document != nullptr);
    m_commitAction->setEnabled(revertible && m_gitRepository);
    m_gitButton->setEnabled(m_document != nullptr);
    m_gitButton->setToolTip(m_gitRepository ? tr("Export or commit this change set")
                                            : tr("Export this change set as a patch (the workspace is not a git "
                                                 "repository, so it cannot be committed)"));
}

void ReviewView::showMessage(const QString &message, bool error)
{
    m_message->setText(message);
    m_message->setForegroundRole(error ? QPalette::BrightText : QPalette::WindowText);
    m_message->setVisible(!message.isEmpty());
    Q_EMIT messageChanged(message);
}

} // namespace Sandcastle::Ui
