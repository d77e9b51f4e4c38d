// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QAction;
class QSplitter;
class QTableView;

namespace Sandcastle::Ui {

class RunController;
class ShellLogDetail;
class ShellLogModel;
class ShellLogSearchBar;

/// The shell log dock: a table of every command of the runs' sandbox sessions (ShellLogModel,
/// a child named "shellLogModel") beside the selected command in full (ShellLogDetail, output
/// with its terminal colours), a find bar (Ctrl+F, ShellLogSearchBar), Copy (the selected
/// command and its output, Ctrl+C in the table) and Follow: while it is on, the table keeps the
/// newest command in view; scrolling up turns it off, scrolling back to the bottom turns it on.
class ShellLogView : public QWidget
{
    Q_OBJECT
public:
    explicit ShellLogView(RunController *controller, QWidget *parent = nullptr);

    [[nodiscard]] ShellLogModel *model() const { return m_model; }
    [[nodiscard]] QTableView *table() const { return m_table; }
    [[nodiscard]] ShellLogDetail *detail() const { return m_detail; }
    [[nodiscard]] ShellLogSearchBar *searchBar() const { return m_searchBar; }

    [[nodiscard]] bool isFollowing() const;
    void setFollowing(bool follow);
    /// Puts the selected command and its output (escape sequences removed) on the clipboard.
    void copySelected();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void scrollToNewest();
    void showMatch(int row, bool inOutput, qsizetype position, qsizetype length);

    ShellLogModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    ShellLogDetail *m_detail = nullptr;
    ShellLogSearchBar *m_searchBar = nullptr;
    QSplitter *m_splitter = nullptr;
    QAction *m_followAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_findAction = nullptr;
    bool m_autoScrolling = false; ///< the scroll bar moves because of Follow, not the user
};

} // namespace Sandcastle::Ui
