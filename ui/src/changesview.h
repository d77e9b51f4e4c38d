// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace Sandcastle::Core {
struct RunEvent;
}

namespace Sandcastle::Ui {

class ChangesModel;
class RunController;

/// The changes dock content: a filter line and the ChangesModel of the workspace as a table. The
/// controller's tool_call/tool_result events tell the model which call causes the changes; activating
/// a row asks for its change set (changeActivated()).
class ChangesView : public QWidget
{
    Q_OBJECT
public:
    explicit ChangesView(RunController *controller, QWidget *parent = nullptr);

    void setWorkspace(const QString &directory);
    [[nodiscard]] ChangesModel *model() const { return m_model; }

Q_SIGNALS:
    /// A row was activated (double click, Enter): the review dock shows its change set.
    void changeActivated(const QString &callId, const QString &path);

private:
    void onEvent(const Core::RunEvent &event);

    ChangesModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_table;
};

} // namespace Sandcastle::Ui
