// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "changesview.h"

#include "runcontroller.h"
#include "sandcastle/ui/changesmodel.h"

#include <QHeaderView>
#include <QJsonDocument>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

namespace {

// What the Cause column shows for a tool call: the command of exec_command, else the tool name.
QString causeOf(const QJsonObject &data)
{
    const QString name = data.value(QStringLiteral("name")).toString();
    if (name == QLatin1String("exec_command")) {
        const QJsonValue args = data.value(QStringLiteral("arguments"));
        const QJsonObject object =
            args.isObject() ? args.toObject() : QJsonDocument::fromJson(args.toString().toUtf8()).object();
        if (const QString cmd = object.value(QStringLiteral("cmd")).toString(); !cmd.isEmpty()) {
            return cmd;
        }
    }
    return name;
}

} // namespace

ChangesView::ChangesView(RunController *controller, QWidget *parent)
    : QWidget(parent)
    , m_model(new ChangesModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("changesView"));
    m_model->setObjectName(QStringLiteral("changesModel"));
    m_proxy->setObjectName(QStringLiteral("changesProxy"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // path, kind and cause alike

    m_filter->setObjectName(QStringLiteral("changesFilter"));
    m_filter->setAccessibleName(tr("Filter changes"));
    m_filter->setPlaceholderText(tr("Filter by path, change or cause"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_table->setObjectName(QStringLiteral("changesTable"));
    m_table->setAccessibleName(tr("Workspace changes"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(ChangesModel::TimeColumn, 70);
    m_table->setColumnWidth(ChangesModel::PathColumn, 200);
    m_table->setColumnWidth(ChangesModel::KindColumn, 80);
    m_table->setColumnWidth(ChangesModel::SizeDeltaColumn, 70);
    connect(m_model, &QAbstractItemModel::rowsInserted, m_table, &QTableView::scrollToBottom);
    m_table->setToolTip(tr("Double-click a change to review it"));
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT changeActivated(index.data(ChangesModel::CallIdRole).toString(),
                               index.data(ChangesModel::PathRole).toString());
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_table);

    if (controller) {
        connect(controller, &RunController::eventEmitted, this, &ChangesView::onEvent);
        // What no watch saw (directories past the inotify limit) shows when the run ends.
        connect(controller, &RunController::finished, m_model, &ChangesModel::rescan);
        // The conversation's changes, like the transcript: a new conversation starts empty.
        connect(controller, &RunController::conversationStarted, m_model, &ChangesModel::clear);
    }
}

void ChangesView::setWorkspace(const QString &directory)
{
    m_model->setWorkspace(directory);
}

void ChangesView::onEvent(const Core::RunEvent &event)
{
    const QString callId = event.data.value(QStringLiteral("call_id")).toString();
    if (event.kind == Core::RunEvent::Kind::ToolCall) {
        m_model->toolStarted(callId, causeOf(event.data));
    } else if (event.kind == Core::RunEvent::Kind::ToolResult) {
        m_model->toolFinished(callId);
    }
}

} // namespace Sandcastle::Ui
