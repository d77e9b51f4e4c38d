// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "shelllogview.h"

#include "runcontroller.h"
#include "sandcastle/ui/shelllogmodel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTableView>

namespace Sandcastle::Ui {

ShellLogView::ShellLogView(RunController *controller, QWidget *parent)
    : QSplitter(Qt::Horizontal, parent)
    , m_model(new ShellLogModel(this))
    , m_table(new QTableView(this))
    , m_detail(new QPlainTextEdit(this))
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

    m_detail->setObjectName(QStringLiteral("shellLogDetail"));
    m_detail->setAccessibleName(tr("Command output"));
    m_detail->setReadOnly(true);
    m_detail->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_detail->setFont(QFont(QStringLiteral("monospace")));
    m_detail->setPlaceholderText(tr("Select a command to see its full output."));
    setStretchFactor(0, 3);
    setStretchFactor(1, 2);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ShellLogView::showDetail);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ShellLogView::showDetail);
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        QScrollBar *bar = m_table->verticalScrollBar();
        m_followTail = bar->value() == bar->maximum();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followTail) {
            m_table->scrollToBottom();
        }
    });
    if (controller) {
        connect(controller, &RunController::sandboxReady, m_model, &ShellLogModel::attach);
    }
}

void ShellLogView::showDetail()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const QModelIndex first = m_model->index(current.row(), 0);
    QString text = QStringLiteral("$ ") + first.data().toString() + QLatin1Char('\n');
    if (const QString error = first.data(ShellLogModel::ErrorRole).toString(); !error.isEmpty()) {
        text += error + QLatin1Char('\n');
    }
    text += first.data(ShellLogModel::OutputRole).toString();
    if (m_detail->toPlainText() != text) {
        m_detail->setPlainText(text);
    }
}

} // namespace Sandcastle::Ui
