// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationdelegate.h"

#include "sandcastle/ui/conversationmodel.h"

#include <QAbstractTextDocumentLayout>
#include <QListView>
#include <QMouseEvent>
#include <QPainter>
#include <QTextDocument>

#include <cmath>

namespace Sandcastle::Ui {

namespace {

using Kind = ConversationModel::EntryKind;
using Status = ConversationModel::ToolStatus;

Kind kindOf(const QModelIndex &index)
{
    return Kind(index.data(ConversationModel::KindRole).toInt());
}

/// The card border of a tool call: its state at a glance.
QColor statusColor(const QModelIndex &index, const QPalette &palette)
{
    switch (Status(index.data(ConversationModel::ToolStatusRole).toInt())) {
    case Status::AwaitingApproval:
        return QColor(0xd0, 0x80, 0x00);
    case Status::Denied:
    case Status::Failed:
        return QColor(0xb0, 0x20, 0x20);
    case Status::Succeeded:
        return QColor(0x2e, 0x8b, 0x3e);
    case Status::Running:
        break;
    }
    return palette.color(QPalette::Mid);
}

} // namespace

ConversationDelegate::ConversationDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

ConversationDelegate::~ConversationDelegate() = default;

bool ConversationDelegate::isFoldable(const QModelIndex &index)
{
    const Kind kind = kindOf(index);
    return index.isValid() && (kind == Kind::Reasoning || kind == Kind::ToolCall);
}

void ConversationDelegate::toggle(const QModelIndex &index)
{
    if (isFoldable(index)) {
        const bool expanded = index.data(ConversationModel::ExpandedRole).toBool();
        const_cast<QAbstractItemModel *>(index.model())->setData(index, !expanded, ConversationModel::ExpandedRole);
    }
}

void ConversationDelegate::clearCache()
{
    m_cache.clear();
}

int ConversationDelegate::contentWidth(const QStyleOptionViewItem &option)
{
    int width = option.rect.width();
    if (const auto *view = qobject_cast<const QListView *>(option.widget)) {
        // The list asks for size hints before it lays items out: take the viewport's width.
        width = view->viewport()->width() - 2 * view->spacing();
    }
    return std::max(width - 2 * kMargin, 80);
}

QTextDocument *ConversationDelegate::document(const QModelIndex &index, int width) const
{
    const QString key = signature(index);
    Cached *cached = m_cache.object(index.row());
    if (!cached || cached->signature != key) {
        auto fresh = std::make_unique<Cached>();
        fresh->signature = key;
        fresh->document = std::make_unique<QTextDocument>();
        fresh->document->setDocumentMargin(0);
        build(*fresh->document, index, QPalette());
        cached = fresh.get();
        m_cache.insert(index.row(), fresh.release());
    }
    if (!qFuzzyCompare(cached->document->textWidth(), qreal(width))) {
        cached->document->setTextWidth(width);
    }
    return cached->document.get();
}

QSize ConversationDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int width = contentWidth(option);
    const QTextDocument *doc = document(index, width);
    int height = int(std::ceil(doc->size().height())) + 2 * kMargin;
    // A row with a widget in its place (an approval card) is as tall as the widget needs.
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget)) {
        if (const QWidget *widget = view->indexWidget(index)) {
            height =
                widget->hasHeightForWidth() ? widget->heightForWidth(width + 2 * kMargin) : widget->sizeHint().height();
        }
    }
    return QSize(width + 2 * kMargin, height);
}

void ConversationDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Kind kind = kindOf(index);
    const QPalette &palette = option.palette;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF box = QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5);
    if (kind == Kind::ToolCall) {
        painter->setPen(QPen(statusColor(index, palette), 1.2));
        painter->setBrush(palette.color(QPalette::AlternateBase));
        painter->drawRoundedRect(box, 5, 5);
    } else if (kind == Kind::User) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(palette.color(QPalette::AlternateBase));
        painter->drawRoundedRect(box, 5, 5);
    }
    if (option.state.testFlag(QStyle::State_Selected)) {
        QColor highlight = palette.color(QPalette::Highlight);
        highlight.setAlpha(50);
        painter->setPen(Qt::NoPen);
        painter->setBrush(highlight);
        painter->drawRoundedRect(box, 5, 5);
    }
    if (option.state.testFlag(QStyle::State_HasFocus)) {
        painter->setPen(QPen(palette.color(QPalette::Highlight), 1, Qt::DotLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box, 5, 5);
    }

    const int width = contentWidth(option);
    QTextDocument *doc = document(index, width);
    painter->translate(option.rect.left() + kMargin, option.rect.top() + kMargin);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = palette;
    if (kind == Kind::Reasoning || kind == Kind::Usage || kind == Kind::Notice) {
        context.palette.setColor(QPalette::Text, palette.color(QPalette::Disabled, QPalette::Text));
    } else if (index.data(ConversationModel::FailedRole).toBool() && kind == Kind::Finished) {
        context.palette.setColor(QPalette::Text, QColor(0xb0, 0x20, 0x20));
    }
    context.clip = QRectF(0, 0, width, option.rect.height() - 2 * kMargin);
    painter->setClipRect(context.clip);
    doc->documentLayout()->draw(painter, context);
    painter->restore();
}

bool ConversationDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                                       const QModelIndex &index)
{
    if (event->type() == QEvent::MouseButtonRelease && isFoldable(index) &&
        static_cast<QMouseEvent *>(event)->button() == Qt::LeftButton &&
        option.rect.contains(static_cast<QMouseEvent *>(event)->position().toPoint())) {
        toggle(index);
        return true;
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

} // namespace Sandcastle::Ui
