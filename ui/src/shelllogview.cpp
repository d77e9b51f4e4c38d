// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "shelllogview.h"

#include "runcontroller.h"
#include "sandcastle/ui/shelllogmodel.h"
#include "shelllogdetail.h"
#include "shelllogsearchbar.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

namespace {

QToolButton *toolButton(QAction *action, const char *objectName, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(QLatin1String(objectName));
    button->setDefaultAction(action);
    button->setAccessibleName(action->text().remove(QLatin1Char('&')));
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

} // namespace

ShellLogView::ShellLogView(RunController *controller, QWidget *parent)
    : QWidget(parent)
    , m_model(new ShellLogModel(this))
    , m_table(new QTableView(this))
    , m_detail(new ShellLogDetail(m_model, this))
    , m_searchBar(new ShellLogSearchBar(m_model, this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_followAction(new QAction(tr("Follow"), this))
    , m_copyAction(new QAction(tr("Copy"), this))
    , m_findAction(new QAction(tr("Find\u2026"), this))
{
    setObjectName(QStringLiteral("shellLogView"));
    m_model->setObjectName(QStringLiteral("shellLogModel"));
    m_table->setObjectName(QStringLiteral("shellLogTable"));
    m_table->setAccessibleName(tr("Commands"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Fixed row heights: no per-row size hints, so a million rows scroll as fast as ten.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(ShellLogModel::CommandColumn, 260);
    m_table->setColumnWidth(ShellLogModel::WorkdirColumn, 160);
    m_table->setColumnWidth(ShellLogModel::ExitCodeColumn, 50);
    m_table->setColumnWidth(ShellLogModel::DurationColumn, 80);

    m_followAction->setObjectName(QStringLiteral("shellLogFollowAction"));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(true);
    m_followAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_End));
    m_followAction->setToolTip(tr("Keep the newest command in view (Ctrl+End)"));
    m_copyAction->setObjectName(QStringLiteral("shellLogCopyAction"));
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setToolTip(tr("Copy the selected command and its output"));
    m_findAction->setObjectName(QStringLiteral("shellLogFindAction"));
    m_findAction->setShortcut(QKeySequence::Find);
    m_findAction->setToolTip(tr("Find in commands and output (Ctrl+F)"));
    for (QAction *action : {m_followAction, m_findAction}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }
    // Only in the table (in the output pane Ctrl+C copies the selected text). The table takes
    // the key itself (it copies one cell), so the filter below turns it into this action.
    m_copyAction->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(m_copyAction);
    m_table->installEventFilter(this);

    auto *toolbar = new QWidget(this);
    toolbar->setObjectName(QStringLiteral("shellLogToolbar"));
    auto *tools = new QHBoxLayout(toolbar);
    tools->setContentsMargins(2, 2, 2, 0);
    tools->addWidget(toolButton(m_followAction, "shellLogFollow", toolbar));
    tools->addWidget(toolButton(m_copyAction, "shellLogCopy", toolbar));
    tools->addWidget(toolButton(m_findAction, "shellLogFind", toolbar));
    tools->addStretch(1);

    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolbar);
    layout->addWidget(m_searchBar);
    layout->addWidget(m_splitter, 1);

    connect(m_followAction, &QAction::toggled, this, [this](bool on) {
        if (on) {
            scrollToNewest();
        }
    });
    connect(m_copyAction, &QAction::triggered, this, &ShellLogView::copySelected);
    connect(m_findAction, &QAction::triggered, m_searchBar, &ShellLogSearchBar::activate);
    connect(m_searchBar, &ShellLogSearchBar::closed, m_table, [this] { m_table->setFocus(); });
    connect(m_searchBar, &ShellLogSearchBar::matchActivated, this, [this](const ShellLogSearch::Match &match) {
        showMatch(match.row, match.field == ShellLogSearch::Field::Output, match.position, match.length);
    });

    QScrollBar *bar = m_table->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) {
        if (!m_autoScrolling) {
            // The user scrolled: up turns Follow off, back to the bottom turns it on again.
            setFollowing(value >= bar->maximum());
        }
    });
    connect(bar, &QScrollBar::rangeChanged, this, [this] {
        if (isFollowing()) {
            scrollToNewest();
        }
    });

    m_copyAction->setEnabled(false);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_copyAction->setEnabled(current.isValid());
                m_detail->showRow(current.isValid() ? current.row() : -1);
            });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                m_detail->rowsChanged(topLeft.row(), bottomRight.row());
            });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_copyAction->setEnabled(false);
        m_detail->showRow(-1);
    });
    if (controller) {
        connect(controller, &RunController::sandboxReady, m_model, &ShellLogModel::attach);
        // The log is the conversation's, as the transcript is: a new one starts empty, so a
        // long session does not keep every command's output (issue 7: RSS flat over 200 runs).
        connect(controller, &RunController::conversationStarted, m_model, &ShellLogModel::clear);
    }
}

bool ShellLogView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        m_copyAction->trigger();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

bool ShellLogView::isFollowing() const
{
    return m_followAction->isChecked();
}

void ShellLogView::setFollowing(bool follow)
{
    m_followAction->setChecked(follow);
}

void ShellLogView::scrollToNewest()
{
    QScrollBar *bar = m_table->verticalScrollBar();
    m_autoScrolling = true;
    bar->setValue(bar->maximum());
    m_autoScrolling = false;
}

void ShellLogView::copySelected()
{
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid()) {
        QGuiApplication::clipboard()->setText(m_model->entryText(current.row()));
    }
}

void ShellLogView::showMatch(int row, bool inOutput, qsizetype position, qsizetype length)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_detail->highlight(-1, 0); // no match (any more): nothing marked
        return;
    }
    const QModelIndex index = m_model->index(row, inOutput ? ShellLogModel::OutputColumn : 0);
    m_table->setCurrentIndex(index); // shows the row in the detail pane
    m_table->scrollTo(index);        // may turn Follow off: the user went back in the log
    if (inOutput) {
        m_detail->highlight(position, length);
    } else {
        m_detail->highlight(-1, 0);
    }
}

} // namespace Sandcastle::Ui
