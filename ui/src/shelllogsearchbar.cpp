// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "shelllogsearchbar.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QToolButton>

namespace Sandcastle::Ui {

ShellLogSearchBar::ShellLogSearchBar(ShellLogModel *model, QWidget *parent)
    : QWidget(parent)
    , m_search(new ShellLogSearch(model, this))
    , m_field(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_caseSensitive(new QCheckBox(tr("Match case"), this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("shellLogSearchBar"));
    m_search->setObjectName(QStringLiteral("shellLogSearch"));
    m_field->setObjectName(QStringLiteral("shellLogSearchField"));
    m_field->setAccessibleName(tr("Find in the shell log"));
    m_field->setPlaceholderText(tr("Find in commands and output"));
    m_field->setClearButtonEnabled(true);
    m_count->setObjectName(QStringLiteral("shellLogSearchCount"));
    m_count->setMinimumWidth(m_count->fontMetrics().horizontalAdvance(QStringLiteral("000 000 of 000 000")));

    auto *previous = new QAction(tr("Previous match"), this);
    previous->setShortcuts({QKeySequence::FindPrevious});
    previous->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    auto *next = new QAction(tr("Next match"), this);
    next->setShortcuts({QKeySequence::FindNext});
    next->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(previous);
    addAction(next);
    m_previous->setObjectName(QStringLiteral("shellLogSearchPrevious"));
    m_previous->setDefaultAction(previous);
    m_previous->setArrowType(Qt::UpArrow);
    m_previous->setAccessibleName(tr("Previous match"));
    m_next->setObjectName(QStringLiteral("shellLogSearchNext"));
    m_next->setDefaultAction(next);
    m_next->setArrowType(Qt::DownArrow);
    m_next->setAccessibleName(tr("Next match"));
    m_caseSensitive->setObjectName(QStringLiteral("shellLogSearchCase"));
    m_close->setObjectName(QStringLiteral("shellLogSearchClose"));
    m_close->setText(QStringLiteral("\u2715"));
    m_close->setToolTip(tr("Close the find bar (Escape)"));
    m_close->setAccessibleName(tr("Close the find bar"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_field, 1);
    layout->addWidget(m_count);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addWidget(m_caseSensitive);
    layout->addWidget(m_close);

    connect(m_field, &QLineEdit::textChanged, this, &ShellLogSearchBar::updateQuery);
    connect(m_caseSensitive, &QCheckBox::toggled, this, &ShellLogSearchBar::updateQuery);
    m_field->installEventFilter(this);
    connect(previous, &QAction::triggered, m_search, &ShellLogSearch::previous);
    connect(next, &QAction::triggered, m_search, &ShellLogSearch::next);
    connect(m_close, &QToolButton::clicked, this, &ShellLogSearchBar::close);
    connect(m_search, &ShellLogSearch::resultsChanged, this, &ShellLogSearchBar::updateCount);
    connect(m_search, &ShellLogSearch::currentChanged, this, [this] {
        updateCount();
        Q_EMIT matchActivated(m_search->current());
    });
    updateCount();
    hide();
}

void ShellLogSearchBar::activate()
{
    show();
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
    updateQuery();
}

void ShellLogSearchBar::close()
{
    m_search->setQuery({});
    hide();
    Q_EMIT closed();
}

bool ShellLogSearchBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_field && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (key->modifiers().testFlag(Qt::ShiftModifier)) {
                m_search->previous();
            } else {
                m_search->next();
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ShellLogSearchBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

void ShellLogSearchBar::updateQuery()
{
    m_search->setQuery(m_field->text(), m_caseSensitive->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive);
    updateCount();
}

void ShellLogSearchBar::updateCount()
{
    const bool any = m_search->count() > 0;
    m_previous->setEnabled(any);
    m_next->setEnabled(any);
    if (m_search->query().isEmpty()) {
        m_count->clear();
        return;
    }
    if (m_search->isBusy() && !any) {
        m_count->setText(tr("Searching\u2026"));
        return;
    }
    if (!any) {
        m_count->setText(tr("No matches"));
        return;
    }
    const QLocale locale;
    const QString total = locale.toString(m_search->count()) + (m_search->isCapped() ? QStringLiteral("+") : QString());
    m_count->setText(tr("%1 of %2").arg(locale.toString(m_search->currentIndex() + 1), total));
}

} // namespace Sandcastle::Ui
