// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/ui/shelllogsearch.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace Sandcastle::Ui {

class ShellLogModel;

/// The find bar of the shell log (Ctrl+F): a text field, the match count ("3 of 17"), previous
/// and next (Shift+Enter / Enter, Shift+F3 / F3), case sensitivity and close (Escape). Drives a
/// ShellLogSearch (a child named "shellLogSearch") and reports the match to show.
class ShellLogSearchBar : public QWidget
{
    Q_OBJECT
public:
    explicit ShellLogSearchBar(ShellLogModel *model, QWidget *parent = nullptr);

    [[nodiscard]] ShellLogSearch *search() const { return m_search; }
    /// Shows the bar and focuses the field with its text selected.
    void activate();
    /// Hides the bar and ends the search.
    void close();

Q_SIGNALS:
    /// The current match changed; `match.row` is -1 when there is none.
    void matchActivated(const Sandcastle::Ui::ShellLogSearch::Match &match);
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateQuery();
    void updateCount();

    ShellLogSearch *m_search = nullptr;
    QLineEdit *m_field = nullptr;
    QLabel *m_count = nullptr;
    QToolButton *m_previous = nullptr;
    QToolButton *m_next = nullptr;
    QCheckBox *m_caseSensitive = nullptr;
    QToolButton *m_close = nullptr;
};

} // namespace Sandcastle::Ui
