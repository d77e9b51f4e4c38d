// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Helpers of the GUI tests that drive the main window through its widgets and models.
#pragma once

#include "sandcastle/ui/conversationmodel.h"

#include <QAbstractItemModel>
#include <QList>
#include <QPlainTextEdit>
#include <QWidget>

namespace Sandcastle::Test {

/// The window's child widget `name` of type T (a warning names it when it is missing).
template<class T>
T *child(QWidget &window, const char *name)
{
    T *w = window.findChild<T *>(QLatin1String(name));
    if (!w) {
        qWarning("no child %s", name);
    }
    return w;
}

/// The rows of the conversation model with entries of `kind`.
inline QList<int> rowsOfKind(const QAbstractItemModel *model, Ui::ConversationModel::EntryKind kind)
{
    QList<int> rows;
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data(Ui::ConversationModel::KindRole).toInt() == int(kind)) {
            rows.append(r);
        }
    }
    return rows;
}

/// The inline approval cards (ConversationPane) the window shows.
inline QList<QWidget *> approvalCards(QWidget &window)
{
    QList<QWidget *> cards;
    for (QWidget *card : window.findChildren<QWidget *>(QStringLiteral("approvalCard"))) {
        if (card->isVisible()) {
            cards.append(card);
        }
    }
    return cards;
}

/// The visible inline approval card whose full command or patch is `text`, or nullptr.
inline QWidget *approvalCardFor(QWidget &window, const QString &text)
{
    for (QWidget *card : approvalCards(window)) {
        const auto *detail = card->findChild<QPlainTextEdit *>(QStringLiteral("approvalDetail"));
        if (detail && detail->toPlainText() == text) {
            return card;
        }
    }
    return nullptr;
}

} // namespace Sandcastle::Test
