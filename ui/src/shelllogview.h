// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QSplitter>

class QPlainTextEdit;
class QTableView;

namespace Sandcastle::Ui {

class RunController;
class ShellLogModel;

/// The shell log dock: a table of every command of the runs' sandbox sessions (ShellLogModel,
/// a child named "shellLogModel") and a detail pane with the selected command's full output.
/// Follows the newest row while the view is scrolled to the bottom.
class ShellLogView : public QSplitter
{
    Q_OBJECT
public:
    explicit ShellLogView(RunController *controller, QWidget *parent = nullptr);

    [[nodiscard]] ShellLogModel *model() const { return m_model; }

private:
    void showDetail();

    ShellLogModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    bool m_followTail = true;
};

} // namespace Sandcastle::Ui
